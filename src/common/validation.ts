import { applyDecorators, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDefined, isRFC3339, IsOptional, ValidateIf } from 'class-validator';
import { FieldError } from './problem-details';
import { ValidationProblem } from './problem.exception';

/**
 * One message per field: a null where none is allowed, else the top-most decorator that failed
 * (class-validator runs a property's decorators bottom-up, so that is the last one recorded; DTOs
 * put the type check on top). `limit=abc` then says "must be an integer", not also "must not be
 * greater than 100".
 */
function messageOf(constraints: Record<string, string> | undefined): string | undefined {
  if (!constraints) return undefined;
  return constraints.isDefined ?? Object.values(constraints).at(-1);
}

/** Flattens class-validator's nested errors into dotted paths: `inputs.0.fileId`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const message = messageOf(error.constraints);
    const own = message === undefined ? [] : [{ path, message }];
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/** The global pipe: strips unknown properties, refuses them with a clear message, answers 422. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
  });
}

/**
 * The field may be left out, but not sent as null: class-validator's IsOptional() lets null through
 * to the service, where it became a silent default or a NOT NULL violation. Null answers 422.
 */
export const Optional = (): PropertyDecorator =>
  applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    IsDefined({ message: '$property must not be null; leave it out to keep the current or default value' }),
  );

/** The field may be left out or sent as null, where null means something (e.g. "no description"). */
export const OptionalNullable = (): PropertyDecorator => IsOptional();

const INTEGER_TEXT = /^[+-]?\d{1,15}$/;

/** A query-string integer: only plain decimal digits become a number; anything else stays text and fails IsInt(). */
export const QueryInt = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value,
  );

/** A query-string boolean: exactly `true` or `false`; anything else stays text and fails IsBoolean(). */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/**
 * An RFC 3339 date-time (`2026-01-31T09:30:00Z`, `…+02:00`) as a Date. `Date` itself also takes
 * `0.5`, `2026` or `2026-02-31` (rolled over to March); those stay text and fail IsDate().
 */
export function parseRfc3339(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !isRFC3339(value) || !/^\d{4}-\d{2}-\d{2}[Tt]/.test(value)) return undefined;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day); // not Date.UTC(), which reads years 0–99 as 1900–1999
  if (calendar.getUTCDate() !== day) return undefined;
  // A leap second (:60) is valid RFC 3339 that Date cannot represent: take it as the second before.
  const date = new Date(value.replace(/:60(?=[.zZ+-])/, ':59'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export const DATE_TIME_MESSAGE = '$property must be an RFC 3339 date-time such as 2026-01-31T09:30:00Z';

/** Turns an RFC 3339 string (query or body) into a Date; anything else stays as it is and fails IsDate(). */
export const ParseDateTime = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => parseRfc3339(value) ?? value);
