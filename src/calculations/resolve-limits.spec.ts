import { SandboxLimits } from '../common/sandbox-limits';
import { RequestedLimits, resolveLimits } from './resolve-limits';

const DEFAULTS: SandboxLimits = { memoryMb: 512, cpus: 1, timeoutS: 300, maxOutputBytes: 1000, diskMb: 1024 };
const MAXIMUM: SandboxLimits = { memoryMb: 8192, cpus: 4, timeoutS: 3600, maxOutputBytes: 5000, diskMb: 4096 };
const TOOL: SandboxLimits = { memoryMb: 1024, cpus: 2, timeoutS: 600, maxOutputBytes: 9000, diskMb: 2048 };

describe(resolveLimits.name, () => {
  it.each<[string, RequestedLimits | undefined, SandboxLimits, Partial<SandboxLimits>]>([
    [
      'takes the defaults when nothing is asked',
      undefined,
      TOOL,
      { memoryMb: 512, cpus: 1, timeoutS: 300, diskMb: 1024 },
    ],
    ['takes what is asked, within the ceiling', { memoryMb: 1024, cpus: 0.5 }, TOOL, { memoryMb: 1024, cpus: 0.5 }],
    ['mixes asked and default values', { timeoutS: 60 }, TOOL, { timeoutS: 60, memoryMb: 512, diskMb: 1024 }],
    ['caps the output budget at the maximum, whatever the defaults', {}, TOOL, { maxOutputBytes: 1000 }],
  ])('%s', (_, requested, ceiling, expected) => {
    const sut = resolveLimits(requested, DEFAULTS, ceiling, MAXIMUM, 'the ceiling');
    expect(sut.errors).toEqual([]);
    expect(sut.limits).toMatchObject(expected);
  });

  it('caps the output budget at the maximum when the defaults are above it', () => {
    const sut = resolveLimits(undefined, { ...DEFAULTS, maxOutputBytes: 10_000 }, TOOL, MAXIMUM, 'x');
    expect(sut.limits.maxOutputBytes).toBe(5000);
  });

  it.each<[RequestedLimits, string, string]>([
    [{ memoryMb: 2048 }, 'limits.memoryMb', 'must be at most 1024 (the tool version’s limit)'],
    [{ cpus: 3 }, 'limits.cpus', 'must be at most 2 (the tool version’s limit)'],
    [{ timeoutS: 601 }, 'limits.timeoutS', 'must be at most 600 (the tool version’s limit)'],
    [{ diskMb: 4096 }, 'limits.diskMb', 'must be at most 2048 (the tool version’s limit)'],
  ])('refuses %j above the tool version’s ceiling', (requested, path, message) => {
    const sut = resolveLimits(requested, DEFAULTS, TOOL, MAXIMUM, 'the tool version’s limit');
    expect(sut.errors).toEqual([{ path, message }]);
  });

  it('holds a ceiling above the maximum to the maximum', () => {
    const generous: SandboxLimits = { ...TOOL, memoryMb: 100_000 };
    const sut = resolveLimits({ memoryMb: 9000 }, DEFAULTS, generous, MAXIMUM, 'the ceiling');
    expect(sut.errors).toEqual([{ path: 'limits.memoryMb', message: 'must be at most 8192 (the ceiling)' }]);
  });

  it('reports every limit that is too high, not only the first', () => {
    const sut = resolveLimits({ memoryMb: 9999, cpus: 9 }, DEFAULTS, TOOL, MAXIMUM, 'c');
    expect(sut.errors.map((error) => error.path)).toEqual(['limits.memoryMb', 'limits.cpus']);
  });
});

describe(`${resolveLimits.name} with a user's own maximum`, () => {
  it('names the user’s maximum when it is what binds', () => {
    const own: SandboxLimits = { ...MAXIMUM, memoryMb: 600 };
    const sut = resolveLimits({ memoryMb: 1024 }, DEFAULTS, TOOL, own, 'the tool version’s limit', 'your own limit');
    expect(sut.errors).toEqual([{ path: 'limits.memoryMb', message: 'must be at most 600 (your own limit)' }]);
  });

  it('names the ceiling when the user’s maximum is higher', () => {
    const sut = resolveLimits({ memoryMb: 2048 }, DEFAULTS, TOOL, MAXIMUM, 'the tool version’s limit', 'yours');
    expect(sut.errors).toEqual([
      { path: 'limits.memoryMb', message: 'must be at most 1024 (the tool version’s limit)' },
    ]);
  });
});
