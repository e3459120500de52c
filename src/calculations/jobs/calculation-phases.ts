import { SANDBOX_PHASES } from '../../sandbox/sandbox-runner';

/**
 * Where a calculation's time goes in the worker, in order: waiting in the queue (submission to
 * start), finding it and its inputs, the sandbox's own phases (see SandboxPhase), storing the output
 * files, saving the logs, writing the end, announcing it.
 */
export const CALCULATION_PHASES = [
  'queue',
  'prepare',
  ...SANDBOX_PHASES,
  'outputs',
  'logs',
  'finish',
  'event',
] as const;

export type CalculationPhase = (typeof CALCULATION_PHASES)[number];

/**
 * Passes phase timings on once `release`d, holding those observed before: a job that goes back to
 * the queue before its code starts (its user at capacity, a dependency down) is not counted.
 */
export class HeldPhases {
  private held: [CalculationPhase, number][] | null = [];

  constructor(private readonly report: (phase: CalculationPhase, seconds: number) => void) {}

  readonly observe = (phase: CalculationPhase, seconds: number): void => {
    if (this.held) this.held.push([phase, seconds]);
    else this.report(phase, seconds);
  };

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const [phase, seconds] of held) this.report(phase, seconds);
  }
}
