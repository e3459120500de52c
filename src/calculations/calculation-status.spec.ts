import { CalculationStatus, canTransition, statusesLeadingTo, TERMINAL_STATUSES } from './calculation-status';

describe('calculation status transitions', () => {
  it('moves forward from queued to running to completed', () => {
    expect(canTransition(CalculationStatus.Queued, CalculationStatus.Running)).toBe(true);
    expect(canTransition(CalculationStatus.Running, CalculationStatus.Completed)).toBe(true);
  });

  it('never leaves a terminal status', () => {
    for (const terminal of TERMINAL_STATUSES) {
      for (const to of Object.values(CalculationStatus)) {
        expect(canTransition(terminal, to)).toBe(false);
      }
    }
  });

  it('refuses to go back from completed to running', () => {
    expect(canTransition(CalculationStatus.Completed, CalculationStatus.Running)).toBe(false);
  });

  it('requeues only a running calculation (a worker shutting down gives it back)', () => {
    expect(statusesLeadingTo(CalculationStatus.Queued).sort()).toEqual(
      [CalculationStatus.Pending, CalculationStatus.Running].sort(),
    );
  });

  it('only times out a running calculation', () => {
    expect(statusesLeadingTo(CalculationStatus.TimedOut)).toEqual([CalculationStatus.Running]);
  });

  it('cancels from pending, queued or running', () => {
    expect(statusesLeadingTo(CalculationStatus.Cancelled).sort()).toEqual(
      [CalculationStatus.Pending, CalculationStatus.Queued, CalculationStatus.Running].sort(),
    );
  });
});
