export type LogStream = 'stdout' | 'stderr';

/**
 * Live log text batched per stream: what arrives within `flushMs` of the first unsent chunk goes out
 * as one event per stream, and nothing past `maxBytes` in all. Live logs are a view; the record is
 * the capped log saved at the end.
 */
export class LogBatcher {
  private pending: { stream: LogStream; text: string }[] = [];
  private liveBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly publish: (stream: LogStream, text: string) => void,
    private readonly options: { flushMs: number; maxBytes: number },
  ) {}

  add(stream: LogStream, text: string): void {
    if (this.liveBytes >= this.options.maxBytes) return;
    this.liveBytes += text.length;
    this.pending.push({ stream, text });
    this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = this.pending
        .filter((entry) => entry.stream === stream)
        .map((entry) => entry.text)
        .join('');
      if (text) this.publish(stream, text);
    }
    this.pending = [];
  }
}
