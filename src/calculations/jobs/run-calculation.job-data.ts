import type { JobsOptions } from 'bullmq';

/** The payload of a run-calculation job: the id only; the worker reads the rest from the database. */
export interface RunCalculationJobData {
  calculationId: string;
}

/** One job per calculation, ever: adding it twice is a no-op. */
export function calculationJobId(calculationId: string): string {
  return `calc-${calculationId}`;
}

// Retries are for the platform's failures (engine or storage unreachable before the code started);
// the user's code failing is a result, never retried.
export const RUN_CALCULATION_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
