import { ColumnSet, flattenResult, parameterCell } from './results-table';

describe(flattenResult.name, () => {
  it('flattens nested objects to dotted columns and skips lists', () => {
    expect(flattenResult({ a: { b: 1, c: { d: 'x' } }, e: [1, 2], f: true, g: null })).toEqual({
      'result.a.b': 1,
      'result.a.c.d': 'x',
      'result.f': true,
      'result.g': null,
    });
  });

  it('makes a scalar result one column, and a missing or list result none', () => {
    expect(flattenResult(3.5)).toEqual({ result: 3.5 });
    expect(flattenResult(null)).toEqual({ result: null });
    expect(flattenResult(undefined)).toEqual({});
    expect(flattenResult([1, 2])).toEqual({});
  });
});

describe(parameterCell.name, () => {
  it('keeps scalars and writes anything else as JSON', () => {
    expect(parameterCell(2)).toBe(2);
    expect(parameterCell('x')).toBe('x');
    expect(parameterCell([1, 2])).toBe('[1,2]');
    expect(parameterCell({ w: 1 })).toBe('{"w":1}');
    expect(parameterCell(undefined)).toBeNull();
  });
});

describe(ColumnSet.name, () => {
  it('orders the header: fixed columns, parameters, results (each sorted by name), usage', () => {
    const sut = new ColumnSet();
    sut.add({ a: 1, b: 2 }, { 'result.x': 1 });
    sut.add({ c: 3, a: 1 }, { 'result.y': 2, 'result.x': 1 });
    expect(sut.header()).toEqual([
      'index',
      'id',
      'status',
      'parameters.a',
      'parameters.b',
      'parameters.c',
      'result.x',
      'result.y',
      'cpuTimeS',
      'wallTimeS',
      'peakMemoryBytes',
    ]);
  });
});
