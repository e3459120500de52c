import { CalculationStatus, TERMINAL_STATUSES } from '../calculations/calculation-status';
import { calculationEvent } from './webhook-events';

describe('calculationEvent', () => {
  it('names one event for every final status of a calculation', () => {
    expect(TERMINAL_STATUSES.map((status) => calculationEvent(status))).toEqual(
      TERMINAL_STATUSES.map((status) => `calculation.${status}`),
    );
  });

  it('names none for a status that is not an ending', () => {
    expect(calculationEvent(CalculationStatus.Running)).toBeNull();
    expect(calculationEvent('finished')).toBeNull();
  });
});
