import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const WebhookProblems = {
  webhookDeliveryPending: {
    slug: 'webhook-delivery-pending',
    status: 409,
    title: 'The delivery is still being attempted',
  },
  webhookDisabled: { slug: 'webhook-disabled', status: 409, title: 'The webhook is disabled' },
} as const satisfies Record<string, ProblemType>;
