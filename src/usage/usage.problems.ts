import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const UsageProblems = {
  budgetExhausted: { slug: 'budget-exhausted', status: 429, title: 'Your compute budget for the period is spent' },
  budgetInsufficient: {
    slug: 'budget-insufficient',
    status: 429,
    title: 'What remains of your compute budget is less than the submission may use',
  },
  tooManyQueued: { slug: 'too-many-queued', status: 429, title: 'You have as many calculations queued as allowed' },
  usageSuspended: { slug: 'usage-suspended', status: 403, title: 'Your computing is suspended' },
} as const satisfies Record<string, ProblemType>;
