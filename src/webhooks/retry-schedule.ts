import type { MinimalJob } from 'bullmq';

/**
 * Webhook retries: the n-th retry (n ≥ 1) waits `baseMs × 2^(n-1)` after the attempt before. Counted
 * from the delivery's attempts so far, not from its current job's, so a delivery re-enqueued by the
 * sweep (its job lost with Redis) resumes the schedule instead of starting it again.
 */
export function retryDelayMs(baseMs: number, attemptsSoFar: number): number {
  return baseMs * 2 ** Math.max(0, attemptsSoFar - 1);
}

/** From the first attempt to the last, when every attempt fails at once. */
export function retrySpanMs(baseMs: number, maxAttempts: number): number {
  let span = 0;
  for (let attempts = 1; attempts < maxAttempts; attempts += 1) span += retryDelayMs(baseMs, attempts);
  return span;
}

/** The BullMQ backoff type whose delay `retryDelayMs` computes (see DeliverWebhookJob). */
export const WEBHOOK_BACKOFF = 'webhook';

/**
 * BullMQ's backoff strategy for the webhooks queue: the delay before a retry is the delivery's
 * schedule, counting the attempts made before this job (`attemptsBefore` in its data).
 */
export function webhookBackoff(attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob): number {
  const backoff = job?.opts.backoff;
  const base = backoff && typeof backoff === 'object' ? (backoff.delay ?? 0) : 0;
  if (type !== WEBHOOK_BACKOFF || !job) return base;
  const before = Number((job.data as { attemptsBefore?: number }).attemptsBefore ?? 0);
  return retryDelayMs(base, before + attemptsMade);
}

/** `24 h`, `30 min`, `4 s`: how long a webhook may fail, for its owner to read. */
export function duration(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
