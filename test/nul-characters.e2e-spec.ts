import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from './helpers/app';
import { uniqueToolName } from './factories/tools';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';

// Found by scripts/fuzz-api.sh: PostgreSQL text cannot hold U+0000, so each of these answered 500.
describe('NUL characters in requests (real API and PostgreSQL)', () => {
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

  it('refuses one in a JSON body with 422 naming the field, and changes nothing', async () => {
    const tom = authenticated(app, tokens.tom);
    const name = uniqueToolName('nul');
    await tom.post('/tools', { name, displayName: 'Before' }).expect(201);

    const res = await tom.patch(`/tools/${name}`, { displayName: 'a\u0000b' }).expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([nulError('displayName')]);
    expect((await tom.get(`/tools/${name}`).expect(200)).body.displayName).toBe('Before');
  });

  it('refuses one in a query parameter or a path parameter', async () => {
    const alice = authenticated(app, tokens.alice);
    expect((await alice.get('/tools?search=a%00b').expect(422)).body.errors).toEqual([nulError('search')]);
    expect((await alice.get('/tools/a%00b').expect(422)).body.errors).toEqual([nulError('name')]);
  });

  it('refuses one in a multipart text field, keeping no file', async () => {
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
});
