import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const IdempotencyProblems = {
  idempotencyKeyInUse: {
    slug: 'idempotency-key-in-use',
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed',
  },
  idempotencyKeyReused: {
    slug: 'idempotency-key-reused',
    status: 422,
    title: 'The Idempotency-Key was used for a different request',
  },
} as const satisfies Record<string, ProblemType>;
