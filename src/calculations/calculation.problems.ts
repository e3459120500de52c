import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const CalculationProblems = {
  calculationFinished: { slug: 'calculation-finished', status: 409, title: 'The calculation has already finished' },
} as const satisfies Record<string, ProblemType>;
