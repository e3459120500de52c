import type { components } from '../../lib/api-schema';

type Budget = components['schemas']['BudgetStatusDto'];

/** Core-seconds as a person reads them: seconds, minutes or core-hours. */
export function formatCoreSeconds(value: number): string {
  if (value < 60) return `${value.toFixed(value < 10 ? 1 : 0)} core-s`;
  if (value < 3600) return `${(value / 60).toFixed(1)} core-min`;
  return `${(value / 3600).toFixed(value < 36_000 ? 2 : 1)} core-h`;
}

/** A budget's bar: percent spent (capped at 100), its colour and its sentence. */
export function budgetBar(budget: Budget): { percent: number; color: string; text: string } {
  const spent = formatCoreSeconds(budget.spentCoreSeconds);
  if (budget.budgetCoreSeconds === null) return { percent: 0, color: 'gray', text: `${spent} (no limit)` };
  const percent =
    budget.percent ?? (budget.budgetCoreSeconds > 0 ? (100 * budget.spentCoreSeconds) / budget.budgetCoreSeconds : 0);
  return {
    percent: Math.min(100, Math.max(0, percent)),
    color: percent >= 100 ? 'red' : percent >= 90 ? 'orange' : percent >= 70 ? 'yellow' : 'teal',
    text: `${spent} of ${formatCoreSeconds(budget.budgetCoreSeconds)} (${Math.round(percent)} %)`,
  };
}

/** The points of an SVG polyline for `values` in a `width` × `height` box (a flat line when all are zero). */
export function sparklinePoints(values: number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(...values, 0);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((value, index) => {
      const x = values.length > 1 ? index * step : width / 2;
      const y = max > 0 ? height - (value / max) * height : height;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

const round = (value: number) => Math.round(value * 10) / 10;
