import { resultMaxBytes } from '../common/sandbox-limits';
import { AppConfig } from '../config/app-config';
import { REQUIRED_ENVIRONMENT } from '../config/environment.fixture';
import { ContainerUsage, DockerAdapter } from './docker.adapter';
import { parseProgress, REMOVALS_SHUTDOWN_WAIT_MS, SandboxJob, SandboxRunner } from './sandbox-runner';

describe(parseProgress.name, () => {
  it.each<[string, string, ReturnType<typeof parseProgress>]>([
    ['a fraction and a message', '{"fraction": 0.25, "message": "step 1"}', { fraction: 0.25, message: 'step 1' }],
    ['a fraction alone', '{"fraction": 0.5}', { fraction: 0.5, message: null }],
    ['a fraction given as a numeric string', '{"fraction": "0.75"}', { fraction: 0.75, message: null }],
    ['a fraction above 1, held to 1', '{"fraction": 3}', { fraction: 1, message: null }],
    ['a fraction below 0, held to 0', '{"fraction": -2}', { fraction: 0, message: null }],
    ['a message that is not a string, dropped', '{"fraction": 0.1, "message": 42}', { fraction: 0.1, message: null }],
    ['no fraction', '{"message": "hello"}', null],
    ['a fraction that is not a number', '{"fraction": "most"}', null],
    ['an infinite fraction', '{"fraction": 1e999}', null],
    ['a line that is not JSON', 'fraction=0.5', null],
    ['a half-written line', '{"fraction": 0.', null],
    ['JSON null', 'null', null],
  ])('reads %s', (_, line, expected) => {
    expect(parseProgress(line)).toEqual(expected);
  });

  it('cuts a long message to 200 characters', () => {
    const parsed = parseProgress(JSON.stringify({ fraction: 0.5, message: 'x'.repeat(500) }));
    expect(parsed?.message).toHaveLength(200);
  });
});

describe(resultMaxBytes.name, () => {
  it.each([
    [1000, 1000],
    [1, 1],
    [16 * 1024 * 1024, 16 * 1024 * 1024],
    [1024 * 1024 * 1024, 16 * 1024 * 1024],
  ])('allows a result of %d output bytes at most %d bytes (the output budget, within 16 MiB)', (budget, expected) => {
    expect(resultMaxBytes({ maxOutputBytes: budget })).toBe(expected);
  });
});

describe(SandboxRunner.name, () => {
  const config = AppConfig.fromEnvironment(REQUIRED_ENVIRONMENT);
  const job: SandboxJob = {
    calculationId: '7c1d6f1e-0000-4000-8000-000000000001',
    workerId: 'worker-1',
    image: 'retort/sandbox-python-scientific:1.0.0',
    code: 'def run(p):\n    return 1\n',
    parameters: {},
    inputs: [],
    memoryMb: 512,
    cpus: 1,
    timeoutS: 30,
    maxOutputBytes: 1024,
    diskMb: 1024,
    network: false,
  };

  /** An engine whose calls are recorded in order; the code ends with `exitCode`, leaving `full` tmpfs full. */
  function engine(exitCode: number, full: string[] = [], removal: Promise<void> = Promise.resolve()) {
    const calls: string[] = [];
    const record =
      <T>(name: string, value: T) =>
      () => {
        calls.push(name);
        return Promise.resolve(value);
      };
    const adapter = {
      imageRunner: record('imageRunner', { command: ['python3', '/opt/retort/runner.py'], jobOnStdin: false }),
      create: record('create', 'c1'),
      start: record('start', undefined),
      putArchive: record('putArchive', undefined),
      exec: (_id: string, _command: string[], output: { onStarted?: () => void }) => {
        calls.push('exec');
        output.onStarted?.();
        return Promise.resolve(exitCode);
      },
      stats: record('stats', null),
      pause: record('pause', undefined),
      usage: record('usage', {
        memoryMaxUsageBytes: 1,
        cpuTotalNs: 1,
        oomKills: 0,
        pidsLimitHits: 0,
        source: 'cgroup',
      } satisfies ContainerUsage),
      fullPaths: record('fullPaths', full),
      getArchive: (_id: string, path: string) => {
        calls.push(`getArchive ${path}`);
        return Promise.resolve(null);
      },
      kill: record('kill', undefined),
      remove: () => {
        calls.push('remove');
        return removal;
      },
    } as unknown as DockerAdapter;
    return { calls, sut: new SandboxRunner(adapter, config) };
  }

  it('freezes the sandbox before it reads usage, result and outputs', async () => {
    const { calls, sut } = engine(0);
    const outcome = await sut.run(job, { onProgress: () => undefined });
    expect(outcome).toMatchObject({ exitCode: 0, limit: null });
    const afterCode = calls.slice(calls.indexOf('exec') + 1).filter((call) => call !== 'stats' && call !== 'remove');
    expect(afterCode[0]).toBe('pause');
    expect(afterCode.slice(1).sort()).toEqual(
      [
        'usage',
        'getArchive /work/progress.jsonl',
        'getArchive /work/result.json',
        'getArchive /work/error.json',
        'getArchive /work/outputs',
      ].sort(),
    );
    // Nothing of the sandbox is read before the pause.
    expect(calls.indexOf('pause')).toBeLessThan(calls.indexOf('usage'));
  });

  it('names the disk when failed code left a tmpfs full (a child filled it, or the error was swallowed), seen frozen', async () => {
    const { calls, sut } = engine(1, ['/tmp']);
    const outcome = await sut.run(job);
    expect(outcome?.limit).toEqual({ name: 'disk', value: 1024 });
    expect(calls.indexOf('pause')).toBeLessThan(calls.indexOf('fullPaths'));
  });

  it('names the memory when the runner says a process ran out of it (exit 8: MemoryError at its RLIMIT_DATA)', async () => {
    const outcome = await engine(8).sut.run(job);
    expect(outcome).toMatchObject({ ending: 'out-of-memory', limit: { name: 'memory', value: 512 } });
  });

  it('names nothing when failed code left every tmpfs with room', async () => {
    const { calls, sut } = engine(1);
    expect((await sut.run(job))?.limit).toBeNull();
    expect(calls).toContain('fullPaths');
  });

  it('waits at shutdown for the removal of a finished calculation’s sandbox', async () => {
    let removed!: () => void;
    const removal = new Promise<void>((resolve) => (removed = resolve));
    const { calls, sut } = engine(0, [], removal);
    await sut.run(job);
    expect(calls).toContain('remove');
    let shutDown = false;
    const shutdown = sut.beforeApplicationShutdown().then(() => (shutDown = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shutDown).toBe(false);
    removed();
    await shutdown;
    expect(shutDown).toBe(true);
  });

  it('does not wait at shutdown past its bound for an engine that never answers', async () => {
    const { sut } = engine(0, [], new Promise<void>(() => undefined));
    await sut.run(job);
    jest.useFakeTimers();
    try {
      let shutDown = false;
      const shutdown = sut.beforeApplicationShutdown().then(() => (shutDown = true));
      await jest.advanceTimersByTimeAsync(REMOVALS_SHUTDOWN_WAIT_MS - 1);
      expect(shutDown).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await shutdown;
      expect(shutDown).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
