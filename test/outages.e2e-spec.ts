import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { ValidateFunction } from 'ajv';
import { Queue } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request, { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { FileStorageService } from '../src/files/file-storage.service';
import { QueueName } from '../src/queue/queue-names';
import { RedisAdapter } from '../src/queue/redis.adapter';
import { S3StorageAdapter } from '../src/storage/s3-storage.adapter';
import { createApiApp, testConfig } from './helpers/app';
import { passwordToken, DEMO_USERS } from './helpers/keycloak';
import { generatedChunks } from './helpers/multipart';
import { OutageProxy } from './helpers/outage-proxy';
import { checkProblem, documentedProblem } from './helpers/problem-schema';
import { eventually } from './helpers/wait';

// The issue's bound: an outage is answered within 5 s, never by a hang.
const BOUND_MS = 5_000;

/**
 * Outages of each dependency, simulated by a TCP proxy in this process between the API and the real
 * service (the shared services are never stopped). Each case cuts the proxy (refusing, or accepting
 * and never answering), expects 503 problem+json with Retry-After naming the dependency within 5 s,
 * restores it, and expects the same API instance to succeed again.
 */
describe('dependency outages (real services behind a TCP proxy)', () => {
  const real = testConfig();
  let proxies: Record<'postgres' | 'redis' | 'storage' | 'keycloak', OutageProxy>;
  let app: INestApplication;
  let port: number;
  let token: string;
  let problemSchema: ValidateFunction;
  let db: DataSource;
  let storage: S3StorageAdapter;
  const http = () => request(app.getHttpServer());
  const get = (path: string) => http().get(`/api/v1${path}`).auth(token, { type: 'bearer' });
  // What this suite submitted: no worker runs here, so afterAll cancels whatever it left waiting.
  const submitted = new Set<string>();
  const submit = (name: string) => {
    submitted.add(name);
    return http().post('/api/v1/calculations').auth(token, { type: 'bearer' }).send({ name, code: 'print(1)' });
  };
  const uploadSmall = (content = 'x,y\n1,2\n') =>
    http()
      .post('/api/v1/files')
      .auth(token, { type: 'bearer' })
      .attach('file', Buffer.from(content), { filename: 'small.csv', contentType: 'text/csv' });

  async function timed(send: () => PromiseLike<Response>): Promise<{ response: Response; ms: number }> {
    const started = Date.now();
    const response = await send();
    return { response, ms: Date.now() - started };
  }

  function expectOutage({ response, ms }: { response: Response; ms: number }, dependency: string): void {
    expect({ status: response.status, dependency: response.body.dependency }).toEqual({ status: 503, dependency });
    expect(ms).toBeLessThan(BOUND_MS);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.body).toMatchObject({ type: 'urn:retort:problem:dependency-unavailable', status: 503 });
    // Every member it carries is one the OpenAPI Problem schema states, typed as it says.
    expect(checkProblem(problemSchema, response.body)).toEqual({ valid: true, errors: null });
    // No internals: neither where the service listens nor a driver's words.
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(/127\.0\.0\.1|ECONN|:\d{4,5}\b|stack/);
  }

  /** After a restore the API recovers by itself; a client retrying every half second gets through. */
  async function recovers(send: () => PromiseLike<Response>, status: number, timeoutMs = 15_000): Promise<Response> {
    const response = await eventually(
      () => Promise.resolve(send()),
      (answer) => answer.status === status,
      timeoutMs,
    );
    expect(response.status).toBe(status);
    return response;
  }

  const rowsNamed = async (name: string) =>
    db.query<{ id: string; status: string }[]>(`SELECT id, status FROM calculations WHERE name = $1`, [name]);

  beforeAll(async () => {
    const redisUrl = new URL(real.redisUrl);
    const s3Url = new URL(real.s3.endpoint ?? 'http://127.0.0.1:9000');
    const keycloakUrl = new URL(real.keycloak.url);
    const [postgres, redis, s3, keycloak] = await Promise.all([
      OutageProxy.start({ host: real.database.host, port: real.database.port }),
      OutageProxy.start({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) }),
      OutageProxy.start({ host: s3Url.hostname, port: Number(s3Url.port || 80) }),
      OutageProxy.start({ host: keycloakUrl.hostname, port: Number(keycloakUrl.port || 80) }),
    ]);
    proxies = { postgres, redis, storage: s3, keycloak };
    // Only the app under test goes through the proxies; tokens still come from Keycloak itself.
    app = await createApiApp(
      testConfig({
        DATABASE_HOST: '127.0.0.1',
        DATABASE_PORT: String(postgres.port),
        REDIS_URL: `redis://${redis.address}`,
        S3_ENDPOINT: `http://${s3.address}`,
        KEYCLOAK_URL: `http://${keycloak.address}`,
        KEYCLOAK_ISSUER: real.keycloak.issuer,
        USER_SYNC_ENABLED: 'false',
      }),
    );
    const server = app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    problemSchema = await documentedProblem(app);
    token = await passwordToken(DEMO_USERS.user.username, DEMO_USERS.user.password);
    db = new DataSource(buildDataSourceOptions(real));
    await db.initialize();
    storage = new S3StorageAdapter(real);
  });

  afterAll(async () => {
    await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.restore()));
    // Left queued, they would run on the next suite's worker, in the middle of its own tests.
    const waiting = !db?.isInitialized
      ? []
      : await db.query<{ id: string }[]>(
          `SELECT id FROM calculations WHERE name = ANY($1) AND status IN ('pending', 'queued')`,
          [[...submitted]],
        );
    for (const { id } of waiting) {
      await http().post(`/api/v1/calculations/${id}/cancel`).auth(token, { type: 'bearer' }).expect(202);
    }
    await app?.close();
    await db?.destroy();
    storage?.onModuleDestroy();
    await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.close()));
  });

  // First: the API has verified no token yet, so it must fetch Keycloak's keys for this one.
  it("answers 503 while Keycloak's JWKS is unreachable, and verifies tokens again once it is back", async () => {
    await proxies.keycloak.refuse();
    expectOutage(await timed(() => get('/users/me')), 'keycloak');
    await proxies.keycloak.restore();
    proxies.keycloak.blackhole();
    expectOutage(await timed(() => get('/users/me')), 'keycloak');
    await proxies.keycloak.restore();
    await recovers(() => get('/users/me'), 200);
  });

  it('answers 503 while PostgreSQL refuses or never answers, and recovers without a restart', async () => {
    await proxies.postgres.refuse();
    expectOutage(await timed(() => get('/files')), 'postgres');
    await proxies.postgres.restore();
    await recovers(() => get('/files'), 200);

    proxies.postgres.blackhole({ dropExisting: true });
    expectOutage(await timed(() => get('/files')), 'postgres');
    await proxies.postgres.restore();
    await recovers(() => get('/files'), 200);
  });

  it('keeps per-check details in the readiness 503', async () => {
    await proxies.redis.refuse();
    const { response, ms } = await timed(() => http().get('/health/ready'));
    await proxies.redis.restore();
    expect(ms).toBeLessThan(BOUND_MS);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.body).toMatchObject({
      type: 'urn:retort:problem:not-ready',
      failing: ['redis'],
      checks: {
        postgres: { status: 'up' },
        redis: { status: 'down' },
        storage: { status: 'up' },
        keycloak: { status: 'up' },
      },
    });
    expect(checkProblem(problemSchema, response.body)).toEqual({ valid: true, errors: null });
    expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|ECONN/);
    await recovers(() => http().get('/health/ready'), 200);
  });

  it('answers 503 to API-key requests while the rate-limit counters in Redis are unreachable', async () => {
    const created = await http()
      .post('/api/v1/api-keys')
      .auth(token, { type: 'bearer' })
      .send({ name: `outage ${randomBytes(4).toString('hex')}` })
      .expect(201);
    const withKey = () =>
      http()
        .get('/api/v1/files')
        .set('X-API-Key', created.body.key as string);
    await recovers(withKey, 200);
    await proxies.redis.refuse();
    expectOutage(await timed(withKey), 'redis');
    await proxies.redis.restore();
    await recovers(withKey, 200);
    // Connected, then silent: the command timeout answers.
    proxies.redis.blackhole();
    expectOutage(await timed(withKey), 'redis');
    await proxies.redis.restore();
    await recovers(withKey, 200);
  });

  it('withdraws a submission the queue refused, so that a retry does not run it twice', async () => {
    await recovers(() => submit(`warm-up ${randomBytes(4).toString('hex')}`), 202);
    const name = `refused ${randomBytes(4).toString('hex')}`;
    await proxies.redis.refuse();
    const answer = await timed(() => submit(name));
    await proxies.redis.restore();
    expectOutage(answer, 'redis');
    expect(answer.response.body.outcome).toBe('withdrawn');
    expect(await rowsNamed(name)).toEqual([]);
    // The client's retry is the only submission.
    await recovers(() => submit(name), 202);
    expect(await rowsNamed(name)).toHaveLength(1);
  });

  it('leaves a submission queued, and says so, when the queue took it but never answered', async () => {
    await recovers(() => submit(`warm-up ${randomBytes(4).toString('hex')}`), 202);
    const name = `silent ${randomBytes(4).toString('hex')}`;
    const idempotencyKey = randomUUID();
    const submitOnce = () => submit(name).set('Idempotency-Key', idempotencyKey);
    proxies.redis.blackhole();
    const answer = await timed(submitOnce);
    await proxies.redis.restore();
    expectOutage(answer, 'redis');
    expect(answer.response.body).toMatchObject({ outcome: 'left-queued', calculationId: expect.any(String) });
    expect(await rowsNamed(name)).toEqual([{ id: answer.response.body.calculationId, status: 'queued' }]);
    // A client retrying with its Idempotency-Key is told the same, and submits nothing twice.
    const retry = await submitOnce();
    expect(retry.status).toBe(503);
    expect(retry.body).toMatchObject({ outcome: 'left-queued', calculationId: answer.response.body.calculationId });
    expect(await rowsNamed(name)).toHaveLength(1);
    await recovers(() => submit(`after ${name}`), 202);
  });

  it('answers 503 to uploads and downloads while storage refuses or hangs, and serves them again after', async () => {
    const stored = await recovers(() => uploadSmall('a,b\n1,2\n'), 201);
    const fileId = stored.body.id as string;

    await proxies.storage.refuse();
    expectOutage(await timed(() => uploadSmall()), 'storage');
    expectOutage(await timed(() => get(`/files/${fileId}/content`)), 'storage');
    await proxies.storage.restore();
    await recovers(() => get(`/files/${fileId}/content`), 200);

    proxies.storage.blackhole();
    expectOutage(await timed(() => get(`/files/${fileId}/content`)), 'storage');
    // After the fail-fast window that the first failure opens, so that the upload meets the silence itself.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expectOutage(await timed(() => uploadSmall()), 'storage');
    await proxies.storage.restore();
    await recovers(() => uploadSmall(), 201);
  });

  it('answers 503 to a large upload when storage hangs mid-way, and leaves no multipart part behind', async () => {
    // MinIO lists multipart uploads only by exact key: note the keys the API stages to (calls through).
    const keys = jest.spyOn(app.get(FileStorageService), 'newObjectKey');
    const upload = new RawUpload(port, token);
    try {
      // 6 MiB: more than one 5 MiB part, so that a part reaches storage before the cut.
      const chunks = [...generatedChunks(14 * 1024 * 1024, 1024 * 1024, 'outage')];
      await upload.write(Buffer.concat(chunks.slice(0, 6)));
      const key = () => keys.mock.results.at(-1)?.value as string | undefined;
      const parts = await eventually(
        async () => {
          const current = key();
          if (!current) return 0;
          const uploads = await storage.listMultipartUploads(current);
          return uploads.length ? (await storage.listParts(current, uploads[0].uploadId)).length : 0;
        },
        (count) => count > 0,
        15_000,
      );
      expect(parts).toBeGreaterThan(0);

      proxies.storage.blackhole();
      const cutAt = Date.now();
      void upload.write(Buffer.concat(chunks.slice(6))).then(() => upload.end());
      const answer = await upload.response;
      const ms = Date.now() - cutAt;
      await proxies.storage.restore();
      expect({ status: answer.status, dependency: answer.body.dependency }).toEqual({
        status: 503,
        dependency: 'storage',
      });
      expect(answer.headers['retry-after']).toBeDefined();
      expect(ms).toBeLessThan(BOUND_MS);
      // The multipart upload is aborted once storage answers again: no part is left behind.
      const left = await eventually(
        () => storage.listMultipartUploads(key() ?? ''),
        (uploads) => uploads.length === 0,
        30_000,
      );
      expect(left).toEqual([]);
    } finally {
      upload.destroy();
      keys.mockRestore();
    }
  });

  // Without one, ioredis prints "Unhandled error event" with a stack on every failed reconnection.
  it('gives every Redis client and queue an error handler', () => {
    const redis = app.get(RedisAdapter);
    expect(redis.client.listenerCount('error')).toBeGreaterThan(0);
    const subscriber = redis.subscriber('outage-probe', () => undefined).connection;
    expect(subscriber.listenerCount('error')).toBeGreaterThan(0);
    subscriber.disconnect();
    for (const name of [QueueName.Calculations, QueueName.Maintenance]) {
      expect(app.get<Queue>(getQueueToken(name), { strict: false }).listenerCount('error')).toBeGreaterThan(0);
    }
  });
});

/** A multipart upload written by hand, so that the test decides when each byte is sent. */
class RawUpload {
  private readonly boundary = `outage-${randomBytes(8).toString('hex')}`;
  private readonly req;
  readonly response: Promise<{ status: number; headers: IncomingMessage['headers']; body: Record<string, unknown> }>;

  constructor(port: number, token: string) {
    this.req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/v1/files',
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${this.boundary}`,
        'Transfer-Encoding': 'chunked',
      },
    });
    this.response = new Promise((resolve, reject) => {
      this.req.on('response', (res: IncomingMessage) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} }),
        );
      });
      // The server may answer and hang up before the body is all sent: only a missing answer fails.
      this.req.on('error', (error) => setTimeout(() => reject(error), 1_000).unref());
    });
    this.req.write(
      `--${this.boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
  }

  write(data: Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.req.destroyed || !this.req.write(data)) this.req.once('drain', resolve);
      else resolve();
      this.req.once('close', resolve);
    });
  }

  destroy(): void {
    this.req.destroy();
  }

  end(): void {
    if (!this.req.destroyed) this.req.end(`\r\n--${this.boundary}--\r\n`);
  }
}
