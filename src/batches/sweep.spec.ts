import { ValidationProblem } from '../common/problem.exception';
import { expandSweep, validateEach } from './sweep';

describe(expandSweep.name, () => {
  it('expands a grid into the cartesian product, the last key varying fastest', () => {
    expect(expandSweep({ grid: { a: [1, 2], b: ['x', 'y', 'z'] } }, 100).sets).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 2, b: 'z' },
    ]);
  });

  it('zips equally long lists', () => {
    expect(expandSweep({ zip: { a: [1, 2], b: [{ c: 1 }, null] } }, 100).sets).toEqual([
      { a: 1, b: { c: 1 } },
      { a: 2, b: null },
    ]);
  });

  it('refuses zip lists of different lengths, naming each odd one', () => {
    expect(expandSweep({ zip: { a: [1, 2], b: [1], c: [1, 2] } }, 100).errors).toEqual([
      { path: 'sweep.zip.b', message: 'zip lists must have equal lengths (a: 2, b: 1, c: 2)' },
    ]);
  });

  it('takes an explicit list as given, refusing entries that are not objects', () => {
    expect(expandSweep({ list: [{ a: 1 }, {}] }, 100).sets).toEqual([{ a: 1 }, {}]);
    expect(expandSweep({ list: [{ a: 1 }, 3] }, 100).errors).toEqual([
      { path: 'sweep.list[1]', message: 'must be an object of parameters' },
    ]);
  });

  it('counts a grid before building it: a huge one is refused at once', () => {
    const lists = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`p${i}`, Array.from({ length: 100 }, (__, j) => j)]),
    );
    expect(expandSweep({ grid: lists }, 10_000).errors).toEqual([
      { path: 'sweep.grid', message: `generates ${100 ** 10} parameter sets; at most 10000 are allowed per batch` },
    ]);
    expect(expandSweep({ list: [{}, {}, {}] }, 2).errors[0].path).toBe('sweep.list');
    expect(expandSweep({ zip: { a: [1, 2, 3] } }, 2).errors[0].path).toBe('sweep.zip');
  });

  it.each([
    [{}, 'sweep'],
    [{ grid: { a: [1] }, zip: { a: [1] } }, 'sweep'],
    [{ grid: {} }, 'sweep.grid'],
    [{ grid: { a: [] } }, 'sweep.grid.a'],
    [{ zip: { a: 'x' } }, 'sweep.zip.a'],
    [{ list: [] }, 'sweep.list'],
    [{ cube: { a: [1] } }, 'sweep.cube'],
    [[1], 'sweep'],
  ])('refuses the malformed sweep %j at %s', (sweep, path) => {
    expect(expandSweep(sweep, 100).errors[0].path).toBe(path);
  });
});

describe(validateEach.name, () => {
  const validate = (parameters: unknown) => {
    const set = parameters as Record<string, unknown>;
    if (typeof set.a !== 'number' || set.a < 0) {
      throw new ValidationProblem([{ path: 'parameters.a', message: 'must be >= 0' }]);
    }
    return { ...set, d: 1 };
  };

  it('returns every set as validated (defaults applied)', () => {
    expect(validateEach([{ a: 1 }, { a: 2 }], validate)).toEqual([
      { a: 1, d: 1 },
      { a: 2, d: 1 },
    ]);
  });

  it('names each offending combination by index and values, with its field path', () => {
    let error: unknown;
    try {
      validateEach([{ a: 1 }, { a: -1 }, { a: 3 }, { a: -2 }], validate);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationProblem);
    expect((error as ValidationProblem).fieldErrors).toEqual([
      { path: 'combinations[1].a', message: 'must be >= 0 (combination 1: {"a":-1})' },
      { path: 'combinations[3].a', message: 'must be >= 0 (combination 3: {"a":-2})' },
    ]);
    expect((error as ValidationProblem).message).toBeDefined();
    expect(((error as ValidationProblem).getResponse() as { detail: string }).detail).toContain(
      '2 of 4 parameter combinations',
    );
  });

  it('reports at most 20 combinations, but counts them all', () => {
    const sets = Array.from({ length: 30 }, () => ({ a: -1 }));
    try {
      validateEach(sets, validate);
      throw new Error('expected a ValidationProblem');
    } catch (error) {
      expect((error as ValidationProblem).fieldErrors).toHaveLength(20);
      expect(((error as ValidationProblem).getResponse() as { detail: string }).detail).toContain('30 of 30');
    }
  });
});
