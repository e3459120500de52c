import { Writable } from 'node:stream';

/** The last line the runner writes on stdout when it took its job on stdin (see runner.py). */
export interface RunnerSummary {
  /** `{value}` when the result is small enough to come inline; null when there is none or it is in the file. */
  result: { value: unknown } | null;
  resultInFile: boolean;
  error: { value: unknown } | null;
  errorInFile: boolean;
  /** The last line of /work/progress.jsonl. */
  progress: string | null;
  /** Whether /work/outputs holds anything (true when unknown). */
  outputs: boolean;
}

const SEPARATOR = 0x1e;
/** The longest summary line (64 KiB of result, 8 KiB of error, a progress line, the frame). */
export const SUMMARY_MAX_BYTES = 80 * 1024;

/**
 * Passes a sandbox's stdout through to `target`, except the runner's summary line
 * (`\x1eRETORT <nonce> <json>\n`), which it keeps. Output is held back only from a record separator
 * (0x1e, which ordinary output does not contain) for as long as it can still be the summary, so live
 * logs are not delayed. Without the nonce, which only the worker and the runner know, nothing counts
 * as a summary: a program cannot make the worker skip reading the files by printing one.
 */
export class SummaryScanner extends Writable {
  private held: Buffer = Buffer.alloc(0);
  private readonly marker: Buffer;
  private found: RunnerSummary | null = null;

  constructor(
    private readonly target: Writable,
    nonce: string,
  ) {
    super();
    this.marker = Buffer.from(`\x1eRETORT ${nonce} `);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.scan(this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk);
    callback();
  }

  /** Ends the scan: what was held back (an unfinished line) goes through; returns the summary, if one came. */
  finish(): RunnerSummary | null {
    this.forward(this.held);
    this.held = Buffer.alloc(0);
    return this.found;
  }

  private scan(data: Buffer): void {
    let rest = data;
    for (;;) {
      const start = rest.indexOf(SEPARATOR);
      if (start < 0) {
        this.forward(rest);
        this.held = Buffer.alloc(0);
        return;
      }
      this.forward(rest.subarray(0, start));
      const candidate = rest.subarray(start);
      const prefix = Math.min(candidate.length, this.marker.length);
      const mayBeSummary =
        !this.found &&
        candidate.subarray(0, prefix).equals(this.marker.subarray(0, prefix)) &&
        candidate.length <= SUMMARY_MAX_BYTES;
      const end = mayBeSummary && candidate.length > this.marker.length ? candidate.indexOf(0x0a) : -1;
      if (mayBeSummary && end < 0) {
        // Possibly the summary, not complete yet: hold it.
        this.held = Buffer.from(candidate);
        return;
      }
      if (mayBeSummary && end > 0) {
        const summary = parse(candidate, this.marker.length, end);
        if (summary) {
          this.found = summary;
          rest = candidate.subarray(end + 1);
          continue;
        }
      }
      // Not the summary: the separator is ordinary output; scan on after it.
      this.forward(candidate.subarray(0, 1));
      rest = candidate.subarray(1);
    }
  }

  private forward(data: Buffer): void {
    if (data.length > 0) this.target.write(Buffer.from(data));
  }
}

function parse(line: Buffer, from: number, end: number): RunnerSummary | null {
  try {
    const value = JSON.parse(line.subarray(from, end).toString('utf8')) as Partial<RunnerSummary>;
    if (typeof value !== 'object' || value === null) return null;
    const inline = (field: unknown): { value: unknown } | null =>
      typeof field === 'object' && field !== null && 'value' in field ? { value: field.value } : null;
    return {
      result: inline(value.result),
      resultInFile: value.resultInFile === true,
      error: inline(value.error),
      errorInFile: value.errorInFile === true,
      progress: typeof value.progress === 'string' ? value.progress : null,
      outputs: value.outputs !== false,
    };
  } catch {
    return null;
  }
}
