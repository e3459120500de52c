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
const NEWLINE = 0x0a;
/** The longest summary line (64 KiB of result, 8 KiB of error, a progress line, the frame). */
export const SUMMARY_MAX_BYTES = 80 * 1024;
/** What PID 1 writes when the runner it started has ended (KEEPER_WITH_RUNNER in container-spec.ts). */
const EXIT_MARKER = Buffer.from('\x1eRETORT-EXIT ');

type Line = { kind: 'summary'; summary: RunnerSummary } | { kind: 'exit'; status: number };

/**
 * Passes a sandbox's stdout through to `target`, except two lines it keeps: the runner's summary
 * (`\x1eRETORT <nonce> <json>\n`) and, where PID 1 started the runner, its exit status
 * (`\x1eRETORT-EXIT <status>\n`, reported to `onExit`). Output is held back only from a record
 * separator (0x1e, which ordinary output does not contain) for as long as it can still be one of
 * them, so live logs are not delayed. Without the nonce, which only the worker and the runner know,
 * nothing counts as a summary: a program cannot make the worker skip reading the files by printing
 * one. It can print an exit line, which ends its own calculation early: it gains nothing by that
 * (the sandbox is frozen and measured from outside at once).
 */
export class SummaryScanner extends Writable {
  private held: Buffer = Buffer.alloc(0);
  private readonly summaryMarker: Buffer;
  private found: RunnerSummary | null = null;
  private exited = false;

  constructor(
    private readonly target: Writable,
    nonce: string,
    private readonly onExit?: (status: number) => void,
  ) {
    super();
    this.summaryMarker = Buffer.from(`\x1eRETORT ${nonce} `);
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
      const line = this.lineAt(candidate);
      if (line === 'partial') {
        this.held = Buffer.from(candidate);
        return;
      }
      if (line) {
        rest = candidate.subarray(line.length);
        if (line.parsed.kind === 'summary') this.found = line.parsed.summary;
        else {
          this.exited = true;
          this.onExit?.(line.parsed.status);
        }
        continue;
      }
      // Neither line: the separator is ordinary output; scan on after it.
      this.forward(candidate.subarray(0, 1));
      rest = candidate.subarray(1);
    }
  }

  /** The line `candidate` starts with, 'partial' while it may still become one, or null. */
  private lineAt(candidate: Buffer): { parsed: Line; length: number } | 'partial' | null {
    const markers: [Buffer, (text: string) => Line | null][] = [];
    if (!this.found) markers.push([this.summaryMarker, parseSummary]);
    if (!this.exited) markers.push([EXIT_MARKER, parseExit]);
    let partial = false;
    for (const [marker, parse] of markers) {
      const prefix = Math.min(candidate.length, marker.length);
      if (!candidate.subarray(0, prefix).equals(marker.subarray(0, prefix))) continue;
      const end = candidate.length > marker.length ? candidate.indexOf(NEWLINE, marker.length) : -1;
      if (end < 0) {
        partial ||= candidate.length <= SUMMARY_MAX_BYTES;
        continue;
      }
      const parsed = parse(candidate.subarray(marker.length, end).toString('utf8'));
      if (parsed) return { parsed, length: end + 1 };
    }
    return partial ? 'partial' : null;
  }

  private forward(data: Buffer): void {
    if (data.length > 0) this.target.write(Buffer.from(data));
  }
}

function parseExit(text: string): Line | null {
  return /^\d{1,3}$/.test(text) ? { kind: 'exit', status: Number(text) } : null;
}

function parseSummary(text: string): Line | null {
  try {
    const value = JSON.parse(text) as Partial<RunnerSummary>;
    if (typeof value !== 'object' || value === null) return null;
    const inline = (field: unknown): { value: unknown } | null =>
      typeof field === 'object' && field !== null && 'value' in field ? { value: field.value } : null;
    return {
      kind: 'summary',
      summary: {
        result: inline(value.result),
        resultInFile: value.resultInFile === true,
        error: inline(value.error),
        errorInFile: value.errorInFile === true,
        progress: typeof value.progress === 'string' ? value.progress : null,
        outputs: value.outputs !== false,
      },
    };
  } catch {
    return null;
  }
}
