import { createHash, Hash } from 'node:crypto';

/** What identifies a request for `Idempotency-Key` purposes. */
export interface FingerprintInput {
  method: string;
  /** The route pattern, e.g. `/api/v1/calculations/:id/rerun`. */
  route: string;
  params: Record<string, string>;
  /** Content-Type as sent (parameters such as the multipart boundary are dropped). */
  contentType: string | undefined;
  /** Content-Length as sent, or undefined for a chunked body. */
  contentLength: string | undefined;
  /** The parsed JSON body; ignored for a streamed (multipart) body. */
  body: unknown;
}

/**
 * SHA-256 (hex) of a request: method, route, path parameters and the body in a canonical form (object
 * keys sorted, no whitespace), so that the same JSON sent with its keys in another order or spaced
 * differently is the same request.
 *
 * A multipart body is streamed to storage and never buffered, so it cannot be hashed before the work
 * starts: it counts as its media type (the boundary, random per request, excluded) and its
 * Content-Length. A retry of the same upload from the same client has the same length (clients use
 * boundaries of a fixed length); a different file or form almost always has another. A chunked
 * multipart body has no length: only its media type counts.
 */
export function requestFingerprint(input: FingerprintInput): string {
  const hash = createHash('sha256');
  const mediaType = mediaTypeOf(input.contentType);
  hash.update(`${input.method.toUpperCase()} ${input.route}\n`);
  writeCanonicalJson(hash, input.params);
  hash.update('\n');
  if (mediaType.startsWith('multipart/')) {
    hash.update(`${mediaType}; length=${input.contentLength ?? 'chunked'}`);
  } else {
    writeCanonicalJson(hash, input.body ?? null);
  }
  return hash.digest('hex');
}

/** `multipart/form-data; boundary=x` → `multipart/form-data`. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** The canonical JSON text the fingerprint hashes, as one string. */
export function canonicalJson(value: unknown): string {
  const chunks: string[] = [];
  writeCanonicalJson({ update: (chunk: string) => chunks.push(chunk) }, value);
  return chunks.join('');
}

type Sink = Pick<Hash, 'update'> | { update(chunk: string): unknown };
type Step = { value: unknown } | { text: string };

/**
 * Writes JSON with object keys sorted, iteratively: a body nested thousands of levels deep (which
 * JSON.parse accepts) must not exhaust the stack before validation has a chance to refuse it.
 */
function writeCanonicalJson(sink: Sink, root: unknown): void {
  const stack: Step[] = [{ value: root }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    if ('text' in step) {
      sink.update(step.text);
      continue;
    }
    const { value } = step;
    if (Array.isArray(value)) {
      stack.push({ text: ']' });
      for (let index = value.length - 1; index >= 0; index -= 1) {
        stack.push({ value: value[index] });
        if (index > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '[' });
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort();
      stack.push({ text: '}' });
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        stack.push({ value: (value as Record<string, unknown>)[keys[index]] });
        stack.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(keys[index])}:` });
      }
      stack.push({ text: '{' });
    } else {
      sink.update(JSON.stringify(value) ?? 'null');
    }
  }
}
