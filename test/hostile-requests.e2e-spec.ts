import { INestApplication } from '@nestjs/common';
import { connect } from 'node:net';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FileStorageService } from '../src/files/file-storage.service';
import { S3StorageAdapter } from '../src/storage/s3-storage.adapter';
import { createApiApp, testConfig } from './helpers/app';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { eventually } from './helpers/wait';

interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection. With `hangUpAfter`, sends that many bytes
 * of the body and destroys the socket (a client gone mid-request); otherwise reads the answer.
 */
function rawRequest(port: number, head: string, body: Buffer, options: { hangUpAfter?: number } = {}) {
  return new Promise<RawResponse | null>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => (options.hangUpAfter === undefined ? reject(error) : resolve(null)));
    socket.on('close', () => {
      if (options.hangUpAfter !== undefined) return resolve(null);
      const text = Buffer.concat(chunks).toString('utf8');
      const [headers, ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(headers.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(head);
    if (options.hangUpAfter === undefined) {
      socket.write(body);
      return;
    }
    socket.write(body.subarray(0, options.hangUpAfter), () => setTimeout(() => socket.destroy(), 20));
  });
}

const BOUNDARY = 'BBBhostile';
const multipartBody = (parts: string) => Buffer.from(`${parts}--${BOUNDARY}--\r\n`);
const filePart = (name: string, filename: string | null, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"` +
  (filename === null ? '' : `; filename="${filename}"`) +
  `\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;

describe('hostile requests (real API, PostgreSQL, MinIO, Keycloak)', () => {
  let app: INestApplication;
  let port: number;
  let db: DataSource;
  let s3: S3StorageAdapter;
  let tokens: DemoTokens;
  let aliceId: string;
  let stagedKeys: () => string[];
  const http = () => request(app.getHttpServer());

  const head = (length: number, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
    `POST /api/v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tokens.alice}\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;

  /** What a failed upload could leave behind: rows, stored objects, open S3 multipart uploads. */
  const leftovers = async () => {
    const [{ files, objects }] = await db.query<{ files: number; objects: number }[]>(
      `SELECT (SELECT count(*)::int FROM user_files WHERE user_id = $1) AS files,
              (SELECT count(*)::int FROM storage_objects WHERE user_id = $1) AS objects`,
      [aliceId],
    );
    // MinIO lists multipart uploads by exact key only: ask about every key the API staged under.
    let multipart = 0;
    for (const key of stagedKeys()) multipart += (await s3.listMultipartUploads(key)).length;
    return { files, objects, multipart };
  };

  const expectAlive = () => http().get('/health/live').expect(200);

  beforeAll(async () => {
    app = await createApiApp();
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    db = app.get(DataSource);
    s3 = app.get(S3StorageAdapter);
    // Pass-through: records each object key an upload is staged under.
    const newObjectKey = jest.spyOn(app.get(FileStorageService), 'newObjectKey');
    stagedKeys = () => newObjectKey.mock.results.map((result) => result.value as string);
    tokens = await demoTokens();
    aliceId = (await http().get('/api/v1/users/me').auth(tokens.alice, { type: 'bearer' }).expect(200)).body.id;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('multipart uploads', () => {
    const whole = multipartBody(filePart('file', 'a.txt', 'hello, this is the file content'));

    it('answers a body cut at every byte offset with a 4xx, stays up and keeps nothing', async () => {
      const before = await leftovers();
      const statuses = new Set<number>();
      // Up to the closing delimiter: what follows it (its CRLF) is an epilogue, and the body whole.
      const closed = whole.length - '\r\n'.length;
      for (let cut = 0; cut < closed; cut += 1) {
        const body = whole.subarray(0, cut);
        const response = await rawRequest(port, head(body.length), body);
        expect(response).not.toBeNull();
        if (response!.status < 400 || response!.status >= 500) {
          throw new Error(`a body cut at byte ${cut} was answered ${response!.status}: ${response!.body}`);
        }
        expect(response!.headers).toMatch(/content-type: application\/problem\+json/i);
        statuses.add(response!.status);
      }
      // The truncated ones are malformed bodies (the case that used to kill the process).
      expect(statuses).toEqual(new Set([422]));
      await expectAlive();
      expect(await leftovers()).toEqual(before);
    });

    it('survives clients hanging up at any point of the body and cleans up after them', async () => {
      const before = await leftovers();
      const big = multipartBody(filePart('file', 'big.bin', 'x'.repeat(6 * 1024 * 1024)));
      for (const hangUpAfter of [0, 10, 60, 1024, 5 * 1024 * 1024, big.length - 5]) {
        await rawRequest(port, head(big.length), big, { hangUpAfter });
      }
      await expectAlive();
      expect(stagedKeys().length).toBeGreaterThan(0);
      expect(await eventually(leftovers, (now) => now.multipart === 0 && now.objects === before.objects)).toEqual(
        before,
      );
    });

    it('refuses two file parts, a part without a file name and a missing boundary', async () => {
      const before = await leftovers();
      const two = multipartBody(filePart('file', 'a.txt', 'one') + filePart('file', 'b.txt', 'two'));
      const twoAnswer = await rawRequest(port, head(two.length), two);
      expect(twoAnswer!.status).toBe(422);
      expect(JSON.parse(twoAnswer!.body).errors[0].message).toMatch(/exactly one file/);

      const noName = multipartBody(filePart('file', null, 'not a file'));
      const noNameAnswer = await rawRequest(port, head(noName.length), noName);
      expect(noNameAnswer!.status).toBe(422);
      expect(JSON.parse(noNameAnswer!.body).errors[0]).toMatchObject({ path: 'file' });

      const noBoundary = await rawRequest(port, head(whole.length, 'multipart/form-data'), whole);
      expect(noBoundary!.status).toBe(422);
      expect(JSON.parse(noBoundary!.body).detail).toBeDefined();
      await expectAlive();
      expect(await leftovers()).toEqual(before);
    });

    it('answers 408 to a body that stalls past the idle timeout and keeps nothing', async () => {
      const slowApp = await createApiApp(testConfig({ FILES_UPLOAD_IDLE_TIMEOUT_S: '1' }));
      try {
        await slowApp.listen(0, '127.0.0.1');
        const slowPort = (slowApp.getHttpServer().address() as AddressInfo).port;
        const before = await leftovers();
        const started = Date.now();
        // Announces the whole body, sends half of it, then nothing.
        const answer = await new Promise<RawResponse>((resolve) => {
          const socket = connect(slowPort, '127.0.0.1');
          let text = '';
          socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
          socket.on('close', () => {
            const [headers, ...rest] = text.split('\r\n\r\n');
            resolve({ status: Number(headers.split(' ')[1]), headers, body: rest.join('') });
          });
          socket.write(head(whole.length));
          socket.write(whole.subarray(0, 60));
        });
        expect(answer.status).toBe(408);
        expect(JSON.parse(answer.body)).toMatchObject({ type: 'urn:retort:problem:upload-timeout', status: 408 });
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(await leftovers()).toEqual(before);
      } finally {
        await slowApp.close();
      }
    });
  });

  describe('JSON bodies', () => {
    const post = (path: string) => http().post(`/api/v1${path}`).auth(tokens.alice, { type: 'bearer' });

    it('answers a body over 1 MiB with a typed 413 that carries the request id', async () => {
      const response = await post('/calculations')
        .set('Content-Type', 'application/json')
        .set('X-Request-Id', 'big-body-1')
        .send(JSON.stringify({ name: 'x', code: 'x'.repeat(2 * 1024 * 1024) }))
        .expect(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'urn:retort:problem:body-too-large',
        requestId: 'big-body-1',
        limitBytes: 1024 * 1024,
      });
    });

    it('answers parameters nested 10,000 levels deep with a 422, not a stack overflow', async () => {
      const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
      const body = `{"name":"deep","tool":"anything","parameters":${deep}}`;
      const response = await post('/calculations').set('Content-Type', 'application/json').send(body).expect(422);
      expect(response.body.errors[0].message).toBe('nesting deeper than 32 levels is not accepted');
      await expectAlive();
    });

    it('refuses __proto__ and constructor as property names, at the top level too', async () => {
      for (const key of ['__proto__', 'constructor']) {
        const response = await post('/calculations')
          .set('Content-Type', 'application/json')
          .send(`{"name":"x","code":"print(1)","${key}":{"isAdmin":true}}`)
          .expect(422);
        expect(response.body.errors).toEqual([{ path: key, message: `"${key}" is not accepted as a property name` }]);
      }
    });

    it('answers malformed JSON with a typed 400', async () => {
      const response = await post('/calculations').set('Content-Type', 'application/json').send('{"name":').expect(400);
      expect(response.body.type).toBe('urn:retort:problem:malformed-json');
    });

    it('answers JSON sent as text/plain or as a form with 415, not a misleading 422', async () => {
      const json = JSON.stringify({ name: 'x', code: 'print(1)' });
      const plain = await post('/calculations').set('Content-Type', 'text/plain').send(json).expect(415);
      expect(plain.body.type).toBe('urn:retort:problem:unsupported-media-type');
      await post('/calculations').field('name', 'x').field('code', 'print(1)').expect(415);
      await post('/calculations').type('form').send({ name: 'x', code: 'print(1)' }).expect(415);
    });

    it('answers a path that cannot be decoded with a typed 400', async () => {
      const response = await http().get('/api/v1/files/%FF').auth(tokens.alice, { type: 'bearer' }).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('urn:retort:problem:malformed-path');
    });
  });
});
