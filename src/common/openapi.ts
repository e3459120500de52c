import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
  type HeaderObject,
  type OpenAPIObject,
  type OperationObject,
  type PathItemObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { BUDGET_PERIODS, type BudgetPeriod } from './budget-periods';
import { DEPENDENCIES, type Dependency, UNQUEUED_OUTCOMES, type UnqueuedOutcome } from './dependency-errors';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

export class FieldErrorDto {
  @ApiProperty({ example: 'limits.memoryMb', description: 'Dotted path of the field in the request' })
  path!: string;

  @ApiProperty({ example: 'must be at most 8192 (the administrators’ maximum)' })
  message!: string;
}

/** RFC 9457 problem details, as every error leaves the API (see ProblemDetailsFilter). */
@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem details; Retort-specific types add extension members' })
export class ProblemDto {
  @ApiProperty({
    example: 'urn:retort:problem:validation-error',
    description: '`about:blank` for plain HTTP errors, `urn:retort:problem:<slug>` for Retort’s own',
  })
  type!: string;

  @ApiProperty({ example: 'Unprocessable Entity' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 422 })
  status!: number;

  @ApiPropertyOptional({ example: 'The request is not valid; see errors[] for each field.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/calculations', description: 'The request path' })
  instance?: string;

  @ApiPropertyOptional({ example: '6f1c2a9e-8d2b-4c1e-9a53-0f1e2d3c4b5a', description: 'Quote it when reporting' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: '422 only: one entry per invalid field' })
  errors?: FieldErrorDto[];

  // Extension members: each is sent only by the problem types named in its description.

  @ApiPropertyOptional({
    enum: DEPENDENCIES,
    example: 'redis',
    description: '503 `dependency-unavailable`: the service that is unavailable (the names of /health/ready’s checks)',
  })
  dependency?: Dependency;

  @ApiPropertyOptional({
    enum: UNQUEUED_OUTCOMES,
    example: 'left-queued',
    description:
      '503 to a submission the job queue did not take: `withdrawn`, nothing was kept and it may be submitted ' +
      'again; `left-queued`, it was recorded (see `calculationId` or `batchId`) and is enqueued once the queue ' +
      'is back, so do not submit it again',
  })
  outcome?: UnqueuedOutcome;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'With `outcome: left-queued` on a calculation submission: the calculation that was recorded',
  })
  calculationId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'With `outcome: left-queued` on a batch submission: the batch that was recorded',
  })
  batchId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] },
    description: '503 `not-ready` (/health/ready): the state of every check, by name',
  })
  checks?: Record<string, { status: string }>;

  @ApiPropertyOptional({
    type: [String],
    example: ['redis'],
    description: '503 `not-ready` (/health/ready): the names of the checks that failed',
  })
  failing?: string[];

  @ApiPropertyOptional({
    enum: BUDGET_PERIODS,
    description: '429 `budget-exhausted` and `budget-insufficient`: the compute budget that refused the submission',
  })
  budget?: BudgetPeriod;

  @ApiPropertyOptional({ type: 'number', minimum: 0, description: 'With `budget`: the budget, in core-seconds' })
  budgetCoreSeconds?: number;

  @ApiPropertyOptional({ type: 'number', minimum: 0, description: 'With `budget`: core-seconds spent this period' })
  spentCoreSeconds?: number;

  @ApiPropertyOptional({
    type: 'number',
    minimum: 0,
    description: '429 `budget-insufficient`: core-seconds your queued and running calculations may still use',
  })
  heldCoreSeconds?: number;

  @ApiPropertyOptional({
    type: 'number',
    minimum: 0,
    description: '429 `budget-insufficient`: what is left of the budget once spent and held core-seconds are taken off',
  })
  remainingCoreSeconds?: number;

  @ApiPropertyOptional({
    type: 'number',
    minimum: 0,
    description: '429 `budget-insufficient`: the most this submission may use (CPUs × timeout × calculations)',
  })
  worstCaseCoreSeconds?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'With `budget`: when the budget’s period resets' })
  resetsAt?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: '429 `too-many-queued`: how many of your calculations may wait to run',
  })
  maxQueued?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: '429 `too-many-queued`: how many of your calculations are waiting to run',
  })
  queued?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: '413 `body-too-large` and `file-too-large`: the most bytes allowed',
  })
  limitBytes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: '413 `storage-quota-exceeded`: your storage quota, in bytes',
  })
  quotaBytes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: '413 `storage-quota-exceeded`: the bytes your files already use',
  })
  usedBytes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: '409 `file-in-use`: how many unfinished calculations use the file',
  })
  activeCalculations?: number;

  @ApiPropertyOptional({
    example: 'sha256:4f3c…',
    description: '409 `image-gone`: the image id the calculation ran, no longer on the workers’ engine',
  })
  imageId?: string;
}

const RETRY_AFTER: HeaderObject = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 0 },
};

interface ProblemResponse {
  description: string;
  headers?: Record<string, HeaderObject>;
}

/** What each error status means in this API, and the headers that come with it. */
export const PROBLEM_RESPONSES: Record<number, ProblemResponse> = {
  400: { description: 'Malformed request: a body that cannot be parsed, or a URL that cannot be decoded' },
  401: {
    description: 'Missing or invalid credentials (Bearer access token or X-API-Key)',
    headers: {
      'WWW-Authenticate': { description: 'RFC 6750 challenge', required: true, schema: { type: 'string' } },
    },
  },
  403: {
    description:
      'Authenticated but not allowed: a role is missing, you are not the owner, or the account is deactivated',
  },
  404: { description: 'Nothing with this id (or name) exists that you can see' },
  408: { description: 'The upload sent nothing for too long; what arrived has been discarded' },
  409: { description: 'The request conflicts with the current state of the resource' },
  410: { description: 'The resource existed but is gone' },
  413: { description: 'The body, or the file, is larger than allowed, or does not fit your storage quota' },
  415: { description: 'The request body has a content type this operation does not take' },
  416: {
    description: 'The Range starts past the end of the file',
    headers: {
      'Content-Range': { description: '`bytes */<size>`', required: true, schema: { type: 'string' } },
    },
  },
  422: { description: 'The request is well-formed but not valid; `errors[]` names each field' },
  429: {
    description:
      'This API key has used its allowance, your compute budget for the period is spent, or your queue is full',
    headers: { 'Retry-After': { ...RETRY_AFTER, required: true } },
  },
  502: { description: 'An upstream service (Keycloak’s Admin API) answered with an error' },
  503: {
    description: 'A dependency (PostgreSQL, Redis, object storage, Keycloak) is unavailable; retry later',
    headers: { 'Retry-After': RETRY_AFTER },
  },
};

const problemContent = () => ({ [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } });

/** The problem+json response object for a status, referring to the shared Problem schema. */
export function problemResponse(status: number): ResponseObject {
  const known = PROBLEM_RESPONSES[status];
  if (!known) throw new Error(`No problem response is described for status ${status}`);
  return {
    description: known.description,
    ...(known.headers ? { headers: known.headers } : {}),
    content: problemContent(),
  };
}

/**
 * Documents the error statuses a route (or every route of a controller) really answers, each as
 * problem+json with the shared Problem schema: `@ApiProblems(404, 409)`.
 */
export const ApiProblems = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })),
  );

/** Statuses any authenticated route can answer: credentials, deactivated account, API-key rate, outages. */
export const AUTHENTICATED_PROBLEMS = [401, 403, 429, 503];

type Schema = SchemaObject | ReferenceObject;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function operations(document: OpenAPIObject): OperationObject[] {
  return Object.values(document.paths).flatMap((item: PathItemObject) =>
    METHODS.map((method) => item[method]).filter((operation): operation is OperationObject => !!operation),
  );
}

function isReference(schema: Schema): schema is ReferenceObject {
  return '$ref' in schema;
}

function addProblem(operation: OperationObject, status: number): void {
  operation.responses[String(status)] ??= problemResponse(status);
}

/**
 * Statuses that follow from an operation's shape rather than its handler: a JSON body can be
 * malformed (400), too large (413), of another content type (415) or invalid (422); validated query
 * parameters give 422; a path parameter that cannot be decoded gives 400. And any error response
 * documented without a body (a plain ApiConflictResponse) gets the Problem body it really has.
 */
export function addFrameworkProblems(document: OpenAPIObject): void {
  for (const operation of operations(document)) {
    const parameters = (operation.parameters ?? []).flatMap((parameter) => ('in' in parameter ? [parameter] : []));
    const body = operation.requestBody && !('$ref' in operation.requestBody) ? operation.requestBody : undefined;
    if (body?.content['application/json']) {
      for (const status of [400, 413, 415, 422]) addProblem(operation, status);
    }
    if (parameters.some((parameter) => parameter.in === 'query')) addProblem(operation, 422);
    if (parameters.some((parameter) => parameter.in === 'path')) addProblem(operation, 400);
    // Every error leaves through the ProblemDetailsFilter: an error documented without a body, or with
    // another (terminus documents /health/ready's 503 as its own JSON), has this one.
    for (const [status, response] of Object.entries(operation.responses)) {
      if (Number(status) < 400 || !response || '$ref' in response) continue;
      if (!response.content) {
        response.content = problemContent();
      } else if (!response.content[PROBLEM_CONTENT_TYPE]) {
        response.content = problemContent();
        const headers = PROBLEM_RESPONSES[Number(status)]?.headers;
        if (headers) response.headers = { ...headers, ...response.headers };
      }
    }
  }
}

/**
 * The ValidationPipe refuses unknown properties (forbidNonWhitelisted), and so does the multipart
 * upload for its fields, so every object schema a request body reaches is closed: `additionalProperties: false`, unless it says otherwise (free-form
 * `parameters`, a JSON Schema).
 */
export function closeRequestSchemas(document: OpenAPIObject): void {
  const components = document.components?.schemas ?? {};
  const seen = new Set<string>();
  const close = (schema: Schema | undefined): void => {
    if (!schema) return;
    if (isReference(schema)) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return;
      seen.add(name);
      close(components[name]);
      return;
    }
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
    }
    for (const property of Object.values(schema.properties ?? {})) close(property);
    if (schema.type === 'array' && schema.items) close(schema.items);
    for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) close(branch);
  };
  for (const operation of operations(document)) {
    const body = operation.requestBody && !('$ref' in operation.requestBody) ? operation.requestBody : undefined;
    // JSON bodies go through the pipe; multipart fields are checked the same way (unknown ones: 422).
    for (const media of Object.values(body?.content ?? {})) close(media.schema);
  }
}

/** Sets `maximum` on a component schema's property: ceilings that come from configuration. */
export function setMaximum(document: OpenAPIObject, schemaName: string, property: string, maximum: number): void {
  const schema = document.components?.schemas?.[schemaName];
  if (!schema || isReference(schema)) throw new Error(`The OpenAPI document has no schema ${schemaName}`);
  const target = schema.properties?.[property];
  if (!target || isReference(target)) throw new Error(`Schema ${schemaName} has no property ${property}`);
  target.maximum = maximum;
}

/** The ceilings the services enforce from configuration (LIMITS_MAX_*, FILES_MAX_SIZE_BYTES), as schema maxima. */
export function stateConfiguredCeilings(
  document: OpenAPIObject,
  maxLimits: { memoryMb: number; cpus: number; timeoutS: number; maxOutputBytes: number; diskMb: number },
  maxFileBytes: number,
): void {
  for (const key of ['memoryMb', 'cpus', 'timeoutS', 'maxOutputBytes', 'diskMb'] as const) {
    setMaximum(document, 'LimitsDto', key, maxLimits[key]);
    // A calculation cannot ask for its output cap: it is the version's (or the default).
    if (key !== 'maxOutputBytes') setMaximum(document, 'RequestedLimitsDto', key, maxLimits[key]);
  }
  setMaximum(document, 'CreateDirectUploadDto', 'sizeBytes', maxFileBytes);
  // A user's own per-calculation ceilings may exceed the defaults, never the maxima.
  setMaximum(document, 'UpdateUserLimitsDto', 'maxMemoryMb', maxLimits.memoryMb);
  setMaximum(document, 'UpdateUserLimitsDto', 'maxCpus', maxLimits.cpus);
  setMaximum(document, 'UpdateUserLimitsDto', 'maxTimeoutS', maxLimits.timeoutS);
}

/** The regular expression of an allow-list (see matchesAny): exact entries, or prefixes for entries ending in `*`. */
export function allowListPattern(patterns: readonly string[]): string {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = patterns.map((pattern) =>
    pattern.endsWith('*') ? `${escape(pattern.slice(0, -1))}[\\s\\S]*` : escape(pattern),
  );
  return alternatives.length ? `^(?:${alternatives.join('|')})$` : '^(?!)$';
}

/** The sandbox images TOOLS_ALLOWED_IMAGES allows, as the pattern of every `image` a request may give. */
export function stateAllowedImages(document: OpenAPIObject, patterns: readonly string[]): void {
  for (const schemaName of ['PublishVersionDto', 'CodeCalculationRequestDto', 'CodeBatchRequestDto']) {
    const schema = document.components?.schemas?.[schemaName];
    const image = schema && !isReference(schema) ? schema.properties?.image : undefined;
    if (!image || isReference(image)) throw new Error(`Schema ${schemaName} has no property image`);
    image.pattern = allowListPattern(patterns);
  }
}

/**
 * Makes a component schema's property any JSON value (or null): Nest's scanner gives an `unknown`
 * property `type: object`, which would refuse a number or a list.
 */
export function allowAnyJson(document: OpenAPIObject, schemaName: string, property: string): void {
  const schema = document.components?.schemas?.[schemaName];
  if (!schema || isReference(schema)) throw new Error(`The OpenAPI document has no schema ${schemaName}`);
  const target = schema.properties?.[property];
  if (!target || isReference(target)) throw new Error(`Schema ${schemaName} has no property ${property}`);
  delete target.type;
}
