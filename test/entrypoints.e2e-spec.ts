import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { testConfig } from './helpers/app';
import { createScratchDatabase, dropDatabase } from './helpers/database';
import { MAIN, start, stop, waitForReady, WORKER } from './helpers/processes';

describe('compiled entry points', () => {
  const config = testConfig();
  let database: string;

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true);
    database = await createScratchDatabase(config, 'retort_entry');
  });

  afterAll(async () => {
    await dropDatabase(config, database);
  });

  it('refuses to start the API without a required variable, naming it', async () => {
    const env = { ...process.env, DATABASE_HOST: undefined, KEYCLOAK_REALM: undefined };
    const started = start(MAIN, env);
    const [code] = (await once(started.child, 'exit')) as [number];
    expect(code).not.toBe(0);
    expect(started.output()).toContain('DATABASE_HOST is required but not set');
    expect(started.output()).toContain('KEYCLOAK_REALM is required but not set');
  });

  it('refuses an invalid value, naming the variable', async () => {
    const started = start(WORKER, { ...process.env, API_PORT: 'eighty' });
    const [code] = (await once(started.child, 'exit')) as [number];
    expect(code).not.toBe(0);
    expect(started.output()).toContain('API_PORT is invalid');
  });

  it('starts the API on an empty database, applies the migrations, is ready, and stops on SIGTERM', async () => {
    const port = 3900 + Math.floor(Math.random() * 50);
    const started = start(MAIN, {
      ...process.env,
      DATABASE_NAME: database,
      DATABASE_MIGRATIONS_RUN: 'true',
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
    });
    try {
      const health = await waitForReady(port, started);
      expect(health.status).toBe('ok');
      const client = new Client({ ...config.database, user: config.database.username, database });
      await client.connect();
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM typeorm_migrations`);
      await client.end();
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      expect(await stop(started)).toBe('stopped');
    }
  });

  it('starts the worker, ready with the Docker engine, and stops on SIGTERM', async () => {
    const port = 3950 + Math.floor(Math.random() * 50);
    const started = start(WORKER, { ...process.env, DATABASE_NAME: database, WORKER_HTTP_PORT: String(port) });
    try {
      const health = await waitForReady(port, started);
      expect(Object.keys(health.info as object)).toContain('docker');
    } finally {
      expect(await stop(started)).toBe('stopped');
    }
  });
});
