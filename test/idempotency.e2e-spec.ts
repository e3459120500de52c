import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_KEY_PATTERN } from '../src/idempotency/idempotency-key-header';
import { IdempotencyService } from '../src/idempotency/idempotency.service';
import { JobName } from '../src/queue/job-names';
import { QueueName } from '../src/queue/queue-names';
import { createApiApp, createWorkerApp } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { eventually } from './helpers/wait';
import { uniqueToolName } from './factories/tools';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

describe('Idempotency-Key (real PostgreSQL, Redis, MinIO, Keycloak)', () => {
  let api: INestApplication;
  let db: DataSource;
  let tokens: DemoTokens;
  const userIds: Record<string, string> = {};
  const http = () => request(api.getHttpServer());
  const as = (who: keyof DemoTokens) => authenticated(api, tokens[who]);
  const code = 'def run(params):\n    return {"ok": True}\n';
  const submit = (key: string | undefined, body: object, who: keyof DemoTokens = 'alice') => {
    const req = as(who).post('/calculations', body);
    return key === undefined ? req : req.set('Idempotency-Key', key);
  };
  const calculationsNamed = async (name: string) =>
    (await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM calculations WHERE name = $1`, [name]))[0].n;
  const uniqueName = (prefix: string) => `${prefix} ${randomUUID()}`;

  /** A chunked multipart upload written by hand, so that a test decides when its body ends. */
  const openUpload = (key: string, filename: string) => {
    const boundary = `idem-${randomUUID()}`;
    const { port } = api.getHttpServer().address() as AddressInfo;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/v1/files',
      method: 'POST',
      headers: {
        Authorization: `Bearer ${tokens.alice}`,
        'Idempotency-Key': key,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Transfer-Encoding': 'chunked',
      },
    });
    const response = new Promise<{ status: number; headers: IncomingHttpHeaders; body: Body }>((resolve, reject) => {
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
      });
    });
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: text/plain\r\n\r\n',
    );
    return { req, response, tail: `\r\n--${boundary}--\r\n` };
  };

  beforeAll(async () => {
    api = await createApiApp();
    await api.listen(0, '127.0.0.1');
    db = api.get(DataSource);
    tokens = await demoTokens();
    for (const who of ['alice', 'tom'] as const) {
      userIds[who] = (await as(who).get('/users/me').expect(200)).body.id;
    }
  });

  afterAll(async () => {
    // Nothing submitted here should run: cancel what is still queued.
    for (const who of ['alice', 'tom'] as const) {
      const queued = await as(who).get('/calculations?status=queued&limit=100');
      for (const item of (queued.body.items ?? []) as Body[]) await as(who).post(`/calculations/${item.id}/cancel`);
    }
    await api.close();
  });

  describe('POST /calculations', () => {
    it('replays the first answer to a retry and creates one calculation, not two', async () => {
      const key = randomUUID();
      const name = uniqueName('replay');
      const first = await submit(key, { name, code }).expect(202);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const retry = await submit(key, { code, name }).expect(202);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers['content-type']).toMatch(/^application\/json/);
      expect(retry.headers.location).toBe(`calculations/${first.body.id}`);
      expect(retry.body).toEqual(first.body);
      expect(await calculationsNamed(name)).toBe(1);

      // Without the key the same body is a new submission.
      await submit(undefined, { name, code }).expect(202);
      expect(await calculationsNamed(name)).toBe(2);
    });

    it('answers 422 to the same key with a different body or on another route', async () => {
      const key = randomUUID();
      const name = uniqueName('mismatch');
      const first = await submit(key, { name, code }).expect(202);

      const other = await submit(key, { name: `${name} (2)`, code }).expect(422);
      expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(other.body.type).toBe('urn:retort:problem:idempotency-key-reused');
      expect(other.body.detail).toContain('Idempotency-Key');
      expect(other.body.errors).toEqual([{ path: 'header:Idempotency-Key', message: expect.any(String) }]);

      const rerun = await as('alice').post(`/calculations/${first.body.id}/rerun`).set('Idempotency-Key', key);
      expect(rerun.status).toBe(422);
      expect(rerun.body.type).toBe('urn:retort:problem:idempotency-key-reused');
      expect(await calculationsNamed(name)).toBe(1);
      expect(await calculationsNamed(`${name} (2)`)).toBe(0);
    });

    it('lets exactly one of simultaneous duplicates do the work; the others get 409 or the replay', async () => {
      const key = randomUUID();
      const name = uniqueName('concurrent');
      const responses = await Promise.all(Array.from({ length: 6 }, () => submit(key, { name, code }).then((r) => r)));

      const fresh = responses.filter((r) => r.status === 202 && r.headers['idempotent-replayed'] === undefined);
      const replayed = responses.filter((r) => r.status === 202 && r.headers['idempotent-replayed'] === 'true');
      const conflicts = responses.filter((r) => r.status === 409);
      expect(fresh).toHaveLength(1);
      expect(replayed.length + conflicts.length).toBe(5);
      for (const conflict of conflicts) {
        expect(conflict.body.type).toBe('urn:retort:problem:idempotency-key-in-use');
        expect(Number(conflict.headers['retry-after'])).toBeGreaterThan(0);
      }
      for (const replay of replayed) expect(replay.body.id).toBe(fresh[0].body.id);
      expect(await calculationsNamed(name)).toBe(1);
    });

    it('grants a key to exactly one of many simultaneous claims (insert-first on the primary key)', async () => {
      const keys = api.get(IdempotencyService);
      const key = randomUUID();
      const claims = await Promise.all(
        Array.from({ length: 8 }, () =>
          keys.claim(userIds.alice, key, 'f'.repeat(64), { method: 'POST', path: '/api/v1/calculations' }),
        ),
      );
      expect(claims.filter((claim) => claim.kind === 'acquired')).toHaveLength(1);
      expect(claims.filter((claim) => claim.kind === 'in-progress')).toHaveLength(7);
    });

    it('renews the lease of its own claim only, and indexes expiry for the purge', async () => {
      const keys = api.get(IdempotencyService);
      const key = randomUUID();
      const claim = await keys.claim(userIds.alice, key, 'e'.repeat(64), { method: 'POST', path: '/x' });
      expect(claim.kind).toBe('acquired');
      const lockToken = (claim as { lockToken: string }).lockToken;
      await db.query(`UPDATE idempotency_keys SET locked_until = now() + interval '1 second' WHERE key = $1`, [key]);
      expect(await keys.renew(userIds.alice, key, randomUUID())).toBe(false);
      expect(await keys.renew(userIds.alice, key, lockToken)).toBe(true);
      const [row] = await db.query<{ remaining: number }[]>(
        `SELECT extract(epoch FROM locked_until - now())::int AS remaining FROM idempotency_keys WHERE key = $1`,
        [key],
      );
      expect(row.remaining).toBeGreaterThan(30);
      await keys.release(userIds.alice, key, lockToken);

      const indexes = await db.query<{ indexdef: string }[]>(
        `SELECT indexdef FROM pg_indexes WHERE tablename = 'idempotency_keys'`,
      );
      expect(indexes.map((index) => index.indexdef).join('\n')).toContain('USING btree (expires_at)');
    });

    it('frees the key of a request that failed, so that a corrected retry goes through', async () => {
      const key = randomUUID();
      const name = uniqueName('failed');
      const invalid = await submit(key, { name }).expect(422);
      expect(invalid.body.type).not.toBe('urn:retort:problem:idempotency-key-reused');
      // The same failing request is not replayed from a store: it is refused again on its own merits.
      await submit(key, { name }).expect(422);
      const rows = await db.query(`SELECT 1 FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [
        userIds.alice,
        key,
      ]);
      expect(rows).toHaveLength(0);

      const corrected = await submit(key, { name, code }).expect(202);
      expect(corrected.headers['idempotent-replayed']).toBeUndefined();
      expect(await calculationsNamed(name)).toBe(1);
    });

    it('frees the key of a request for something that does not exist (404)', async () => {
      const key = randomUUID();
      await as('alice').post(`/calculations/${randomUUID()}/rerun`).set('Idempotency-Key', key).expect(404);
      const name = uniqueName('after 404');
      await submit(key, { name, code }).expect(202);
      expect(await calculationsNamed(name)).toBe(1);
    });

    it('keeps keys per user: alice’s key does not replay for tom', async () => {
      const key = randomUUID();
      const name = uniqueName('per user');
      const alices = await submit(key, { name, code }, 'alice').expect(202);
      const toms = await submit(key, { name, code }, 'tom').expect(202);
      expect(toms.headers['idempotent-replayed']).toBeUndefined();
      expect(toms.body.id).not.toBe(alices.body.id);
      expect(await calculationsNamed(name)).toBe(2);
      // And tom cannot read alice's answer through her key.
      const again = await submit(key, { name, code }, 'tom').expect(202);
      expect(again.body.id).toBe(toms.body.id);
    });

    it('replays a rerun', async () => {
      const name = uniqueName('rerun');
      const original = await submit(undefined, { name, code }).expect(202);
      const key = randomUUID();
      const first = await as('alice').post(`/calculations/${original.body.id}/rerun`).set('Idempotency-Key', key);
      expect(first.status).toBe(202);
      const retry = await as('alice').post(`/calculations/${original.body.id}/rerun`).set('Idempotency-Key', key);
      expect(retry.status).toBe(202);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      expect(await calculationsNamed(name)).toBe(2);
    });

    it('takes over a key whose holder stopped renewing its lease (a crashed process)', async () => {
      const key = randomUUID();
      await db.query(
        `INSERT INTO idempotency_keys (user_id, key, fingerprint, method, path, status, lock_token, locked_until, expires_at)
         VALUES ($1, $2, repeat('0', 64), 'POST', '/api/v1/calculations', 'in-progress', gen_random_uuid(),
           now() - interval '1 second', now() + interval '1 hour')`,
        [userIds.alice, key],
      );
      const name = uniqueName('takeover');
      const response = await submit(key, { name, code }).expect(202);
      expect(response.headers['idempotent-replayed']).toBeUndefined();
      expect(await calculationsNamed(name)).toBe(1);
    });

    it('keeps a key and its answer for 24 hours from its first use, then lets it serve a new request', async () => {
      const key = randomUUID();
      const name = uniqueName('retention');
      const window = async () =>
        (
          await db.query<{ status: string; ttl: number; remaining: number; age: number; expiresAt: Date }[]>(
            `SELECT status, extract(epoch FROM expires_at - created_at)::float AS ttl,
                    extract(epoch FROM expires_at - clock_timestamp())::float AS remaining,
                    extract(epoch FROM clock_timestamp() - created_at)::float AS age, expires_at AS "expiresAt"
             FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
            [userIds.alice, key],
          )
        )[0];
      const first = await submit(key, { name, code }).expect(202);
      const stored = await window();
      expect(stored.status).toBe('complete');
      // 24 h after it was created (the database's clock), give or take a few seconds.
      expect(Math.abs(stored.ttl - 24 * 3600)).toBeLessThanOrEqual(5);
      expect(stored.age).toBeLessThan(60);
      expect(Math.abs(stored.remaining - (24 * 3600 - stored.age))).toBeLessThanOrEqual(5);

      // A replay answers from the record and does not extend it.
      await submit(key, { name, code }).expect(202).expect('idempotent-replayed', 'true');
      expect((await window()).expiresAt).toEqual(stored.expiresAt);

      // A minute before the 24 h are up it still replays, and still refuses another body.
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '23 hours 59 minutes',
           expires_at = now() + interval '1 minute' WHERE user_id = $1 AND key = $2`,
        [userIds.alice, key],
      );
      const late = await submit(key, { name, code }).expect(202);
      expect(late.headers['idempotent-replayed']).toBe('true');
      expect(late.body.id).toBe(first.body.id);
      await submit(key, { name: `${name} (other)`, code }).expect(422);

      // Once they are up, the key is free: another request with it is new work, kept 24 h from now.
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 second',
           expires_at = now() - interval '1 second' WHERE user_id = $1 AND key = $2`,
        [userIds.alice, key],
      );
      const fresh = await submit(key, { name: `${name} (new)`, code }).expect(202);
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
      expect(fresh.body.id).not.toBe(first.body.id);
      expect(await calculationsNamed(`${name} (new)`)).toBe(1);
      const renewed = await window();
      expect(Math.abs(renewed.ttl - 24 * 3600)).toBeLessThanOrEqual(5);
      expect(renewed.age).toBeLessThan(60);
    });

    it.each([
      ['empty', ''],
      ['too long', 'k'.repeat(256)],
      ['not printable ASCII', 'clé'],
    ])('refuses a key that is %s with a 422 naming the header', async (_, key) => {
      const name = uniqueName('bad key');
      const response = await http()
        .post('/api/v1/calculations')
        .auth(tokens.alice, { type: 'bearer' })
        .set('Idempotency-Key', Buffer.from(key, 'latin1').toString('latin1'))
        .send({ name, code })
        .expect(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([{ path: 'header:Idempotency-Key', message: expect.any(String) }]);
      expect(await calculationsNamed(name)).toBe(0);
    });
  });

  describe('files and tools', () => {
    it('replays a multipart upload and stores one file', async () => {
      const key = randomUUID();
      const filename = `idem-${randomUUID()}.csv`;
      const upload = () =>
        http()
          .post('/api/v1/files')
          .auth(tokens.alice, { type: 'bearer' })
          .set('Idempotency-Key', key)
          .field('description', 'replayed')
          .attach('file', Buffer.from('x,y\n1,2\n'), { filename, contentType: 'text/csv' });

      const first = await upload().expect(201);
      const retry = await upload().expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.location).toBe(`files/${first.body.id}`);
      expect(retry.body).toEqual(first.body);
      const rows = await db.query(`SELECT id FROM user_files WHERE filename = $1`, [filename]);
      expect(rows).toHaveLength(1);

      // Another file under the same key is another request (its length differs).
      const other = await http()
        .post('/api/v1/files')
        .auth(tokens.alice, { type: 'bearer' })
        .set('Idempotency-Key', key)
        .field('description', 'replayed')
        .attach('file', Buffer.from('x,y\n1,2\n3,4\n'), { filename, contentType: 'text/csv' })
        .expect(422);
      expect(other.body.type).toBe('urn:retort:problem:idempotency-key-reused');
    });

    it('answers 409 with Retry-After while the first upload with the key is still streaming', async () => {
      const key = randomUUID();
      const filename = `held-${randomUUID()}.txt`;
      const first = openUpload(key, filename);
      first.req.write('the first half, ');
      const keyRow = () =>
        db.query<{ status: string }[]>(`SELECT status FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [
          userIds.alice,
          key,
        ]);
      expect(await eventually(keyRow, (rows) => rows.length === 1)).toEqual([{ status: 'in-progress' }]);

      const second = openUpload(key, filename);
      second.req.end(`whole${second.tail}`);
      const conflict = await second.response;
      expect(conflict.status).toBe(409);
      expect(conflict.headers['retry-after']).toMatch(/^\d+$/);
      expect(conflict.body.type).toBe('urn:retort:problem:idempotency-key-in-use');

      first.req.end(`the second half${first.tail}`);
      const created = await first.response;
      expect(created.status).toBe(201);
      const third = openUpload(key, filename);
      third.req.end(`whatever${third.tail}`);
      const replay = await third.response;
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(created.body.id);
      const rows = await db.query(`SELECT id FROM user_files WHERE filename = $1`, [filename]);
      expect(rows).toHaveLength(1);
    });

    it('replays the start of a direct upload', async () => {
      const key = randomUUID();
      const body = { filename: 'direct.bin', sizeBytes: 10, sha256: 'a'.repeat(64) };
      const first = await as('alice').post('/files/uploads', body).set('Idempotency-Key', key).expect(201);
      const retry = await as('alice').post('/files/uploads', body).set('Idempotency-Key', key).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      const uploads = await db.query(`SELECT id FROM file_uploads WHERE user_id = $1 AND id = $2`, [
        userIds.alice,
        first.body.id,
      ]);
      expect(uploads).toHaveLength(1);
      await as('alice').delete(`/files/uploads/${first.body.id}`).expect(204);
    });

    it('replays the creation of a tool', async () => {
      const key = randomUUID();
      const name = uniqueToolName('idem');
      const body = { name, displayName: 'Idempotent tool', description: 'created once', tags: [] };
      await as('tom').post('/tools', body).set('Idempotency-Key', key).expect(201);
      const retry = await as('tom').post('/tools', body).set('Idempotency-Key', key).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.location).toBe(`tools/${name}`);
      // Without the key the duplicate is refused as a conflict: the replay above did not try again.
      await as('tom').post('/tools', body).expect(409);
    });
  });

  it('documents the header and its 409 and 422 answers on each route that takes it', async () => {
    const spec = (await http().get('/docs-json').expect(200)).body as Body;
    const operations: Array<[string, string]> = [
      ['/api/v1/files', 'post'],
      ['/api/v1/files/uploads', 'post'],
      ['/api/v1/files/uploads/{id}/complete', 'post'],
      ['/api/v1/tools', 'post'],
      ['/api/v1/tools/{name}/versions', 'post'],
      ['/api/v1/calculations', 'post'],
      ['/api/v1/calculations/{id}/rerun', 'post'],
    ];
    for (const [path, method] of operations) {
      const operation = spec.paths[path]?.[method] as Body;
      expect(operation).toBeDefined();
      const header = (operation.parameters as Body[]).find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect({ path, header }).toMatchObject({
        path,
        header: { required: false, schema: { maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source } },
      });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['409', '422']));
    }
    const apiKeys = spec.paths['/api/v1/api-keys']?.post as Body;
    expect(apiKeys).toBeDefined();
    expect((apiKeys.parameters ?? []).some((p: Body) => p.name === 'Idempotency-Key')).toBe(false);
  });

  it('purges expired keys in the worker’s maintenance job, and only those', async () => {
    const expired = randomUUID();
    const live = randomUUID();
    // Expiry, not age or state, decides: one about to expire stays, an abandoned claim past its expiry goes.
    const almostExpired = randomUUID();
    const expiredClaim = randomUUID();
    await db.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, method, path, status, response_status, created_at, expires_at)
       VALUES ($1, $2, repeat('0', 64), 'POST', '/api/v1/calculations', 'complete', 202, now() - interval '25 hours',
               now() - interval '1 hour'),
              ($1, $3, repeat('0', 64), 'POST', '/api/v1/calculations', 'complete', 202, now(), now() + interval '23 hours'),
              ($1, $4, repeat('0', 64), 'POST', '/api/v1/calculations', 'complete', 202,
               now() - interval '23 hours 55 minutes', now() + interval '5 minutes')`,
      [userIds.alice, expired, live, almostExpired],
    );
    await db.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, method, path, status, lock_token, locked_until, created_at, expires_at)
       VALUES ($1, $2, repeat('0', 64), 'POST', '/api/v1/calculations', 'in-progress', gen_random_uuid(),
               now() - interval '24 hours', now() - interval '24 hours 1 minute', now() - interval '1 minute')`,
      [userIds.alice, expiredClaim],
    );
    const keysLeft = async () =>
      (
        await db.query<{ key: string }[]>(`SELECT key FROM idempotency_keys WHERE key = ANY($1) ORDER BY expires_at`, [
          [expired, live, almostExpired, expiredClaim],
        ])
      ).map((row) => row.key);
    expect(await keysLeft()).toEqual([expired, expiredClaim, almostExpired, live]);

    // Nothing from the tests above should run in this worker.
    for (const who of ['alice', 'tom'] as const) {
      const queued = await as(who).get('/calculations?status=queued&limit=100');
      for (const item of (queued.body.items ?? []) as Body[]) await as(who).post(`/calculations/${item.id}/cancel`);
    }
    const worker = await createWorkerApp();
    try {
      const queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
      expect((await queue.getJobScheduler(JobName.PurgeIdempotencyKeys))?.every).toBe(3_600_000);
      const job = await queue.add(JobName.PurgeIdempotencyKeys, {}, { removeOnComplete: false });
      await eventually(
        async () => (await job.isCompleted()) || (await job.isFailed()),
        (done) => done,
        30_000,
      );
      const done = await queue.getJob(job.id!);
      expect(done?.failedReason).toBeUndefined();
      expect(await keysLeft()).toEqual([almostExpired, live]);
    } finally {
      await worker.close();
    }
  });
});
