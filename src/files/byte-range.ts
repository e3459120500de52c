export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * Reads an HTTP `Range` header (RFC 9110 §14) against a representation of `size` bytes. Returns the
 * one range to serve, `'unsatisfiable'` (→ 416), or null to serve the whole body: a missing or
 * malformed header, another unit, or several ranges (which a server may ignore).
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return null;
  return { start, end };
}
