import { HttpProblems } from './http.problems';
import { ProblemException } from './problem.exception';

/** The services the API cannot answer without; the names match /health/ready's checks. */
export const DEPENDENCIES = ['postgres', 'redis', 'storage', 'keycloak'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

/**
 * What became of a submission whose job the queue did not take (the 503's `outcome`): `withdrawn`,
 * nothing was kept and the client may submit again; `left-queued`, it was recorded and is enqueued
 * once the queue is back, so the client must not submit it again.
 */
export const UNQUEUED_OUTCOMES = ['withdrawn', 'left-queued'] as const;
export type UnqueuedOutcome = (typeof UNQUEUED_OUTCOMES)[number];

const DESCRIPTIONS: Record<Dependency, string> = {
  postgres: 'The database',
  redis: 'The job queue',
  storage: 'File storage',
  keycloak: 'The identity provider',
};

/** Seconds a client should wait before retrying a request that met an outage. */
export const OUTAGE_RETRY_AFTER_S = 5;

/** Thrown by adapters that already know which dependency failed them. */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable`, options);
    this.name = 'DependencyUnavailableError';
  }
}

/** The members a 503 adds when it answers a submission: what became of it, and its id if it was kept. */
export interface UnqueuedSubmission {
  outcome?: UnqueuedOutcome;
  calculationId?: string;
  batchId?: string;
}

/**
 * 503 problem+json with Retry-After, naming the dependency and nothing of its internals (no host,
 * port or driver message). `extensions` add members, e.g. what became of a half-done submission.
 */
export class DependencyUnavailableProblem extends ProblemException {
  constructor(
    readonly dependency: Dependency,
    detail?: string,
    extensions: UnqueuedSubmission = {},
  ) {
    super(
      HttpProblems.dependencyUnavailable.status,
      HttpProblems.dependencyUnavailable.slug,
      detail ?? `${DESCRIPTIONS[dependency]} is unavailable; try again shortly.`,
      {
        dependency,
        ...extensions,
      },
    );
    this.withHeader('Retry-After', String(OUTAGE_RETRY_AFTER_S));
  }
}

// Where each dependency listens, so that a bare socket error (ECONNREFUSED from pg's pool carries
// no trace of pg) can be attributed. Filled by the code that opens the connections.
const endpoints = new Map<string, Dependency>();

export function registerDependencyEndpoint(dependency: Dependency, host: string, port: number): void {
  endpoints.set(`${host}:${port}`, dependency);
}

/** Socket error codes that mean "could not reach it" (or lost it), as opposed to an answer. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

// pg and pg-pool's own words for a connection that failed or went away.
const PG_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
];
// SQLSTATE classes 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now), 53300 (too many connections).
const PG_UNAVAILABLE_STATE = /^(08...|57P0[123]|53300)$/;

// ioredis and BullMQ's words for a command that could not reach Redis.
const REDIS_MESSAGES = [
  "Stream isn't writeable",
  'Command timed out',
  'Connection is closed',
  'Reached the max retries per request limit',
];

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  address?: unknown;
  port?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
  $metadata?: unknown;
  $fault?: unknown;
};

/**
 * Which dependency an error says is unreachable, or undefined when it is an ordinary error. Looks
 * through wrappers (TypeORM's driverError, `cause`, AggregateError) a few levels deep.
 */
export function unavailableDependencyOf(error: unknown, depth = 0): Dependency | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  if (error instanceof DependencyUnavailableError || error instanceof DependencyUnavailableProblem) {
    return error.dependency;
  }
  const e = error as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (code && typeof e.address === 'string' && typeof e.port === 'number') {
    const known = endpoints.get(`${e.address}:${e.port}`);
    if (known && NETWORK_CODES.has(code)) return known;
  }
  if (PG_MESSAGES.some((text) => message.includes(text)) || PG_UNAVAILABLE_STATE.test(code)) return 'postgres';
  if (e.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((text) => message.includes(text))) {
    return 'redis';
  }
  const nested: unknown[] = Array.isArray(e.errors) ? (e.errors as unknown[]) : [];
  for (const inner of [e.driverError, e.cause, ...nested]) {
    const found = unavailableDependencyOf(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The 503 to answer for an error that is an outage, or undefined. */
export function asDependencyProblem(error: unknown): DependencyUnavailableProblem | undefined {
  if (error instanceof DependencyUnavailableProblem) return error;
  const dependency = unavailableDependencyOf(error);
  return dependency ? new DependencyUnavailableProblem(dependency) : undefined;
}

/** A network failure somewhere in an error's `cause` chain (fetch, axios, node sockets). */
export function isNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    current = cause;
  }
  return false;
}
