import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Compiled code loads dist/migrations/*.js; tests and ts tooling load migrations/*.ts.
const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', `*.${__filename.endsWith('.ts') ? 'ts' : 'js'}`);

export function buildDataSourceOptions(
  config: AppConfig,
  overrides: Partial<{ database: string }> = {},
): DataSourceOptions {
  const db = config.database;
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: overrides.database ?? db.database,
    ssl: db.ssl ? { rejectUnauthorized: true } : false,
    extra: { max: db.poolSize, application_name: 'retort' },
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
