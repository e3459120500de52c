import { INestApplication } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { waitFor } from './helpers/wait';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Checks `Retort-Signature: t=<unix>,v1=<hex>` the way a receiver would. */
function verify(secret: string, received: Received): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(received.headers['retort-signature']));
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${received.body}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(match[1])) < 300;
  return fresh && timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

describe('webhooks (real Redis, PostgreSQL, Docker, Keycloak; a local receiver)', () => {
  let api: INestApplication;
  let worker: INestApplication;
  let tokens: DemoTokens;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let failuresLeft = 0;
  const as = (who: keyof DemoTokens) => authenticated(api, tokens[who]);
  const config = { WEBHOOKS_ALLOW_LOOPBACK: 'true', WEBHOOKS_RETRY_BASE_MS: '200' };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(503).end('down for a moment');
          return;
        }
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    api = await createApiApp(testConfig(config));
    worker = await createWorkerApp(testConfig({ ...config, WORKER_CONCURRENCY: '2' }));
    tokens = await demoTokens();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const eventsOf = (type: string) => received.filter((entry) => (JSON.parse(entry.body) as Body).type === type);

  it('refuses link-local and metadata destinations', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/hook']) {
      const refused = await as('alice')
        .post('/webhooks', { url, events: ['calculation.completed'] })
        .expect(422);
      expect(refused.body.errors).toEqual([{ path: 'url', message: expect.stringMatching(/link-local/) }]);
    }
  });

  it('delivers a signed calculation.completed through a receiver outage, and logs each delivery', async () => {
    const created = await as('alice')
      .post('/webhooks', { url: receiverUrl, events: ['calculation.completed'] })
      .expect(201);
    const { secret, id } = created.body;
    expect(secret).toMatch(/^whsec_/);
    const listed = await as('alice').get('/webhooks').expect(200);
    const mine = listed.body.items.find((item: Body) => item.id === id);
    expect(mine).toEqual({ id, url: receiverUrl, events: ['calculation.completed'], createdAt: expect.any(String) });
    await as('tom').get(`/webhooks/${id}/deliveries`).expect(404);

    failuresLeft = 2;
    const submitted = await as('alice')
      .post('/calculations', { name: 'hooked', code: 'def run(p):\n    return 42\n' })
      .expect(202);
    const delivery = await waitFor(
      () => Promise.resolve(eventsOf('calculation.completed').find((entry) => entry.body.includes(submitted.body.id))),
      (entry) => entry !== undefined,
      { timeoutMs: 60_000, intervalMs: 200, found: () => 'no calculation.completed delivery arrived' },
    );
    expect(verify(secret as string, delivery as Received)).toBe(true);
    expect(verify('whsec_wrong', delivery as Received)).toBe(false);
    const payload = JSON.parse((delivery as Received).body) as Body;
    expect(payload).toMatchObject({
      type: 'calculation.completed',
      data: { calculationId: submitted.body.id, status: 'completed' },
    });
    expect((delivery as Received).headers['retort-delivery']).toBe(payload.id);

    const log = await waitFor(
      async () => (await as('alice').get(`/webhooks/${id}/deliveries`).expect(200)).body as Body,
      (body) => body.items[0]?.status === 'delivered',
      { timeoutMs: 10_000, intervalMs: 200, found: (body) => JSON.stringify(body.items[0]) },
    );
    expect(log.items[0]).toMatchObject({
      id: payload.id,
      event: 'calculation.completed',
      attempts: 3,
      responseStatus: 200,
      responseExcerpt: 'thanks',
      error: null,
    });

    await as('alice').delete(`/webhooks/${id}`).expect(204);
    await as('alice').delete(`/webhooks/${id}`).expect(404);
  });

  it('sends usage.threshold at 70 % and 90 % of a budget, once each', async () => {
    const adaId = (await as('ada').get('/users/me').expect(200)).body.id as string;
    const created = await as('ada')
      .post('/webhooks', { url: receiverUrl, events: ['usage.threshold'] })
      .expect(201);
    const spent = (await as('ada').get('/users/me/usage').expect(200)).body.budgets[0].spentCoreSeconds as number;
    const setBudget = (body: object) =>
      request(api.getHttpServer())
        .put(`/api/v1/admin/users/${adaId}/limits`)
        .auth(tokens.ada, { type: 'bearer' })
        .send({ usageEnabled: true, ...body });
    await setBudget({ dailyCoreSeconds: spent + 0.01 }).expect(200);
    try {
      const submitted = await as('ada')
        .post('/calculations', { name: 'spender', code: 'import time\ndef run(p):\n    time.sleep(0.5)\n' })
        .expect(202);
      const alerts = await waitFor(
        () => Promise.resolve(eventsOf('usage.threshold').map((entry) => JSON.parse(entry.body) as Body)),
        (events) => events.length >= 2,
        { timeoutMs: 60_000, intervalMs: 200, found: (events) => `${events.length} usage.threshold events` },
      );
      expect(alerts.map((event) => event.data.threshold).sort()).toEqual([70, 90]);
      expect(alerts[0].data).toMatchObject({ budget: 'daily', budgetCoreSeconds: spent + 0.01 });
      for (const entry of eventsOf('usage.threshold')) expect(verify(created.body.secret as string, entry)).toBe(true);
      expect((await as('ada').get(`/calculations/${submitted.body.id}`).expect(200)).body.status).toBe('completed');
    } finally {
      await setBudget({}).expect(200);
      await as('ada').delete(`/webhooks/${created.body.id}`).expect(204);
    }
  });
});
