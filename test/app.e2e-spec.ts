import SwaggerParser from '@apidevtools/swagger-parser';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp, createWorkerApp } from './helpers/app';

describe('API process (real services)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createApiApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers liveness without authentication', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL, Redis, the S3 bucket and the Keycloak JWKS all answer', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.info).sort()).toEqual(['keycloak', 'postgres', 'redis', 'storage']);
    for (const check of Object.values<{ status: string }>(response.body.info)) {
      expect(check.status).toBe('up');
    }
  });

  it('serves a valid OpenAPI 3 document at /docs-json', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(response.body))).resolves.toBeDefined();
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
  });

  it('serves the Swagger UI at /docs', async () => {
    const response = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('exposes Prometheus metrics, including the request durations it has seen', async () => {
    await request(app.getHttpServer()).get('/health/live');
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/retort_http_request_duration_seconds_count\{[^}]*route="\/health\/live"/);
    expect(response.text).toContain('retort_process_cpu_user_seconds_total');
  });

  it('answers an unknown route with problem+json', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/no-such-thing').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'urn:retort:problem:not-found', title: 'Not Found', status: 404 });
    expect(response.body.instance).toBe('/api/v1/no-such-thing');
  });

  it('echoes a well-formed X-Request-Id and puts it in problem answers', async () => {
    const response = await request(app.getHttpServer())
      .get('/api/v1/no-such-thing')
      .set('X-Request-Id', 'trace-abc.123')
      .expect(404);
    expect(response.headers['x-request-id']).toBe('trace-abc.123');
    expect(response.body.requestId).toBe('trace-abc.123');
  });

  it('replaces a malformed X-Request-Id with a fresh one', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').set('X-Request-Id', 'bad id\twith spaces');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('worker process (real services)', () => {
  let worker: INestApplication;

  beforeAll(async () => {
    worker = await createWorkerApp();
  });

  afterAll(async () => {
    await worker.close();
  });

  it('is ready only with the Docker engine as well', async () => {
    const response = await request(worker.getHttpServer()).get('/health/ready').expect(200);
    expect(Object.keys(response.body.info).sort()).toEqual(['docker', 'keycloak', 'postgres', 'redis', 'storage']);
  });

  it('serves no API routes and no docs', async () => {
    await request(worker.getHttpServer()).get('/docs-json').expect(404);
    await request(worker.getHttpServer()).get('/metrics').expect(200);
  });
});
