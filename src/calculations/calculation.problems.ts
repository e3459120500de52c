import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const CalculationProblems = {
  calculationFinished: { slug: 'calculation-finished', status: 409, title: 'The calculation has already finished' },
  imageGone: { slug: 'image-gone', status: 409, title: 'The exact image the calculation ran is no longer available' },
  imageNotRecorded: {
    slug: 'image-not-recorded',
    status: 409,
    title: 'No image id was recorded for the calculation, so it cannot be rerun exactly',
  },
} as const satisfies Record<string, ProblemType>;
