import { describe, expect, it } from 'vitest';
import { budgetBar, formatCoreSeconds, sparklinePoints } from './usage-format';

const budget = (spent: number, limit: number | null, percent: number | null = null) => ({
  period: 'daily' as const,
  periodStart: '2026-12-01',
  resetsAt: '2026-12-02T00:00:00Z',
  spentCoreSeconds: spent,
  budgetCoreSeconds: limit,
  percent,
});

describe('usage formatting', () => {
  it('reads core-seconds in the unit that fits', () => {
    expect(formatCoreSeconds(4.25)).toBe('4.3 core-s');
    expect(formatCoreSeconds(90)).toBe('1.5 core-min');
    expect(formatCoreSeconds(7200)).toBe('2.00 core-h');
  });

  it('colours a budget by the thresholds and caps the bar at 100', () => {
    expect(budgetBar(budget(50, 100, 50))).toMatchObject({ percent: 50, color: 'teal' });
    expect(budgetBar(budget(75, 100, 75))).toMatchObject({ percent: 75, color: 'yellow' });
    expect(budgetBar(budget(95, 100, 95))).toMatchObject({ percent: 95, color: 'orange' });
    const over = budgetBar(budget(130, 100, 130));
    expect(over).toMatchObject({ percent: 100, color: 'red' });
    expect(over.text).toBe('2.2 core-min of 1.7 core-min (130 %)');
    // Without the API's percent it is computed.
    expect(budgetBar(budget(30, 120)).percent).toBe(25);
  });

  it('says so when there is no budget', () => {
    expect(budgetBar(budget(12, null))).toEqual({ percent: 0, color: 'gray', text: '12 core-s (no limit)' });
  });

  it('draws a sparkline scaled to the largest value', () => {
    expect(sparklinePoints([0, 5, 10], 100, 50)).toBe('0,50 50,25 100,0');
    expect(sparklinePoints([0, 0], 100, 50)).toBe('0,50 100,50');
    expect(sparklinePoints([], 100, 50)).toBe('');
  });
});
