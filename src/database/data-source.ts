import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { registerDependencyEndpoint } from '../common/dependency-errors';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Compiled code loads dist/migrations/*.js; tests and ts tooling load migrations/*.ts.
// An unreachable or silent server fails a request in seconds (a 503), instead of holding it until the
// kernel gives up on TCP: a new connection gets CONNECT_TIMEOUT_MS, a query on a pooled connection
// QUERY_TIMEOUT_MS (client side, so it also ends when the server vanished without a word). Queries
// that legitimately take longer (migrations) run through the CLI data source, with overrides.
export const CONNECT_TIMEOUT_MS = 3_000;
export const QUERY_TIMEOUT_MS = 15_000;

const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', `*.${__filename.endsWith('.ts') ? 'ts' : 'js'}`);

export function buildDataSourceOptions(
  config: AppConfig,
  overrides: Partial<{ database: string; queryTimeoutMs: number }> = {},
): DataSourceOptions {
  const db = config.database;
  registerDependencyEndpoint('postgres', db.host, db.port);
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: overrides.database ?? db.database,
    ssl: db.ssl ? { rejectUnauthorized: true } : false,
    extra: {
      max: db.poolSize,
      application_name: 'retort',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: overrides.queryTimeoutMs ?? QUERY_TIMEOUT_MS,
      keepAlive: true,
    },
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // Migrations own the schema: no synchronize, and no extensions (gen_random_uuid() is built in).
    synchronize: false,
    installExtensions: false,
    migrationsRun: false,
  };
}
