import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const UserProblems = {
  syncInProgress: { slug: 'sync-in-progress', status: 409, title: 'A user sync is already running' },
  identityProviderError: {
    slug: 'identity-provider-error',
    status: 502,
    title: 'The identity provider answered with an error',
  },
  syncEmpty: { slug: 'sync-empty', status: 502, title: 'The identity provider returned no users' },
  syncNotConfigured: { slug: 'sync-not-configured', status: 503, title: 'The user sync is not configured' },
} as const satisfies Record<string, ProblemType>;
