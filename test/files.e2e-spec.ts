import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DirectUploadsService } from '../src/files/direct-uploads.service';
import { S3StorageAdapter } from '../src/storage/s3-storage.adapter';
import { createApiApp, testConfig } from './helpers/app';
import { binaryBody } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { generatedChunks, sha256Of, streamMultipart } from './helpers/multipart';
import { MAIN, randomPort, rssBytes, sampleRss, start, stop, waitForReady } from './helpers/processes';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('files (real MinIO, PostgreSQL, Keycloak)', () => {
  let app: INestApplication;
  let db: DataSource;
  let s3: S3StorageAdapter;
  let tokens: DemoTokens;
  const ids: Record<'alice' | 'tom' | 'ada', string> = { alice: '', tom: '', ada: '' };
  const http = () => request(app.getHttpServer());

  const upload = (
    token: string,
    content: Buffer | string,
    filename = 'data.csv',
    fields: Record<string, string> = {},
  ) => {
    let req = http().post('/api/v1/files').auth(token, { type: 'bearer' });
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('file', Buffer.from(content), { filename, contentType: 'text/csv' });
  };
  const objectsOf = async (userId: string) =>
    (await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM storage_objects WHERE user_id = $1`, [userId]))[0]
      .n;
  const openMultipartUploads = async (userId: string) => (await s3.listMultipartUploads(`users/${userId}/`)).length;

  beforeAll(async () => {
    app = await createApiApp();
    db = app.get(DataSource);
    s3 = app.get(S3StorageAdapter);
    tokens = await demoTokens();
    for (const name of ['alice', 'tom', 'ada'] as const) {
      const me = await http().get('/api/v1/users/me').auth(tokens[name], { type: 'bearer' }).expect(200);
      ids[name] = me.body.id;
    }
  });

  afterAll(async () => {
    await app.close();
  });

  describe('upload and download', () => {
    const csv = 'x,y\n1,2\n2,4.1\n3,5.9\n';
    let fileId: string;

    it('stores a multipart upload with its sha256, size, content type and sanitised name', async () => {
      const response = await upload(tokens.alice, csv, '../évals/ré sults.csv', { description: 'points' }).expect(201);
      expect(response.body).toMatchObject({
        ownerId: ids.alice,
        filename: 'ré sults.csv',
        sizeBytes: Buffer.byteLength(csv),
        sha256: sha256(csv),
        contentType: 'text/csv',
        description: 'points',
        isPublic: false,
      });
      expect(response.headers.location).toBe(`files/${response.body.id}`);
      fileId = response.body.id;
      const [object] = await db.query(
        `SELECT o.s3_key FROM storage_objects o JOIN user_files f ON f.storage_object_id = o.id WHERE f.id = $1`,
        [fileId],
      );
      expect(object.s3_key).toMatch(new RegExp(`^users/${ids.alice}/objects/[0-9a-f-]{36}$`));
    });

    it('streams the content back with its headers and an RFC 6266 Content-Disposition', async () => {
      const response = await http()
        .get(`/api/v1/files/${fileId}/content`)
        .auth(tokens.alice, { type: 'bearer' })
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect((response.body as Buffer).toString()).toBe(csv);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-length']).toBe(String(Buffer.byteLength(csv)));
      expect(response.headers['accept-ranges']).toBe('bytes');
      expect(response.headers.etag).toBe(`"${sha256(csv)}"`);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="r? sults.csv"; filename*=UTF-8''r%C3%A9%20sults.csv`,
      );
    });

    it('answers 304 to a matching If-None-Match', async () => {
      await http()
        .get(`/api/v1/files/${fileId}/content`)
        .set('If-None-Match', `"${sha256(csv)}"`)
        .auth(tokens.alice, { type: 'bearer' })
        .expect(304);
    });

    it('serves byte ranges with 206 and Content-Range, and 416 past the end', async () => {
      const first = await http()
        .get(`/api/v1/files/${fileId}/content`)
        .set('Range', 'bytes=0-3')
        .auth(tokens.alice, { type: 'bearer' })
        .expect(206);
      expect(first.text).toBe('x,y\n');
      expect(first.headers['content-range']).toBe(`bytes 0-3/${csv.length}`);
      expect(first.headers['content-length']).toBe('4');

      const suffix = await http()
        .get(`/api/v1/files/${fileId}/content`)
        .set('Range', 'bytes=-4')
        .auth(tokens.alice, { type: 'bearer' })
        .expect(206);
      expect(suffix.text).toBe('5.9\n');

      const past = await http()
        .get(`/api/v1/files/${fileId}/content`)
        .set('Range', `bytes=${csv.length}-`)
        .auth(tokens.alice, { type: 'bearer' })
        .expect(416);
      expect(past.headers['content-range']).toBe(`bytes */${csv.length}`);
      expect(past.headers['content-type']).toMatch(/problem\+json/);
    });

    it('redirects to a short-lived presigned URL that serves the same bytes and name', async () => {
      const response = await http()
        .get(`/api/v1/files/${fileId}/content?redirect=true`)
        .auth(tokens.alice, { type: 'bearer' })
        .expect(302);
      const presigned = await fetch(response.headers.location);
      expect(presigned.status).toBe(200);
      expect(await presigned.text()).toBe(csv);
      expect(presigned.headers.get('content-disposition')).toContain(`filename*=UTF-8''r%C3%A9%20sults.csv`);
      expect(new URL(response.headers.location).searchParams.get('X-Amz-Expires')).toBe('300');
    });

    it('renames, describes and publishes a file', async () => {
      const response = await http()
        .patch(`/api/v1/files/${fileId}`)
        .auth(tokens.alice, { type: 'bearer' })
        .send({ filename: 'a/b/final.csv', description: null, isPublic: true })
        .expect(200);
      expect(response.body).toMatchObject({ filename: 'final.csv', originalFilename: 'ré sults.csv', isPublic: true });
      await http()
        .patch(`/api/v1/files/${fileId}`)
        .auth(tokens.alice, { type: 'bearer' })
        .send({ isPublic: false, owner: 'me' })
        .expect(422);
    });

    it('rejects invalid form fields with 422 and keeps nothing', async () => {
      const before = await objectsOf(ids.alice);
      const response = await upload(tokens.alice, 'other content', 'x.csv', {
        isPublic: 'maybe',
        colour: 'red',
      }).expect(422);
      expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['colour', 'isPublic']);
      expect(await objectsOf(ids.alice)).toBe(before);
    });

    it('answers 415 to a body that is not multipart and 422 without a file part', async () => {
      await http().post('/api/v1/files').auth(tokens.alice, { type: 'bearer' }).send({ file: 'x' }).expect(415);
      const response = await http()
        .post('/api/v1/files')
        .auth(tokens.alice, { type: 'bearer' })
        .field('description', 'no file')
        .expect(422);
      expect(response.body.errors[0].path).toBe('file');
    });
  });

  describe('access', () => {
    let privateId: string;
    let publicId: string;

    beforeAll(async () => {
      privateId = (await upload(tokens.tom, 'tom private\n', 'private.txt').expect(201)).body.id;
      publicId = (await upload(tokens.tom, 'tom public\n', 'public.txt', { isPublic: 'true' }).expect(201)).body.id;
    });

    it('hides someone else’s private file behind a 404, for metadata, content, changes and deletion', async () => {
      await http().get(`/api/v1/files/${privateId}`).auth(tokens.alice, { type: 'bearer' }).expect(404);
      await http().get(`/api/v1/files/${privateId}/content`).auth(tokens.alice, { type: 'bearer' }).expect(404);
      await http()
        .patch(`/api/v1/files/${privateId}`)
        .auth(tokens.alice, { type: 'bearer' })
        .send({ isPublic: true })
        .expect(404);
      await http().delete(`/api/v1/files/${privateId}`).auth(tokens.alice, { type: 'bearer' }).expect(404);
    });

    it('lets every authenticated user read a public file, but only its owner change it', async () => {
      const response = await http().get(`/api/v1/files/${publicId}/content`).auth(tokens.alice, { type: 'bearer' });
      expect(response.status).toBe(200);
      expect(response.text).toBe('tom public\n');
      await http()
        .patch(`/api/v1/files/${publicId}`)
        .auth(tokens.alice, { type: 'bearer' })
        .send({ filename: 'mine.txt' })
        .expect(403);
      const listed = await http().get('/api/v1/files?scope=public&limit=100').auth(tokens.alice, { type: 'bearer' });
      expect(listed.body.items.map((file: { id: string }) => file.id)).toContain(publicId);
      expect(listed.body.items.map((file: { id: string }) => file.id)).not.toContain(privateId);
    });

    it('lets an admin read any file, and only admins list everything', async () => {
      await http().get(`/api/v1/files/${privateId}`).auth(tokens.ada, { type: 'bearer' }).expect(200);
      await http().get('/api/v1/files?scope=all').auth(tokens.ada, { type: 'bearer' }).expect(200);
      await http().get('/api/v1/files?scope=all').auth(tokens.alice, { type: 'bearer' }).expect(403);
      await http().get('/api/v1/files').expect(401);
    });
  });

  describe('listing', () => {
    it('lists your files newest first with name and content-type filters and cursors', async () => {
      for (const name of ['list-a.json', 'list-b.json', 'list-c.txt']) {
        await upload(tokens.ada, `{"name":"${name}"}`, name).expect(201);
      }
      const page1 = await http()
        .get('/api/v1/files?name=LIST-&limit=2')
        .auth(tokens.ada, { type: 'bearer' })
        .expect(200);
      expect(page1.body.items.map((file: { filename: string }) => file.filename)).toEqual([
        'list-c.txt',
        'list-b.json',
      ]);
      const page2 = await http()
        .get(`/api/v1/files?name=list-&limit=2&cursor=${page1.body.nextCursor}`)
        .auth(tokens.ada, { type: 'bearer' })
        .expect(200);
      expect(page2.body.items.map((file: { filename: string }) => file.filename)).toEqual(['list-a.json']);
      expect(page2.body.nextCursor).toBeNull();
      const csvOnly = await http()
        .get('/api/v1/files?contentType=text/*&name=list-')
        .auth(tokens.ada, { type: 'bearer' });
      expect(csvOnly.body.items).toHaveLength(3);
      const none = await http()
        .get('/api/v1/files?contentType=image/png&name=list-')
        .auth(tokens.ada, { type: 'bearer' });
      expect(none.body.items).toHaveLength(0);
    });
  });

  describe('deduplication and deletion', () => {
    it('stores identical content once, and deletes the object with its last reference', async () => {
      const content = `dedup ${Date.now()}\n`;
      const objectsBefore = await objectsOf(ids.alice);
      const statsBefore = (await http().get('/api/v1/users/me/stats').auth(tokens.alice, { type: 'bearer' })).body;
      const first = (await upload(tokens.alice, content, 'one.csv').expect(201)).body;
      const second = (await upload(tokens.alice, content, 'two.csv').expect(201)).body;
      expect(second.id).not.toBe(first.id);
      expect(await objectsOf(ids.alice)).toBe(objectsBefore + 1);
      const stats = (await http().get('/api/v1/users/me/stats').auth(tokens.alice, { type: 'bearer' }).expect(200))
        .body;
      expect(stats.totalFiles).toBe(statsBefore.totalFiles + 2);
      expect(stats.totalStorageBytes).toBe(statsBefore.totalStorageBytes + 2 * content.length);
      expect(stats.storedBytes).toBe(statsBefore.storedBytes + content.length);
      const [{ s3_key: key }] = await db.query(
        `SELECT o.s3_key FROM storage_objects o JOIN user_files f ON f.storage_object_id = o.id WHERE f.id = $1`,
        [first.id],
      );
      // The same content from another user is that user's own object.
      await upload(tokens.tom, content, 'tom.csv').expect(201);
      expect(await objectsOf(ids.alice)).toBe(objectsBefore + 1);

      await http().delete(`/api/v1/files/${first.id}`).auth(tokens.alice, { type: 'bearer' }).expect(204);
      expect(await s3.head(key)).not.toBeNull();
      const still = await http().get(`/api/v1/files/${second.id}/content`).auth(tokens.alice, { type: 'bearer' });
      expect(still.text).toBe(content);
      await http().get(`/api/v1/files/${first.id}`).auth(tokens.alice, { type: 'bearer' }).expect(404);

      await http().delete(`/api/v1/files/${second.id}`).auth(tokens.alice, { type: 'bearer' }).expect(204);
      expect(await s3.head(key)).toBeNull();
      expect(await objectsOf(ids.alice)).toBe(objectsBefore);
      // Deleted files keep their metadata for the calculations that read them.
      const [row] = await db.query(`SELECT deleted_at, sha256 FROM user_files WHERE id = $1`, [second.id]);
      expect(row.deleted_at).not.toBeNull();
      expect(row.sha256).toBe(sha256(content));
      await http().delete(`/api/v1/files/${second.id}`).auth(tokens.alice, { type: 'bearer' }).expect(404);
    });

    it('refuses to delete a file an unfinished calculation uses, and allows it once finished', async () => {
      const file = (await upload(tokens.alice, `in use ${Date.now()}`, 'input.csv').expect(201)).body;
      const [calculation] = await db.query(
        `INSERT INTO calculations (user_id, name, code, image, status, memory_mb, cpus, timeout_s)
         VALUES ($1, 'uses a file', 'def run(p): return 1', 'img', 'running', 128, 1, 60) RETURNING id`,
        [ids.alice],
      );
      await db.query(`INSERT INTO calculation_files (calculation_id, file_id, role) VALUES ($1, $2, 'input')`, [
        calculation.id,
        file.id,
      ]);
      const refused = await http()
        .delete(`/api/v1/files/${file.id}`)
        .auth(tokens.alice, { type: 'bearer' })
        .expect(409);
      expect(refused.body).toMatchObject({ activeCalculations: 1 });
      await db.query(`UPDATE calculations SET status = 'completed' WHERE id = $1`, [calculation.id]);
      await http().delete(`/api/v1/files/${file.id}`).auth(tokens.alice, { type: 'bearer' }).expect(204);
    });
  });

  describe('limits', () => {
    let limited: INestApplication;

    afterEach(async () => {
      await limited?.close();
    });

    it('refuses a file over the size limit with 413 and keeps nothing', async () => {
      limited = await createApiApp(testConfig({ FILES_MAX_SIZE_BYTES: '1000' }));
      const before = await objectsOf(ids.alice);
      const response = await request(limited.getHttpServer())
        .post('/api/v1/files')
        .auth(tokens.alice, { type: 'bearer' })
        .attach('file', Buffer.alloc(5000, 'a'), 'big.bin')
        .expect(413);
      expect(response.body.type).toMatch(/file-too-large$/);
      expect(response.body.limitBytes).toBe(1000);
      expect(await objectsOf(ids.alice)).toBe(before);
      expect(await openMultipartUploads(ids.alice)).toBe(0);
    });

    it('refuses what does not fit in the quota with a clear 413', async () => {
      const { storedBytes } = (await http().get('/api/v1/users/me/stats').auth(tokens.tom, { type: 'bearer' })).body;
      limited = await createApiApp(testConfig({ FILES_USER_QUOTA_BYTES: String(storedBytes + 1500) }));
      const limitedHttp = () => request(limited.getHttpServer());
      await limitedHttp()
        .post('/api/v1/files')
        .auth(tokens.tom, { type: 'bearer' })
        .attach('file', Buffer.alloc(1000, `q${Date.now()}`), 'fits.bin')
        .expect(201);
      const response = await limitedHttp()
        .post('/api/v1/files')
        .auth(tokens.tom, { type: 'bearer' })
        .attach('file', Buffer.alloc(1000, `r${Date.now()}`), 'does-not-fit.bin')
        .expect(413);
      expect(response.body.type).toMatch(/storage-quota-exceeded$/);
      expect(response.body.detail).toMatch(/quota/);
      const presigned = await limitedHttp()
        .post('/api/v1/files/uploads')
        .auth(tokens.tom, { type: 'bearer' })
        .send({ filename: 'x.bin', sizeBytes: 1000, sha256: sha256('x') })
        .expect(413);
      expect(presigned.body.type).toMatch(/storage-quota-exceeded$/);
    });
  });

  describe('streaming', () => {
    it('leaves no object, multipart upload or row when the client hangs up mid-upload', async () => {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const objectsBefore = await objectsOf(ids.alice);
      const [{ n: filesBefore }] = await db.query(`SELECT count(*)::int AS n FROM user_files WHERE user_id = $1`, [
        ids.alice,
      ]);
      const result = await streamMultipart({
        port,
        path: '/api/v1/files',
        token: tokens.alice,
        filename: 'aborted.bin',
        chunks: generatedChunks(64 * 1024 * 1024, 1024 * 1024, 'abort'),
        abortAfterBytes: 24 * 1024 * 1024,
      });
      expect(result.status).toBe(0);
      // The server notices the hang-up, aborts the S3 multipart upload and deletes what it staged.
      const deadline = Date.now() + 15_000;
      while ((await openMultipartUploads(ids.alice)) > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await openMultipartUploads(ids.alice)).toBe(0);
      expect(await objectsOf(ids.alice)).toBe(objectsBefore);
      const [{ n: filesAfter }] = await db.query(`SELECT count(*)::int AS n FROM user_files WHERE user_id = $1`, [
        ids.alice,
      ]);
      expect(filesAfter).toBe(filesBefore);
    });

    it('streams a 200 MB upload through the API process with less than 64 MB of RSS growth', async () => {
      const port = randomPort();
      const api = start(MAIN, { ...process.env, API_PORT: String(port), API_HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
      try {
        await waitForReady(port, api);
        const size = 200 * 1024 * 1024;
        // Warm up with a 64 MB upload: the first large transfer loads code paths and the S3 client and
        // grows the allocator's arenas once. What is measured is the growth a 200 MB upload adds on
        // top: it must not depend on the file's size.
        await streamMultipart({
          port,
          path: '/api/v1/files',
          token: tokens.alice,
          filename: 'warm-up.bin',
          chunks: generatedChunks(64 * 1024 * 1024, 1024 * 1024, `warm ${Date.now()}`),
        });
        const baseline = rssBytes(api.child.pid as number);
        const sampler = sampleRss(api.child.pid as number);
        const seed = `big ${Date.now()}`;
        const result = await streamMultipart({
          port,
          path: '/api/v1/files',
          token: tokens.alice,
          filename: 'big.bin',
          chunks: generatedChunks(size, 1024 * 1024, seed),
        });
        const growth = sampler.stop() - baseline;
        expect(result.status).toBe(201);
        expect(result.body).toMatchObject({
          sizeBytes: size,
          sha256: sha256Of(generatedChunks(size, 1024 * 1024, seed)),
        });
        expect(growth).toBeLessThan(64 * 1024 * 1024);
        await http()
          .delete(`/api/v1/files/${result.body.id as string}`)
          .auth(tokens.alice, { type: 'bearer' })
          .expect(204);
      } finally {
        expect(await stop(api)).toBe('stopped');
      }
    });
  });

  describe('direct uploads (presigned)', () => {
    const create = (body: object) =>
      http().post('/api/v1/files/uploads').auth(tokens.alice, { type: 'bearer' }).send(body);
    const complete = (id: string) =>
      http().post(`/api/v1/files/uploads/${id}/complete`).auth(tokens.alice, { type: 'bearer' });

    it('completes a single-PUT upload after checking size and checksum', async () => {
      const content = Buffer.from(`direct ${Date.now()}\n`);
      const started = await create({
        filename: 'direct.txt',
        sizeBytes: content.length,
        sha256: sha256(content),
        contentType: 'text/plain',
        isPublic: true,
      }).expect(201);
      expect(started.body.mode).toBe('single');
      const put = await fetch(started.body.url, { method: 'PUT', body: content, headers: started.body.headers });
      expect(put.status).toBe(200);
      const file = await complete(started.body.id).expect(201);
      expect(file.body).toMatchObject({
        filename: 'direct.txt',
        sizeBytes: content.length,
        sha256: sha256(content),
        isPublic: true,
      });
      await complete(started.body.id).expect(404);
      const back = await http().get(`/api/v1/files/${file.body.id}/content`).auth(tokens.alice, { type: 'bearer' });
      expect(back.text).toBe(content.toString());
    });

    it('abandons only your own unfinished upload; anyone else’s is a 404', async () => {
      const started = await create({ filename: 'abandon.bin', sizeBytes: 4, sha256: sha256('abcd') }).expect(201);
      const cancel = (token: string) =>
        http().delete(`/api/v1/files/uploads/${started.body.id}`).auth(token, { type: 'bearer' });
      const notFound = await cancel(tokens.tom).expect(404);
      expect(notFound.body.type).toBe('urn:retort:problem:not-found');
      const rows = () => db.query(`SELECT id FROM file_uploads WHERE id = $1`, [started.body.id]);
      expect(await rows()).toHaveLength(1);
      await cancel(tokens.alice).expect(204);
      expect(await rows()).toHaveLength(0);
      await cancel(tokens.alice).expect(404);
    });

    it('discards an upload whose size was tampered with', async () => {
      const declared = Buffer.from('short');
      const started = await create({ filename: 't.bin', sizeBytes: declared.length, sha256: sha256(declared) }).expect(
        201,
      );
      await fetch(started.body.url, {
        method: 'PUT',
        body: Buffer.from('much longer than declared'),
        headers: started.body.headers,
      });
      const refused = await complete(started.body.id).expect(422);
      expect(refused.body.errors[0].path).toBe('sizeBytes');
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM file_uploads WHERE id = $1`, [started.body.id]);
      expect(n).toBe(0);
      expect((await s3.listMultipartUploads(`users/${ids.alice}/`)).length).toBe(0);
    });

    it('discards an upload whose content does not match its declared checksum', async () => {
      const started = await create({ filename: 'c.bin', sizeBytes: 4, sha256: sha256('abcd') }).expect(201);
      await fetch(started.body.url, { method: 'PUT', body: 'abce', headers: started.body.headers });
      const refused = await complete(started.body.id).expect(422);
      expect(refused.body.errors[0].path).toBe('sha256');
    });

    it('uploads a large file in presigned parts and assembles it', async () => {
      const size = 70 * 1024 * 1024;
      const seed = `parts ${Date.now()}`;
      const started = await create({
        filename: 'mesh.vtk',
        sizeBytes: size,
        sha256: sha256Of(generatedChunks(size, 1024 * 1024, seed)),
      }).expect(201);
      expect(started.body.mode).toBe('multipart');
      const parts = started.body.parts as { partNumber: number; url: string; sizeBytes: number }[];
      expect(parts.map((part) => part.sizeBytes).reduce((a, b) => a + b)).toBe(size);
      const all = Buffer.concat([...generatedChunks(size, 1024 * 1024, seed)]);
      let offset = 0;
      for (const part of parts) {
        const answer = await fetch(part.url, { method: 'PUT', body: all.subarray(offset, offset + part.sizeBytes) });
        expect(answer.status).toBe(200);
        offset += part.sizeBytes;
      }
      const file = await complete(started.body.id).expect(201);
      expect(file.body).toMatchObject({ sizeBytes: size, filename: 'mesh.vtk' });
      await http().delete(`/api/v1/files/${file.body.id}`).auth(tokens.alice, { type: 'bearer' }).expect(204);
    });

    it('refuses a multipart upload with a missing part and cleans it up', async () => {
      const size = 70 * 1024 * 1024;
      const started = await create({ filename: 'gap.bin', sizeBytes: size, sha256: sha256('x') }).expect(201);
      const [first] = started.body.parts as { url: string; sizeBytes: number }[];
      await fetch(first.url, { method: 'PUT', body: Buffer.alloc(first.sizeBytes) });
      const refused = await complete(started.body.id).expect(422);
      expect(refused.body.errors[0]).toMatchObject({ path: 'parts' });
      expect(await openMultipartUploads(ids.alice)).toBe(0);
    });

    it('validates the request with field-level errors', async () => {
      const response = await create({ filename: '', sizeBytes: -1, sha256: 'nope' }).expect(422);
      expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
        'filename',
        'sha256',
        'sizeBytes',
      ]);
    });

    it('expires unfinished uploads: parts, object and row', async () => {
      const small = await create({ filename: 'late.txt', sizeBytes: 4, sha256: sha256('late') }).expect(201);
      await fetch(small.body.url, { method: 'PUT', body: 'late', headers: small.body.headers });
      const big = await create({ filename: 'late.bin', sizeBytes: 70 * 1024 * 1024, sha256: sha256('x') }).expect(201);
      const [{ s3_key: key }] = await db.query(`SELECT s3_key FROM file_uploads WHERE id = $1`, [small.body.id]);
      expect(await s3.head(key)).not.toBeNull();
      const discarded = await app.get(DirectUploadsService).expire(new Date(Date.now() + 2 * 3600 * 1000));
      expect(discarded).toBeGreaterThanOrEqual(2);
      expect(await s3.head(key)).toBeNull();
      expect(await openMultipartUploads(ids.alice)).toBe(0);
      await complete(big.body.id).expect(404);
    });
  });
});
