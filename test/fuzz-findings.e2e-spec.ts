import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from './helpers/app';
import { makeVersion, uniqueToolName } from './factories/tools';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';

// Requests that scripts/fuzz-api.sh (schemathesis) found answering 500, each now a 422 naming the field.
describe('fuzzing findings (real API and PostgreSQL)', () => {
  let app: INestApplication;
  let tokens: DemoTokens;
  const nulError = (path: string) => ({ path, message: 'must not contain the NUL character (U+0000)' });

  beforeAll(async () => {
    app = await createApiApp();
    tokens = await demoTokens();
  });

  afterAll(async () => {
    await app.close();
  });

  // PostgreSQL text cannot hold U+0000.
  it('refuses a NUL character in a JSON body, and changes nothing', async () => {
    const tom = authenticated(app, tokens.tom);
    const name = uniqueToolName('nul');
    await tom.post('/tools', { name, displayName: 'Before' }).expect(201);

    const res = await tom.patch(`/tools/${name}`, { displayName: 'a\u0000b' }).expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([nulError('displayName')]);
    expect((await tom.get(`/tools/${name}`).expect(200)).body.displayName).toBe('Before');
  });

  it('refuses a NUL character in a query parameter or a path parameter', async () => {
    const alice = authenticated(app, tokens.alice);
    expect((await alice.get('/tools?search=a%00b').expect(422)).body.errors).toEqual([nulError('search')]);
    expect((await alice.get('/tools/a%00b').expect(422)).body.errors).toEqual([nulError('name')]);
  });

  it('refuses a NUL character in a multipart text field, keeping no file', async () => {
    const alice = authenticated(app, tokens.alice);
    const before = (await alice.get('/users/me/stats').expect(200)).body;
    const res = await request(app.getHttpServer())
      .post('/api/v1/files')
      .auth(tokens.alice, { type: 'bearer' })
      .field('description', 'x\u0000y')
      .attach('file', Buffer.from('a,b\n1,2\n'), { filename: 'nul.csv', contentType: 'text/csv' })
      .expect(422);
    expect(res.body.errors).toEqual([nulError('description')]);
    expect((await alice.get('/users/me/stats').expect(200)).body).toEqual(before);
  });

  // class-validator's maxDecimalPlaces threw on numbers JavaScript prints in exponent notation.
  it('refuses a CPU limit with too many decimals in exponent notation', async () => {
    const tom = authenticated(app, tokens.tom);
    const name = uniqueToolName('cpus');
    await tom.post('/tools', { name, displayName: 'CPUs' }).expect(201);
    const limits = { memoryMb: 256, cpus: 5e-324, timeoutS: 60, maxOutputBytes: 1048576 };
    const publish = await tom.post(`/tools/${name}/versions`, makeVersion({ limits })).expect(422);
    expect(publish.body.errors).toContainEqual({
      path: 'limits.cpus',
      message: 'cpus must be a number with at most 2 decimal places',
    });

    const submit = await authenticated(app, tokens.alice)
      .post('/calculations', { name: 'tiny', code: 'print(1)', limits: { cpus: 1.5e-7 } })
      .expect(422);
    expect(submit.body.errors).toContainEqual({
      path: 'limits.cpus',
      message: 'cpus must be a number with at most 2 decimal places',
    });
  });

  // calculation_files is keyed by (calculation, file, role): a second row for the same file hit the key.
  it('refuses the same input file twice under two names, and creates no calculation', async () => {
    const alice = authenticated(app, tokens.alice);
    const upload = await request(app.getHttpServer())
      .post('/api/v1/files')
      .auth(tokens.alice, { type: 'bearer' })
      .attach('file', Buffer.from('x,y\n1,2\n'), { filename: 'twice.csv', contentType: 'text/csv' })
      .expect(201);
    const before = (await alice.get('/users/me/stats').expect(200)).body.totalCalculations;

    const res = await alice
      .post('/calculations', {
        name: 'twice',
        code: 'print(1)',
        inputs: [
          { fileId: upload.body.id, as: 'a.csv' },
          { fileId: upload.body.id, as: 'b.csv' },
        ],
      })
      .expect(422);
    // Refused by the service (inputs.1.fileId) or, earlier, by the request's own validation (inputs).
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/^inputs(\.1\.fileId)?$/) }),
    ]);
    expect((await alice.get('/users/me/stats').expect(200)).body.totalCalculations).toBe(before);
  });

  // A multipart direct upload completed before any part was PUT was discarded with 422, while a
  // single-PUT upload in the same state is kept and answered 409.
  it('answers 409 to completing a multipart upload with no part yet, and keeps the upload', async () => {
    const started = await authenticated(app, tokens.alice)
      .post('/files/uploads', { filename: 'later.bin', sizeBytes: 70 * 1024 * 1024, sha256: 'a'.repeat(64) })
      .expect(201);
    expect(started.body.mode).toBe('multipart');
    const complete = () =>
      request(app.getHttpServer())
        .post(`/api/v1/files/uploads/${started.body.id}/complete`)
        .auth(tokens.alice, { type: 'bearer' });

    expect((await complete().expect(409)).body.type).toBe('urn:retort:problem:upload-incomplete');
    expect((await complete().expect(409)).body.type).toBe('urn:retort:problem:upload-incomplete');
    await authenticated(app, tokens.alice).delete(`/files/uploads/${started.body.id}`).expect(204);
  });

  // The document let `tool: ""` through as a tool submission; the service read it as no tool at all.
  it('refuses an empty tool name as the field it is, with the document saying minLength 1', async () => {
    const alice = authenticated(app, tokens.alice);
    const res = await alice.post('/calculations', { name: 'empty', tool: '' }).expect(422);
    expect(res.body.errors).toEqual([{ path: 'tool', message: 'tool should not be empty' }]);
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    expect(document.components.schemas.ToolCalculationRequestDto.properties.tool.minLength).toBe(1);
  });
});
