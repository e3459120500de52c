import 'reflect-metadata';
import { Body, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiProperty, DECORATORS, OpenAPIObject } from '@nestjs/swagger';
import {
  addFrameworkProblems,
  allowAnyJson,
  allowListPattern,
  ApiProblems,
  closeRequestSchemas,
  problemResponse,
  setMaximum,
  stateConfiguredCeilings,
} from './openapi';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

function documentWith(paths: OpenAPIObject['paths'], schemas: Record<string, object> = {}): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas } };
}

class SampleBody {
  @ApiProperty() name!: string;
}

@Controller('samples')
class SampleController {
  @Get(':id')
  @ApiProblems(404, 409)
  get(@Param('id') id: string, @Query() query: object, @Body() body: SampleBody) {
    return { id, query, body };
  }
}

describe('OpenAPI helpers', () => {
  it('ApiProblems documents each status as problem+json with the shared Problem schema', () => {
    const handler = Object.getOwnPropertyDescriptor(SampleController.prototype, 'get')?.value as object;
    const responses = Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) as Record<
      string,
      { description: string; content: unknown }
    >;
    expect(Object.keys(responses).sort()).toEqual(['404', '409']);
    expect(responses['404']).toMatchObject({ description: expect.any(String), content: PROBLEM });
  });

  it('describes headers that always come with a status', () => {
    expect(problemResponse(429).headers?.['Retry-After']).toMatchObject({ required: true });
    expect(problemResponse(416).headers?.['Content-Range']).toMatchObject({ required: true });
    expect(() => problemResponse(418)).toThrow(/418/);
  });

  it('adds the statuses that follow from a JSON body, a query and a path parameter', () => {
    const document = documentWith({
      '/things/{id}': {
        get: {
          parameters: [
            { name: 'id', in: 'path', required: true },
            { name: 'limit', in: 'query' },
          ],
          responses: { '200': { description: 'ok' } },
        },
        post: {
          parameters: [],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '201': { description: 'ok' }, '422': { description: 'own' } },
        },
      },
      '/plain': { get: { parameters: [], responses: { '200': { description: 'ok' } } } },
      '/bare': { post: { responses: { '201': { description: 'ok' }, '409': { description: 'in progress' } } } },
      '/ready': {
        get: {
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } },
            '503': { description: 'not ready', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    });
    addFrameworkProblems(document);
    expect(Object.keys(document.paths['/things/{id}'].get!.responses).sort()).toEqual(['200', '400', '422']);
    expect(Object.keys(document.paths['/things/{id}'].post!.responses).sort()).toEqual([
      '201',
      '400',
      '413',
      '415',
      '422',
    ]);
    // A status the route documents itself keeps its own description.
    expect(document.paths['/things/{id}'].post!.responses['422']).toEqual({ description: 'own', content: PROBLEM });
    expect(document.paths['/plain'].get!.responses).toEqual({ '200': { description: 'ok' } });
    // An error documented without a body gets the Problem body every error has.
    expect(document.paths['/bare'].post!.responses['409']).toEqual({ description: 'in progress', content: PROBLEM });
    expect(document.paths['/bare'].post!.responses['201']).toEqual({ description: 'ok' });
    // An error documented with another body (terminus's own JSON) gets the Problem body it really has.
    const ready = document.paths['/ready'].get!.responses;
    expect(ready['503']).toEqual({
      description: 'not ready',
      content: PROBLEM,
      headers: { 'Retry-After': expect.objectContaining({ schema: { type: 'integer', minimum: 0 } }) },
    });
    expect(ready['200']).toEqual({
      description: 'ok',
      content: { 'application/json': { schema: { type: 'object' } } },
    });
  });

  it('closes the object schemas a request body reaches, and leaves free-form objects open', () => {
    const document = documentWith(
      {
        '/a': {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
                },
              },
            },
            responses: { '200': { $ref: '#/components/schemas/Reply' } },
          },
        },
      },
      {
        A: { type: 'object', properties: { limits: { allOf: [{ $ref: '#/components/schemas/Limits' }] } } },
        B: {
          type: 'object',
          properties: {
            free: { type: 'object', additionalProperties: true },
            list: { type: 'array', items: { $ref: '#/components/schemas/A' } },
          },
        },
        Limits: { type: 'object', properties: { n: { type: 'integer' } } },
        Reply: { type: 'object', properties: { n: { type: 'integer' } } },
      },
    );
    closeRequestSchemas(document);
    const schemas = document.components!.schemas! as Record<
      string,
      { additionalProperties?: unknown; properties: Record<string, { additionalProperties?: unknown }> }
    >;
    expect(schemas.A.additionalProperties).toBe(false);
    expect(schemas.B.additionalProperties).toBe(false);
    expect(schemas.Limits.additionalProperties).toBe(false);
    expect(schemas.B.properties.free.additionalProperties).toBe(true);
    expect(schemas.Reply.additionalProperties).toBeUndefined();
  });

  it('states configured ceilings and refuses to touch a schema that is not there', () => {
    const limits = {
      type: 'object',
      properties: { memoryMb: {}, cpus: {}, timeoutS: {}, maxOutputBytes: {}, diskMb: {} },
    };
    const document = documentWith(
      {},
      {
        LimitsDto: structuredClone(limits),
        RequestedLimitsDto: { type: 'object', properties: { memoryMb: {}, cpus: {}, timeoutS: {}, diskMb: {} } },
        CreateDirectUploadDto: { type: 'object', properties: { sizeBytes: { type: 'integer' } } },
        UpdateUserLimitsDto: { type: 'object', properties: { maxMemoryMb: {}, maxCpus: {}, maxTimeoutS: {} } },
        CalculationDto: { type: 'object', properties: { result: { type: 'object', nullable: true } } },
      },
    );
    stateConfiguredCeilings(
      document,
      { memoryMb: 8192, cpus: 4, timeoutS: 3600, maxOutputBytes: 1024, diskMb: 2048 },
      5000,
    );
    allowAnyJson(document, 'CalculationDto', 'result');
    const schemas = document.components!.schemas as Record<string, { properties: Record<string, object> }>;
    expect(schemas.LimitsDto.properties.cpus).toEqual({ maximum: 4 });
    expect(schemas.RequestedLimitsDto.properties.timeoutS).toEqual({ maximum: 3600 });
    expect(schemas.RequestedLimitsDto.properties.diskMb).toEqual({ maximum: 2048 });
    expect(schemas.LimitsDto.properties.diskMb).toEqual({ maximum: 2048 });
    expect(schemas.CreateDirectUploadDto.properties.sizeBytes).toEqual({ type: 'integer', maximum: 5000 });
    expect(schemas.UpdateUserLimitsDto.properties.maxCpus).toEqual({ maximum: 4 });
    expect(schemas.CalculationDto.properties.result).toEqual({ nullable: true });
    expect(() => setMaximum(document, 'Nope', 'x', 1)).toThrow(/Nope/);
    expect(() => setMaximum(document, 'LimitsDto', 'nope', 1)).toThrow(/nope/);
  });

  it('turns an allow-list into the pattern its matcher enforces', () => {
    const pattern = new RegExp(allowListPattern(['retort/sandbox-*', 'python:3.12']));
    expect(pattern.test('retort/sandbox-python-scientific:1.0.0')).toBe(true);
    expect(pattern.test('retort/sandbox-\nx')).toBe(true);
    expect(pattern.test('python:3.12')).toBe(true);
    expect(pattern.test('python:3x12')).toBe(false);
    expect(pattern.test('evil/retort/sandbox-x')).toBe(false);
    expect(new RegExp(allowListPattern([])).test('anything')).toBe(false);
  });
});
