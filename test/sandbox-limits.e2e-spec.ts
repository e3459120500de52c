import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { setTimeout } from 'node:timers/promises';
import { LABEL_CALCULATION, LABEL_WORKER } from '../src/sandbox/container-spec';
import { DockerAdapter } from '../src/sandbox/docker.adapter';
import { OutageProxy } from './helpers/outage-proxy';
import { SandboxHooks, SandboxJob, SandboxOutcome, SandboxRunner } from '../src/sandbox/sandbox-runner';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { eventually } from './helpers/wait';
import { makeVersion, uniqueToolName } from './factories/tools';

// Every limit of a sandbox holds, is enforced by the kernel, and names itself; usage comes from
// outside. Against the real Docker engine, with small limits so that each run takes seconds.
describe('sandbox limits (real Docker engine)', () => {
  const WORKER = 'sandbox-limits-test';
  const config = testConfig({ SANDBOX_PIDS_LIMIT: '64', SANDBOX_MAX_OUTPUT_FILES: '5' });
  const docker = new DockerAdapter(config);
  const runner = new SandboxRunner(docker, config);
  const run = async (code: string, overrides: Partial<SandboxJob> = {}, hooks: SandboxHooks = {}) => {
    const outcome = await runner.run(
      {
        calculationId: randomUUID(),
        workerId: WORKER,
        image: config.sandbox.defaultImage,
        code,
        parameters: {},
        inputs: [],
        memoryMb: 256,
        cpus: 1,
        timeoutS: 30,
        maxOutputBytes: 1024 * 1024,
        diskMb: 64,
        network: false,
        ...overrides,
      },
      hooks,
    );
    if (!outcome) throw new Error('the sandbox did not start');
    return outcome;
  };
  const storing = (stored: Record<string, number>): SandboxHooks => ({
    onOutputFile: async (path, _size, content) => {
      stored[path] = (await text(content)).length;
    },
  });

  afterAll(async () => {
    const mine = async () =>
      (await docker.listByLabel(LABEL_CALCULATION)).filter((container) => container.labels[LABEL_WORKER] === WORKER);
    expect(await eventually(mine, (left) => left.length === 0)).toEqual([]);
  });

  it('stops 4 GiB of writes at the disk limit within seconds, in /work, /tmp and /dev/shm alike', async () => {
    const started = Date.now();
    const outcome = await run(
      `import errno, json, os\n` +
        `CHUNK = b'x' * (1024 * 1024)\n` +
        `def fill(folder, files):\n    try:\n        for i in range(files):\n` +
        `            with open(os.path.join(folder, f'f{i}'), 'wb') as handle:\n` +
        `                for _ in range(4):\n                    handle.write(CHUNK)\n    except OSError as error:\n` +
        `        return errno.errorcode[error.errno]\n    return 'no limit'\n` +
        `def run(params):\n    print(json.dumps({'tmp': fill('/tmp', 1024), 'shm': fill('/dev/shm', 1024)}))\n` +
        `    for name in os.listdir('/tmp'):\n        os.remove(os.path.join('/tmp', name))\n` +
        // 1024 files of 4 MiB, each far under the per-file cap: 4 GiB in all.
        `    for i in range(1024):\n        with open(f'/work/w{i}', 'wb') as handle:\n` +
        `            for _ in range(4):\n                handle.write(CHUNK)\n`,
      { maxOutputBytes: 16 * 1024 * 1024 },
    );
    expect(JSON.parse(outcome.stdout.text.trim().split('\n')[0])).toEqual({ tmp: 'ENOSPC', shm: 'ENOSPC' });
    expect(outcome).toMatchObject({ ending: 'exited', exitCode: 5, limit: { name: 'disk', value: 64 } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(outcome.usage.cpuS).toBeGreaterThan(0);
  });

  it('takes inputs larger than the disk limit, outside it and read-only', async () => {
    const size = 48 * 1024 * 1024;
    const outcome = await run(
      `import os\ndef run(params):\n    size = os.path.getsize('/work/inputs/big.bin')\n` +
        `    try:\n        open('/work/inputs/mine', 'w').write('x')\n        writable = True\n` +
        `    except OSError:\n        writable = False\n    return {'size': size, 'writable': writable}\n`,
      {
        diskMb: 16,
        inputs: [
          {
            name: 'big.bin',
            sizeBytes: size,
            open: () =>
              Promise.resolve(
                Readable.from(
                  (function* () {
                    for (let sent = 0; sent < size; sent += 1024 * 1024) yield Buffer.alloc(1024 * 1024, 7);
                  })(),
                ),
              ),
          },
        ],
      },
    );
    expect(outcome).toMatchObject({ exitCode: 0, result: { size, writable: false }, limit: null });
  });

  it('names the result size limit instead of failing on the runner’s traceback', async () => {
    const outcome = await run(`def run(params):\n    return 'x' * (2 * 1024 * 1024)\n`);
    expect(outcome).toMatchObject({ exitCode: 4, result: null, limit: { name: 'result-size', value: 1024 * 1024 } });
    expect(outcome.stderr.text).not.toMatch(/Traceback/);
  });

  it('keeps no output file cut at the output budget, whether or not the code noticed', async () => {
    const raised: Record<string, number> = {};
    const failing = await run(
      `def run(params):\n    open('/work/outputs/small.txt', 'w').write('ok')\n` +
        `    open('/work/outputs/big.bin', 'wb').write(b'x' * (2 * 1024 * 1024))\n`,
      {},
      storing(raised),
    );
    expect(failing).toMatchObject({ exitCode: 6, limit: { name: 'output-size', value: 1024 * 1024 } });
    expect(raised).toEqual({ 'small.txt': 2 });

    const ignored: Record<string, number> = {};
    const ignoring = await run(
      `def run(params):\n    try:\n        open('/work/outputs/big.bin', 'wb').write(b'x' * (2 * 1024 * 1024))\n` +
        `    except OSError:\n        pass\n    return 'fine'\n`,
      {},
      storing(ignored),
    );
    expect(ignoring).toMatchObject({ exitCode: 0, limit: { name: 'output-size' }, outputs: { truncated: true } });
    expect(ignored).toEqual({});
  });

  it('names the process limit when the code fails on it', async () => {
    const outcome = await run(
      `import os, time\ndef run(params):\n    time.sleep(0.5)\n    for _ in range(1000):\n        if os.fork() == 0:\n` +
        `            time.sleep(30)\n            os._exit(0)\n`,
      { timeoutS: 20 },
    );
    expect(outcome).toMatchObject({ ending: 'exited', exitCode: 1, limit: { name: 'pids', value: 64 } });
  });

  it('names the process limit through a remote engine too (the engine’s stats, no host cgroup files)', async () => {
    const proxy = await OutageProxy.start({ path: '/var/run/docker.sock' });
    try {
      const remote = testConfig({ SANDBOX_PIDS_LIMIT: '64', DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}` });
      const adapter = new DockerAdapter(remote);
      const usage = jest.spyOn(adapter, 'usage');
      const calculationId = randomUUID();
      const outcome = await new SandboxRunner(adapter, remote).run({
        calculationId,
        workerId: WORKER,
        image: remote.sandbox.defaultImage,
        code:
          `import os, time\ndef run(params):\n    for _ in range(1000):\n        if os.fork() == 0:\n` +
          `            time.sleep(30)\n            os._exit(0)\n`,
        parameters: {},
        inputs: [],
        memoryMb: 256,
        cpus: 1,
        timeoutS: 20,
        maxOutputBytes: 1024 * 1024,
        diskMb: 64,
        network: false,
      });
      expect(await usage.mock.results[0].value).toMatchObject({ source: 'stats', pidsLimitHits: 1 });
      expect(outcome).toMatchObject({ ending: 'exited', exitCode: 1, limit: { name: 'pids', value: 64 } });
      // Removed in the background, through the proxy: let it finish before the proxy goes.
      const left = () => docker.listByLabel(`${LABEL_CALCULATION}=${calculationId}`);
      expect(await eventually(left, (containers) => containers.length === 0)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('names the disk when a child fills /tmp, whether the code fails on it or exits without a word', async () => {
    const memoryMb = config.sandbox.defaults.memoryMb;
    // The runner sees the failure and finds /tmp full (statvfs).
    const failing = await run(
      `import subprocess\ndef run(params):\n` +
        `    subprocess.check_call(['dd', 'if=/dev/zero', 'of=/tmp/fill', 'bs=1M', 'count=4096'])\n`,
      { memoryMb, diskMb: 256, maxOutputBytes: 256 * 1024 * 1024 },
    );
    expect(failing).toMatchObject({ ending: 'exited', exitCode: 5, limit: { name: 'disk', value: 256 } });
    // The code leaves without the runner (os._exit): the worker finds /tmp full from outside, frozen.
    const silent = await run(
      `import os, subprocess, sys\ndef run(params):\n` +
        `    subprocess.call([sys.executable, '-c', "open('/tmp/fill', 'wb').write(b'x' * (128 * 1024 * 1024))"],\n` +
        `                    stderr=subprocess.DEVNULL)\n    os._exit(3)\n`,
      { memoryMb, diskMb: 256, maxOutputBytes: 256 * 1024 * 1024 },
    );
    expect(silent).toMatchObject({ ending: 'exited', exitCode: 3, limit: { name: 'disk', value: 256 } });
  });

  it('names the memory when one process allocates past the memory limit, though memory and disk together allow more', async () => {
    const outcome = await run(
      `def run(params):\n    blocks = []\n    while True:\n        blocks.append(bytearray(32 * 1024 * 1024))\n`,
      { memoryMb: 256, diskMb: 1024 },
    );
    expect(outcome).toMatchObject({ ending: 'out-of-memory', exitCode: 8, limit: { name: 'memory', value: 256 } });
    expect(outcome.stderr.text).toMatch(/^MemoryError/m);
    expect(outcome.usage.peakMemoryBytes).toBeLessThanOrEqual(256 * 1024 * 1024);
  });

  it('names the memory when processes together outgrow the cgroup (memory plus disk): its OOM kill', async () => {
    // Three children of 100 MiB each, every one within its own 128 MB: 300 MiB in all, over the
    // cgroup's 128 + 16 + 64 MB.
    const outcome = await run(
      `import subprocess, sys\nCHILD = "import time\\nblock = bytearray(100 * 1024 * 1024)\\ntime.sleep(2)\\n"\n` +
        `def run(params):\n    children = [subprocess.Popen([sys.executable, '-c', CHILD]) for _ in range(3)]\n` +
        `    codes = [child.wait() for child in children]\n    if any(codes):\n` +
        `        raise RuntimeError(f'children ended with {codes}')\n`,
      { memoryMb: 128, diskMb: 16, timeoutS: 20 },
    );
    expect(outcome).toMatchObject({ ending: 'out-of-memory', limit: { name: 'memory', value: 128 } });
    expect(outcome.exitCode).not.toBe(0);
  });

  it('refuses ptrace, and nothing the code leaves running changes what is recorded', async () => {
    const progress: (string | null)[] = [];
    const stored: Record<string, number> = {};
    // The forger waits on a pipe whose only writer is the runner: it wakes the instant the runner
    // exits (just after its summary line), then forges at once: an output, a progress line, the
    // result file, and burns CPU. The code wrote an output and a result too large to inline, so the
    // worker reads both from the files; and the engine's pause is made slow here (1.5 s), so only
    // a sandbox in which nothing runs once the code has ended keeps all of it out.
    const pause = docker.pause.bind(docker);
    const slowPause = jest
      .spyOn(docker, 'pause')
      .mockImplementation(async (id) => setTimeout(1500).then(() => pause(id)));
    let outcome: SandboxOutcome;
    try {
      outcome = await run(
        `import ctypes, json, os, subprocess, sys\n` +
          `FORGER = '''\nimport json, os, sys, time\nos.read(int(sys.argv[1]), 1)\n` +
          `open('/work/outputs/forged.txt', 'w').write('forged')\n` +
          `open('/work/progress.jsonl', 'a').write(json.dumps({'fraction': 1, 'message': 'forged'}) + '\\\\n')\n` +
          `json.dump({'forged': True}, open('/work/result.json', 'w'))\nend = time.time() + 10\n` +
          `while time.time() < end:\n    pass\n'''\n` +
          `def run(params):\n    libc = ctypes.CDLL(None, use_errno=True)\n` +
          `    attach = libc.ptrace(16, 1, 0, 0)\n    attach_errno = ctypes.get_errno()\n` +
          `    wake, hold = os.pipe()\n` +
          `    subprocess.Popen([sys.executable, '-c', FORGER, str(wake)], pass_fds=[wake],\n` +
          `        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)\n` +
          `    os.close(wake)\n    open('/work/outputs/mine.txt', 'w').write('mine')\n` +
          `    return {'attach': attach, 'errno': attach_errno, 'pad': 'x' * 100_000}\n`,
        { maxOutputBytes: 1024 * 1024 },
        { onProgress: (_fraction, message) => progress.push(message), ...storing(stored) },
      );
    } finally {
      slowPause.mockRestore();
    }
    // EPERM from our seccomp profile.
    expect(outcome).toMatchObject({ exitCode: 0, result: { attach: -1, errno: 1 }, limit: null });
    expect(stored).toEqual({ 'mine.txt': 4 });
    expect(progress).not.toContain('forged');
    // The forger would have burnt 1.5 s of CPU before the (slow) freeze, 10 s without it. The runner
    // itself (an interpreter started with the sandbox, a ctypes load, a fork) takes a few tenths.
    expect(outcome.usage.cpuS).toBeLessThan(1);
  });
});

// The same limits through the API and the worker: what a user sees of them.
describe('sandbox limits through the API (real Docker, PostgreSQL, Redis, MinIO, Keycloak)', () => {
  let api: INestApplication;
  let worker: INestApplication;
  let tokens: DemoTokens;
  const config = testConfig({ LIMITS_MAX_DISK_MB: '2048' });
  const as = (who: keyof DemoTokens = 'alice') => authenticated(api, tokens[who]);

  async function finished(id: string): Promise<Record<string, unknown>> {
    const done = await eventually(
      async () => (await as().get(`/calculations/${id}`).expect(200)).body as Record<string, unknown>,
      (body) => !['pending', 'queued', 'running'].includes(body.status as string),
      45_000,
    );
    return done;
  }

  beforeAll(async () => {
    api = await createApiApp(config);
    worker = await createWorkerApp(config);
    tokens = await demoTokens();
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('takes a disk limit per submission within its ceiling, and says when the code hit it', async () => {
    const tooMuch = await as()
      .post('/calculations', { name: 'huge disk', code: 'def run(p):\n    return 1\n', limits: { diskMb: 4096 } })
      .expect(422);
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ path: 'limits.diskMb' })]);

    const submitted = await as()
      .post('/calculations', {
        name: 'disk filler',
        code:
          "def run(p):\n    with open('/work/big', 'wb') as handle:\n        for _ in range(4096):\n" +
          "            handle.write(b'x' * (1024 * 1024))\n",
        limits: { diskMb: 48 },
      })
      .expect(202);
    expect(submitted.body.limits).toMatchObject({ diskMb: 48 });
    const done = await finished(submitted.body.id as string);
    expect(done).toMatchObject({
      status: 'failed',
      errorMessage: 'disk limit of 48 MB exceeded',
      limitExceeded: 'disk',
      exitCode: 5,
    });
  });

  it('ends 4 GiB of writes under a 1 GiB disk limit as the disk limit, with the default memory limit, within seconds', async () => {
    expect(config.sandbox.defaults.memoryMb).toBe(512);
    const started = Date.now();
    const submitted = await as()
      .post('/calculations', {
        name: '4 GiB',
        // 64 files of 64 MiB, each under the per-file cap (the default output budget, 100 MiB).
        code:
          "def run(p):\n    chunk = b'x' * (64 * 1024 * 1024)\n    for i in range(64):\n" +
          "        with open(f'/work/f{i}', 'wb') as handle:\n            handle.write(chunk)\n",
        limits: { diskMb: 1024 },
      })
      .expect(202);
    const done = await finished(submitted.body.id as string);
    expect(done).toMatchObject({
      status: 'failed',
      errorMessage: 'disk limit of 1024 MB exceeded',
      limitExceeded: 'disk',
      exitCode: 5,
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    // What it wrote stayed in the sandbox's tmpfs: the most it could hold, and no more.
    expect(done.peakMemoryBytes).toBeLessThan((512 + 1024 + 64) * 1024 * 1024);
  });

  it('names the memory limit when one process allocates past it, with the default limits', async () => {
    const submitted = await as()
      .post('/calculations', {
        name: 'memory hog',
        code: 'def run(p):\n    blocks = []\n    while True:\n        blocks.append(bytearray(64 * 1024 * 1024))\n',
      })
      .expect(202);
    expect(await finished(submitted.body.id as string)).toMatchObject({
      status: 'failed',
      errorMessage: 'memory limit of 512 MB exceeded',
      limitExceeded: 'memory',
    });
  });

  it('names the process limit (SANDBOX_PIDS_LIMIT, 256 by default) when a fork bomb hits it', async () => {
    expect(config.sandbox.pidsLimit).toBe(256);
    const submitted = await as()
      .post('/calculations', {
        name: 'fork bomb',
        code:
          'import os, time\ndef run(p):\n    for _ in range(10000):\n        if os.fork() == 0:\n' +
          '            time.sleep(60)\n            os._exit(0)\n',
      })
      .expect(202);
    expect(await finished(submitted.body.id as string)).toMatchObject({
      status: 'failed',
      errorMessage: 'process limit of 256 reached',
      limitExceeded: 'pids',
    });
  });

  it('takes a disk limit per tool version (default SANDBOX_DISK_MB), which submissions may lower, not raise', async () => {
    const name = uniqueToolName('disk');
    await as('tom').post('/tools', { name, displayName: 'Disk', description: 'disk limit', tags: [] }).expect(201);
    const limits = { memoryMb: 256, cpus: 1, timeoutS: 60, maxOutputBytes: 1048576 };
    const overCeiling = await as('tom')
      .post(`/tools/${name}/versions`, makeVersion({ limits: { ...limits, diskMb: 4096 } }))
      .expect(422);
    expect(overCeiling.body.errors).toEqual([expect.objectContaining({ path: 'limits.diskMb' })]);
    const unset = await as('tom')
      .post(`/tools/${name}/versions`, makeVersion({ version: '1.0.0', limits }))
      .expect(201);
    expect(unset.body.limits).toMatchObject({ diskMb: config.sandbox.defaults.diskMb });
    await as('tom')
      .post(`/tools/${name}/versions`, makeVersion({ version: '1.1.0', limits: { ...limits, diskMb: 64 } }))
      .expect(201);
    const raised = await as()
      .post('/calculations', { name: 'more disk', tool: name, version: '1.1.0', limits: { diskMb: 65 } })
      .expect(422);
    expect(raised.body.errors).toEqual([expect.objectContaining({ path: 'limits.diskMb' })]);
    const lowered = await as()
      .post('/calculations', { name: 'less disk', tool: name, version: '1.1.0', limits: { diskMb: 32 } })
      .expect(202);
    expect(lowered.body.limits).toMatchObject({ diskMb: 32 });
    expect(await finished(lowered.body.id as string)).toMatchObject({ status: 'completed' });
  });

  it('refuses a result with a NUL character, saying why, and still records usage, exit code and logs', async () => {
    const submitted = await as()
      .post('/calculations', {
        name: 'nul',
        code: "def run(p):\n    print('reading /proc')\n    return {'cmdline': open('/proc/self/cmdline').read()}\n",
      })
      .expect(202);
    const done = await finished(submitted.body.id as string);
    expect(done).toMatchObject({ status: 'failed', exitCode: 0, limitExceeded: null, result: null });
    expect(done.errorMessage).toMatch(/NUL character \(\\u0000\) at \$\.cmdline/);
    expect(done.cpuTimeS).toBeGreaterThan(0);
    expect(done.peakMemoryBytes).toBeGreaterThan(0);
    expect(done.executionTimeS).toBeGreaterThan(0);
    const logs = await as().get(`/calculations/${submitted.body.id}/logs`).expect(200);
    expect(logs.body.stdout).toBe('reading /proc\n');
  });
});
