import { CappedOutput } from '../../sandbox/capped-output';
import { SandboxOutcome } from '../../sandbox/sandbox-runner';
import { CalculationStatus } from '../calculation-status';
import { formatBytes, toFinishedRun, unstorableJson } from './finished-run';

const outcome = (overrides: Partial<SandboxOutcome> = {}): SandboxOutcome => ({
  ending: 'exited',
  exitCode: 0,
  usage: { wallS: 1.5, cpuS: 0.7, peakMemoryBytes: 50_000_000 },
  stdout: new CappedOutput(10),
  stderr: new CappedOutput(10),
  result: { ok: true },
  error: null,
  outputs: { stored: 1, truncated: false },
  limit: null,
  ...overrides,
});
const usage = {
  exitCode: expect.anything() as unknown,
  executionTimeS: 1.5,
  cpuTimeS: 0.7,
  peakMemoryBytes: 50_000_000,
};

describe(toFinishedRun.name, () => {
  it('fails with the platform’s reason, keeping usage and exit code, when the worker lost sight of the code', () => {
    const lost =
      'the code ended, but its result and output files could not be read: the Docker engine could not be reached';
    expect(toFinishedRun(outcome({ exitCode: 0, result: null, platformError: lost }))).toMatchObject({
      status: CalculationStatus.Failed,
      errorMessage: lost,
      result: null,
      ...usage,
      exitCode: 0,
    });
  });

  it('keeps a limit the code hit before the worker lost sight of it', () => {
    const timedOut = outcome({ ending: 'timed-out', limit: { name: 'wall-clock', value: 30 }, platformError: 'lost' });
    expect(toFinishedRun(timedOut)).toMatchObject({ status: CalculationStatus.TimedOut, limitExceeded: 'wall-clock' });
  });

  it('completes with the result when the code exited 0', () => {
    expect(toFinishedRun(outcome())).toMatchObject({
      status: CalculationStatus.Completed,
      result: { ok: true },
      errorMessage: null,
      limitExceeded: null,
      ...usage,
    });
  });

  it.each([
    [{ name: 'memory', value: 512 }, 'memory limit of 512 MB exceeded', CalculationStatus.Failed],
    [{ name: 'disk', value: 64 }, 'disk limit of 64 MB exceeded', CalculationStatus.Failed],
    [{ name: 'pids', value: 256 }, 'process limit of 256 reached', CalculationStatus.Failed],
    [{ name: 'wall-clock', value: 30 }, 'wall-clock limit of 30 s exceeded', CalculationStatus.TimedOut],
    [{ name: 'result-size', value: 16 * 1024 * 1024 }, 'result size limit of 16 MB exceeded', CalculationStatus.Failed],
    [{ name: 'output-size', value: 1000 }, 'output size limit of 1000 bytes exceeded', CalculationStatus.Failed],
    [{ name: 'output-files', value: 100 }, 'output file limit of 100 files exceeded', CalculationStatus.Failed],
  ] as const)('names the %o limit and its value, keeping the usage', (limit, message, status) => {
    const run = toFinishedRun(outcome({ exitCode: 5, limit, result: null }));
    expect(run).toMatchObject({ status, limitExceeded: limit.name, ...usage });
    expect(run.errorMessage).toContain(message);
  });

  it('refuses a result with a NUL character, saying why and where, and keeps the usage', () => {
    const run = toFinishedRun(outcome({ result: { rows: ['fine', 'bin\u0000ary'] } }));
    expect(run).toMatchObject({ status: CalculationStatus.Failed, result: null, limitExceeded: null, ...usage });
    expect(run.errorMessage).toMatch(/NUL character \(\\u0000\) at \$\.rows\[1\].*refuses/);
  });

  it('quotes the code’s exception without characters the database refuses', () => {
    const run = toFinishedRun(
      outcome({ exitCode: 1, result: null, error: { type: 'ValueError', message: 'a\u0000b' } }),
    );
    expect(run).toMatchObject({ status: CalculationStatus.Failed, errorMessage: 'ValueError: a\\0b' });
  });

  it('says the exit status when the code gave no reason', () => {
    expect(toFinishedRun(outcome({ exitCode: 2, result: null })).errorMessage).toBe('the code exited with status 2');
  });

  it('records a cancellation as cancelled, with its usage', () => {
    expect(toFinishedRun(outcome({ ending: 'cancelled', exitCode: null }))).toMatchObject({
      status: CalculationStatus.Cancelled,
      limitExceeded: null,
      cpuTimeS: 0.7,
    });
  });
});

describe(unstorableJson.name, () => {
  it('accepts what jsonb stores', () => {
    expect(unstorableJson({ a: [1, 'é', null, { b: '😀' }] })).toBeNull();
  });

  it('finds NUL characters in keys and lone surrogates in values', () => {
    expect(unstorableJson({ 'k\u0000': 1 })).toContain('a key');
    expect(unstorableJson(['\ud800'])).toBe('a lone UTF-16 surrogate at $[0]');
  });
});

describe(formatBytes.name, () => {
  it('writes whole megabytes as MB and anything else in bytes', () => {
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MB');
    expect(formatBytes(1_000_000)).toBe('1000000 bytes');
  });
});
