export enum CalculationStatus {
  Pending = 'pending',
  Queued = 'queued',
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
  Cancelled = 'cancelled',
  TimedOut = 'timed_out',
}

export const TERMINAL_STATUSES: readonly CalculationStatus[] = [
  CalculationStatus.Completed,
  CalculationStatus.Failed,
  CalculationStatus.Cancelled,
  CalculationStatus.TimedOut,
];

/** Statuses of calculations that have not finished: their input files must stay. */
export const ACTIVE_STATUSES: readonly CalculationStatus[] = [
  CalculationStatus.Pending,
  CalculationStatus.Queued,
  CalculationStatus.Running,
];

/**
 * The transitions a calculation may make. Status only moves forward, so a late event can never take a
 * finished calculation back to `running`.
 */
const ALLOWED: Record<CalculationStatus, readonly CalculationStatus[]> = {
  [CalculationStatus.Pending]: [CalculationStatus.Queued, CalculationStatus.Cancelled, CalculationStatus.Failed],
  [CalculationStatus.Queued]: [CalculationStatus.Running, CalculationStatus.Cancelled, CalculationStatus.Failed],
  [CalculationStatus.Running]: [
    // Back to the queue only when a worker shutting down killed the sandbox before the code finished.
    CalculationStatus.Queued,
    CalculationStatus.Completed,
    CalculationStatus.Failed,
    CalculationStatus.Cancelled,
    CalculationStatus.TimedOut,
  ],
  [CalculationStatus.Completed]: [],
  [CalculationStatus.Failed]: [],
  [CalculationStatus.Cancelled]: [],
  [CalculationStatus.TimedOut]: [],
};

export function canTransition(from: CalculationStatus, to: CalculationStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** The statuses from which `to` can be reached: the WHERE clause of a conditional UPDATE. */
export function statusesLeadingTo(to: CalculationStatus): CalculationStatus[] {
  return (Object.keys(ALLOWED) as CalculationStatus[]).filter((from) => ALLOWED[from].includes(to));
}
