/**
 * Times consecutive phases of one piece of work: each `lap` reports the time since the previous lap
 * (or since the clock was made, or `restart`ed) under the phase's name.
 */
export class PhaseClock<Phase extends string> {
  private last = process.hrtime.bigint();

  constructor(private readonly report?: (phase: Phase, seconds: number) => void) {}

  lap(phase: Phase): void {
    const now = process.hrtime.bigint();
    this.report?.(phase, Number(now - this.last) / 1e9);
    this.last = now;
  }

  /** Starts the next phase now, not counting the time since the last lap. */
  restart(): void {
    this.last = process.hrtime.bigint();
  }
}
