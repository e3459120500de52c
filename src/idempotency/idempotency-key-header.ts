import { ValidationProblem } from '../common/problem.exception';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
/**
 * Visible ASCII without the double quote and backslash, which would need escaping in a structured field.
 * No spaces: HTTP drops them at either end of a header value, so a key of spaces would arrive empty.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21\x23-\x5b\x5d-\x7e]{1,255}$/;

/**
 * The key of an `Idempotency-Key` header: undefined when absent. Both the bare token most clients send
 * (`Idempotency-Key: 8e03978e-…`) and the quoted Structured Field string of the IETF draft
 * (`Idempotency-Key: "8e03978e-…"`) name the same key. Anything else (empty, too long, control or
 * non-ASCII characters, the header sent twice) is a 422 naming the header.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  if (values.length === 0) return undefined;
  if (values.length > 1) throw invalid('must be sent once');
  const trimmed = values[0].trim();
  const key = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw invalid(
      `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (no space, '"' or '\\'), e.g. a UUID`,
    );
  }
  return key;
}

function invalid(message: string): ValidationProblem {
  return new ValidationProblem(
    [{ path: `header:${IDEMPOTENCY_KEY_HEADER}`, message: `${IDEMPOTENCY_KEY_HEADER} ${message}` }],
    `The ${IDEMPOTENCY_KEY_HEADER} header is not valid: it ${message}.`,
  );
}
