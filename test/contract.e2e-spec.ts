import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { uniqueToolName } from './factories/tools';

/** What the OpenAPI document promises about nulls, query parameters and defaults, checked on the real API. */
describe('request contract (real PostgreSQL, MinIO, Keycloak)', () => {
  let app: INestApplication;
  let tokens: DemoTokens;
  const as = (who: keyof DemoTokens) => authenticated(app, tokens[who]);
  const errorsOf = (body: { errors?: Array<{ path: string; message: string }> }) => body.errors ?? [];

  beforeAll(async () => {
    app = await createApiApp();
    tokens = await demoTokens();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('null where a field is not nullable is a 422', () => {
    let fileId: string;

    beforeAll(async () => {
      const uploaded = await request(app.getHttpServer())
        .post('/api/v1/files')
        .auth(tokens.alice, { type: 'bearer' })
        .field('description', 'before')
        .attach('file', Buffer.from('a,b\n1,2\n'), { filename: 'nulls.csv', contentType: 'text/csv' })
        .expect(201);
      fileId = uploaded.body.id;
    });

    it.each([['isPublic'], ['filename']])(
      'refuses {"%s": null} on PATCH /files/:id and changes nothing',
      async (field) => {
        const response = await as('alice')
          .patch(`/files/${fileId}`, { [field]: null })
          .expect(422);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(errorsOf(response.body)).toEqual([{ path: field, message: expect.stringMatching(/must not be null/) }]);
        const file = await as('alice').get(`/files/${fileId}`).expect(200);
        expect(file.body).toMatchObject({ filename: 'nulls.csv', isPublic: false });
      },
    );

    it('takes {"description": null} on PATCH /files/:id: null is meaningful there', async () => {
      const response = await as('alice').patch(`/files/${fileId}`, { description: null }).expect(200);
      expect(response.body.description).toBeNull();
    });

    it('refuses nulls in POST /files/uploads', async () => {
      const valid = { filename: 'x.bin', sizeBytes: 3, sha256: 'a'.repeat(64) };
      for (const field of ['contentType', 'description', 'isPublic', 'filename', 'sizeBytes']) {
        const response = await as('alice')
          .post('/files/uploads', { ...valid, [field]: null })
          .expect(422);
        expect(errorsOf(response.body).map((error) => error.path)).toEqual([field]);
      }
    });

    it('refuses expiresAt: null and a non-RFC 3339 expiresAt on POST /api-keys', async () => {
      for (const expiresAt of [null, 0, '0.5', '2030-02-31T00:00:00Z']) {
        const response = await as('alice').post('/api-keys', { name: 'contract', expiresAt }).expect(422);
        expect(errorsOf(response.body)).toEqual([{ path: 'expiresAt', message: expect.any(String) }]);
      }
    });

    it('refuses null in a tool update instead of failing on the database', async () => {
      const name = uniqueToolName();
      await as('tom').post('/tools', { name }).expect(201);
      for (const field of ['description', 'displayName', 'tags', 'isActive']) {
        const response = await as('tom')
          .patch(`/tools/${name}`, { [field]: null })
          .expect(422);
        expect(errorsOf(response.body).map((error) => error.path)).toEqual([field]);
      }
    });
  });

  it('creates a tool without a display name, which then is its name', async () => {
    const name = uniqueToolName();
    const response = await as('tom').post('/tools', { name }).expect(201);
    expect(response.body).toMatchObject({ name, displayName: name, description: '', tags: [] });
  });

  describe('query parameters', () => {
    it('takes only RFC 3339 date-times for from and to', async () => {
      for (const from of ['0.5', '2026', '2026-01-31', '2026-02-31T00:00:00Z', 'yesterday']) {
        const response = await as('alice')
          .get(`/calculations?from=${encodeURIComponent(from)}`)
          .expect(422);
        expect(errorsOf(response.body)).toEqual([
          { path: 'from', message: 'from must be an RFC 3339 date-time such as 2026-01-31T09:30:00Z' },
        ]);
      }
      await as('alice').get('/calculations?from=2026-01-31T09:30:00Z&to=2026-02-01T00:00:00.5%2B02:00').expect(200);
      await as('ada').get('/admin/audit?from=0.5').expect(422);
    });

    it.each([['abc'], ['1.5'], ['0'], ['101'], ['1e1'], ['']])(
      'gives exactly one message for limit=%s',
      async (limit) => {
        const response = await as('alice').get(`/files?limit=${limit}`).expect(422);
        expect(errorsOf(response.body)).toEqual([{ path: 'limit', message: 'limit must be an integer from 1 to 100' }]);
      },
    );

    it('takes an integer limit and exact booleans', async () => {
      const page = await as('alice').get('/files?limit=1').expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      await as('ada').get('/admin/users?active=true').expect(200);
      const response = await as('ada').get('/admin/users?active=yes').expect(422);
      expect(errorsOf(response.body).map((error) => error.path)).toEqual(['active']);
    });
  });

  it('answers a JSON body that is not an object with a 4xx problem, never a 5xx', async () => {
    for (const body of [[], [{ name: 'x' }]]) {
      const response = await as('tom').post('/tools', body);
      expect({ body, status: response.status }).toEqual({ body, status: 422 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses the same input file twice with a 422 (it was a 500)', async () => {
    const uploaded = await request(app.getHttpServer())
      .post('/api/v1/files')
      .auth(tokens.alice, { type: 'bearer' })
      .attach('file', Buffer.from('1\n'), { filename: 'twice.csv', contentType: 'text/csv' })
      .expect(201);
    const fileId = uploaded.body.id as string;
    const response = await as('alice')
      .post('/calculations', {
        name: 'twice',
        code: 'def run(params):\n    return 1\n',
        inputs: [{ fileId }, { fileId, as: 'again.csv' }],
      })
      .expect(422);
    expect(errorsOf(response.body)).toEqual([{ path: 'inputs', message: 'inputs must name each file at most once' }]);
  });

  it('refuses a submission with both a tool and code, as the oneOf says', async () => {
    const response = await as('alice')
      .post('/calculations', { name: 'both', tool: 'some-tool', code: 'def run(p):\n    return 1\n' })
      .expect(422);
    expect(errorsOf(response.body).map((error) => error.path)).toEqual(['tool']);
  });
});
