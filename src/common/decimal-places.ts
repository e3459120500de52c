import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Digits after the decimal point of a finite number, also when JavaScript prints it in exponent
 * notation (`5e-324`, `1.5e+21`). class-validator's `IsNumber({ maxDecimalPlaces })` reads
 * `toString().split('.')[1].length` and throws on those, which answered 500.
 */
export function decimalPlaces(value: number): number {
  const [mantissa, exponent = '0'] = value.toString().toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/** A finite number with at most `places` digits after the decimal point. */
export function IsNumberWithDecimals(places: number, validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNumberWithDecimals',
      constraints: [places],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= places,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a number with at most $constraint1 decimal places`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
