/** The limit that ended a calculation: each one names itself in the calculation's error message too. */
export const LIMITS_EXCEEDED = [
  'memory',
  'disk',
  'pids',
  'wall-clock',
  'result-size',
  'output-size',
  'output-files',
] as const;

export type LimitExceeded = (typeof LIMITS_EXCEEDED)[number];
