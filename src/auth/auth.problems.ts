import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const AuthProblems = {
  rateLimited: { slug: 'rate-limited', status: 429, title: 'Too many requests with this API key' },
} as const satisfies Record<string, ProblemType>;
