import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const BatchProblems = {
  batchFinished: { slug: 'batch-finished', status: 409, title: 'Every calculation of the batch has finished' },
  batchNothingFailed: { slug: 'batch-nothing-failed', status: 409, title: 'No calculation of the batch failed' },
} as const satisfies Record<string, ProblemType>;
