import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CalculationExecution } from '../src/calculations/calculation-execution.service';
import { CalculationStatus } from '../src/calculations/calculation-status';
import { UsageService } from '../src/usage/usage.service';
import { utcDay } from '../src/usage/usage-figures';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { waitFor as waitForValue } from './helpers/wait';

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

describe('usage accounting and limits (real Docker, Redis, PostgreSQL, MinIO, Keycloak)', () => {
  let api: INestApplication;
  let worker: INestApplication;
  let db: DataSource;
  let tokens: DemoTokens;
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
    api = await createApiApp();
    worker = await createWorkerApp(testConfig({ WORKER_CONCURRENCY: '3', SANDBOX_KILL_GRACE_S: '1' }));
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
    it('records 70 % and 90 % once per budget and period, and audits them', async () => {
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
      expect(periods).toEqual(['daily 70', 'daily 90', 'monthly 70', 'monthly 90']);

      const report = await as('ada').get('/users/me/usage?from=2099-03-01&to=2099-03-31').expect(200);
      expect(report.body.days).toEqual([
        expect.objectContaining({ day: '2099-03-10', calculations: 5, reservedCoreSeconds: 900 }),
      ]);
      expect(report.body.alerts).toHaveLength(4);
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
});
