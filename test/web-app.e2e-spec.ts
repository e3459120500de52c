import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp, testConfig } from './helpers/app';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/app-1a2b3c.js"></script></body></html>';

describe('web app served by the API (real services)', () => {
  let dir: string;
  let app: INestApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'retort-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), 'console.log("retort");');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await createApiApp(testConfig({ WEB_DIST_DIR: dir, WEB_OIDC_CLIENT_ID: 'retort-web' }));
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / without authentication, never cached stale', async () => {
    const response = await request(app.getHttpServer()).get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.text).toBe(INDEX);
  });

  it('serves hashed assets as immutable and other files as revalidated', async () => {
    const asset = await request(app.getHttpServer()).get('/assets/app-1a2b3c.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    const icon = await request(app.getHttpServer()).get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers client-side routes with index.html so a reload keeps the page', async () => {
    for (const path of [
      '/files',
      '/calculations/3f7c1a2e-0000-4000-8000-000000000000',
      '/auth/callback?code=x&state=y',
    ]) {
      const response = await request(app.getHttpServer()).get(path).expect(200);
      expect(response.text).toBe(INDEX);
    }
  });

  it('answers a missing file with 404 problem+json, not with the app', async () => {
    const response = await request(app.getHttpServer()).get('/assets/missing-0000.js').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps the API paths: unknown /api routes are still 404 problem+json', async () => {
    for (const path of ['/api/v1/no-such-route', '/health/nope']) {
      const response = await request(app.getHttpServer()).get(path).expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.status).toBe(404);
    }
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    const docs = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
  });

  it('still asks for authentication on the API', async () => {
    await request(app.getHttpServer()).get('/api/v1/files').expect(401);
  });

  it('does not answer other methods with the app', async () => {
    const response = await request(app.getHttpServer()).post('/files').send({});
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('publishes the sign-in settings without authentication, documented in OpenAPI', async () => {
    const config = testConfig();
    const response = await request(app.getHttpServer()).get('/web-config.json').expect(200);
    expect(response.body).toEqual({ authority: config.keycloak.issuer, clientId: 'retort-web' });
    const docs = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const operation = docs.body.paths['/web-config.json'].get;
    expect(operation.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/WebConfigDto',
    );
    expect(operation.security ?? []).toEqual([]);
  });
});

describe('API without a web app build (API-only deployment)', () => {
  let dir: string;
  let app: INestApplication;

  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'retort-web-')), 'dist');
    app = await createApiApp(testConfig({ WEB_DIST_DIR: dir }));
  });

  afterAll(async () => {
    await app.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  it('starts and answers / with 404 problem+json while the API works', async () => {
    const response = await request(app.getHttpServer()).get('/').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('serves a build made after start-up', async () => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), INDEX);
    const response = await request(app.getHttpServer()).get('/tools').expect(200);
    expect(response.text).toBe(INDEX);
  });
});

describe('the realm’s retort-web client (real Keycloak)', () => {
  const { keycloak } = testConfig();
  const authorize = async (redirectUri: string): Promise<number> => {
    const query = new URLSearchParams({
      client_id: 'retort-web',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const response = await fetch(
      `${keycloak.url}/realms/${keycloak.realm}/protocol/openid-connect/auth?${query.toString()}`,
    );
    await response.arrayBuffer();
    return response.status;
  };

  it('lets the API-served app sign in on any loopback port, and the default port of localhost', async () => {
    expect(await authorize('http://127.0.0.1:41234/auth/callback')).toBe(200);
    expect(await authorize('http://127.0.0.1:3000/auth/callback')).toBe(200);
    expect(await authorize('http://localhost:3000/auth/callback')).toBe(200);
    expect(await authorize('http://127.0.0.1:5173/auth/callback')).toBe(200);
  });

  it('refuses to redirect anywhere else', async () => {
    expect(await authorize('http://evil.example/auth/callback')).toBe(400);
    expect(await authorize('http://localhost:41234/auth/callback')).toBe(400);
  });
});
