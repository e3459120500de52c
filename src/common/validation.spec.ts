import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsDate, IsInt, IsString, Max, MaxLength, Min, validate } from 'class-validator';
import {
  DATE_TIME_MESSAGE,
  flattenValidationErrors,
  Optional,
  OptionalNullable,
  ParseDateTime,
  parseRfc3339,
  QueryBoolean,
  QueryInt,
} from './validation';

class Sample {
  @Optional()
  @IsString()
  @MaxLength(3)
  name?: string;

  @OptionalNullable()
  @IsString()
  note?: string | null;

  @Optional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @Optional()
  @QueryBoolean()
  @IsBoolean()
  flag?: boolean;

  @Optional()
  @ParseDateTime()
  @IsDate({ message: DATE_TIME_MESSAGE })
  from?: Date;
}

async function errorsFor(plain: Record<string, unknown>) {
  return flattenValidationErrors(await validate(plainToInstance(Sample, plain)));
}

describe('validation decorators', () => {
  it('lets a field be left out', async () => {
    expect(await errorsFor({})).toEqual([]);
  });

  it('refuses null for an Optional() field with one message saying so', async () => {
    expect(await errorsFor({ name: null, limit: null })).toEqual([
      { path: 'name', message: 'name must not be null; leave it out to keep the current or default value' },
      { path: 'limit', message: 'limit must not be null; leave it out to keep the current or default value' },
    ]);
  });

  it('takes null for an OptionalNullable() field', async () => {
    expect(await errorsFor({ note: null })).toEqual([]);
  });

  it('reports the top-most failing decorator only: the type, not also the bounds', async () => {
    expect(await errorsFor({ limit: 'abc', name: 12345 })).toEqual([
      { path: 'name', message: 'name must be a string' },
      { path: 'limit', message: 'limit must be an integer number' },
    ]);
  });

  it('turns only plain decimal digits into a query integer', () => {
    expect(plainToInstance(Sample, { limit: '20' }).limit).toBe(20);
    for (const text of ['1e1', '0x10', ' 5', '1.5', ''])
      expect(plainToInstance(Sample, { limit: text }).limit).toBe(text);
  });

  it('turns only "true" and "false" into query booleans', async () => {
    expect(plainToInstance(Sample, { flag: 'false' }).flag).toBe(false);
    expect(await errorsFor({ flag: 'yes' })).toEqual([{ path: 'flag', message: 'flag must be a boolean value' }]);
  });

  it('parses RFC 3339 date-times and nothing else', async () => {
    expect(parseRfc3339('2026-01-31T09:30:00Z')?.toISOString()).toBe('2026-01-31T09:30:00.000Z');
    expect(parseRfc3339('2026-01-31T09:30:00.25+02:00')?.toISOString()).toBe('2026-01-31T07:30:00.250Z');
    expect(parseRfc3339('2016-12-31t23:59:60z')?.toISOString()).toBe('2016-12-31T23:59:59.000Z');
    expect(parseRfc3339('2024-02-29T00:00:00Z')).toBeDefined();
    expect(parseRfc3339('0004-02-29T00:00:00Z')).toBeDefined();
    for (const text of [
      '0.5',
      '2026',
      '2026-01-31',
      '2026-02-31T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2026-01-31 09:30',
      5,
      null,
    ]) {
      expect(parseRfc3339(text)).toBeUndefined();
    }
    expect(await errorsFor({ from: '0.5' })).toEqual([
      { path: 'from', message: 'from must be an RFC 3339 date-time such as 2026-01-31T09:30:00Z' },
    ]);
  });

  it('flattens nested errors into dotted paths', () => {
    expect(
      flattenValidationErrors([
        {
          property: 'inputs',
          children: [
            { property: '0', children: [{ property: 'fileId', constraints: { isUuid: 'fileId must be a UUID' } }] },
          ],
        },
      ]),
    ).toEqual([{ path: 'inputs.0.fileId', message: 'fileId must be a UUID' }]);
  });
});
