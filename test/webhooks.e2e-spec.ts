import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { CalculationRepository } from '../src/calculations/calculation.repository';
import { JobName } from '../src/queue/job-names';
import { QueueName } from '../src/queue/queue-names';
import { WebhookHttpAdapter } from '../src/webhooks/webhook-http.adapter';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { waitFor, waitForJob } from './helpers/wait';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/** Verifies a delivery the way a receiver would, with the Standard Webhooks library; throws if it does not. */
function verified(secret: string, entry: Received): Body {
  const headers = {
    'webhook-id': String(entry.headers['webhook-id']),
    'webhook-timestamp': String(entry.headers['webhook-timestamp']),
    'webhook-signature': String(entry.headers['webhook-signature']),
  };
  return new StandardWebhook(secret).verify(entry.body, headers) as Body;
}

describe('webhooks (real Redis, PostgreSQL, Docker, Keycloak; a local receiver)', () => {
  let api: INestApplication;
  let worker: INestApplication;
  let tokens: DemoTokens;
  let receiver: Server;
  let base: string;
  const received: Received[] = [];
  // Per path: how many more requests fail with 503 before it answers 200 (Infinity: always down).
  const failuresLeft = new Map<string, number>();
  const as = (who: keyof DemoTokens) => authenticated(api, tokens[who]);
  // The receiver listens on 127.0.0.1: allowed by the operator's allow-list, and nothing else loopback.
  const config = {
    WEBHOOKS_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOKS_RETRY_BASE_MS: '200',
    WEBHOOKS_MAX_ATTEMPTS: '7',
    WEBHOOKS_DISABLE_AFTER_HOURS: '0.001',
    WEBHOOKS_SWEEP_MS: '1000',
  };
  const startWorker = () => createWorkerApp(testConfig({ ...config, WORKER_CONCURRENCY: '2' }));

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        if (path.startsWith('/redirect/')) {
          received.push({ path, headers: req.headers, body, status: 302 });
          res.writeHead(302, { Location: `/ok/${path.slice('/redirect/'.length)}` }).end();
          return;
        }
        const left = failuresLeft.get(path) ?? 0;
        if (left > 0) {
          failuresLeft.set(path, left - 1);
          received.push({ path, headers: req.headers, body, status: 503 });
          res.writeHead(503).end('down for a moment');
          return;
        }
        received.push({ path, headers: req.headers, body, status: 200 });
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    api = await createApiApp(testConfig(config));
    worker = await startWorker();
    tokens = await demoTokens();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const at = (path: string) => received.filter((entry) => entry.path === path);
  const delivered = (path: string) => at(path).filter((entry) => entry.status === 200);
  const waitForDelivered = (path: string, count = 1, timeoutMs = 60_000) =>
    waitFor(
      () => Promise.resolve(delivered(path)),
      (entries) => entries.length >= count,
      { timeoutMs, intervalMs: 100, found: (entries) => `${entries.length} deliveries to ${path}` },
    );
  const register = async (who: keyof DemoTokens, path: string, events: string[]) =>
    (
      await as(who)
        .post('/webhooks', { url: `${base}${path}`, events })
        .expect(201)
    ).body as Body;
  const userId = async (who: keyof DemoTokens) => (await as(who).get('/users/me').expect(200)).body.id as string;
  /**
   * Calculations of a user's that earlier suites left queued run now, on this suite's worker; until they
   * end they hold their worst case against the budget and, when they end, raise events of their own.
   */
  const settled = async (who: keyof DemoTokens) => {
    const id = await userId(who);
    await waitFor(
      () => api.get(CalculationRepository).inFlightOf(id, api.get(DataSource).manager),
      (inFlight) => inFlight.reservedCoreSeconds === 0,
      { timeoutMs: 60_000, found: (inFlight) => `${who} still holds ${inFlight.reservedCoreSeconds} core-seconds` },
    );
    return id;
  };
  const deliveriesOf = async (who: keyof DemoTokens, webhookId: string) =>
    (await as(who).get(`/webhooks/${webhookId}/deliveries`).expect(200)).body.items as Body[];

  it('refuses private, loopback, link-local, metadata and reserved destinations, for webhooks and callbacks', async () => {
    const targets = [
      'http://10.0.0.1/hook',
      'http://192.168.1.10/hook',
      'http://172.16.5.4/hook',
      'http://100.64.0.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/hook',
      'http://[fd00:ec2::254]/hook',
      'http://[::1]/hook',
      'http://127.0.0.2/hook',
      'http://0.0.0.0/hook',
      'http://224.0.0.1/hook',
    ];
    for (const url of targets) {
      const refused = await as('alice')
        .post('/webhooks', { url, events: ['calculation.completed'] })
        .expect(422);
      expect(refused.body.errors).toEqual([
        { path: 'url', message: expect.stringMatching(/may not receive webhooks/) },
      ]);
    }
    const callback = await as('alice')
      .post('/calculations', {
        name: 'refused callback',
        code: 'def run(p):\n    return 1\n',
        callbackUrl: 'http://169.254.169.254/latest/meta-data/',
      })
      .expect(422);
    expect(callback.body.errors).toEqual([{ path: 'callbackUrl', message: expect.stringMatching(/linkLocal/) }]);
  });

  it('delivers a signed calculation.completed through a receiver outage, logs it, calls the callback back, and redelivers by hand', async () => {
    const tag = randomUUID();
    const hookPath = `/flaky/${tag}`;
    const callbackPath = `/callback/${tag}`;
    // Only this test's calculation may complete once the webhook exists: it expects exactly one event.
    await settled('alice');
    const webhook = await register('alice', hookPath, ['calculation.completed']);
    expect(webhook.secret).toMatch(/^whsec_/);
    const listed = (await as('alice').get('/webhooks').expect(200)).body.items.find(
      (item: Body) => item.id === webhook.id,
    );
    expect(listed).toEqual({
      id: webhook.id,
      url: `${base}${hookPath}`,
      events: ['calculation.completed'],
      enabled: true,
      disabledAt: null,
      failingSince: null,
      createdAt: expect.any(String),
    });
    await as('tom').get(`/webhooks/${webhook.id}/deliveries`).expect(404);
    const callbackSecret = (await as('alice').get('/webhooks/callback-secret').expect(200)).body.secret as string;
    expect(callbackSecret).toMatch(/^whsec_/);
    expect((await as('alice').get('/webhooks/callback-secret').expect(200)).body.secret).toBe(callbackSecret);

    failuresLeft.set(hookPath, 2);
    const submitted = await as('alice')
      .post('/calculations', {
        name: 'hooked',
        code: 'def run(p):\n    return 42\n',
        callbackUrl: `${base}${callbackPath}`,
      })
      .expect(202);
    expect(submitted.body.callbackUrl).toBe(`${base}${callbackPath}`);
    const [delivery] = await waitForDelivered(hookPath);
    const payload = verified(webhook.secret as string, delivery);
    expect(payload).toEqual({
      type: 'calculation.completed',
      timestamp: expect.any(String),
      data: { calculationId: submitted.body.id, status: 'completed' },
    });
    expect(() => verified(callbackSecret, delivery)).toThrow();
    // The failed attempts carried the same webhook-id: the receiver can tell a retry from a new event.
    expect(at(hookPath).map((entry) => entry.status)).toEqual([503, 503, 200]);
    expect(new Set(at(hookPath).map((entry) => entry.headers['webhook-id'])).size).toBe(1);

    const log = await waitFor(
      () => deliveriesOf('alice', webhook.id as string),
      (items) => items[0]?.status === 'delivered',
      { timeoutMs: 10_000, intervalMs: 200, found: (items) => JSON.stringify(items[0]) },
    );
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      id: delivery.headers['webhook-id'],
      event: 'calculation.completed',
      attempts: 3,
      responseStatus: 200,
      responseExcerpt: 'thanks',
      error: null,
    });

    // The one-off callback: the same scheme, signed with the owner's callback secret.
    const [callback] = await waitForDelivered(callbackPath);
    expect(verified(callbackSecret, callback)).toMatchObject({
      type: 'calculation.completed',
      data: { calculationId: submitted.body.id, status: 'completed' },
    });

    const callbackOf = async (who: keyof DemoTokens) =>
      ((await as(who).get('/webhooks/callback-deliveries').expect(200)).body.items as Body[]).find(
        (item) => item.payload.data.calculationId === submitted.body.id,
      );
    const logged = await waitFor(
      () => callbackOf('alice'),
      (item) => item?.status === 'delivered',
      { timeoutMs: 10_000, intervalMs: 200, found: (item) => JSON.stringify(item) },
    );
    expect(logged).toMatchObject({
      id: callback.headers['webhook-id'],
      url: `${base}${callbackPath}`,
      event: 'calculation.completed',
      attempts: 1,
      responseStatus: 200,
    });
    expect(await callbackOf('tom')).toBeUndefined();

    // Redelivery by hand: owner only, the same webhook-id, a fresh series of attempts.
    const redeliver = `/webhooks/${webhook.id}/deliveries/${log[0].id}/redeliver`;
    await as('tom').post(redeliver).expect(404);
    await as('alice').post(`/webhooks/${webhook.id}/deliveries/${randomUUID()}/redeliver`).expect(404);
    const again = await as('alice').post(redeliver).expect(202);
    expect(again.body).toMatchObject({ id: log[0].id, status: 'pending', attempts: 0 });
    const both = await waitForDelivered(hookPath, 2);
    expect(both[1].headers['webhook-id']).toBe(delivery.headers['webhook-id']);
    expect(verified(webhook.secret as string, both[1])).toEqual(payload);
    await waitFor(
      () => deliveriesOf('alice', webhook.id as string),
      (items) => items[0]?.status === 'delivered' && items[0]?.attempts === 1,
      { timeoutMs: 10_000, intervalMs: 200, found: (items) => JSON.stringify(items[0]) },
    );

    await as('alice').delete(`/webhooks/${webhook.id}`).expect(204);
    await as('alice').delete(`/webhooks/${webhook.id}`).expect(404);
  });

  it('does not follow a redirect: a 3xx is a failed attempt, recorded', async () => {
    const tag = randomUUID();
    const webhook = await register('tom', `/redirect/${tag}`, ['usage.threshold']);
    await api.get(WebhooksService).emit(await userId('tom'), 'usage.threshold', { tag });
    const [first] = await waitFor(
      () => deliveriesOf('tom', webhook.id as string),
      (items) => (items[0]?.attempts ?? 0) >= 1,
      { timeoutMs: 20_000, intervalMs: 100, found: (items) => JSON.stringify(items[0]) },
    );
    expect(first).toMatchObject({ responseStatus: 302, error: expect.stringMatching(/redirects are not followed/) });
    expect(first.status).not.toBe('delivered');
    expect(at(`/ok/${tag}`)).toEqual([]);
    await as('tom').delete(`/webhooks/${webhook.id}`).expect(204);
  });

  it('connects to the addresses it checked, never asking DNS again (no DNS rebinding)', async () => {
    const tag = randomUUID();
    const port = (receiver.address() as AddressInfo).port;
    // `.invalid` never resolves: the request can only arrive through the pinned address.
    const answer = await api
      .get(WebhookHttpAdapter)
      .post(
        `http://rebinding.invalid:${port}/ok/${tag}`,
        [{ address: '127.0.0.1', family: 4 }],
        { 'Content-Type': 'application/json' },
        '{"pinned":true}',
        { timeoutMs: 5000, excerptBytes: 3 },
      );
    expect(answer).toEqual({ status: 200, excerpt: 'tha' });
    expect(delivered(`/ok/${tag}`)).toEqual([
      expect.objectContaining({
        body: '{"pinned":true}',
        headers: expect.objectContaining({ host: `rebinding.invalid:${port}` }),
      }),
    ]);
  });

  it('delivers what was pending while the worker was down and its job was lost with Redis', async () => {
    const tag = randomUUID();
    const path = `/ok/${tag}`;
    const cancelPath = `/callback/cancelled-${tag}`;
    const webhook = await register('tom', path, ['usage.threshold', 'calculation.cancelled']);
    await worker.close();
    let queuedId: string;
    try {
      await api.get(WebhooksService).emit(await userId('tom'), 'usage.threshold', { tag });
      const [pending] = await deliveriesOf('tom', webhook.id as string);
      expect(pending.status).toBe('pending');
      // Redis forgets the job (a restart without persistence): only the row is left.
      const queue = api.get<Queue>(getQueueToken(QueueName.Webhooks));
      expect(await queue.getJob(`webhook-${pending.id}`)).toBeDefined();
      await queue.remove(`webhook-${pending.id}`);
      expect(await queue.getJob(`webhook-${pending.id}`)).toBeUndefined();
      // A calculation cancelled before any worker took it ends in the API: announced there.
      const queued = await as('tom')
        .post('/calculations', {
          name: 'never runs',
          code: 'def run(p):\n    return 1\n',
          callbackUrl: `${base}${cancelPath}`,
        })
        .expect(202);
      queuedId = queued.body.id as string;
      await as('tom').post(`/calculations/${queuedId}/cancel`).expect(202);
    } finally {
      worker = await startWorker();
    }
    const events = (await waitForDelivered(path, 2, 30_000)).map((entry) => verified(webhook.secret as string, entry));
    const cancelled = { type: 'calculation.cancelled', data: { calculationId: queuedId, status: 'cancelled' } };
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'usage.threshold', data: { tag } }),
        expect.objectContaining(cancelled),
      ]),
    );
    const callbackSecret = (await as('tom').get('/webhooks/callback-secret').expect(200)).body.secret as string;
    const [viaCallback] = await waitForDelivered(cancelPath, 1, 30_000);
    expect(verified(callbackSecret, viaCallback)).toMatchObject(cancelled);
    // The same delivery queued again (a sweep racing a slow job): the row says delivered, nothing is sent.
    const [done] = (await deliveriesOf('tom', webhook.id as string)).filter((item) => item.event === 'usage.threshold');
    expect(done.status).toBe('delivered');
    const queue = api.get<Queue>(getQueueToken(QueueName.Webhooks));
    const duplicate = await queue.add(JobName.DeliverWebhook, { deliveryId: done.id, attemptsBefore: 0 });
    await waitForJob(duplicate);
    expect((await queue.getJob(duplicate.id!))?.returnvalue).toEqual({ outcome: 'gone' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(delivered(path)).toHaveLength(2);
    await as('tom').delete(`/webhooks/${webhook.id}`).expect(204);
  });

  it('disables an endpoint that fails for too long, tells its owner, and sends again once re-enabled', async () => {
    const tag = randomUUID();
    const path = `/down/${tag}`;
    failuresLeft.set(path, Infinity);
    const webhook = await register('tom', path, ['usage.threshold']);
    const tomId = await userId('tom');
    const service = api.get(WebhooksService);
    await service.emit(tomId, 'usage.threshold', { tag, n: 1 });
    const disabled = await waitFor(
      async () =>
        (await as('tom').get('/webhooks').expect(200)).body.items.find((item: Body) => item.id === webhook.id),
      (item: Body) => item.enabled === false,
      { timeoutMs: 30_000, intervalMs: 200, found: (item) => JSON.stringify(item) },
    );
    expect(disabled).toMatchObject({ disabledAt: expect.any(String), failingSince: expect.any(String) });
    const [failed] = await deliveriesOf('tom', webhook.id as string);
    expect(failed).toMatchObject({ status: 'failed', responseStatus: 503, error: expect.stringMatching(/disabled/) });
    const notifications = (await as('tom').get('/users/me/notifications?unread=true&limit=100').expect(200)).body;
    expect(notifications.items).toContainEqual(
      expect.objectContaining({
        kind: 'webhook.disabled',
        data: { webhookId: webhook.id, url: `${base}${path}` },
        title: expect.stringContaining('disabled'),
      }),
    );
    // Disabled: an event makes no delivery at all; redelivery is refused until it is enabled.
    await service.emit(tomId, 'usage.threshold', { tag, n: 2 });
    expect(await deliveriesOf('tom', webhook.id as string)).toHaveLength(1);
    await as('tom').post(`/webhooks/${webhook.id}/deliveries/${failed.id}/redeliver`).expect(409);
    await as('alice').patch(`/webhooks/${webhook.id}`, { enabled: true }).expect(404);

    failuresLeft.set(path, 0);
    const enabled = await as('tom').patch(`/webhooks/${webhook.id}`, { enabled: true }).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledAt: null, failingSince: null });
    await service.emit(tomId, 'usage.threshold', { tag, n: 3 });
    const [entry] = await waitForDelivered(path);
    expect(verified(webhook.secret as string, entry)).toMatchObject({ data: { tag, n: 3 } });
    await as('tom').delete(`/webhooks/${webhook.id}`).expect(204);
  });

  it('sends batch.completed once, when the last calculation of a batch ends', async () => {
    const tag = randomUUID();
    const path = `/ok/${tag}`;
    await settled('tom');
    const webhook = await register('tom', path, ['batch.completed']);
    const batch = await as('tom')
      .post('/batches', {
        name: `hooked ${tag}`,
        code: 'def run(p):\n    return p["i"]\n',
        sweep: { grid: { i: [1, 2] } },
      })
      .expect(202);
    const [entry] = await waitForDelivered(path);
    expect(verified(webhook.secret as string, entry)).toEqual({
      type: 'batch.completed',
      timestamp: expect.any(String),
      data: { batchId: batch.body.id, counts: { completed: 2 } },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(delivered(path)).toHaveLength(1);
    await as('tom').delete(`/webhooks/${webhook.id}`).expect(204);
  });

  it('sends usage.threshold at 70 %, 90 % and 100 % of a budget, once each', async () => {
    const tag = randomUUID();
    const path = `/ok/${tag}`;
    const webhook = await register('ada', path, ['usage.threshold']);
    // The budget is set once what ada has in flight has ended (and spent).
    const adaId = await settled('ada');
    const spent = (await as('ada').get('/users/me/usage').expect(200)).body.budgets[0].spentCoreSeconds as number;
    const setBudget = (body: object) =>
      request(api.getHttpServer())
        .put(`/api/v1/admin/users/${adaId}/limits`)
        .auth(tokens.ada, { type: 'bearer' })
        .send({ usageEnabled: true, ...body });
    // What remains (1 core-second) is the submission's worst case (1 CPU × 1 s), which it spends by timing out.
    await setBudget({ dailyCoreSeconds: spent + 1 }).expect(200);
    try {
      const submitted = await as('ada')
        .post('/calculations', {
          name: 'spender',
          code: 'import time\ndef run(p):\n    time.sleep(30)\n',
          limits: { cpus: 1, timeoutS: 1 },
        })
        .expect(202);
      const alerts = (await waitForDelivered(path, 3)).map((entry) => verified(webhook.secret as string, entry));
      expect(alerts.map((event) => event.data.threshold as number).sort((a, b) => a - b)).toEqual([70, 90, 100]);
      expect(alerts[0].data).toMatchObject({ budget: 'daily', budgetCoreSeconds: spent + 1 });
      expect((await as('ada').get(`/calculations/${submitted.body.id}`).expect(200)).body.status).toBe('timed_out');
    } finally {
      await setBudget({}).expect(200);
      await as('ada').delete(`/webhooks/${webhook.id}`).expect(204);
    }
  });
});
