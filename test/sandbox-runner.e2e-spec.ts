import Docker from 'dockerode';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { pack } from 'tar-stream';
import { LABEL_CALCULATION, sandboxContainerOptions } from '../src/sandbox/container-spec';
import { DockerAdapter } from '../src/sandbox/docker.adapter';
import { SandboxJob, SandboxOutcome, SandboxRunner } from '../src/sandbox/sandbox-runner';
import { testConfig } from './helpers/app';
import { eventually } from './helpers/wait';

// The sandbox against the real Docker engine, with hostile code.
describe('sandbox runner (real Docker engine)', () => {
  const config = testConfig({ SANDBOX_LOG_MAX_BYTES: '65536', SANDBOX_KILL_GRACE_S: '1', SANDBOX_PIDS_LIMIT: '64' });
  const docker = new DockerAdapter(config);
  const runner = new SandboxRunner(docker, config);
  // Without a beforeStart hook the code always starts, so there is always an outcome.
  const started = async (outcome: Promise<SandboxOutcome | null>): Promise<SandboxOutcome> => {
    const value = await outcome;
    if (!value) throw new Error('the sandbox did not start');
    return value;
  };
  const sut = { run: (...args: Parameters<SandboxRunner['run']>) => started(runner.run(...args)) };
  const job = (code: string, overrides: Partial<SandboxJob> = {}): SandboxJob => ({
    calculationId: randomUUID(),
    workerId: 'sandbox-test',
    image: config.sandbox.defaultImage,
    code,
    parameters: {},
    inputs: [],
    memoryMb: 128,
    cpus: 1,
    timeoutS: 30,
    maxOutputBytes: 1024 * 1024,
    diskMb: 256,
    network: false,
    ...overrides,
  });

  afterAll(async () => {
    // Containers are removed in the background once the outcome is known.
    const mine = async () =>
      (await docker.listByLabel(LABEL_CALCULATION)).filter(
        (container) => container.labels['retort.worker'] === 'sandbox-test',
      );
    expect(await eventually(mine, (left) => left.length === 0)).toEqual([]);
  });

  it('runs code with parameters and inputs, returns its result and measures usage from outside', async () => {
    const outputs: Record<string, string> = {};
    const outcome = await sut.run(
      job(
        `import json\ndef run(params):\n    data = open('/work/inputs/numbers.txt').read().split()\n` +
          `    total = sum(int(x) for x in data) * params['factor']\n` +
          `    open('/work/outputs/total.txt', 'w').write(str(total))\n` +
          `    print('summed', len(data), 'numbers')\n    return {'total': total}\n`,
        {
          parameters: { factor: 2 },
          inputs: [
            { name: 'numbers.txt', sizeBytes: 6, open: () => Promise.resolve(Readable.from([Buffer.from('1 2 3\n')])) },
          ],
        },
      ),
      {
        onOutputFile: async (path, _size, content) => {
          outputs[path] = await text(content);
        },
      },
    );
    expect(outcome).toMatchObject({ ending: 'exited', exitCode: 0, result: { total: 12 }, error: null });
    expect(outcome.stdout.text).toBe('summed 3 numbers\n');
    expect(outputs).toEqual({ 'total.txt': '12' });
    expect(outcome.usage.wallS).toBeGreaterThan(0);
    expect(outcome.usage.cpuS).toBeGreaterThan(0);
    expect(outcome.usage.peakMemoryBytes).toBeGreaterThan(1024 * 1024);
  });

  it('reports an exception as the code’s error with the traceback on stderr', async () => {
    const outcome = await sut.run(job(`def run(params):\n    raise ValueError('bad input')\n`));
    expect(outcome).toMatchObject({
      ending: 'exited',
      exitCode: 1,
      error: { type: 'ValueError', message: 'bad input' },
    });
    expect(outcome.stderr.text).toContain('Traceback');
  });

  it('kills a memory hog at its limit and says so', async () => {
    const outcome = await sut.run(
      job(`def run(params):\n    blocks = []\n    while True:\n        blocks.append(bytearray(8 * 1024 * 1024))\n`, {
        memoryMb: 96,
      }),
    );
    expect(outcome.ending).toBe('out-of-memory');
    expect(outcome.limit).toEqual({ name: 'memory', value: 96 });
    expect(outcome.usage.peakMemoryBytes).toBeGreaterThan(0.9 * 96 * 1024 * 1024);
    expect(outcome.usage.peakMemoryBytes).toBeLessThanOrEqual(96 * 1024 * 1024);
  });

  it('stops an infinite loop at the wall-clock limit', async () => {
    const started = Date.now();
    const outcome = await sut.run(job(`def run(params):\n    while True:\n        pass\n`, { timeoutS: 2 }));
    expect(outcome.ending).toBe('timed-out');
    expect(outcome.limit).toEqual({ name: 'wall-clock', value: 2 });
    expect(Date.now() - started).toBeLessThan(2000 + 8000);
    expect(outcome.usage.cpuS).toBeGreaterThan(1);
  });

  it('contains a fork bomb with the process limit', async () => {
    const outcome = await sut.run(
      job(
        `import os, time\ndef run(params):\n    children = 0\n    for _ in range(10000):\n        try:\n` +
          `            if os.fork() == 0:\n                time.sleep(30)\n                os._exit(0)\n` +
          `            children += 1\n        except OSError as error:\n            return {'children': children, 'error': str(error)}\n`,
        { timeoutS: 20 },
      ),
    );
    expect(outcome.ending).toBe('exited');
    expect(outcome.result).toMatchObject({ error: expect.stringMatching(/Resource temporarily unavailable/) });
    expect((outcome.result as { children: number }).children).toBeLessThan(64);
  });

  it('has no network, no writable root, no secrets and nothing of other calculations', async () => {
    const outcome = await sut.run(
      job(
        `import os, socket\ndef attempt(action):\n    try:\n        action()\n        return 'ok'\n    except Exception as error:\n        return type(error).__name__\n` +
          `def write(path):\n    open(path, 'w').write('x')\n` +
          `def connect():\n    socket.create_connection(('10.0.0.1', 80), timeout=3)\n` +
          `def run(params):\n    return {\n` +
          `        'socket': attempt(connect),\n` +
          `        'root': attempt(lambda: write('/evil')),\n` +
          `        'etc': attempt(lambda: write('/etc/passwd')),\n` +
          `        'runner': attempt(lambda: write('/opt/retort/runner.py')),\n` +
          `        'tmp': attempt(lambda: write('/tmp/scratch')),\n` +
          `        'uid': os.getuid(),\n` +
          `        'env': sorted(os.environ),\n` +
          `        'work': sorted(os.listdir('/work')),\n` +
          `        'dockerSocket': os.path.exists('/var/run/docker.sock'),\n` +
          `        'interfaces': sorted(os.listdir('/sys/class/net')),\n    }\n`,
      ),
    );
    const result = outcome.result as Record<string, unknown>;
    expect(result).toMatchObject({
      socket: 'OSError',
      root: 'OSError',
      etc: 'OSError',
      runner: 'OSError',
      tmp: 'ok',
      uid: 10001,
      dockerSocket: false,
      interfaces: ['lo'],
    });
    expect((result.work as string[]).sort()).toEqual(['inputs', 'main.py', 'outputs', 'params.json']);
    const env = (result.env as string[]).join(' ');
    expect(env).not.toMatch(/S3|DATABASE|KEYCLOAK|REDIS|SECRET|PASSWORD|TOKEN/);
  });

  it('keeps the first bytes of a stdout flood and says it truncated', async () => {
    const outcome = await sut.run(
      job(
        `import sys\ndef run(params):\n    for _ in range(20000):\n        sys.stdout.write('x' * 1000 + '\\n')\n    return 'done'\n`,
      ),
    );
    expect(outcome).toMatchObject({ ending: 'exited', result: 'done' });
    expect(outcome.stdout.text.length).toBe(65536);
    expect(outcome.stdout.truncated).toBe(true);
    expect(outcome.stdout.totalBytes).toBe(20000 * 1001);
  });

  it('forwards progress while the code runs', async () => {
    const seen: number[] = [];
    await sut.run(
      job(
        `import time\nfrom retort import progress\ndef run(params):\n    for i in range(1, 5):\n` +
          `        progress(i / 4, f'step {i}')\n        time.sleep(1.1)\n`,
      ),
      { onProgress: (fraction) => seen.push(fraction) },
    );
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...seen].sort());
  });

  it('caps output files in count and bytes', async () => {
    const capped = new SandboxRunner(docker, testConfig({ SANDBOX_MAX_OUTPUT_FILES: '3' }));
    const stored: string[] = [];
    const outcome = await started(
      capped.run(
        job(
          `def run(params):\n    for i in range(10):\n        open(f'/work/outputs/f{i}.txt', 'w').write('x' * 100)\n`,
        ),
        {
          onOutputFile: async (path, _size, content) => {
            await text(content);
            stored.push(path);
          },
        },
      ),
    );
    expect(stored).toHaveLength(3);
    expect(outcome.outputs).toEqual({ stored: 3, truncated: true });
    expect(outcome.limit).toEqual({ name: 'output-files', value: 3 });
  });

  it('cancels running code: SIGTERM, then SIGKILL after the grace period', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('cancel'), 1500);
    const started = Date.now();
    const outcome = await sut.run(
      job(
        `import signal, time\ndef run(params):\n    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n    time.sleep(60)\n`,
      ),
      {},
      controller.signal,
    );
    expect(outcome.ending).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads usage from the host’s cgroup files, and removes a frozen sandbox by thawing it first', async () => {
    const calculationId = randomUUID();
    const id = await docker.create(
      sandboxContainerOptions({
        calculationId,
        workerId: 'sandbox-test',
        installation: config.queuePrefix,
        image: config.sandbox.defaultImage,
        memoryMb: 64,
        cpus: 1,
        pidsLimit: 16,
        tmpfsMb: 8,
        diskMb: 32,
        maxOutputBytes: 1024,
        resultMaxBytes: 1024,
        network: false,
      }),
    );
    try {
      await docker.start(id);
      await docker.pause(id);
      await docker.pause(id);
      const usage = await docker.usage(id);
      expect(usage).toMatchObject({ source: 'cgroup', oomKills: 0, pidsLimitHits: 0 });
      expect(usage!.memoryMaxUsageBytes).toBeGreaterThan(0);
      expect(usage!.cpuTotalNs).toBeGreaterThan(0);
    } finally {
      await docker.remove(id);
    }
    expect(await docker.listByLabel(`${LABEL_CALCULATION}=${calculationId}`)).toEqual([]);
  });

  describe('the job on stdin and the runner’s summary line', () => {
    const archiveReads = () => {
      const spy = jest.spyOn(docker, 'getArchive');
      return { count: () => spy.mock.calls.length, restore: () => spy.mockRestore() };
    };

    it('runs a calculation with no archive call and no exec, and keeps its own lines out of the logs', async () => {
      const reads = archiveReads();
      const puts = jest.spyOn(docker, 'putArchive');
      const execs = jest.spyOn(docker, 'exec');
      try {
        const outcome = await sut.run(
          job(
            `import os\ndef run(params):\n    print('hi', params['n'], os.environ['OMP_NUM_THREADS'])\n    return {'n': params['n'] + 1}\n`,
            {
              parameters: { n: 41 },
              cpus: 2,
            },
          ),
        );
        expect(outcome).toMatchObject({ ending: 'exited', exitCode: 0, result: { n: 42 }, error: null });
        // The thread hints follow this calculation's CPUs, whatever the sandbox was started with.
        expect(outcome.stdout.text).toBe('hi 41 2\n');
        expect(reads.count()).toBe(0);
        expect(puts).not.toHaveBeenCalled();
        expect(execs).not.toHaveBeenCalled();
      } finally {
        reads.restore();
        puts.mockRestore();
        execs.mockRestore();
      }
    });

    it('gives the code an empty stdin and reports its own exit status', async () => {
      const outcome = await sut.run(
        job(`import sys\ndef run(params):\n    print(repr(sys.stdin.read()))\n    sys.exit(7)\n`),
      );
      expect(outcome).toMatchObject({ ending: 'exited', exitCode: 7 });
      expect(outcome.stdout.text).toBe("''\n");
    });

    it('treats a forged summary (a guessed nonce) as ordinary output', async () => {
      const forged = '\\x1eRETORT 000000000000000000000000 {"result":{"value":"forged"},"outputs":false}';
      const outcome = await sut.run(job(`def run(params):\n    print('${forged}')\n    return 'real'\n`));
      expect(outcome.result).toBe('real');
      expect(outcome.stdout.text).toContain('RETORT 000000000000000000000000');
    });

    it('falls back to the files when there is no summary (stdout closed) or the result is too big to inline', async () => {
      const reads = archiveReads();
      try {
        const closed = await sut.run(job(`import os\ndef run(params):\n    os.close(1)\n    return {'ok': True}\n`));
        expect(closed).toMatchObject({ ending: 'exited', exitCode: 0, result: { ok: true } });
        expect(reads.count()).toBeGreaterThan(0);
        const big = await sut.run(job(`def run(params):\n    return 'x' * 100000\n`));
        expect(big.result).toBe('x'.repeat(100000));
      } finally {
        reads.restore();
      }
    });

    it('reports the last progress line and the error from the summary, and still collects outputs', async () => {
      const progress: number[] = [];
      const stored: string[] = [];
      const failed = await sut.run(
        job(
          `from retort import progress\ndef run(params):\n    open('/work/outputs/a.txt', 'w').write('a')\n` +
            `    progress(0.75, 'almost')\n    raise KeyError('missing')\n`,
        ),
        {
          onProgress: (fraction) => progress.push(fraction),
          onOutputFile: async (path, _size, content) => {
            content.resume();
            stored.push(path);
            await Promise.resolve();
          },
        },
      );
      expect(failed).toMatchObject({ ending: 'exited', exitCode: 1, error: { type: 'KeyError' } });
      expect(progress.at(-1)).toBe(0.75);
      expect(stored).toEqual(['a.txt']);
    });
  });

  describe('an image whose runner does not take its job on stdin', () => {
    const engine = new Docker();
    const image = `retort-test/files-runner:${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      // The same image without the protocol label: the worker must fall back to files and docker exec.
      const context = pack();
      context.entry(
        { name: 'Dockerfile' },
        `FROM ${config.sandbox.defaultImage}\nLABEL io.retort.runner.protocol=""\n`,
      );
      context.finalize();
      const build = await engine.buildImage(context as unknown as NodeJS.ReadableStream, { t: image });
      await new Promise((resolve, reject) =>
        engine.modem.followProgress(build, (error: Error | null) => (error ? reject(error) : resolve(null))),
      );
    });

    afterAll(async () => {
      await engine.getImage(image).remove({ force: true });
    });

    it('writes the files through the archive API, runs the runner with exec and reads the files back', async () => {
      const puts = jest.spyOn(docker, 'putArchive');
      const execs = jest.spyOn(docker, 'exec');
      try {
        const outcome = await sut.run(
          job(`def run(params):\n    print('files', params['n'])\n    return params['n'] * 2\n`, {
            image,
            parameters: { n: 21 },
          }),
        );
        expect(outcome).toMatchObject({ ending: 'exited', exitCode: 0, result: 42, error: null });
        expect(outcome.stdout.text).toBe('files 21\n');
        expect(puts).toHaveBeenCalled();
        expect(execs).toHaveBeenCalled();
      } finally {
        puts.mockRestore();
        execs.mockRestore();
      }
    });
  });
});
