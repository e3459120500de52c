import {
  ACTIVE_STATUSES,
  CALCULATION_STATUSES,
  CalculationStatus,
  canTransition,
  StatusMachine,
  statusesLeadingTo,
  TERMINAL_STATUSES,
} from './calculation-status';
import { transitionCondition } from './calculation.repository';

const S = CalculationStatus;

// Every allowed move, written out once more by hand: the table must say exactly this.
const ALLOWED_PAIRS: [CalculationStatus, CalculationStatus][] = [
  [S.Pending, S.Queued],
  [S.Pending, S.Cancelled],
  [S.Pending, S.Failed],
  [S.Queued, S.Running],
  [S.Queued, S.Cancelled],
  [S.Queued, S.Failed],
  [S.Running, S.Queued],
  [S.Running, S.Completed],
  [S.Running, S.Failed],
  [S.Running, S.Cancelled],
  [S.Running, S.TimedOut],
];

const EVERY_PAIR = Object.values(S).flatMap((from) =>
  Object.values(S).map((to) => [from, to, ALLOWED_PAIRS.some(([a, b]) => a === from && b === to)] as const),
);

describe('calculation status transitions', () => {
  it.each(EVERY_PAIR)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
    // The WHERE list of an update to `to` holds `from` exactly when the move is allowed.
    expect(transitionCondition(CALCULATION_STATUSES, to).params.from.includes(from)).toBe(allowed);
  });

  it('never leaves a terminal status', () => {
    for (const terminal of TERMINAL_STATUSES) {
      for (const to of Object.values(CalculationStatus)) {
        expect(canTransition(terminal, to)).toBe(false);
      }
    }
  });

  it('derives the final and the unfinished statuses from the table', () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual([S.Cancelled, S.Completed, S.Failed, S.TimedOut].sort());
    expect([...ACTIVE_STATUSES].sort()).toEqual([S.Pending, S.Queued, S.Running].sort());
  });

  it('requeues only a running calculation (a worker shutting down gives it back)', () => {
    expect(statusesLeadingTo(CalculationStatus.Queued).sort()).toEqual(
      [CalculationStatus.Pending, CalculationStatus.Running].sort(),
    );
  });

  it('only times out a running calculation', () => {
    expect(statusesLeadingTo(CalculationStatus.TimedOut)).toEqual([CalculationStatus.Running]);
  });

  it('narrows an update to some of the allowed sources', () => {
    expect(transitionCondition(CALCULATION_STATUSES, S.Failed, [S.Running])).toEqual({
      sql: 'status IN (:...from)',
      params: { from: [S.Running] },
    });
  });

  it('refuses to build an update for a transition the table forbids', () => {
    expect(() => transitionCondition(CALCULATION_STATUSES, S.Running, [S.Completed])).toThrow(
      'no transition from completed to running',
    );
  });
});

describe(StatusMachine.name, () => {
  // The table with one more status: a paused calculation may resume, be cancelled or fail.
  type Extended = CalculationStatus | 'paused';
  const sut = new StatusMachine<Extended>({
    [S.Pending]: [S.Queued, S.Cancelled, S.Failed],
    [S.Queued]: [S.Running, S.Cancelled, S.Failed],
    [S.Running]: [S.Queued, S.Completed, S.Failed, S.Cancelled, S.TimedOut, 'paused'],
    paused: [S.Running, S.Cancelled, S.Failed],
    [S.Completed]: [],
    [S.Failed]: [],
    [S.Cancelled]: [],
    [S.TimedOut]: [],
  });

  it('honours a new status in every question without a change elsewhere', () => {
    expect(sut.unfinished).toContain('paused');
    expect(sut.final).not.toContain('paused');
    expect(transitionCondition(sut, S.Running).params.from.sort()).toEqual(['paused', S.Queued].sort());
    expect(transitionCondition(sut, S.Cancelled).params.from).toContain('paused');
    expect(transitionCondition(sut, 'paused').params.from).toEqual([S.Running]);
    expect(sut.canTransition('paused', S.Completed)).toBe(false);
  });
});
