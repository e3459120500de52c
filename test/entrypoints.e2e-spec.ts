import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { Client } from 'pg';
import { testConfig } from './helpers/app';
import { createScratchDatabase, dropDatabase } from './helpers/database';
import { MAIN, start, stop, waitForReady, WORKER } from './helpers/processes';
import { eventually } from './helpers/wait';

/** GET /health/live on a connection of its own (no keep-alive pool), within 5 s. */
function freshConnectionStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path: '/health/live', agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.on('error', reject);
  });
}

/** Live child processes of a process (Linux /proc). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // "pid (comm) state ppid ...": the command name may hold spaces, so read after its ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(ppid) === parent && state !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

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

  /** The compiled API on the scratch database, migrating it, on 127.0.0.1:`port`. */
  const startApi = (port: number, env: Record<string, string> = {}) =>
    start(MAIN, {
      ...process.env,
      DATABASE_NAME: database,
      DATABASE_MIGRATIONS_RUN: 'true',
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      ...env,
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
    const started = startApi(port);
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

  it('runs API_PROCESSES API processes on one port, replaces one that dies, and stops them all on SIGTERM', async () => {
    const port = 3850 + Math.floor(Math.random() * 50);
    const started = startApi(port, { API_PROCESSES: '2', LOG_LEVEL: 'info' });
    const listening = () => Promise.resolve(started.output().match(/"msg":"API process listening"/g)?.length ?? 0);
    const primary = started.child.pid!;
    try {
      await waitForReady(port, started);
      const children = () => childrenOf(primary);
      const listed = () => Promise.resolve(children());
      expect(await eventually(listed, (pids) => pids.length === 2)).toHaveLength(2);
      expect(await eventually(listening, (count) => count === 2, 30_000)).toBe(2);
      const [victim] = children();
      process.kill(victim, 'SIGKILL');
      // Reaped by the supervisor: from then on it hands no connection to the dead one.
      await eventually(
        () => Promise.resolve(existsSync(`/proc/${victim}`)),
        (exists) => !exists,
      );
      // The other one keeps answering new connections meanwhile (one kept alive to the dead one is
      // reset, as with any process that dies), and a new one takes the dead one's place.
      for (let attempt = 0; attempt < 4; attempt += 1) expect(await freshConnectionStatus(port)).toBe(200);
      const replaced = await eventually(listed, (pids) => pids.length === 2 && !pids.includes(victim), 30_000);
      expect(replaced).not.toContain(victim);
      expect(await eventually(listening, (count) => count === 3, 30_000)).toBe(3);
      await waitForReady(port, started);
      const before = children();
      expect(await stop(started)).toBe('stopped');
      expect(before.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
    } finally {
      await stop(started);
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
