import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  OVERDUE_MESSAGE,
  ReconcileCalculationsJob,
  runningGraceS,
} from '../src/calculations/jobs/reconcile-calculations.job';
import { CalculationEvents } from '../src/calculations/calculation-events';
import { calculationJobId } from '../src/calculations/jobs/run-calculation.job-data';
import { JobName } from '../src/queue/job-names';
import { QueueName } from '../src/queue/queue-names';
import { RedisAdapter } from '../src/queue/redis.adapter';
import { sandboxName } from '../src/sandbox/container-spec';
import { DockerAdapter } from '../src/sandbox/docker.adapter';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import { authenticated, binaryBody } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { OutageProxy } from './helpers/outage-proxy';
import { waitFor } from './helpers/wait';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

// Each calculation prints, sleeps, writes one output file and returns: everything an outage could lose.
const CODE = [
  'import time',
  'def run(p):',
  "    print('started', p['i'], flush=True)",
  "    time.sleep(p['sleep'])",
  "    with open('/work/outputs/out-%d.txt' % p['i'], 'w') as f:",
  "        f.write('output %d' % p['i'])",
  "    print('finished', p['i'])",
  "    return {'i': p['i']}",
].join('\n');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The worker under test reaches one dependency through a proxy that the test cuts and restores; the
 * shared services themselves are never stopped. The API (direct connections) is the observer.
 */
describe('worker outages (real PostgreSQL, MinIO, Docker and Redis behind cuttable proxies)', () => {
  let api: INestApplication;
  let db: DataSource;
  let queue: Queue;
  let tokens: DemoTokens;
  let worker: INestApplication | undefined;
  let proxy: OutageProxy | undefined;
  let next = 0;
  const alice = () => authenticated(api, tokens.alice);

  const startWorker = async (overrides: Record<string, string>) => {
    worker = await createWorkerApp(
      testConfig({ WORKER_CONCURRENCY: '6', WORKER_PER_USER_CONCURRENCY: '8', ...overrides }),
    );
  };

  async function submit(count: number, sleepS: number): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) {
      next += 1;
      const parameters = { i: next, sleep: sleepS };
      const submitted = await alice().post('/calculations', { name: `outage ${next}`, code: CODE, parameters });
      expect(submitted.status).toBe(202);
      ids.push(submitted.body.id as string);
    }
    return ids;
  }

  const statuses = async (ids: string[]): Promise<string[]> =>
    Promise.all(ids.map(async (id) => (await alice().get(`/calculations/${id}`).expect(200)).body.status as string));

  async function waitUntil(ids: string[], wanted: string[], timeoutMs: number): Promise<void> {
    await waitFor(
      () => statuses(ids),
      (now) => now.every((status) => wanted.includes(status)),
      { timeoutMs, intervalMs: 250, found: (now) => `expected ${wanted.join('/')}, found ${now.join(', ')}` },
    );
  }

  /**
   * Ended once, completed, with its result, usage, logs and its one output file. Without
   * `lastLineKept`, what the code printed last may be missing (it printed it while nobody was attached).
   */
  async function expectCompletedWithEverything(ids: string[], { lastLineKept = true } = {}): Promise<void> {
    const attempts = await db.query<{ attempts: number }[]>(`SELECT attempts FROM calculations WHERE id = ANY($1)`, [
      ids,
    ]);
    expect(attempts.map((row) => row.attempts)).toEqual(ids.map(() => 1));
    for (const id of ids) {
      const calculation = (await alice().get(`/calculations/${id}`).expect(200)).body as Body;
      const i = (calculation.parameters as { i: number }).i;
      expect(calculation).toMatchObject({ status: 'completed', result: { i }, exitCode: 0, errorMessage: null });
      expect(calculation.cpuTimeS).toEqual(expect.any(Number));
      expect(calculation.peakMemoryBytes).toBeGreaterThan(0);
      expect(calculation.executionTimeS).toBeGreaterThan(0);
      const logs = (await alice().get(`/calculations/${id}/logs`).expect(200)).body as Body;
      expect(logs.stdout).toContain(`started ${i}\n`);
      if (lastLineKept) expect(logs.stdout).toContain(`finished ${i}\n`);
      const outputs = (await alice().get(`/calculations/${id}/outputs`).expect(200)).body as Body[];
      expect(outputs.map((output) => output.name)).toEqual([`out-${i}.txt`]);
      const content = await request(api.getHttpServer())
        .get(`/api/v1/files/${outputs[0].id}/content`)
        .auth(tokens.alice, { type: 'bearer' })
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect((content.body as Buffer).toString()).toBe(`output ${i}`);
    }
  }

  beforeAll(async () => {
    api = await createApiApp();
    db = api.get(DataSource);
    queue = api.get<Queue>(getQueueToken(QueueName.Calculations));
    tokens = await demoTokens();
  });

  afterEach(async () => {
    await proxy?.restore();
    await worker?.close();
    await proxy?.close();
    worker = undefined;
    proxy = undefined;
  });

  afterAll(async () => {
    await api.close();
  });

  it('keeps what finished while PostgreSQL was unreachable, and records it once it is back', async () => {
    const config = testConfig();
    proxy = await OutageProxy.start({ host: config.database.host, port: config.database.port });
    await startWorker({ DATABASE_HOST: '127.0.0.1', DATABASE_PORT: String(proxy.port) });
    const ids = await submit(4, 3);
    await waitUntil(ids, ['running'], 60_000);
    await proxy.refuse();
    // The code ends and the worker cannot write: nothing may end as failed meanwhile.
    await sleep(8000);
    expect(await statuses(ids)).toEqual(ids.map(() => 'running'));
    await proxy.restore();
    await waitUntil(ids, ['completed', 'failed', 'timed_out', 'cancelled'], 30_000);
    await expectCompletedWithEverything(ids);
  }, 120_000);

  it('stores outputs once MinIO is back, and starts nothing new while it is unreachable', async () => {
    const endpoint = new URL(testConfig().s3.endpoint!);
    proxy = await OutageProxy.start({ host: endpoint.hostname, port: Number(endpoint.port) });
    await startWorker({ S3_ENDPOINT: `http://127.0.0.1:${proxy.port}` });
    const running = await submit(4, 3);
    await waitUntil(running, ['running'], 60_000);
    await proxy.refuse();
    await sleep(3000);
    const waiting = await submit(2, 0);
    await sleep(6000);
    expect(await statuses(running)).toEqual(running.map(() => 'running'));
    expect(await statuses(waiting)).toEqual(waiting.map(() => 'queued'));
    await proxy.restore();
    const all = [...running, ...waiting];
    await waitUntil(all, ['completed', 'failed', 'timed_out', 'cancelled'], 45_000);
    await expectCompletedWithEverything(all);
  }, 120_000);

  it('lets calculations wait while Docker is unreachable for longer than the retry schedule', async () => {
    proxy = await OutageProxy.start({ path: '/var/run/docker.sock' });
    await startWorker({ DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}` });
    await proxy.refuse();
    await sleep(500);
    // Some may be taken before the worker notices: they go back to the queue at no attempt.
    const ids = await submit(4, 1);
    await sleep(40_000);
    expect(await statuses(ids)).toEqual(ids.map(() => 'queued'));
    for (const id of ids) expect((await queue.getJob(calculationJobId(id)))?.attemptsMade).toBe(0);
    await proxy.restore();
    await waitUntil(ids, ['completed', 'failed', 'timed_out', 'cancelled'], 45_000);
    await expectCompletedWithEverything(ids);
  }, 150_000);

  it('follows calculations whose connection to Docker broke while their code ran, to their real end', async () => {
    proxy = await OutageProxy.start({ path: '/var/run/docker.sock' });
    await startWorker({ DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}` });
    const ids = await submit(3, 3);
    // Cut once every code has started (its first line is in the live log).
    const events = api.get(CalculationEvents);
    await waitFor(
      () => Promise.all(ids.map((id) => events.liveLog(id))),
      (logs) => logs.every((log) => log.stdout.includes('started')),
      { timeoutMs: 60_000, intervalMs: 200, found: (logs) => JSON.stringify(logs) },
    );
    await proxy.refuse();
    // The code ends (and prints its last line) while the worker cannot reach the engine.
    await sleep(10_000);
    expect(await statuses(ids)).toEqual(ids.map(() => 'running'));
    await proxy.restore();
    await waitUntil(ids, ['completed', 'failed', 'timed_out', 'cancelled'], 45_000);
    // What it printed while nobody was attached is not kept (sandboxes have no log driver).
    await expectCompletedWithEverything(ids, { lastLineKept: false });
  }, 150_000);

  it('ends a calculation whose Docker engine stays away past the retry window as failed, saying so, with its logs', async () => {
    proxy = await OutageProxy.start({ path: '/var/run/docker.sock' });
    await startWorker({ DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}`, WORKER_PLATFORM_RETRY_S: '4' });
    const [id] = await submit(1, 6);
    const events = api.get(CalculationEvents);
    await waitFor(
      () => events.liveLog(id),
      (log) => log.stdout.includes('started'),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    // A moment for the engine's stats to be sampled: the only usage that can be had from outside then.
    await sleep(2500);
    await proxy.refuse();
    await waitUntil([id], ['completed', 'failed', 'timed_out', 'cancelled'], 30_000);
    const calculation = (await alice().get(`/calculations/${id}`).expect(200)).body as Body;
    const i = (calculation.parameters as { i: number }).i;
    expect(calculation).toMatchObject({ status: 'failed', exitCode: null, result: null });
    expect(calculation.errorMessage).toMatch(
      /^the worker lost the sandbox while the code ran: the Docker engine could not be reached for \d+ s/,
    );
    expect(calculation.executionTimeS).toBeGreaterThan(0);
    expect(calculation.peakMemoryBytes).toBeGreaterThan(0);
    const logs = (await alice().get(`/calculations/${id}/logs`).expect(200)).body as Body;
    expect(logs.stdout).toContain(`started ${i}\n`);
    const [row] = await db.query<{ attempts: number }[]>(`SELECT attempts FROM calculations WHERE id = $1`, [id]);
    expect(row.attempts).toBe(1);
    // The sandbox it could not remove meanwhile goes once the engine is back.
    await proxy.restore();
    const docker = worker!.get(DockerAdapter);
    await waitFor(
      () => docker.findByName(sandboxName(id)),
      (found) => found.length === 0,
      { timeoutMs: 15_000, intervalMs: 500 },
    );
  }, 120_000);

  /** `count` calculations (each sleeping `sleepS`) running on a worker whose Redis then stops answering. */
  async function runningWhenRedisGoes(count: number, sleepS: number): Promise<string[]> {
    const url = new URL(testConfig().redisUrl);
    proxy = await OutageProxy.start({ host: url.hostname, port: Number(url.port || 6379) });
    await startWorker({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    const ids = await submit(count, sleepS);
    await waitUntil(ids, ['running'], 60_000);
    await proxy.refuse();
    return ids;
  }

  it('finishes calculations in flight once Redis is back, each run once', async () => {
    const ids = await runningWhenRedisGoes(4, 3);
    // The code ends while the worker has no Redis (no lock renewal, no heartbeat, no events).
    await sleep(10_000);
    expect(await statuses(ids)).not.toContain('failed');
    await proxy!.restore();
    const timeoutS = (
      await db.query<{ timeout_s: number }[]>(`SELECT timeout_s FROM calculations WHERE id = $1`, [ids[0]])
    )[0].timeout_s;
    const graceS = runningGraceS(testConfig().calculations.platformRetryS);
    await waitUntil(ids, ['completed', 'failed', 'timed_out', 'cancelled'], 45_000);
    await expectCompletedWithEverything(ids);
    const ended = await db.query<{ s: number }[]>(
      `SELECT extract(epoch FROM completed_at - started_at)::float AS s FROM calculations WHERE id = ANY($1)`,
      [ids],
    );
    for (const row of ended) expect(row.s).toBeLessThan(timeoutS + graceS);
    // Each job ended once: a lock lost to the outage must not have run a calculation a second time.
    for (const id of ids) expect((await queue.getJob(calculationJobId(id)))?.attemptsMade ?? 0).toBeLessThanOrEqual(1);
  }, 150_000);

  it('does not take a worker whose heartbeat lapsed in a Redis outage for dead once Redis is back', async () => {
    const ids = await runningWhenRedisGoes(2, 32);
    // Longer than the heartbeat's lifetime (20 s): the worker's key expires meanwhile.
    await sleep(24_000);
    await proxy!.restore();
    // The reconciler, as soon as Redis answers again (before the worker's next beat, most likely).
    const redis = worker!.get(RedisAdapter);
    await waitFor(
      () => Promise.resolve(redis.client.status),
      (status) => status === 'ready',
      { timeoutMs: 10_000, intervalMs: 20 },
    );
    expect((await worker!.get(ReconcileCalculationsJob).reconcile()).lost).toBe(0);
    await waitUntil(ids, ['completed', 'failed', 'timed_out', 'cancelled'], 60_000);
    await expectCompletedWithEverything(ids);
  }, 150_000);

  it('ends a calculation still running past its wall clock plus grace, even with its worker alive', async () => {
    const [late, onTime] = await submit(2, 60);
    for (const id of [late, onTime]) await (await queue.getJob(calculationJobId(id)))!.remove();
    // Held by a live worker that never records an end (its writes keep failing, say).
    const holder = `outage-test-${Date.now()}`;
    await api.get(RedisAdapter).setExpiring(`retort:workers:${holder}`, '1', 60);
    const graceS = runningGraceS(testConfig().calculations.platformRetryS);
    await db.query(
      `UPDATE calculations SET status = 'running', worker_id = $2,
         started_at = now() - make_interval(secs => timeout_s + $3 + (CASE WHEN id = $1 THEN 5 ELSE -30 END))
       WHERE id IN ($1, $4)`,
      [late, holder, graceS, onTime],
    );
    await startWorker({});
    const reconciled = await worker!.get(ReconcileCalculationsJob).reconcile();
    expect(reconciled.lost).toBe(0);
    const [ended, stillRunning] = await Promise.all(
      [late, onTime].map(async (id) => (await alice().get(`/calculations/${id}`).expect(200)).body as Body),
    );
    expect(ended).toMatchObject({ status: 'failed', errorMessage: OVERDUE_MESSAGE });
    expect(stillRunning.status).toBe('running');
    await db.query(`UPDATE calculations SET status = 'cancelled', completed_at = now() WHERE id = $1`, [onTime]);
  });

  it('starts a backlog at full concurrency and re-queues a job Redis lost within seconds', async () => {
    const ids = await submit(3, 4);
    const lost = ids[2];
    await (await queue.getJob(calculationJobId(lost)))!.remove();
    const started = Date.now();
    await startWorker({ WORKER_CONCURRENCY: '3' });
    // Lost with the job: the reconciler's own schedule (Redis lost its data); the worker restores it.
    const maintenance = api.get<Queue>(getQueueToken(QueueName.Maintenance));
    await maintenance.removeJobScheduler(JobName.ReconcileCalculations);
    // The two jobs still queued run side by side from the start (not one, then the other).
    await waitUntil(ids.slice(0, 2), ['running'], 15_000);
    await waitUntil([lost], ['completed'], 30_000);
    expect(Date.now() - started).toBeLessThan(25_000);
    await waitUntil(ids, ['completed', 'failed', 'timed_out', 'cancelled'], 30_000);
    await expectCompletedWithEverything(ids);
  }, 90_000);

  it('records usage, exit code and logs even when the database refuses the result', async () => {
    await startWorker({});
    const code = "def run(p):\n    print('ran', flush=True)\n    return {'text': 'a\\x00b'}\n";
    const submitted = await alice().post('/calculations', { name: 'nul result', code }).expect(202);
    const id = submitted.body.id as string;
    await waitUntil([id], ['completed', 'failed', 'timed_out', 'cancelled'], 60_000);
    const calculation = (await alice().get(`/calculations/${id}`).expect(200)).body as Body;
    expect(calculation.exitCode).toBe(0);
    expect(calculation.cpuTimeS).toEqual(expect.any(Number));
    expect(calculation.peakMemoryBytes).toBeGreaterThan(0);
    // Stored faithfully, or refused with a message that says so; never a platform error.
    const stored = calculation.status === 'completed';
    expect(stored ? calculation.result : calculation.errorMessage).toEqual(
      stored ? { text: 'a\u0000b' } : expect.stringMatching(/^the code finished, but its result could not be stored/),
    );
    const logs = (await alice().get(`/calculations/${id}/logs`).expect(200)).body as Body;
    expect(logs.stdout).toBe('ran\n');
  });
});
