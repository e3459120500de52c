import { execFile } from 'node:child_process';
import { Client } from 'pg';
import { promisify } from 'node:util';
import '../test/setup/load-env';
import { MAIN, randomPort, Started, start, stop, waitForReady, WORKER } from '../test/helpers/processes';

export const run = promisify(execFile);
const env = process.env as Record<string, string>;

/** Milliseconds since `since` (a process.hrtime.bigint()). */
export const elapsedMs = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e6;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function db(database = env.DATABASE_NAME): Client {
  return new Client({
    host: env.DATABASE_HOST,
    port: Number(env.DATABASE_PORT),
    user: env.DATABASE_USER,
    password: env.DATABASE_PASSWORD,
    database,
  });
}

async function tokenFor(username: string, password: string): Promise<string> {
  const url = `${env.KEYCLOAK_URL}/realms/${env.KEYCLOAK_REALM}/protocol/openid-connect/token`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'retort-cli', username, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username} failed: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * The platform as users run it: the compiled API and worker processes against the real services,
 * on a database and queue prefix of their own.
 */
/**
 * How many of the calculations `where` matches have completed, and an error naming the first
 * reasons when some ended otherwise.
 */
export async function completions(client: Client, where: string, args: unknown[]): Promise<number> {
  const { rows } = await client.query<{ done: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE status = 'completed')::int AS done,
            count(*) FILTER (WHERE status IN ('failed', 'timed_out', 'cancelled'))::int AS failed
     FROM calculations WHERE ${where}`,
    args,
  );
  if (rows[0].failed > 0) {
    const { rows: why } = await client.query<{ status: string; error_message: string | null }>(
      `SELECT status, error_message FROM calculations
       WHERE (${where}) AND status IN ('failed', 'timed_out', 'cancelled') LIMIT 3`,
      args,
    );
    const reasons = why.map((row) => `${row.status}: ${row.error_message ?? ''}`).join('; ');
    throw new Error(`${rows[0].failed} calculations did not complete (${reasons})`);
  }
  return rows[0].done;
}

export class Platform {
  readonly database = `retort_bench_${Date.now()}`;
  readonly apiPort = randomPort();
  api: Started | undefined;
  worker: Started | undefined;
  workerPort: number | undefined;
  private tokens = new Map<string, { token: Promise<string>; at: number }>();

  get baseUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  private processEnv(extra: Record<string, string>): Record<string, string> {
    return { ...env, DATABASE_NAME: this.database, QUEUE_PREFIX: this.database, LOG_LEVEL: 'warn', ...extra };
  }

  async up(): Promise<void> {
    const admin = db('postgres');
    await admin.connect();
    await admin.query(`CREATE DATABASE "${this.database}"`);
    await admin.end();
    await this.startApi(1);
  }

  /** (Re)starts the API with API_PROCESSES processes on the same port. */
  async startApi(processes: number): Promise<void> {
    if (this.api) await stop(this.api);
    this.api = start(
      MAIN,
      this.processEnv({
        API_PORT: String(this.apiPort),
        API_HOST: '127.0.0.1',
        DATABASE_MIGRATIONS_RUN: 'true',
        API_PROCESSES: String(processes),
      }),
    );
    await waitForReady(this.apiPort, this.api);
  }

  /** (Re)starts the worker with a concurrency; one user may fill it. */
  async startWorker(concurrency: number, extraEnv: Record<string, string> = {}): Promise<void> {
    if (this.worker) await stop(this.worker);
    const port = randomPort();
    this.workerPort = port;
    this.worker = start(
      WORKER,
      this.processEnv({
        WORKER_HTTP_PORT: String(port),
        WORKER_CONCURRENCY: String(concurrency),
        WORKER_PER_USER_CONCURRENCY: '1000',
        ...extraEnv,
      }),
    );
    await waitForReady(port, this.worker);
  }

  /** What the current worker has written to stdout and stderr. */
  workerOutput(): string {
    return this.worker?.output() ?? '';
  }

  async down(): Promise<void> {
    if (this.worker) await stop(this.worker);
    if (this.api) await stop(this.api);
    const admin = db('postgres');
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await admin.end();
  }

  /** A fresh access token (one sign-in a minute, shared by concurrent callers; tokens live five). */
  token(user: 'alice' | 'tom'): Promise<string> {
    const cached = this.tokens.get(user);
    if (cached && Date.now() - cached.at < 60_000) return cached.token;
    const token = tokenFor(user, `${user}-dev-password`);
    this.tokens.set(user, { token, at: Date.now() });
    return token;
  }

  async call<T = Record<string, unknown>>(
    user: 'alice' | 'tom',
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${await this.token(user)}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Publishes a tool with one version (as the realm's tool author). */
  async publishTool(name: string, code: string, limits = { memoryMb: 256, cpus: 1, timeoutS: 120 }): Promise<void> {
    await this.call('tom', 'POST', '/tools', { name, displayName: name });
    await this.call('tom', 'POST', `/tools/${name}/versions`, {
      version: '1.0.0',
      image: env.SANDBOX_DEFAULT_IMAGE,
      code,
      parametersSchema: { type: 'object' },
      limits: { ...limits, maxOutputBytes: 1024 * 1024 },
    });
  }

  async submit(tool: string): Promise<string> {
    return (await this.call<{ id: string }>('alice', 'POST', '/calculations', { name: 'bench', tool, parameters: {} }))
      .id;
  }
}

export const sandboxImage = (): string => env.SANDBOX_DEFAULT_IMAGE;

/** The trivial calculation the latency and throughput scenarios run. */
export const TRIVIAL_CODE = 'def run(params):\n    return 1\n';

/**
 * The worker's mean time per calculation phase since it started, in ms, from its Prometheus
 * histogram (retort_calculation_phase_seconds: sum over count), in the order the phases happen.
 */
export async function workerPhaseMeansMs(platform: Platform): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${platform.workerPort}/metrics`)).text();
  const means: Record<string, number> = {};
  const sums = new Map<string, number>();
  for (const match of text.matchAll(
    /^retort_calculation_phase_seconds_(sum|count)\{[^}]*phase="([a-z]+)"[^}]*\} (\S+)$/gm,
  )) {
    const [, kind, phase, value] = match;
    if (kind === 'sum') sums.set(phase, Number(value));
    else if (Number(value) > 0) means[phase] = ((sums.get(phase) ?? 0) / Number(value)) * 1000;
  }
  return means;
}
