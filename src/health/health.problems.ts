import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const HealthProblems = {
  notReady: { slug: 'not-ready', status: 503, title: 'The process is not ready to serve' },
} as const satisfies Record<string, ProblemType>;
