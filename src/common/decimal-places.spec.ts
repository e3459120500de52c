import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decimalPlaces, IsNumberWithDecimals } from './decimal-places';

class Limits {
  @IsNumberWithDecimals(2)
  cpus!: number;
}

const errorsFor = (cpus: unknown) => validateSync(plainToInstance(Limits, { cpus }));

describe(IsNumberWithDecimals.name, () => {
  it('counts decimals in plain and exponent notation', () => {
    expect(decimalPlaces(1)).toBe(0);
    expect(decimalPlaces(0.25)).toBe(2);
    expect(decimalPlaces(5e-324)).toBe(324);
    expect(decimalPlaces(1.5e-7)).toBe(8);
    expect(decimalPlaces(1.359795422183292e16)).toBe(0);
    expect(decimalPlaces(-2.5)).toBe(1);
  });

  it('accepts numbers with at most that many decimals', () => {
    for (const cpus of [1, 0.5, 0.01, 1e21, 3.75]) expect(errorsFor(cpus)).toEqual([]);
  });

  it('refuses more decimals, exponent-notation fractions, non-finite numbers and non-numbers, without throwing', () => {
    for (const cpus of [0.001, 5e-324, 1.5e-7, Infinity, NaN, '1', null]) {
      const errors = errorsFor(cpus);
      expect(errors).toHaveLength(1);
      expect(errors[0].constraints).toEqual({
        isNumberWithDecimals: 'cpus must be a number with at most 2 decimal places',
      });
    }
  });
});
