import SwaggerParser from '@apidevtools/swagger-parser';
import { INestApplication } from '@nestjs/common';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { DEPENDENCIES } from '../src/common/dependency-errors';
import { AppConfig } from '../src/config/app-config';
import { createApiApp, createWorkerApp } from './helpers/app';
import { checkProblem, documentedProblem } from './helpers/problem-schema';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const PROBLEM_REF = '#/components/schemas/Problem';

/** Every operation of a document: `GET /api/v1/files` with its operation object. */
function operationsOf(document: Json): Array<{ label: string; path: string; operation: Json }> {
  return Object.entries<Json>(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      label: `${method.toUpperCase()} ${path}`,
      path,
      operation: item[method] as Json,
    })),
  );
}

/** Every schema object in a subtree, with its JSON pointer. */
function schemasIn(node: unknown, pointer = ''): Array<{ pointer: string; schema: Json }> {
  if (Array.isArray(node)) return node.flatMap((item, index) => schemasIn(item, `${pointer}/${index}`));
  if (typeof node !== 'object' || node === null) return [];
  const own = 'type' in node || 'nullable' in node ? [{ pointer, schema: node as Json }] : [];
  return [...own, ...Object.entries(node).flatMap(([key, value]) => schemasIn(value, `${pointer}/${key}`))];
}

const resolve = (document: Json, schema: Json): Json =>
  schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;

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

  describe('the OpenAPI document is an exact contract', () => {
    let document: Json;

    beforeAll(async () => {
      document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    });

    it('has a shared RFC 9457 Problem schema', () => {
      const problem = document.components.schemas.Problem;
      expect(problem.required).toEqual(['type', 'title', 'status']);
      expect(problem.properties.status).toMatchObject({ type: 'integer', minimum: 400, maximum: 599 });
      expect(Object.keys(problem.properties)).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'errors']),
      );
      expect(resolve(document, problem.properties.errors.items).required).toEqual(['path', 'message']);
    });

    it('states the Problem extension members the API sends, each optional and described', () => {
      const problem = document.components.schemas.Problem;
      const members = problem.properties;
      // A 503 names the dependency; one answering a submission says what became of it.
      expect(members.dependency).toMatchObject({ type: 'string', enum: [...DEPENDENCIES] });
      expect(members.dependency.enum.sort()).toEqual(['keycloak', 'postgres', 'redis', 'storage']);
      expect(members.outcome).toMatchObject({ type: 'string', enum: ['withdrawn', 'left-queued'] });
      expect(members.calculationId).toMatchObject({ type: 'string', format: 'uuid' });
      expect(members.batchId).toMatchObject({ type: 'string', format: 'uuid' });
      // Readiness, budgets, queue, sizes, conflicts.
      expect(members.checks).toMatchObject({ type: 'object' });
      expect(members.failing).toMatchObject({ type: 'array', items: { type: 'string' } });
      expect(members.budget).toMatchObject({ type: 'string', enum: ['daily', 'monthly'] });
      expect(members.resetsAt).toMatchObject({ type: 'string', format: 'date-time' });
      for (const name of [
        'budgetCoreSeconds',
        'spentCoreSeconds',
        'heldCoreSeconds',
        'remainingCoreSeconds',
        'worstCaseCoreSeconds',
      ]) {
        expect({ name, schema: members[name] }).toMatchObject({ name, schema: { type: 'number', minimum: 0 } });
      }
      for (const name of ['maxQueued', 'queued', 'limitBytes', 'quotaBytes', 'usedBytes', 'activeCalculations']) {
        expect({ name, schema: members[name] }).toMatchObject({ name, schema: { type: 'integer' } });
      }
      expect(members.imageId).toMatchObject({ type: 'string' });
      // Every member beyond RFC 9457's and errors[] is an extension, and says which answers carry it.
      const core = ['type', 'title', 'status', 'detail', 'instance', 'requestId', 'errors'];
      const extensions = Object.keys(members).filter((name) => !core.includes(name));
      expect(extensions.length).toBeGreaterThanOrEqual(20);
      for (const name of extensions) {
        expect({ name, description: members[name].description }).toEqual({
          name,
          description: expect.stringMatching(/\S{3}/),
        });
      }
      // Only RFC 9457's three are required; 422 keeps its errors[].
      expect(problem.required).toEqual(['type', 'title', 'status']);
      expect(members.errors).toMatchObject({ type: 'array' });
    });

    it('answers with extension members the Problem schema states, typed as it says', async () => {
      // A problem carrying an extension (413 body-too-large with limitBytes) validates against the schema
      // with additional members refused: nothing undeclared goes out.
      const response = await request(app.getHttpServer())
        .post('/api/v1/tools')
        .set('Content-Type', 'application/json')
        .send(`{"name":"${'x'.repeat(1024 * 1024 + 1)}"}`);
      expect(response.status).toBe(413);
      const problem = JSON.parse(response.text) as Json;
      expect(problem.limitBytes).toEqual(expect.any(Number));
      expect(checkProblem(await documentedProblem(app), problem)).toEqual({ valid: true, errors: null });
    });

    it('documents problem+json 4xx answers on every API operation', () => {
      const operations = operationsOf(document).filter(({ path }) => path.startsWith('/api/v1/'));
      expect(operations.length).toBeGreaterThan(30);
      for (const { label, operation } of operations) {
        const problems = Object.entries<Json>(operation.responses).filter(([status]) => /^4\d\d$/.test(status));
        expect({ label, has4xx: problems.length > 0 }).toEqual({ label, has4xx: true });
        for (const [status, response] of problems) {
          expect({ label, status, content: response.content }).toEqual({
            label,
            status,
            content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
          });
        }
      }
    });

    it('documents 401, 403, 429 and 503 on every authenticated operation, with their headers', () => {
      const authenticated = operationsOf(document).filter(({ operation }) => operation.security?.length);
      expect(authenticated.length).toBeGreaterThan(30);
      for (const { label, operation } of authenticated) {
        expect({ label, statuses: Object.keys(operation.responses) }).toEqual({
          label,
          statuses: expect.arrayContaining(['401', '403', '429', '503']),
        });
        expect(operation.responses['401'].headers['WWW-Authenticate'].required).toBe(true);
        expect(operation.responses['429'].headers['Retry-After'].required).toBe(true);
      }
    });

    it('documents the statuses that follow from an operation’s shape and from its handler', () => {
      const statuses = (path: string, method: string) => Object.keys(document.paths[path][method].responses);
      // A JSON body: malformed, too large, wrong content type, invalid.
      expect(statuses('/api/v1/tools', 'post')).toEqual(expect.arrayContaining(['400', '409', '413', '415', '422']));
      // A validated query.
      expect(statuses('/api/v1/calculations', 'get')).toContain('422');
      // Looked-up path ids and conflicts.
      expect(statuses('/api/v1/files/{id}', 'delete')).toEqual(expect.arrayContaining(['404', '409']));
      expect(statuses('/api/v1/calculations/{id}/cancel', 'post')).toEqual(expect.arrayContaining(['404', '409']));
      expect(statuses('/api/v1/files', 'post')).toEqual(expect.arrayContaining(['413', '415', '422']));
      const content = document.paths['/api/v1/files/{id}/content'].get.responses;
      expect(Object.keys(content)).toEqual(expect.arrayContaining(['200', '206', '302', '304', '404', '416']));
      expect(content['206'].headers['Content-Range'].required).toBe(true);
      expect(content['416'].headers['Content-Range'].required).toBe(true);
      expect(content['302'].headers.Location.required).toBe(true);
      // Readiness answers 503 as problem+json (with checks and failing), whatever terminus documents.
      const notReady = document.paths['/health/ready'].get.responses['503'];
      expect(notReady.content).toEqual({ 'application/problem+json': { schema: { $ref: PROBLEM_REF } } });
      expect(notReady.headers['Retry-After'].schema).toMatchObject({ type: 'integer' });
    });

    it('types nullable scalars as what they are, never as a bare nullable object', () => {
      const offenders = schemasIn(document)
        .filter(({ schema }) => schema.nullable === true && schema.type === 'object')
        .filter(({ schema }) => !schema.allOf && !schema.properties && schema.additionalProperties === undefined)
        .map(({ pointer }) => pointer);
      expect(offenders).toEqual([]);
      const file = document.components.schemas.FileDto.properties;
      expect(file.description).toMatchObject({ type: 'string', nullable: true });
      expect(document.components.schemas.FileDto.required).toContain('description');
      expect(document.components.schemas.ApiKeyDto.properties.expiresAt).toMatchObject({
        type: 'string',
        format: 'date-time',
        nullable: true,
      });
      // Any JSON value or null: no type at all.
      expect(document.components.schemas.CalculationDto.properties.result).toEqual(
        expect.not.objectContaining({ type: expect.anything() }),
      );
    });

    it('closes every request body schema with additionalProperties: false', () => {
      const bodies = operationsOf(document).flatMap(({ label, operation }) => {
        const schema = operation.requestBody?.content['application/json']?.schema;
        if (!schema) return [];
        const branches: Json[] = schema.oneOf ?? [schema];
        return branches.map((branch) => ({ label, schema: resolve(document, branch) }));
      });
      expect(bodies.length).toBeGreaterThanOrEqual(8);
      for (const { label, schema } of bodies) {
        expect({ label, additionalProperties: schema.additionalProperties }).toEqual({
          label,
          additionalProperties: false,
        });
      }
      // Nested request objects too, but free-form parameters stay open.
      expect(document.components.schemas.LimitsDto.additionalProperties).toBe(false);
      expect(document.components.schemas.PublishVersionDto.properties.parametersSchema.additionalProperties).toBe(true);
    });

    it('states integers, bounds, patterns and configured ceilings as they are enforced', () => {
      const config = app.get(AppConfig);
      for (const { label, operation } of operationsOf(document)) {
        const limit = (operation.parameters ?? []).find((parameter: Json) => parameter.name === 'limit');
        if (!limit) continue;
        expect({ label, schema: limit.schema }).toEqual({
          label,
          schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 }),
        });
      }
      const schemas = document.components.schemas;
      expect(schemas.LimitsDto.properties.memoryMb).toMatchObject({
        type: 'integer',
        minimum: 16,
        maximum: config.maxLimits.memoryMb,
      });
      expect(schemas.LimitsDto.properties.cpus.maximum).toBe(config.maxLimits.cpus);
      expect(schemas.RequestedLimitsDto.properties.timeoutS.maximum).toBe(config.maxLimits.timeoutS);
      expect(schemas.RequestedLimitsDto.properties.diskMb.maximum).toBe(config.maxLimits.diskMb);
      expect(schemas.LimitsDto.properties.diskMb.maximum).toBe(config.maxLimits.diskMb);
      expect(schemas.CreateDirectUploadDto.properties.sizeBytes).toMatchObject({
        type: 'integer',
        maximum: config.files.maxSizeBytes,
      });
      expect(schemas.CreateToolDto.properties.name.pattern).toBe('^[a-z0-9]+(-[a-z0-9]+)*$');
      expect(schemas.CreateToolDto.required).toEqual(['name']);
      expect(schemas.CreateToolDto.properties.tags).toMatchObject({ uniqueItems: true, maxItems: 20 });
      expect(new RegExp(schemas.PublishVersionDto.properties.version.pattern).test('2.0.0-rc.1')).toBe(true);
      for (const version of ['v1.0.0', '1.0.0+build.5', '1.0.99999999999999999']) {
        expect(new RegExp(schemas.PublishVersionDto.properties.version.pattern).test(version)).toBe(false);
      }
      expect(schemas.LimitsDto.properties.cpus).toMatchObject({ minimum: 0.01, multipleOf: 0.01 });
      const image = new RegExp(schemas.PublishVersionDto.properties.image.pattern);
      expect(config.tools.allowedImages.length).toBeGreaterThan(0);
      expect(image.test('retort/sandbox-python-scientific:1.0.0')).toBe(true);
      expect(image.test('alpine:3')).toBe(false);
      expect(schemas.CodeCalculationRequestDto.properties.image.pattern).toBe(
        schemas.PublishVersionDto.properties.image.pattern,
      );
      const from = document.paths['/api/v1/calculations'].get.parameters.find((p: Json) => p.name === 'from');
      expect(from.schema).toMatchObject({ type: 'string', format: 'date-time' });
    });

    it('gives examples that satisfy their own schemas (a fuzzer sends them as valid input)', () => {
      const ajv = new Ajv({ strict: false });
      addFormats(ajv);
      const withExamples = schemasIn(document.components.schemas).filter(
        ({ schema }) => 'example' in schema && !schema.$ref && !schema.allOf,
      );
      expect(withExamples.length).toBeGreaterThan(40);
      for (const { pointer, schema } of withExamples) {
        const { example, ...own } = schema;
        const valid = ajv.validate(own, example);
        expect({ pointer, errors: valid ? null : ajv.errors }).toEqual({ pointer, errors: null });
      }
    });

    it('shows a calculation submission as either a tool request or an ad-hoc code request', () => {
      const body = document.paths['/api/v1/calculations'].post.requestBody.content['application/json'].schema;
      expect(body.oneOf).toHaveLength(2);
      const [tool, code] = body.oneOf.map((branch: Json) => resolve(document, branch));
      expect(tool.required).toEqual(expect.arrayContaining(['name', 'tool']));
      expect(tool.properties).not.toHaveProperty('code');
      expect(code.required).toEqual(expect.arrayContaining(['name', 'code']));
      expect(code.properties).not.toHaveProperty('tool');
    });
  });

  it('answers a known path asked with another method with 405 problem+json and Allow', async () => {
    const response = await request(app.getHttpServer()).put('/api/v1/files').expect(405);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
    expect(response.body).toMatchObject({ status: 405, title: 'Method Not Allowed', instance: '/api/v1/files' });
    expect(response.body.requestId).toEqual(expect.any(String));

    const withId = await request(app.getHttpServer())
      .post('/api/v1/files/7b0f1c64-8a53-4f0e-9d59-5c1d2a3b4c5d')
      .expect(405);
    expect(withId.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    const health = await request(app.getHttpServer()).delete('/health/live').expect(405);
    expect(health.headers.allow).toBe('GET, HEAD');
  });

  it('matches a literal path before a templated one, as OpenAPI does: GET /files/uploads is a 405', async () => {
    // Without this, /files/:id and /admin/users/:id would take them as the id "uploads" or "sync" (404).
    const uploads = await request(app.getHttpServer()).get('/api/v1/files/uploads').expect(405);
    expect(uploads.headers.allow).toBe('POST');
    const sync = await request(app.getHttpServer()).get('/api/v1/admin/users/sync').expect(405);
    expect(sync.headers.allow).toBe('POST');
    // The literal route still serves its own method (and asks for credentials).
    await request(app.getHttpServer()).post('/api/v1/admin/users/sync').expect(401);
    await request(app.getHttpServer()).get('/api/v1/files').expect(401);
  });

  it('answers OPTIONS on a known path with 204 and Allow, and an unknown path still with 404', async () => {
    const options = await request(app.getHttpServer()).options('/api/v1/tools/some-tool').expect(204);
    expect(options.headers.allow).toBe('GET, HEAD, PATCH');
    await request(app.getHttpServer()).put('/api/v1/no-such-thing').expect(404);
    await request(app.getHttpServer()).options('/api/v1/no-such-thing').expect(404);
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
