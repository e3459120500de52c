import type { BudgetPeriod } from '../common/budget-periods';

/** What a calculation's sandbox ran with and what was measured, as the ledger needs it. */
export interface RunMeasurement {
  cpus: number;
  memoryMb: number;
  timeoutS: number;
  /** Measured wall time of the code; null when the run ended without a measurement (worker lost). */
  executionTimeS: number | null;
  cpuTimeS: number | null;
  peakMemoryBytes: number | null;
  outputBytes: number;
  startedAt: Date;
  completedAt: Date;
}

/** The figures of one usage entry. */
export interface UsageFigures {
  cpuS: number;
  wallS: number;
  /** cpus × wall: the cores held for the run, used or not. */
  reservedCoreS: number;
  /** memory limit in GiB × wall. */
  reservedGbS: number;
  peakMemoryBytes: number | null;
  outputBytes: number;
}

const nonNegative = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);

/**
 * The usage of one run. Wall time is the measured one; when nothing was measured (the worker died, or
 * the platform failed after the code started) it is the time from start to end, but never more than
 * the wall-clock limit: the sandbox cannot have held its reservation longer than that.
 */
export function usageFigures(run: RunMeasurement): UsageFigures {
  const elapsedS = (run.completedAt.getTime() - run.startedAt.getTime()) / 1000;
  const wallS = nonNegative(run.executionTimeS ?? Math.min(elapsedS, run.timeoutS));
  return {
    cpuS: nonNegative(run.cpuTimeS ?? 0),
    wallS,
    reservedCoreS: run.cpus * wallS,
    reservedGbS: (run.memoryMb / 1024) * wallS,
    peakMemoryBytes: run.peakMemoryBytes,
    outputBytes: nonNegative(run.outputBytes),
  };
}

/** Alert thresholds, in percent of a budget, by default (USAGE_ALERT_THRESHOLDS adds to 100). */
export const ALERT_THRESHOLDS: readonly number[] = [70, 90, 100];

/** A UTC calendar day as `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The start (inclusive) and end (exclusive) of the UTC day or month that holds `at`. */
export function periodOf(period: BudgetPeriod, at: Date): { start: Date; end: Date } {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (period === 'daily') {
    const start = new Date(Date.UTC(y, m, at.getUTCDate()));
    return { start, end: new Date(start.getTime() + 24 * 3600 * 1000) };
  }
  return { start: new Date(Date.UTC(y, m, 1)), end: new Date(Date.UTC(y, m + 1, 1)) };
}

/** Seconds from `now` to the end of the period (at least 1: a Retry-After of 0 invites a busy loop). */
export function secondsUntilReset(period: BudgetPeriod, now: Date): number {
  return Math.max(1, Math.ceil((periodOf(period, now).end.getTime() - now.getTime()) / 1000));
}

/**
 * Core-seconds a budget still has for new work: what is neither spent nor held by calculations in flight.
 * Within a millionth of a core-second it counts as enough: budget - spent is floating-point arithmetic,
 * and (0.1784 + 1) - 0.1784 is 0.9999999999999999, which must not refuse a 1 core-second submission.
 */
export function budgetAllows(
  worstCaseCoreSeconds: number,
  budget: { budgetCoreSeconds: number; spentCoreSeconds: number; heldCoreSeconds: number },
): { allowed: boolean; remainingCoreSeconds: number } {
  const remaining = Math.max(0, budget.budgetCoreSeconds - budget.spentCoreSeconds - budget.heldCoreSeconds);
  return { allowed: worstCaseCoreSeconds <= remaining + CORE_SECONDS_TOLERANCE, remainingCoreSeconds: remaining };
}

const CORE_SECONDS_TOLERANCE = 1e-6;

/** Percent of a budget spent, two decimals; null for no budget (unlimited). */
export function percentOf(spent: number, budget: number | null): number | null {
  if (budget === null) return null;
  return Math.round((spent / budget) * 10000) / 100;
}

/** The thresholds that `spent` has reached of `budget` (none without a budget). */
export function thresholdsReached(
  spent: number,
  budget: number | null,
  thresholds: readonly number[] = ALERT_THRESHOLDS,
): number[] {
  if (budget === null || budget <= 0) return [];
  return thresholds.filter((threshold) => spent * 100 >= budget * threshold);
}

/** Core-seconds a submission may hold at worst: its CPUs for its whole wall-clock limit, per calculation. */
export function worstCaseCoreSeconds(limits: { cpus: number; timeoutS: number }, calculations = 1): number {
  return limits.cpus * limits.timeoutS * calculations;
}
