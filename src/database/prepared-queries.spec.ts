import { types } from 'pg';
import { isoTimestamp, literalLimit, SqlConditions } from './prepared-queries';

const driverIso = (text: string) => (types.getTypeParser(1184, 'text')(text) as Date).toISOString();

describe(isoTimestamp.name, () => {
  it.each([
    '2026-12-01 04:01:25+00',
    '2026-12-01 04:01:25.9+00',
    '2026-12-01 04:01:25.91+00',
    '2026-12-01 04:01:25.123+00',
    '2026-12-01 04:01:25.123999+00',
    '2026-12-31 23:59:59.999999+00',
    '1970-01-01 00:00:00+00',
    '2026-12-01 04:01:25.5+05:30',
    '2026-12-01 04:01:25.123-08',
  ])('writes %s as the driver’s Date would', (text) => {
    expect(isoTimestamp(text)).toBe(driverIso(text));
  });

  it('agrees with the driver on 10,000 random instants at every fraction length', () => {
    for (let i = 0; i < 10_000; i++) {
      const instant = new Date(Math.floor(Math.random() * 4102444800000));
      const micros = String(Math.floor(Math.random() * 1_000_000))
        .padStart(6, '0')
        .slice(0, 1 + (i % 6));
      const text = `${instant.toISOString().slice(0, 19).replace('T', ' ')}.${micros}+00`;
      expect(isoTimestamp(text)).toBe(driverIso(text));
    }
  });

  it('leaves what no Date can hold as PostgreSQL wrote it', () => {
    expect(isoTimestamp('infinity')).toBe('infinity');
    expect(isoTimestamp('-infinity')).toBe('-infinity');
  });
});

describe(SqlConditions.name, () => {
  it('numbers parameters in order and joins clauses with AND', () => {
    const where = new SqlConditions();
    where
      .and(`a = ${where.param(1)}`)
      .and('b IS NULL')
      .and(`c < ${where.param('x')}`);
    expect(where.sql).toBe('WHERE a = $1 AND b IS NULL AND c < $2');
    expect(where.params).toEqual([1, 'x']);
  });

  it('is empty without clauses', () => {
    expect(new SqlConditions().sql).toBe('');
  });
});

describe(literalLimit.name, () => {
  it.each([
    [1, 11],
    [11, 11],
    [12, 21],
    [21, 21],
    [22, 51],
    [51, 51],
    [52, 101],
    [101, 101],
    [201, 201],
  ])('fetches %i rows as LIMIT %i', (wanted, limit) => {
    expect(literalLimit(wanted)).toBe(limit);
  });

  it.each([0, -1, 1.5, 202, Number.NaN])('refuses %s', (wanted) => {
    expect(() => literalLimit(wanted)).toThrow();
  });
});
