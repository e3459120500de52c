import { HttpException } from '@nestjs/common';

const KEEPS_KEY = Symbol.for('retort.idempotency.keeps-key');

/**
 * Marks an error after which the work is nevertheless done, or will be (e.g. a calculation recorded and
 * left for the reconciler while the queue is down): instead of freeing the request's Idempotency-Key,
 * its problem answer is stored and replayed to a retry, which must not do the work a second time.
 */
export function keepIdempotencyKey<T extends HttpException>(error: T): T {
  Object.defineProperty(error, KEEPS_KEY, { value: true });
  return error;
}

export function keepsIdempotencyKey(error: unknown): error is HttpException {
  return error instanceof HttpException && (error as unknown as Record<symbol, unknown>)[KEEPS_KEY] === true;
}
