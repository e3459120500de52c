import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError } from './problem-details';
import { ValidationProblem } from './problem.exception';

export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

/**
 * The first string (or property name) in `value` that holds U+0000, as a field error. PostgreSQL text
 * cannot store that character, so a request carrying one would otherwise fail at the database with a
 * 500. Walks with a queue rather than recursion, so no input can exhaust the stack.
 */
export function findNulCharacter(value: unknown, root = ''): FieldError | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { path: path || 'body', message: NUL_MESSAGE };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const entries: Array<[string, unknown]> = Array.isArray(current)
      ? current.map((item, index) => [String(index), item])
      : Object.entries(current);
    for (const [key, item] of entries) {
      const itemPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return { path: itemPath.split('\u0000').join('\\u0000'), message: NUL_MESSAGE };
      pending.push({ value: item, path: itemPath });
    }
  }
  return null;
}

/** Global: refuses U+0000 in bodies, queries and path parameters with a 422 naming the field. */
@Injectable()
export class NulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Custom parameters (the principal, the request's origin) are built by the server, not sent.
    if (metadata.type === 'custom') return value;
    const violation = findNulCharacter(value, metadata.data ?? '');
    if (violation) throw new ValidationProblem([violation]);
    return value;
  }
}
