export enum CalculationStatus {
  Pending = 'pending',
  Queued = 'queued',
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
  Cancelled = 'cancelled',
  TimedOut = 'timed_out',
}

/** For each status, the statuses it may move to; a status with none is final. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/**
 * A status life cycle read from one transition table: every question about which status may follow
 * which (the WHERE clause of a conditional UPDATE included) is answered from the table alone.
 */
export class StatusMachine<S extends string> {
  constructor(private readonly table: TransitionTable<S>) {}

  get statuses(): S[] {
    return Object.keys(this.table) as S[];
  }

  /** Statuses with no way out. */
  get final(): S[] {
    return this.statuses.filter((status) => this.table[status].length === 0);
  }

  /** Statuses that have not finished (some transition still leads out of them). */
  get unfinished(): S[] {
    return this.statuses.filter((status) => this.table[status].length > 0);
  }

  canTransition(from: S, to: S): boolean {
    return this.table[from].includes(to);
  }

  /** The statuses from which `to` can be reached. */
  statusesLeadingTo(to: S): S[] {
    return this.statuses.filter((from) => this.table[from].includes(to));
  }

  /**
   * The `status IN (...)` list of a conditional UPDATE to `to`: every status that may lead there, or
   * only those of `only` (e.g. "the worker finishes what is running"). Naming a status that cannot
   * lead to `to` is a programming error, so it throws rather than writing a forbidden transition.
   */
  sourcesFor(to: S, only?: readonly S[]): S[] {
    const allowed = this.statusesLeadingTo(to);
    if (!only) return allowed;
    const forbidden = only.filter((from) => !allowed.includes(from));
    if (forbidden.length > 0) throw new Error(`no transition from ${forbidden.join(', ')} to ${to}`);
    return [...only];
  }
}

/**
 * The transitions a calculation may make. Status only moves forward, so a late event can never take a
 * finished calculation back to `running`. This table is the only place they are written down.
 */
export const CALCULATION_TRANSITIONS: TransitionTable<CalculationStatus> = {
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

export const CALCULATION_STATUSES = new StatusMachine(CALCULATION_TRANSITIONS);

export const TERMINAL_STATUSES: readonly CalculationStatus[] = CALCULATION_STATUSES.final;

/** Statuses of calculations that have not finished: their input files must stay. */
export const ACTIVE_STATUSES: readonly CalculationStatus[] = CALCULATION_STATUSES.unfinished;

export function canTransition(from: CalculationStatus, to: CalculationStatus): boolean {
  return CALCULATION_STATUSES.canTransition(from, to);
}

/** The statuses from which `to` can be reached: the WHERE clause of a conditional UPDATE. */
export function statusesLeadingTo(to: CalculationStatus): CalculationStatus[] {
  return CALCULATION_STATUSES.statusesLeadingTo(to);
}
