import { FieldError } from '../common/problem-details';
import { SandboxLimits } from '../common/sandbox-limits';

/** The limits a submission may ask for; the output budget is never the caller's to raise. */
export type RequestedLimits = Partial<Pick<SandboxLimits, 'memoryMb' | 'cpus' | 'timeoutS' | 'diskMb'>>;

/**
 * A calculation's limits: what it asked for, else the defaults, each at most the ceiling (the tool
 * version's own, or the administrators' maximum for ad-hoc code) and never above the maximum.
 * Returns the limits, or one error per limit asked above its ceiling.
 */
export function resolveLimits(
  requested: RequestedLimits | undefined,
  defaults: SandboxLimits,
  ceiling: SandboxLimits,
  maximum: SandboxLimits,
  ceilingName: string,
  /** Named when `maximum` is the lower bound (e.g. a user's own ceiling); else the ceiling's name. */
  maximumName?: string,
): { limits: SandboxLimits; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const pick = (key: keyof RequestedLimits) => {
    const value = requested?.[key] ?? defaults[key];
    const max = Math.min(ceiling[key], maximum[key]);
    const name = maximumName !== undefined && maximum[key] < ceiling[key] ? maximumName : ceilingName;
    if (value > max) errors.push({ path: `limits.${key}`, message: `must be at most ${max} (${name})` });
    return value;
  };
  const limits = {
    memoryMb: pick('memoryMb'),
    cpus: pick('cpus'),
    timeoutS: pick('timeoutS'),
    diskMb: pick('diskMb'),
    maxOutputBytes: Math.min(defaults.maxOutputBytes, maximum.maxOutputBytes),
  };
  return { limits, errors };
}
