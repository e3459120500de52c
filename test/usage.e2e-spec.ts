import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { CalculationExecution } from '../src/calculations/calculation-execution.service';
import { CalculationStatus } from '../src/calculations/calculation-status';
import { ReconcileCalculationsJob } from '../src/calculations/jobs/reconcile-calculations.job';
import { MetricsService } from '../src/metrics/metrics.service';
import { UsageService } from '../src/usage/usage.service';
import { thresholdsReached, utcDay } from '../src/usage/usage-figures';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { withRealmUser } from './helpers/keycloak-admin';
import { randomPort, start, stop, waitForReady, WORKER } from './helpers/processes';
import { eventually, waitFor as waitForValue } from './helpers/wait';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
type Who = keyof DemoTokens;

interface EntryRow {
  calculation_id: string;
  status: string;
  cpu_s: number;
  wall_s: number;
  reserved_core_s: number;
  reserved_gb_s: number;
  output_bytes: string;
}

// A webhook receiver on this host (loopback): allowed by the operator’s allow-list.
const HOOKS = {
  WEBHOOKS_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOKS_RETRY_BASE_MS: '200',
};

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Checks a delivery's signature the way a receiver would, with a Standard Webhooks library. */
function verify(secret: string, delivery: Received): boolean {
  try {
    new StandardWebhook(secret).verify(delivery.body, {
      'webhook-id': String(delivery.headers['webhook-id']),
      'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
      'webhook-signature': String(delivery.headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
}

/** The next UTC midnight: when a daily budget resets. */
const nextMidnight = () => new Date(`${utcDay(new Date(Date.now() + 24 * 3600 * 1000))}T00:00:00.000Z`);

describe('usage accounting and limits (real Docker, Redis, PostgreSQL, MinIO, Keycloak)', () => {
  let api: INestApplication;
  let worker: INestApplication;
  let db: DataSource;
  let tokens: DemoTokens;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  const workerConfig = testConfig({ ...HOOKS, WORKER_CONCURRENCY: '3', SANDBOX_KILL_GRACE_S: '1' });
  const ids: Partial<Record<Who, string>> = {};
  const as = (who: Who) => authenticated(api, tokens[who]);
  const adhoc = (code: string, extra: object = {}) => ({ name: 'usage', code, ...extra });
  const putLimits = (userId: string, body: object, who: Who = 'ada') =>
    request(api.getHttpServer())
      .put(`/api/v1/admin/users/${userId}/limits`)
      .auth(tokens[who], { type: 'bearer' })
      .send({ usageEnabled: true, ...body });

  async function waitFor(id: string, statuses: string[], who: Who = 'alice'): Promise<Body> {
    return waitForValue(
      async (): Promise<Body> => (await as(who).get(`/calculations/${id}`).expect(200)).body,
      (body) => statuses.includes(body.status as string),
      { timeoutMs: 60_000, intervalMs: 200, found: (body) => `calculation ${id} is ${body.status}` },
    );
  }

  const entriesOf = (calculationIds: string[]) =>
    db.query<EntryRow[]>(`SELECT * FROM usage_entries WHERE calculation_id = ANY($1::uuid[])`, [calculationIds]);

  async function todayOf(userId: string) {
    const [daily] = await db.query<Body[]>(
      `SELECT calculations, cpu_s, wall_s, reserved_core_s, reserved_gb_s, output_bytes::float8 AS output_bytes
       FROM usage_daily WHERE user_id = $1 AND day = $2`,
      [userId, utcDay(new Date())],
    );
    const [sums] = await db.query<Body[]>(
      `SELECT count(*)::int AS calculations, COALESCE(SUM(cpu_s), 0) AS cpu_s, COALESCE(SUM(wall_s), 0) AS wall_s,
         COALESCE(SUM(reserved_core_s), 0) AS reserved_core_s, COALESCE(SUM(reserved_gb_s), 0) AS reserved_gb_s,
         COALESCE(SUM(output_bytes), 0)::float8 AS output_bytes
       FROM usage_entries WHERE user_id = $1 AND day = $2`,
      [userId, utcDay(new Date())],
    );
    return { daily, sums };
  }

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/usage-hooks`;
    api = await createApiApp(testConfig(HOOKS));
    worker = await createWorkerApp(workerConfig);
    db = api.get(DataSource);
    tokens = await demoTokens();
    for (const who of ['alice', 'tom', 'ada'] as const) {
      ids[who] = (await as(who).get('/users/me').expect(200)).body.id;
    }
  });

  afterEach(async () => {
    // Every test leaves the development users with the defaults.
    for (const who of ['alice', 'tom', 'ada'] as const) await putLimits(ids[who] as string, {}).expect(200);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  describe('the ledger', () => {
    it('writes one entry for a completed and one for a timed-out calculation, summed in the day’s row', async () => {
      const completed = await as('alice')
        .post(
          '/calculations',
          adhoc('def run(p):\n    return sum(range(100000))\n', { limits: { cpus: 0.5, memoryMb: 256 } }),
        )
        .expect(202);
      const timedOut = await as('alice')
        .post(
          '/calculations',
          adhoc('def run(p):\n    while True:\n        pass\n', { limits: { timeoutS: 2, cpus: 1 } }),
        )
        .expect(202);
      const done = await waitFor(completed.body.id, ['completed', 'failed']);
      const late = await waitFor(timedOut.body.id, ['timed_out', 'failed', 'completed']);
      expect(done.status).toBe('completed');
      expect(late.status).toBe('timed_out');

      const entries = await entriesOf([done.id, late.id]);
      expect(entries).toHaveLength(2);
      const entry = (id: string) => entries.find((row) => row.calculation_id === id) as EntryRow;
      expect(entry(done.id)).toMatchObject({ status: 'completed', wall_s: done.executionTimeS, cpu_s: done.cpuTimeS });
      expect(entry(done.id).reserved_core_s).toBeCloseTo(0.5 * done.executionTimeS, 9);
      expect(entry(done.id).reserved_gb_s).toBeCloseTo(0.25 * done.executionTimeS, 9);
      expect(entry(late.id)).toMatchObject({ status: 'timed_out', wall_s: late.executionTimeS });
      expect(entry(late.id).wall_s).toBeGreaterThanOrEqual(2);
      expect(entry(late.id).reserved_core_s).toBeCloseTo(late.executionTimeS, 9);

      const { daily, sums } = await todayOf(ids.alice as string);
      expect(daily.calculations).toBeGreaterThanOrEqual(2);
      expect(daily.calculations).toBe(sums.calculations);
      for (const key of ['cpu_s', 'wall_s', 'reserved_core_s', 'reserved_gb_s', 'output_bytes']) {
        expect(daily[key]).toBeCloseTo(sums[key], 6);
      }

      // The end recorded again (a retried write, a dead worker's job run again) adds nothing.
      const execution = worker.get(CalculationExecution);
      const again = await execution.finish(done.id, {
        status: CalculationStatus.Completed,
        result: 1,
        errorMessage: null,
        exitCode: 0,
        executionTimeS: 1000,
        cpuTimeS: 1000,
        peakMemoryBytes: 1,
        outputsTruncated: false,
        limitExceeded: null,
      });
      expect(again).toBe(false);
      expect(await execution.fail(late.id, 'late failure')).toBe(false);
      // Even charged directly, a calculation counts once.
      const usage = worker.get(UsageService);
      const charged = await db.transaction((manager) =>
        usage.record(manager, {
          userId: ids.alice as string,
          calculationId: done.id,
          toolVersionId: null,
          status: 'completed',
          figures: { cpuS: 9, wallS: 9, reservedCoreS: 9, reservedGbS: 9, peakMemoryBytes: null, outputBytes: 9 },
        }),
      );
      expect(charged).toEqual({ written: false, alerts: [] });
      expect(await todayOf(ids.alice as string)).toEqual({ daily, sums });
      await expect(db.query(`DELETE FROM usage_entries WHERE calculation_id = $1`, [done.id])).rejects.toThrow(
        /immutable/,
      );

      // The user sees the same figures.
      const report = await as('alice').get('/users/me/usage').expect(200);
      const today = report.body.days.find((day: Body) => day.day === utcDay(new Date()));
      expect(today.calculations).toBe(daily.calculations);
      expect(today.reservedCoreSeconds).toBeCloseTo(daily.reserved_core_s, 6);
      expect(report.body.totals.calculations).toBeGreaterThanOrEqual(daily.calculations);
      expect(report.body.budgets.map((budget: Body) => budget.period)).toEqual(['daily', 'monthly']);
      expect(report.body.budgets[0]).toMatchObject({ budgetCoreSeconds: null, percent: null });
      expect(report.body.budgets[0].spentCoreSeconds).toBeCloseTo(daily.reserved_core_s, 6);

      // And an admin, per user.
      const all = await as('ada').get('/admin/usage?limit=100').expect(200);
      const alice = all.body.items.find((item: Body) => item.userId === ids.alice);
      expect(alice).toMatchObject({ username: 'alice' });
      expect(alice.calculations).toBeGreaterThanOrEqual(daily.calculations);
      await as('alice').get('/admin/usage').expect(403);
    });

    it('charges a calculation whose worker was lost once, even when that worker still records its end', async () => {
      const submitted = await as('alice')
        .post(
          '/calculations',
          adhoc('import time\ndef run(p):\n    time.sleep(3)\n', { limits: { cpus: 1, timeoutS: 60 } }),
        )
        .expect(202);
      const running = await waitFor(submitted.body.id, ['running']);
      // The reconciler's verdict on a worker it believes dead: failed, charged start to now.
      const execution = worker.get(CalculationExecution);
      expect(await execution.failLost(running.id)).toBe(true);
      const [lost] = await entriesOf([running.id]);
      expect(lost).toMatchObject({ status: 'failed' });
      expect(lost.wall_s).toBeGreaterThan(0);
      expect(lost.wall_s).toBeLessThanOrEqual(60);
      expect(lost.reserved_core_s).toBeCloseTo(lost.wall_s, 9);
      // The worker was alive after all: its end comes too late to change the status or the bill.
      await waitForValue(
        async () => (await db.query(`SELECT 1 FROM calculation_logs WHERE calculation_id = $1`, [running.id])).length,
        (count) => count === 1,
        { timeoutMs: 30_000, intervalMs: 200, found: () => 'the worker did not store the logs' },
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await entriesOf([running.id])).toEqual([lost]);
      expect((await as('alice').get(`/calculations/${running.id}`).expect(200)).body.status).toBe('failed');
      const { daily, sums } = await todayOf(ids.alice as string);
      expect(daily.calculations).toBe(sums.calculations);
      expect(daily.reserved_core_s).toBeCloseTo(sums.reserved_core_s, 6);
    });

    it('charges nothing for a calculation cancelled before it ran', async () => {
      await putLimits(ids.alice as string, { maxRunning: 1 }).expect(200);
      const blocker = await as('alice')
        .post('/calculations', adhoc('import time\ndef run(p):\n    time.sleep(30)\n'))
        .expect(202);
      await waitFor(blocker.body.id, ['running']);
      const waiting = await as('alice').post('/calculations', adhoc('def run(p):\n    return 1\n')).expect(202);
      await as('alice').post(`/calculations/${waiting.body.id}/cancel`).expect(202);
      await as('alice').post(`/calculations/${blocker.body.id}/cancel`).expect(202);
      const cancelled = await waitFor(blocker.body.id, ['cancelled', 'failed', 'completed']);
      expect(cancelled.status).toBe('cancelled');
      const entries = await entriesOf([blocker.body.id, waiting.body.id]);
      // Cancelled while running: charged; cancelled while queued: not.
      expect(entries.map((row) => [row.calculation_id, row.status])).toEqual([[blocker.body.id, 'cancelled']]);
    });
  });

  describe('budgets and alerts', () => {
    it('records 70 %, 90 % and 100 % once per budget and period, and audits them', async () => {
      const usage = worker.get(UsageService);
      // A period of its own, far away, so that nothing else has spent in it.
      const now = new Date('2099-03-10T12:00:00Z');
      await putLimits(ids.ada as string, { dailyCoreSeconds: 100, monthlyCoreSeconds: 1000 }).expect(200);
      const charge = (coreS: number) =>
        db.transaction((manager) =>
          usage.record(
            manager,
            {
              userId: ids.ada as string,
              calculationId: randomUUID(),
              toolVersionId: null,
              status: 'completed',
              figures: {
                cpuS: 1,
                wallS: coreS,
                reservedCoreS: coreS,
                reservedGbS: 0,
                peakMemoryBytes: null,
                outputBytes: 0,
              },
            },
            now,
          ),
        );
      const alerts = () =>
        db.query<Body[]>(
          `SELECT budget, threshold FROM usage_alerts WHERE user_id = $1 AND period_start >= '2099-03-01'
           ORDER BY budget, threshold`,
          [ids.ada],
        );
      await charge(50);
      expect(await alerts()).toEqual([]);
      await charge(25);
      expect(await alerts()).toEqual([{ budget: 'daily', threshold: 70 }]);
      await charge(10);
      expect(await alerts()).toEqual([{ budget: 'daily', threshold: 70 }]);
      await charge(10);
      expect(await alerts()).toEqual([
        { budget: 'daily', threshold: 70 },
        { budget: 'daily', threshold: 90 },
      ]);
      await charge(805);
      expect(await alerts()).toEqual([
        { budget: 'daily', threshold: 70 },
        { budget: 'daily', threshold: 90 },
        { budget: 'daily', threshold: 100 },
        { budget: 'monthly', threshold: 70 },
        { budget: 'monthly', threshold: 90 },
      ]);
      const audited = await as('ada')
        .get(`/admin/audit?action=usage.threshold-reached&targetId=${ids.ada}`)
        .expect(200);
      const periods = audited.body.items
        .filter((event: Body) => event.metadata.periodStart >= '2099-03-01')
        .map((event: Body) => `${event.metadata.budget} ${event.metadata.threshold}`)
        .sort();
      expect(periods).toEqual(['daily 100', 'daily 70', 'daily 90', 'monthly 70', 'monthly 90']);

      const report = await as('ada').get('/users/me/usage?from=2099-03-01&to=2099-03-31').expect(200);
      expect(report.body.days).toEqual([
        expect.objectContaining({ day: '2099-03-10', calculations: 5, reservedCoreSeconds: 900 }),
      ]);
      expect(report.body.alerts).toHaveLength(5);
      expect(report.body.alerts[0]).toMatchObject({
        budgetCoreSeconds: expect.any(Number),
        periodStart: expect.any(String),
      });
    });

    it('refuses a submission once a budget is spent: 429 budget-exhausted with the reset time', async () => {
      const before = await as('tom').get('/users/me/usage').expect(200);
      const spent = before.body.budgets[0].spentCoreSeconds as number;
      await db.transaction((manager) =>
        worker.get(UsageService).record(manager, {
          userId: ids.tom as string,
          calculationId: randomUUID(),
          toolVersionId: null,
          status: 'completed',
          figures: { cpuS: 1, wallS: 2, reservedCoreS: 2, reservedGbS: 1, peakMemoryBytes: null, outputBytes: 0 },
        }),
      );
      await putLimits(ids.tom as string, { dailyCoreSeconds: spent + 2 }).expect(200);
      const refused = await as('tom').post('/calculations', adhoc('def run(p):\n    return 1\n')).expect(429);
      const midnight = new Date(`${utcDay(new Date(Date.now() + 24 * 3600 * 1000))}T00:00:00.000Z`);
      expect(refused.body).toMatchObject({
        type: 'urn:retort:problem:budget-exhausted',
        budget: 'daily',
        resetsAt: midnight.toISOString(),
      });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(Math.abs(retryAfter - (midnight.getTime() - Date.now()) / 1000)).toBeLessThan(5);
      const status = await as('tom').get('/users/me/usage').expect(200);
      expect(status.body.budgets[0]).toMatchObject({ budgetCoreSeconds: spent + 2, percent: 100 });

      // Raised above what was spent, it accepts again.
      await putLimits(ids.tom as string, { dailyCoreSeconds: spent + 1000 }).expect(200);
      const accepted = await as('tom').post('/calculations', adhoc('def run(p):\n    return 1\n')).expect(202);
      await waitFor(accepted.body.id, ['completed', 'failed'], 'tom');
    });
  });

  describe('per-user limits', () => {
    it('keeps a user to their queue room and running count', async () => {
      await putLimits(ids.alice as string, { maxRunning: 1, maxQueued: 1 }).expect(200);
      const sleeper = adhoc('import time\ndef run(p):\n    time.sleep(30)\n');
      const first = await as('alice').post('/calculations', sleeper).expect(202);
      await waitFor(first.body.id, ['running']);
      const second = await as('alice').post('/calculations', sleeper).expect(202);
      const refused = await as('alice').post('/calculations', sleeper).expect(429);
      expect(refused.body).toMatchObject({ type: 'urn:retort:problem:too-many-queued', maxQueued: 1, queued: 1 });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The worker keeps the second waiting while the first runs (one at a time for alice).
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect((await as('alice').get(`/calculations/${second.body.id}`).expect(200)).body.status).toBe('queued');
      await as('alice').post(`/calculations/${second.body.id}/cancel`).expect(202);
      await as('alice').post(`/calculations/${first.body.id}/cancel`).expect(202);
      await waitFor(first.body.id, ['cancelled', 'failed', 'completed']);
    });

    it('holds a submission to the user’s ceilings, never lets an admin set one above the maximum', async () => {
      const set = await putLimits(ids.alice as string, { maxMemoryMb: 300, maxCpus: 0.5 }).expect(200);
      expect(set.body).toMatchObject({
        userId: ids.alice,
        overrides: { maxMemoryMb: 300, maxCpus: 0.5, dailyCoreSeconds: null, usageEnabled: true },
        effective: { maxMemoryMb: 300, maxCpus: 0.5 },
      });
      const refused = await as('alice')
        .post('/calculations', adhoc('def run(p):\n    return 1\n', { limits: { memoryMb: 512, cpus: 0.5 } }))
        .expect(422);
      expect(refused.body.errors).toEqual([
        { path: 'limits.memoryMb', message: 'must be at most 300 (your own limit, set by an administrator)' },
      ]);
      const max = testConfig().maxLimits;
      const tooHigh = await putLimits(ids.alice as string, { maxMemoryMb: max.memoryMb + 1 }).expect(422);
      expect(tooHigh.body.errors).toEqual([
        { path: 'maxMemoryMb', message: expect.stringContaining(`${max.memoryMb}`) },
      ]);
      // A power user may get more than the default, up to the maximum.
      await putLimits(ids.alice as string, { maxMemoryMb: max.memoryMb }).expect(200);
      const limits = await as('ada').get(`/admin/users/${ids.alice}/limits`).expect(200);
      expect(limits.body.effective.maxMemoryMb).toBe(max.memoryMb);
      await putLimits(ids.alice as string, {}, 'alice').expect(403);
      // A PUT states the whole: usageEnabled is required, an empty body is refused.
      const empty = await request(api.getHttpServer())
        .put(`/api/v1/admin/users/${ids.alice}/limits`)
        .auth(tokens.ada, { type: 'bearer' })
        .expect(422);
      expect(empty.body.errors).toEqual([{ path: 'usageEnabled', message: expect.stringContaining('required') }]);
      await as('ada').get(`/admin/users/${randomUUID()}/limits`).expect(404);
    });

    it('suspends a user’s computing: 403 usage-suspended, and audits who did it', async () => {
      await putLimits(ids.alice as string, { usageEnabled: false }).expect(200);
      const refused = await as('alice').post('/calculations', adhoc('def run(p):\n    return 1\n')).expect(403);
      expect(refused.body.type).toBe('urn:retort:problem:usage-suspended');
      expect((await as('alice').get('/users/me/usage').expect(200)).body.usageEnabled).toBe(false);
      const audited = await as('ada').get(`/admin/audit?action=user-limits.updated&targetId=${ids.alice}`).expect(200);
      expect(audited.body.items[0]).toMatchObject({ actorUserId: ids.ada, metadata: { usageEnabled: false } });
    });

    it('applies a user’s own storage quota to uploads', async () => {
      await putLimits(ids.tom as string, { storageQuotaBytes: 10 }).expect(200);
      const stats = await as('tom').get('/users/me/stats').expect(200);
      expect(stats.body.quotaBytes).toBe(10);
      await request(api.getHttpServer())
        .post('/api/v1/files')
        .auth(tokens.tom, { type: 'bearer' })
        .attach('file', Buffer.alloc(100, 1), { filename: 'big.bin', contentType: 'application/octet-stream' })
        .expect(413);
    });
  });

  describe('issue #16 on fresh users (nobody else has spent)', () => {
    interface Fresh {
      userId: string;
      as: () => ReturnType<typeof authenticated>;
      waitFor: (id: string, statuses: string[], timeoutMs?: number) => Promise<Body>;
    }

    /** Runs `use` with a realm user of its own: its usage starts at zero, so totals are exact. */
    const withFreshUser = (prefix: string, use: (user: Fresh) => Promise<void>) =>
      withRealmUser(prefix, async ({ token }) => {
        const as = () => authenticated(api, token);
        const userId = (await as().get('/users/me').expect(200)).body.id as string;
        const waitFor = (id: string, statuses: string[], timeoutMs = 60_000) =>
          waitForValue(
            async (): Promise<Body> => (await as().get(`/calculations/${id}`).expect(200)).body,
            (body) => statuses.includes(body.status as string),
            { timeoutMs, intervalMs: 200, found: (body) => `calculation ${id} is ${body.status}` },
          );
        try {
          await use({ userId, as, waitFor });
        } finally {
          await putLimits(userId, {}).expect(200);
        }
      });

    const FINAL = ['completed', 'failed', 'timed_out', 'cancelled'];
    const spinner = (cpus: number, timeoutS: number) =>
      adhoc('import time\ndef run(p):\n    time.sleep(600)\n', { limits: { cpus, timeoutS } });

    /** The user's entries, today's row and their calculations' figures, to compare exactly. */
    async function ledgerOf(userId: string) {
      const entries = await db.query<(EntryRow & { calculation_id: string })[]>(
        `SELECT * FROM usage_entries WHERE user_id = $1`,
        [userId],
      );
      const [daily] = await db.query<Body[]>(
        `SELECT calculations, reserved_core_s, cpu_s, wall_s FROM usage_daily WHERE user_id = $1 AND day = $2`,
        [userId, utcDay(new Date())],
      );
      const calculations = await db.query<Body[]>(
        `SELECT id, status, cpus::float8 AS cpus, timeout_s, execution_time_s, cpu_time_s, started_at, completed_at
         FROM calculations WHERE user_id = $1`,
        [userId],
      );
      return { entries, daily, calculations };
    }

    const coreSecondsCounted = async () =>
      (await worker.get(MetricsService).usageCoreSeconds.get()).values.find((value) => value.labels.tool === 'ad-hoc')
        ?.value ?? 0;

    const alertsCounted = async () =>
      (await worker.get(MetricsService).usageAlerts.get()).values
        .filter((value) => value.labels.budget === 'daily')
        .reduce((sum, value) => sum + value.value, 0);

    it('crosses 70, 90 and 100 % with real calculations: one alert, notification and signed webhook each, then 429', async () => {
      await withFreshUser('budget', async (user) => {
        const hook = await user
          .as()
          .post('/webhooks', { url: receiverUrl, events: ['usage.threshold'] })
          .expect(201);
        // This hook's deliveries (their ids come as webhook-id).
        const sent = new Set<string>();
        const mine = () =>
          received
            .filter((entry) => sent.has(String(entry.headers['webhook-id'])))
            .map((entry) => ({ entry, payload: JSON.parse(entry.body) as Body }));
        const countedBefore = await alertsCounted();
        const coreSecondsBefore = await coreSecondsCounted();
        const BUDGET = 10;
        await putLimits(user.userId, { dailyCoreSeconds: BUDGET }).expect(200);

        // Three at once, each a worst case of 7 core-seconds: the lock lets exactly one take the budget.
        const race = await Promise.all([1, 2, 3].map(() => user.as().post('/calculations', spinner(1, 7))));
        expect(race.map((answer) => answer.status).sort()).toEqual([202, 429, 429]);
        const midnight = nextMidnight();
        for (const refused of race.filter((answer) => answer.status === 429)) {
          expect(refused.body).toMatchObject({
            type: 'urn:retort:problem:budget-insufficient',
            budget: 'daily',
            budgetCoreSeconds: BUDGET,
            heldCoreSeconds: 7,
            remainingCoreSeconds: 3,
            worstCaseCoreSeconds: 7,
            resetsAt: midnight.toISOString(),
          });
          expect(refused.body.detail).toContain('has 3 core-seconds left');
          expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        }

        const alertRows = () =>
          db.query<Body[]>(
            `SELECT threshold FROM usage_alerts WHERE user_id = $1 AND budget = 'daily' ORDER BY threshold`,
            [user.userId],
          );
        const spentNow = async () => (await user.as().get('/users/me/usage').expect(200)).body.budgets[0];
        const run = async (submitted: Body) => {
          const done = await user.waitFor(submitted.id as string, FINAL);
          expect(done.status).toBe('timed_out');
          const budget = await spentNow();
          // After each calculation, exactly the thresholds its spending reached, each recorded once.
          expect((await alertRows()).map((row) => row.threshold)).toEqual(
            thresholdsReached(budget.spentCoreSeconds as number, budget.budgetCoreSeconds as number, [70, 90, 100]),
          );
          return budget;
        };
        let budget = await run(race.find((answer) => answer.status === 202)?.body as Body);
        expect(budget.spentCoreSeconds).toBeGreaterThanOrEqual(7);
        // A worst case above what remains is refused, saying how much remains.
        const remaining = BUDGET - (budget.spentCoreSeconds as number);
        const tooMuch = await user
          .as()
          .post('/calculations', spinner(1, Math.floor(remaining) + 1))
          .expect(429);
        expect(tooMuch.body.remainingCoreSeconds).toBeCloseTo(remaining, 9);
        if (remaining >= 1) {
          budget = await run(
            (
              await user
                .as()
                .post('/calculations', spinner(1, Math.floor(remaining)))
                .expect(202)
            ).body,
          );
        }
        if ((budget.percent as number) < 100) {
          // Lowered to what is spent plus one core-second: a 1-CPU, 1-second worst case spends it all.
          await putLimits(user.userId, { dailyCoreSeconds: (budget.spentCoreSeconds as number) + 1 }).expect(200);
          budget = await run((await user.as().post('/calculations', spinner(1, 1)).expect(202)).body);
        }
        expect(budget.percent).toBeGreaterThanOrEqual(100);
        expect((await alertRows()).map((row) => row.threshold)).toEqual([70, 90, 100]);

        // One notification per threshold.
        const notifications = await user.as().get('/users/me/notifications?limit=100').expect(200);
        const usageNotes = notifications.body.items.filter((item: Body) => item.kind === 'usage.threshold');
        expect(usageNotes.map((item: Body) => item.data.threshold).sort((a: number, b: number) => a - b)).toEqual([
          70, 90, 100,
        ]);
        // One signed webhook delivery per threshold, and no more.
        const deliveries = await waitForValue(
          async () => {
            const page = await user.as().get(`/webhooks/${hook.body.id}/deliveries?limit=100`).expect(200);
            return page.body.items as Body[];
          },
          (items) => items.length >= 3 && items.every((item) => item.responseStatus === 200),
          { timeoutMs: 30_000, intervalMs: 200, found: (items) => `${items.length} deliveries` },
        );
        for (const delivery of deliveries) sent.add(delivery.id as string);
        const arrived = mine();
        expect(arrived.map(({ payload }) => payload.data.threshold).sort((a: number, b: number) => a - b)).toEqual([
          70, 90, 100,
        ]);
        for (const { entry } of arrived) expect(verify(hook.body.secret as string, entry)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(mine()).toHaveLength(3);
        // And the Prometheus counter, once each.
        expect((await alertsCounted()) - countedBefore).toBe(3);

        // At 100 %, a submission is refused until the reset.
        const refused = await user.as().post('/calculations', adhoc('def run(p):\n    return 1\n')).expect(429);
        expect(refused.body).toMatchObject({
          type: 'urn:retort:problem:budget-exhausted',
          resetsAt: midnight.toISOString(),
        });
        const retryAfter = Number(refused.headers['retry-after']);
        expect(Math.abs(retryAfter - (midnight.getTime() - Date.now()) / 1000)).toBeLessThan(5);

        // What was charged is exactly what was measured: CPUs × the measured wall time, summed.
        const { entries, daily, calculations } = await ledgerOf(user.userId);
        const ran = calculations.filter((row) => row.started_at !== null);
        expect(entries).toHaveLength(ran.length);
        expect(daily.calculations).toBe(ran.length);
        const measured = ran.reduce((sum, row) => sum + row.cpus * row.execution_time_s, 0);
        expect(daily.reserved_core_s).toBeCloseTo(measured, 9);
        // The Prometheus counter of ad-hoc core-seconds grew by at least as much (others may have run too).
        expect((await coreSecondsCounted()) - coreSecondsBefore).toBeGreaterThanOrEqual(measured - 1e-9);
        for (const row of ran) {
          const entry = entries.find((candidate) => candidate.calculation_id === row.id) as EntryRow;
          expect(entry.wall_s).toBe(row.execution_time_s);
          expect(entry.reserved_core_s).toBe(row.cpus * row.execution_time_s);
        }
      });
    }, 180_000);

    it('decides simultaneous submissions one at a time: never more queued than the room', async () => {
      await withFreshUser('queue', async (user) => {
        await putLimits(user.userId, { maxRunning: 1, maxQueued: 2 }).expect(200);
        const blocker = await user.as().post('/calculations', spinner(1, 120)).expect(202);
        await user.waitFor(blocker.body.id as string, ['running']);
        const answers = await Promise.all(
          Array.from({ length: 6 }, () => user.as().post('/calculations', adhoc('def run(p):\n    return 1\n'))),
        );
        expect(answers.map((answer) => answer.status).sort()).toEqual([202, 202, 429, 429, 429, 429]);
        for (const refused of answers.filter((answer) => answer.status === 429)) {
          expect(refused.body).toMatchObject({ type: 'urn:retort:problem:too-many-queued', maxQueued: 2, queued: 2 });
        }
        const [{ waiting }] = await db.query<{ waiting: number }[]>(
          `SELECT count(*)::int AS waiting FROM calculations WHERE user_id = $1 AND status = 'queued'`,
          [user.userId],
        );
        expect(waiting).toBe(2);
        await putLimits(user.userId, { usageEnabled: false, cancelRunning: true }).expect(200);
        await user.waitFor(blocker.body.id as string, FINAL);
      });
    }, 120_000);

    it('admits a batch on the sum of its calculations’ worst cases', async () => {
      await withFreshUser('batch', async (user) => {
        await putLimits(user.userId, { dailyCoreSeconds: 10 }).expect(200);
        const batch = (timeoutS: number) => ({
          name: 'sweep',
          code: 'def run(p):\n    return p["a"]\n',
          limits: { cpus: 1, timeoutS },
          sweep: { grid: { a: [1, 2, 3] } },
        });
        // 3 × 1 CPU × 4 s = 12 core-seconds at worst, of 10: refused, nothing written.
        const refused = await user.as().post('/batches', batch(4)).expect(429);
        expect(refused.body).toMatchObject({
          type: 'urn:retort:problem:budget-insufficient',
          remainingCoreSeconds: 10,
          worstCaseCoreSeconds: 12,
        });
        expect(refused.body.detail).toContain('× 3 calculations');
        const written = await db.query(`SELECT 1 FROM batches WHERE user_id = $1`, [user.userId]);
        expect(written).toEqual([]);
        // 3 × 3 = 9 fits.
        const accepted = await user.as().post('/batches', batch(3)).expect(202);
        const ids = await db.query<{ id: string }[]>(`SELECT id FROM calculations WHERE batch_id = $1`, [
          accepted.body.id,
        ]);
        expect(ids).toHaveLength(3);
        for (const { id } of ids) await user.waitFor(id, FINAL);
      });
    }, 120_000);

    it('the kill switch cancels what waits and stops what runs, audited', async () => {
      await withFreshUser('kill', async (user) => {
        await putLimits(user.userId, { maxRunning: 1 }).expect(200);
        const running = await user.as().post('/calculations', spinner(1, 120)).expect(202);
        await user.waitFor(running.body.id as string, ['running']);
        const waiting = await user.as().post('/calculations', spinner(1, 120)).expect(202);
        // Resuming never cancels anything.
        await putLimits(user.userId, { usageEnabled: true, cancelRunning: true }).expect(422);

        const switched = await putLimits(user.userId, { usageEnabled: false, cancelRunning: true }).expect(200);
        expect(switched.body).toMatchObject({
          overrides: { usageEnabled: false },
          cancelled: { cancelled: 1, stopping: 1 },
        });
        expect((await user.waitFor(waiting.body.id as string, FINAL)).status).toBe('cancelled');
        const stopped = await user.waitFor(running.body.id as string, FINAL, 30_000);
        expect(stopped.status).toBe('cancelled');
        // It ran, so it is charged for what it ran; the one that never started is not.
        const entries = await entriesOf([running.body.id, waiting.body.id]);
        expect(entries.map((entry) => [entry.calculation_id, entry.status])).toEqual([[running.body.id, 'cancelled']]);
        await user.as().post('/calculations', adhoc('def run(p):\n    return 1\n')).expect(403);
        const audited = await as('ada')
          .get(`/admin/audit?action=user-limits.updated&targetId=${user.userId}`)
          .expect(200);
        expect(audited.body.items[0]).toMatchObject({
          actorUserId: ids.ada,
          metadata: { usageEnabled: false, cancelRunning: true, cancelled: 1, stopping: 1 },
        });
      });
    }, 120_000);

    it('charges a calculation whose worker was SIGKILLed once, and the ledger still sums exactly', async () => {
      await withFreshUser('crash', async (user) => {
        // Only the worker about to be killed takes jobs.
        await worker.close();
        const port = randomPort();
        const doomed = start(WORKER, { ...process.env, WORKER_HTTP_PORT: String(port), LOG_LEVEL: 'warn' });
        let lost: Body;
        let measured: Body;
        try {
          await waitForReady(port, doomed);
          measured = await user.as().post('/calculations', adhoc('def run(p):\n    return 1\n')).expect(202);
          await user.waitFor(measured.body.id as string, ['completed']);
          lost = await user.as().post('/calculations', spinner(1, 90)).expect(202);
          await user.waitFor(lost.body.id as string, ['running']);
          doomed.child.kill('SIGKILL');
        } finally {
          worker = await createWorkerApp(workerConfig);
        }
        const ended = await eventually(
          async () => {
            await worker.get(ReconcileCalculationsJob).reconcile();
            return (await user.as().get(`/calculations/${lost.body.id}`).expect(200)).body as Body;
          },
          (body) => body.status !== 'running',
          90_000,
          1000,
        );
        expect(await stop(doomed)).toMatch(/exited already/);
        expect(ended.status).toBe('failed');
        // Its end recorded again (the reconciler again, a retried job) changes nothing.
        const execution = worker.get(CalculationExecution);
        expect(await execution.failLost(lost.body.id as string)).toBe(false);
        await worker.get(ReconcileCalculationsJob).reconcile();

        const { entries, daily, calculations } = await ledgerOf(user.userId);
        expect(entries).toHaveLength(2);
        expect(daily.calculations).toBe(2);
        const row = (id: string) => calculations.find((candidate) => candidate.id === id) as Body;
        const entry = (id: string) => entries.find((candidate) => candidate.calculation_id === id) as EntryRow;
        // Measured: CPUs × the measured wall time. Lost: start to end, never beyond the time limit.
        const done = row(measured.body.id as string);
        expect(entry(done.id).reserved_core_s).toBe(done.cpus * done.execution_time_s);
        const gone = row(lost.body.id as string);
        const heldS = Math.min((gone.completed_at.getTime() - gone.started_at.getTime()) / 1000, gone.timeout_s);
        expect(entry(gone.id).wall_s).toBeCloseTo(heldS, 2);
        expect(entry(gone.id).reserved_core_s).toBe(gone.cpus * entry(gone.id).wall_s);
        expect(daily.reserved_core_s).toBe(entry(done.id).reserved_core_s + entry(gone.id).reserved_core_s);
      });
    }, 240_000);
  });

  describe('reports', () => {
    it('gives a user a series by day or month with storage byte-days, totals and budgets', async () => {
      await withRealmUser('report', async ({ token }) => {
        const mine = () => authenticated(api, token);
        await request(api.getHttpServer())
          .post('/api/v1/files')
          .auth(token, { type: 'bearer' })
          .attach('file', Buffer.alloc(1000, 1), { filename: 'held.bin', contentType: 'application/octet-stream' })
          .expect(201);
        const submitted = await mine().post('/calculations', adhoc('def run(p):\n    return 1\n')).expect(202);
        await waitForValue(
          async (): Promise<Body> => (await mine().get(`/calculations/${submitted.body.id}`).expect(200)).body,
          (body) => body.status === 'completed',
          { timeoutMs: 60_000, intervalMs: 200 },
        );
        const today = utcDay(new Date());
        const monthStart = `${today.slice(0, 8)}01`;
        const byDay = (await mine().get('/users/me/usage').expect(200)).body;
        expect(byDay).toMatchObject({ from: monthStart, to: today, granularity: 'day' });
        // Every day of the month so far, zeros included.
        expect(byDay.series.map((point: Body) => point.period)).toHaveLength(Number(today.slice(8)));
        const point = byDay.series.at(-1);
        expect(point).toMatchObject({ period: today, calculations: 1 });
        // 1000 bytes held for a part of today: more than nothing, less than a whole day's.
        expect(point.storageByteDays).toBeGreaterThan(0);
        expect(point.storageByteDays).toBeLessThan(1000);
        expect(byDay.totals).toMatchObject({ calculations: 1, storageByteDays: point.storageByteDays });

        const byMonth = (await mine().get(`/users/me/usage?from=${monthStart}&granularity=month`).expect(200)).body;
        expect(byMonth.series).toEqual([
          expect.objectContaining({
            period: today.slice(0, 7),
            calculations: 1,
            reservedCoreSeconds: point.reservedCoreSeconds,
          }),
        ]);
        const reversed = await mine().get(`/users/me/usage?from=${today}&to=2000-01-01`).expect(422);
        expect(reversed.body.errors).toEqual([{ path: 'from', message: expect.stringContaining('after') }]);
        await mine().get('/users/me/usage?granularity=week').expect(422);
      });
    }, 120_000);

    it('sorts the per-user usage, pages it, exports it as CSV, and gives the platform statistics', async () => {
      const sorted: Body[] = [];
      let cursor: string | null = null;
      do {
        const page: Body = (
          await as('ada')
            .get(`/admin/usage?sort=coreSeconds&order=desc&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
            .expect(200)
        ).body;
        sorted.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(sorted.length).toBeGreaterThanOrEqual(2);
      const core = sorted.map((row) => row.reservedCoreSeconds as number);
      expect(core).toEqual([...core].sort((a, b) => b - a));
      expect(new Set(sorted.map((row) => row.userId)).size).toBe(sorted.length);
      const ascending = (await as('ada').get('/admin/usage?sort=coreSeconds&order=asc&limit=100').expect(200)).body;
      expect(ascending.items.map((row: Body) => row.userId)).toEqual(sorted.map((row) => row.userId).reverse());
      await as('ada').get('/admin/usage?sort=coreSeconds&cursor=bm90LWEtY3Vyc29y').expect(422);

      const csv = await as('ada').get('/admin/usage?sort=coreSeconds&order=desc&format=csv').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.trim().split('\n');
      expect(lines[0]).toBe(
        'userId,username,calculations,cpuSeconds,wallSeconds,reservedCoreSeconds,reservedGbSeconds,outputBytes',
      );
      expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(sorted.map((row) => row.userId));

      const stats = (await as('ada').get('/admin/stats').expect(200)).body;
      const [files] = await db.query<Body[]>(
        `SELECT count(*)::int AS files, COALESCE(SUM(size_bytes), 0)::float8 AS bytes FROM user_files WHERE deleted_at IS NULL`,
      );
      expect(stats.storage).toMatchObject(files);
      const statuses = await db.query<Body[]>(
        `SELECT status, count(*)::int AS count FROM calculations GROUP BY status ORDER BY status`,
      );
      expect(stats.byStatus).toEqual(statuses);
      expect(stats.byTool.find((entry: Body) => entry.tool === 'ad-hoc').calculations).toBeGreaterThan(0);
      const month = sorted.reduce((sum, row) => sum + (row.reservedCoreSeconds as number), 0);
      expect(stats.compute.reservedCoreSeconds).toBeCloseTo(month, 6);
      await as('alice').get('/admin/stats').expect(403);
    });
  });
});
