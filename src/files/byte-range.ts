import parseRange from 'range-parser';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * Reads an HTTP `Range` header (RFC 9110 §14, parsed by `range-parser`) against a representation of
 * `size` bytes. Returns the one range to serve, `'unsatisfiable'` (→ 416), or null to serve the whole
 * body: a missing or malformed header, another unit, or several ranges (which a server may ignore).
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  // Two places where range-parser departs from RFC 9110 §14.1.3: a zero-length suffix is
  // unsatisfiable (it reads "the whole file"), and a suffix longer than the file means the whole file
  // (it reads "unsatisfiable").
  const suffix = /^\s*bytes=-(\d+)\s*$/.exec(header);
  if (suffix && Number(suffix[1]) === 0) return 'unsatisfiable';
  if (suffix && size > 0 && Number(suffix[1]) >= size) return { start: 0, end: size - 1 };
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  const [{ start, end }] = ranges;
  return { start, end };
}
