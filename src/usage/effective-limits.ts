import type { SandboxLimits } from '../common/sandbox-limits';

/** The overrides an administrator may set for a user; null keeps the configured default. */
export interface LimitOverrides {
  usageEnabled: boolean;
  dailyCoreSeconds: number | null;
  monthlyCoreSeconds: number | null;
  maxRunning: number | null;
  maxQueued: number | null;
  storageQuotaBytes: number | null;
  maxMemoryMb: number | null;
  maxCpus: number | null;
  maxTimeoutS: number | null;
}

/** The platform's defaults for every user (budgets: null = unlimited). */
export interface LimitDefaults {
  dailyCoreSeconds: number | null;
  monthlyCoreSeconds: number | null;
  maxQueuedPerUser: number | null;
  perUserConcurrency: number;
  userQuotaBytes: number;
  maxLimits: SandboxLimits;
}

/** What applies to one user: budgets and the queue room (null = unlimited), the rest always a number. */
export interface EffectiveLimits {
  usageEnabled: boolean;
  dailyCoreSeconds: number | null;
  monthlyCoreSeconds: number | null;
  maxRunning: number;
  maxQueued: number | null;
  storageQuotaBytes: number;
  /** Per-calculation ceilings: the user's, never above the administrators' maximum. */
  maxLimits: SandboxLimits;
}

export const NO_OVERRIDES: LimitOverrides = {
  usageEnabled: true,
  dailyCoreSeconds: null,
  monthlyCoreSeconds: null,
  maxRunning: null,
  maxQueued: null,
  storageQuotaBytes: null,
  maxMemoryMb: null,
  maxCpus: null,
  maxTimeoutS: null,
};

// An override of 0 means "unlimited", as 0 does in the configuration.
const budget = (override: number | null, fallback: number | null) =>
  override === null ? fallback : override > 0 ? override : null;

/** Overrides over defaults; a per-calculation ceiling never exceeds the global maximum. */
export function effectiveLimits(overrides: LimitOverrides | null, defaults: LimitDefaults): EffectiveLimits {
  const own = overrides ?? NO_OVERRIDES;
  const max = defaults.maxLimits;
  return {
    usageEnabled: own.usageEnabled,
    dailyCoreSeconds: budget(own.dailyCoreSeconds, defaults.dailyCoreSeconds),
    monthlyCoreSeconds: budget(own.monthlyCoreSeconds, defaults.monthlyCoreSeconds),
    maxRunning: own.maxRunning ?? defaults.perUserConcurrency,
    maxQueued: budget(own.maxQueued, defaults.maxQueuedPerUser),
    storageQuotaBytes: own.storageQuotaBytes ?? defaults.userQuotaBytes,
    maxLimits: {
      ...max,
      memoryMb: Math.min(own.maxMemoryMb ?? max.memoryMb, max.memoryMb),
      cpus: Math.min(own.maxCpus ?? max.cpus, max.cpus),
      timeoutS: Math.min(own.maxTimeoutS ?? max.timeoutS, max.timeoutS),
    },
  };
}
