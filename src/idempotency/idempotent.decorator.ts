import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_PATTERN } from './idempotency-key-header';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Accepts an optional `Idempotency-Key` header on a POST that creates something: a retry with the same
 * key and request replays the first answer (`Idempotent-Replayed: true`) instead of creating a second
 * thing. Keys are per user and kept 24 hours. Documents the header and its 409 and 422 answers.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes a retry safe: a request repeated with the same key (and the same route, parameters and body) ' +
        'within 24 hours is not done again; its first successful answer is replayed with ' +
        '`Idempotent-Replayed: true`. A request that failed frees its key. Keys are per user; use a new one ' +
        '(e.g. a UUID) for each new request.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
        pattern: IDEMPOTENCY_KEY_PATTERN.source,
        example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
      },
    }),
    ApiConflictResponse({
      description: 'A request with the same Idempotency-Key is still in progress; retry after `Retry-After` seconds.',
    }),
    ApiUnprocessableEntityResponse({
      description:
        'The Idempotency-Key header is malformed, or was already used for a different request, or the body is not valid.',
    }),
  );
