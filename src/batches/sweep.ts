import { FieldError } from '../common/problem-details';
import { ValidationProblem } from '../common/problem.exception';

// Offending combinations named in one 422 (the detail says how many there are in all).
const MAX_REPORTED_COMBINATIONS = 20;

/** How a batch generates its parameter sets: exactly one of the three. */
export interface Sweep {
  /** Cartesian product of the value lists (the last key varies fastest). */
  grid?: Record<string, unknown[]>;
  /** The i-th values of equally long lists together. */
  zip?: Record<string, unknown[]>;
  /** The sets as given. */
  list?: Record<string, unknown>[];
}

export type SweepExpansion = { sets: Record<string, unknown>[]; errors: [] } | { sets: null; errors: FieldError[] };

const KINDS = ['grid', 'zip', 'list'] as const;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (errors: FieldError[]): SweepExpansion => ({ sets: null, errors });

/** The number of sets a sweep would generate, or field errors when it is malformed. */
export function expandSweep(sweep: unknown, maxSize: number): SweepExpansion {
  if (!isPlainObject(sweep)) return fail([{ path: 'sweep', message: 'must be an object with grid, zip or list' }]);
  const given = KINDS.filter((kind) => sweep[kind] !== undefined);
  const unknown = Object.keys(sweep).filter((key) => !(KINDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    return fail(unknown.map((key) => ({ path: `sweep.${key}`, message: 'is not a sweep kind (grid, zip or list)' })));
  }
  if (given.length !== 1) {
    return fail([{ path: 'sweep', message: 'give exactly one of grid, zip or list' }]);
  }
  const kind = given[0];
  if (kind === 'list') return expandList(sweep.list, maxSize);
  const lists = sweep[kind];
  if (!isPlainObject(lists) || Object.keys(lists).length === 0) {
    return fail([{ path: `sweep.${kind}`, message: 'must map at least one parameter name to a list of values' }]);
  }
  const errors: FieldError[] = [];
  for (const [key, values] of Object.entries(lists)) {
    if (!Array.isArray(values) || values.length === 0) {
      errors.push({ path: `sweep.${kind}.${key}`, message: 'must be a non-empty list of values' });
    }
  }
  if (errors.length > 0) return fail(errors);
  const entries = Object.entries(lists as Record<string, unknown[]>);
  return kind === 'grid' ? expandGrid(entries, maxSize) : expandZip(entries, maxSize);
}

function tooMany(path: string, size: number, maxSize: number): SweepExpansion {
  return fail([{ path, message: `generates ${size} parameter sets; at most ${maxSize} are allowed per batch` }]);
}

function expandList(list: unknown, maxSize: number): SweepExpansion {
  if (!Array.isArray(list) || list.length === 0) {
    return fail([{ path: 'sweep.list', message: 'must be a non-empty list of parameter objects' }]);
  }
  if (list.length > maxSize) return tooMany('sweep.list', list.length, maxSize);
  const errors: FieldError[] = list.flatMap((entry, index) =>
    isPlainObject(entry) ? [] : [{ path: `sweep.list[${index}]`, message: 'must be an object of parameters' }],
  );
  if (errors.length > 0) return fail(errors);
  return { sets: list.map((entry) => ({ ...(entry as Record<string, unknown>) })), errors: [] };
}

function expandZip(entries: [string, unknown[]][], maxSize: number): SweepExpansion {
  const length = entries[0][1].length;
  const uneven = entries.filter(([, values]) => values.length !== length);
  if (uneven.length > 0) {
    const lengths = entries.map(([key, values]) => `${key}: ${values.length}`).join(', ');
    return fail(
      uneven.map(([key]) => ({ path: `sweep.zip.${key}`, message: `zip lists must have equal lengths (${lengths})` })),
    );
  }
  if (length > maxSize) return tooMany('sweep.zip', length, maxSize);
  const sets = Array.from({ length }, (_, index) =>
    Object.fromEntries(entries.map(([key, values]) => [key, values[index]])),
  );
  return { sets, errors: [] };
}

function expandGrid(entries: [string, unknown[]][], maxSize: number): SweepExpansion {
  // Counted before anything is generated: a grid of a million points must not be built to be refused.
  const size = entries.reduce((product, [, values]) => product * values.length, 1);
  if (size > maxSize) return tooMany('sweep.grid', size, maxSize);
  let sets: Record<string, unknown>[] = [{}];
  for (const [key, values] of entries) {
    sets = sets.flatMap((set) => values.map((value) => ({ ...set, [key]: value })));
  }
  return { sets, errors: [] };
}

/**
 * Validates every set; a 422 names each offending combination (index and values) with the field
 * paths under `combinations[i]`, the first MAX_REPORTED_COMBINATIONS of them.
 */
export function validateEach(
  sets: Record<string, unknown>[],
  validate: (parameters: unknown) => Record<string, unknown>,
): Record<string, unknown>[] {
  const valid: Record<string, unknown>[] = [];
  const errors: FieldError[] = [];
  let offending = 0;
  let first: number | null = null;
  sets.forEach((set, index) => {
    try {
      valid.push(validate(set));
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error;
      offending += 1;
      first ??= index;
      if (offending > MAX_REPORTED_COMBINATIONS) return;
      const values = JSON.stringify(set);
      for (const fieldError of error.fieldErrors) {
        errors.push({
          path: fieldError.path.replace(/^parameters/, `combinations[${index}]`),
          message: `${fieldError.message} (combination ${index}: ${values})`,
        });
      }
    }
  });
  if (offending > 0) {
    throw new ValidationProblem(
      errors,
      `${offending} of ${sets.length} parameter combinations do not match the tool’s schema (the first is ` +
        `combination ${first}); nothing was created. See errors[] for each.`,
    );
  }
  return valid;
}
