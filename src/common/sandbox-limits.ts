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

/**
 * The resources one sandbox gets. The same shape everywhere: the configured defaults and ceilings,
 * a tool version's limits, a calculation's (see SandboxResourceColumns) and the runner's job.
 */
export interface SandboxLimits {
  memoryMb: number;
  cpus: number;
  timeoutS: number;
  maxOutputBytes: number;
  /** Everything the code can write: /work, /tmp and /dev/shm together. */
  diskMb: number;
}

export const SANDBOX_LIMIT_KEYS = ['memoryMb', 'cpus', 'timeoutS', 'maxOutputBytes', 'diskMb'] as const;

/** The limits and whether the sandbox gets a network: what a tool version or calculation runs with. */
export interface SandboxResources extends SandboxLimits {
  network: boolean;
}

const RESULT_MAX_BYTES = 16 * 1024 * 1024;

/** The largest result.json kept: 16 MiB, or the output budget when that is smaller. */
export function resultMaxBytes(limits: { maxOutputBytes: number }): number {
  return Math.min(RESULT_MAX_BYTES, limits.maxOutputBytes);
}
