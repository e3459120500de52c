/** The limits a sandbox enforces that can end a calculation, each named in its ending message. */
export const SANDBOX_LIMITS = [
  'memory',
  'disk',
  'pids',
  'wall-clock',
  'result-size',
  'output-size',
  'output-files',
] as const;

export type SandboxLimitName = (typeof SANDBOX_LIMITS)[number];

/** A limit that was hit, with the value it had (MB, processes, seconds, bytes or files). */
export interface LimitHit {
  name: SandboxLimitName;
  value: number;
}
