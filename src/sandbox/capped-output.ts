import { Writable } from 'node:stream';

/**
 * Keeps the first `maxBytes` of a stream (stdout or stderr of a sandbox), counts the rest and drops
 * it. Writing never blocks, so a flooding process is drained rather than stalled.
 */
export class CappedOutput extends Writable {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  totalBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly onKept?: (text: string) => void,
  ) {
    super();
  }

  get truncated(): boolean {
    return this.totalBytes > this.kept;
  }

  /** What was kept, as text (a character cut by the cap is dropped rather than garbled). */
  get text(): string {
    return Buffer.concat(this.chunks)
      .toString('utf8')
      .replace(/\uFFFD$/, '')
      .replaceAll('\u0000', '');
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.totalBytes += chunk.length;
    const room = this.maxBytes - this.kept;
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.chunks.push(Buffer.from(part));
      this.kept += part.length;
      this.onKept?.(part.toString('utf8'));
    }
    callback();
  }
}
