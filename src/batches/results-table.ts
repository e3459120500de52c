/** Scalars kept in a results table; objects are flattened, arrays and other non-scalars skipped. */
type Scalar = string | number | boolean | null;

const isScalar = (value: unknown): value is Scalar =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * A result's scalar fields as dotted columns: `{a: {b: 1}, c: [1]}` → `{"result.a.b": 1}` (arrays
 * and other non-scalars are skipped). A scalar result is the single column `result`.
 */
export function flattenResult(result: unknown, prefix = 'result'): Record<string, Scalar> {
  if (result === undefined) return {};
  if (isScalar(result)) return { [prefix]: result };
  if (typeof result !== 'object' || Array.isArray(result)) return {};
  const columns: Record<string, Scalar> = {};
  for (const [key, value] of Object.entries(result as Record<string, unknown>)) {
    Object.assign(columns, flattenResult(value, `${prefix}.${key}`));
  }
  return columns;
}

/** A parameter's cell: scalars as they are, anything else as its JSON text. */
export function parameterCell(value: unknown): Scalar {
  if (value === undefined) return null;
  return isScalar(value) ? value : JSON.stringify(value);
}

/** The columns of a results table, in a stable order: fixed ones, parameters, results, usage. */
export const LEADING_COLUMNS = ['index', 'id', 'status'] as const;
export const USAGE_COLUMNS = ['cpuTimeS', 'wallTimeS', 'peakMemoryBytes'] as const;

/** Collects column names; the header sorts them (stored JSON does not keep key order). */
export class ColumnSet {
  readonly parameters = new Set<string>();
  readonly results = new Set<string>();

  add(parameters: Record<string, unknown>, result: Record<string, Scalar>): void {
    for (const key of Object.keys(parameters)) this.parameters.add(key);
    for (const key of Object.keys(result)) this.results.add(key);
  }

  /** Parameter columns are prefixed `parameters.` so that they cannot collide with the others. */
  header(): string[] {
    return [
      ...LEADING_COLUMNS,
      ...[...this.parameters].sort().map((key) => `parameters.${key}`),
      ...[...this.results].sort(),
      ...USAGE_COLUMNS,
    ];
  }
}
