import { matchesAny } from './allow-list';

describe(matchesAny.name, () => {
  it('matches exact entries and prefixes ending in *', () => {
    expect(matchesAny('retort/sandbox-python:1.0.0', ['retort/sandbox-*'])).toBe(true);
    expect(matchesAny('text/csv', ['text/*'])).toBe(true);
    expect(matchesAny('text/csv', ['text/csv'])).toBe(true);
  });

  it('matches nothing else', () => {
    expect(matchesAny('someone/else:latest', ['retort/sandbox-*'])).toBe(false);
    expect(matchesAny('text/csvx', ['text/csv'])).toBe(false);
    expect(matchesAny('image/png', ['text/*'])).toBe(false);
    expect(matchesAny('anything', [])).toBe(false);
  });
});
