import type { MinimalJob } from 'bullmq';
import { duration, retryDelayMs, retrySpanMs, WEBHOOK_BACKOFF, webhookBackoff } from './retry-schedule';

describe(retryDelayMs.name, () => {
  it('doubles from the base with each attempt made', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(1000, attempts))).toEqual([1000, 2000, 4000, 8000]);
  });
});

describe(retrySpanMs.name, () => {
  it('spans more than a day with the default schedule (12 attempts, one minute base)', () => {
    const span = retrySpanMs(60_000, 12);
    expect(span).toBeGreaterThan(24 * 3600 * 1000);
    expect(span).toBe(60_000 * (2 ** 11 - 1));
  });

  it('is nothing for a single attempt', () => {
    expect(retrySpanMs(60_000, 1)).toBe(0);
  });
});

describe(webhookBackoff.name, () => {
  const job = (attemptsBefore: number) =>
    ({
      data: { deliveryId: 'd', attemptsBefore },
      opts: { backoff: { type: WEBHOOK_BACKOFF, delay: 100 } },
    }) as MinimalJob;

  it('continues the delivery’s schedule across jobs: attempts before the job count', () => {
    expect(webhookBackoff(1, WEBHOOK_BACKOFF, undefined, job(0))).toBe(100);
    expect(webhookBackoff(2, WEBHOOK_BACKOFF, undefined, job(0))).toBe(200);
    expect(webhookBackoff(1, WEBHOOK_BACKOFF, undefined, job(5))).toBe(100 * 2 ** 5);
  });
});

describe(duration.name, () => {
  it('reads in hours, minutes or seconds', () => {
    expect([86_400_000, 5_400_000, 1_800_000, 3_600].map(duration)).toEqual(['24 h', '1.5 h', '30 min', '4 s']);
  });
});
