import { effectiveLimits, LimitDefaults, NO_OVERRIDES } from './effective-limits';

const DEFAULTS: LimitDefaults = {
  dailyCoreSeconds: 3600,
  monthlyCoreSeconds: null,
  maxQueuedPerUser: null,
  perUserConcurrency: 4,
  userQuotaBytes: 1000,
  maxLimits: { memoryMb: 8192, cpus: 4, timeoutS: 3600, maxOutputBytes: 100, diskMb: 4096 },
};

describe(effectiveLimits.name, () => {
  it('takes the defaults when a user has no overrides', () => {
    expect(effectiveLimits(null, DEFAULTS)).toEqual({
      usageEnabled: true,
      dailyCoreSeconds: 3600,
      monthlyCoreSeconds: null,
      maxRunning: 4,
      maxQueued: null,
      storageQuotaBytes: 1000,
      maxLimits: DEFAULTS.maxLimits,
    });
  });

  it('takes each override that is set, 0 making a budget or the queue unlimited', () => {
    const sut = effectiveLimits(
      {
        ...NO_OVERRIDES,
        usageEnabled: false,
        dailyCoreSeconds: 0,
        monthlyCoreSeconds: 500,
        maxRunning: 1,
        maxQueued: 3,
        storageQuotaBytes: 5,
      },
      { ...DEFAULTS, maxQueuedPerUser: 10 },
    );
    expect(sut).toMatchObject({
      usageEnabled: false,
      dailyCoreSeconds: null,
      monthlyCoreSeconds: 500,
      maxRunning: 1,
      maxQueued: 3,
      storageQuotaBytes: 5,
    });
    expect(effectiveLimits({ ...NO_OVERRIDES, maxQueued: 0 }, { ...DEFAULTS, maxQueuedPerUser: 10 }).maxQueued).toBe(
      null,
    );
  });

  it('holds a user’s per-calculation ceilings to the global maximum', () => {
    const sut = effectiveLimits({ ...NO_OVERRIDES, maxMemoryMb: 100_000, maxCpus: 1.5, maxTimeoutS: 60 }, DEFAULTS);
    expect(sut.maxLimits).toEqual({ memoryMb: 8192, cpus: 1.5, timeoutS: 60, maxOutputBytes: 100, diskMb: 4096 });
  });
});
