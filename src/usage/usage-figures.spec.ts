import {
  budgetAllows,
  percentOf,
  periodOf,
  RunMeasurement,
  secondsUntilReset,
  thresholdsReached,
  usageFigures,
  utcDay,
  worstCaseCoreSeconds,
} from './usage-figures';

const started = new Date('2026-11-30T10:00:00Z');
const run = (overrides: Partial<RunMeasurement> = {}): RunMeasurement => ({
  cpus: 2,
  memoryMb: 512,
  timeoutS: 60,
  executionTimeS: 10,
  cpuTimeS: 7.5,
  peakMemoryBytes: 100_000_000,
  outputBytes: 4096,
  startedAt: started,
  completedAt: new Date(started.getTime() + 12_000),
  ...overrides,
});

describe(usageFigures.name, () => {
  it('reserves cpus × wall core-seconds and GiB × wall GB-seconds from the measured wall time', () => {
    expect(usageFigures(run())).toEqual({
      cpuS: 7.5,
      wallS: 10,
      reservedCoreS: 20,
      reservedGbS: 5,
      peakMemoryBytes: 100_000_000,
      outputBytes: 4096,
    });
  });

  it('counts fractional CPUs and memory exactly', () => {
    const sut = usageFigures(run({ cpus: 0.5, memoryMb: 256, executionTimeS: 3 }));
    expect(sut.reservedCoreS).toBe(1.5);
    expect(sut.reservedGbS).toBe(0.75);
  });

  it('takes start to end when nothing was measured (a lost worker), at most the wall-clock limit', () => {
    expect(usageFigures(run({ executionTimeS: null, cpuTimeS: null })).wallS).toBe(12);
    const lostLong = run({ executionTimeS: null, completedAt: new Date(started.getTime() + 3_600_000) });
    expect(usageFigures(lostLong)).toMatchObject({ wallS: 60, reservedCoreS: 120 });
  });

  it('counts no CPU time when none was measured, and never a negative figure', () => {
    expect(usageFigures(run({ cpuTimeS: null })).cpuS).toBe(0);
    const skewed = run({ executionTimeS: null, completedAt: new Date(started.getTime() - 5_000) });
    expect(usageFigures(skewed)).toMatchObject({ wallS: 0, reservedCoreS: 0, reservedGbS: 0 });
  });
});

describe(periodOf.name, () => {
  const at = new Date('2026-12-31T23:59:30Z');

  it('gives the UTC day and the UTC month that hold an instant', () => {
    expect(periodOf('daily', at)).toEqual({
      start: new Date('2026-12-31T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
    expect(periodOf('monthly', at)).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
    expect(utcDay(periodOf('monthly', new Date('2028-02-29T12:00:00Z')).end)).toBe('2028-03-01');
  });

  it('counts the seconds to the reset, at least one', () => {
    expect(secondsUntilReset('daily', at)).toBe(30);
    expect(secondsUntilReset('daily', new Date('2026-12-31T23:59:59.999Z'))).toBe(1);
    expect(secondsUntilReset('monthly', new Date('2026-11-30T00:00:00Z'))).toBe(24 * 3600);
  });
});

describe(thresholdsReached.name, () => {
  it.each<[number, number | null, number[]]>([
    [69.99, 100, []],
    [70, 100, [70]],
    [89, 100, [70]],
    [90, 100, [70, 90]],
    [99.99, 100, [70, 90]],
    [100, 100, [70, 90, 100]],
    [250, 100, [70, 90, 100]],
    [1000, null, []],
  ])('%d spent of %p reaches %j', (spent, budget, expected) => {
    expect(thresholdsReached(spent, budget)).toEqual(expected);
  });

  it('takes the configured thresholds', () => {
    expect(thresholdsReached(55, 100, [50, 80, 100])).toEqual([50]);
  });

  it('reserves a submission’s CPUs for its whole wall-clock limit, per calculation', () => {
    expect(worstCaseCoreSeconds({ cpus: 0.5, timeoutS: 60 })).toBe(30);
    expect(worstCaseCoreSeconds({ cpus: 2, timeoutS: 60 }, 10)).toBe(1200);
  });

  it('gives the percentage spent, null without a budget', () => {
    expect(percentOf(7, 9)).toBe(77.78);
    expect(percentOf(7, null)).toBeNull();
  });
});

describe(budgetAllows.name, () => {
  it('admits a submission whose worst case is exactly what remains, float rounding included', () => {
    // (0.1784 + 1) - 0.1784 is 0.9999999999999999 in double precision.
    expect(budgetAllows(1, { budgetCoreSeconds: 0.1784 + 1, spentCoreSeconds: 0.1784, heldCoreSeconds: 0 })).toEqual({
      allowed: true,
      remainingCoreSeconds: expect.closeTo(1, 9),
    });
  });

  it('refuses what would go past the budget, counting what is held by calculations in flight', () => {
    expect(budgetAllows(1, { budgetCoreSeconds: 10, spentCoreSeconds: 8.5, heldCoreSeconds: 0.6 })).toEqual({
      allowed: false,
      remainingCoreSeconds: expect.closeTo(0.9, 9),
    });
    expect(budgetAllows(1.001, { budgetCoreSeconds: 10, spentCoreSeconds: 9, heldCoreSeconds: 0 }).allowed).toBe(false);
  });

  it('never reports a negative remainder', () => {
    expect(
      budgetAllows(0, { budgetCoreSeconds: 1, spentCoreSeconds: 3, heldCoreSeconds: 0 }).remainingCoreSeconds,
    ).toBe(0);
  });
});
