import Docker from 'dockerode';
import { randomUUID } from 'node:crypto';
import {
  LABEL_WARM,
  LABEL_WORKER,
  memoryCeilingBytes,
  sandboxContainerOptions,
  sandboxName,
} from '../src/sandbox/container-spec';
import { DockerAdapter } from '../src/sandbox/docker.adapter';
import { resultMaxBytes } from '../src/common/sandbox-limits';
import { SandboxJob, SandboxOutcome, SandboxRunner } from '../src/sandbox/sandbox-runner';
import { WarmSandboxPool } from '../src/sandbox/warm-pool';
import { testConfig } from './helpers/app';
import { eventually } from './helpers/wait';

// The warm pool against the real Docker engine: a warm sandbox is a cold one started earlier.
describe('warm sandbox pool (real Docker engine)', () => {
  const config = testConfig({ SANDBOX_WARM_POOL_SIZE: '2' });
  const docker = new DockerAdapter(config);
  const engine = new Docker(config.docker);
  const workerId = `warm-test-${randomUUID()}`;
  const pool = new WarmSandboxPool(docker, config);
  const runner = new SandboxRunner(docker, config, pool);
  const defaults = config.sandbox.defaults;
  const ours = async () =>
    (await docker.listByLabel(`${LABEL_WORKER}=${workerId}`)).filter((container) => container.labels[LABEL_WARM]);
  const job = (code: string, overrides: Partial<SandboxJob> = {}): SandboxJob => ({
    calculationId: randomUUID(),
    workerId,
    image: config.sandbox.defaultImage,
    code,
    parameters: {},
    inputs: [],
    memoryMb: defaults.memoryMb,
    cpus: defaults.cpus,
    timeoutS: 30,
    maxOutputBytes: defaults.maxOutputBytes,
    diskMb: defaults.diskMb,
    network: false,
    ...overrides,
  });
  /** Runs a job; beforeStart records what the engine holds for its sandbox just before the code starts. */
  const run = async (spec: SandboxJob) => {
    let seen: Docker.ContainerInspectInfo | undefined;
    const outcome = await runner.run(spec, {
      beforeStart: async () => {
        const [container] = await docker.findByName(sandboxName(spec.calculationId));
        seen = await engine.getContainer(container.id).inspect();
        return true;
      },
    });
    if (!outcome || !seen) throw new Error('the sandbox did not start');
    return { outcome, inspect: seen };
  };
  const expectCompleted = (outcome: SandboxOutcome) => {
    if (outcome.exitCode !== 0) throw new Error(`exit ${outcome.exitCode}: ${outcome.stderr.text}`);
  };
  const full = () =>
    eventually(
      () => Promise.resolve(pool.stats.idle),
      (idle) => idle === 2,
      30_000,
    );

  beforeAll(() => pool.start(workerId));

  afterAll(async () => {
    await pool.onApplicationShutdown();
    // Drained on shutdown, and every taken one removed after its calculation.
    expect(await eventually(ours, (left) => left.length === 0)).toEqual([]);
  });

  it('starts SANDBOX_WARM_POOL_SIZE sandboxes ahead of time, and no more', async () => {
    expect(await full()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await ours()).filter((container) => container.running)).toHaveLength(2);
  });

  it('gives a calculation a warm sandbox with its own limits applied, in the engine and the kernel', async () => {
    await full();
    const spec = job(
      `import os\n` +
        `def read(*paths):\n    for p in paths:\n        if os.path.exists(p):\n            return open(p).read().split()\n` +
        `def run(p):\n` +
        `    return {'memory': read('/sys/fs/cgroup/memory/memory.limit_in_bytes', '/sys/fs/cgroup/memory.max'),\n` +
        `            'quota': read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us', '/sys/fs/cgroup/cpu.max'),\n` +
        `            'pids': read('/sys/fs/cgroup/pids/pids.max', '/sys/fs/cgroup/pids.max'),\n` +
        `            'threads': os.environ.get('OMP_NUM_THREADS'), 'cap': os.environ.get('RETORT_RESULT_MAX_BYTES'),\n` +
        `            'data': [line.split()[3:5] for line in open('/proc/self/limits') if line.startswith('Max data size')][0]}\n`,
      { memoryMb: 300, cpus: 1.5 },
    );
    const hits = pool.stats.hits;
    const { outcome, inspect } = await run(spec);
    expectCompleted(outcome);
    expect(pool.stats.hits).toBe(hits + 1);
    expect(inspect.Config.Labels[LABEL_WARM]).toBe('true');

    // Exactly what a sandbox created for this calculation would have had.
    const cold = sandboxContainerOptions({
      calculationId: spec.calculationId,
      workerId,
      installation: config.queuePrefix,
      image: spec.image,
      memoryMb: 300,
      cpus: 1.5,
      pidsLimit: config.sandbox.pidsLimit,
      tmpfsMb: config.sandbox.tmpfsMb,
      diskMb: spec.diskMb,
      maxOutputBytes: spec.maxOutputBytes,
      resultMaxBytes: resultMaxBytes(spec),
      network: false,
    }).HostConfig!;
    const held = inspect.HostConfig;
    for (const key of [
      'Memory',
      'MemorySwap',
      'NanoCpus',
      'PidsLimit',
      'NetworkMode',
      'ReadonlyRootfs',
      'Tmpfs',
      'ShmSize',
      'CapDrop',
      'SecurityOpt',
      'Ulimits',
      'IpcMode',
      'Privileged',
    ] as const) {
      expect({ [key]: held[key] }).toEqual({ [key]: cold[key] });
    }
    expect(inspect.Config.User).toBe('10001:10001');
    expect(inspect.Mounts.map((mount) => mount.Destination).sort()).toEqual(['/work', '/work/inputs']);

    // And the kernel enforces them: the code reads its own cgroup.
    const result = outcome.result as Record<string, string[] | string>;
    // The cgroup holds memory and disk together; one process gets the memory limit (RLIMIT_DATA, soft and hard).
    expect(Number(result.memory[0])).toBe(memoryCeilingBytes({ memoryMb: 300, diskMb: spec.diskMb }));
    expect(result.data).toEqual([String(300 * 1024 * 1024), String(300 * 1024 * 1024)]);
    const [quota, period] = result.quota.length === 2 ? result.quota : [result.quota[0], '100000'];
    expect(Number(quota) / Number(period)).toBeCloseTo(1.5);
    expect(result.pids).toEqual([String(config.sandbox.pidsLimit)]);
    expect(result.threads).toBe('2');
    expect(result.cap).toBe(String(resultMaxBytes(spec)));
  });

  it('never reuses a sandbox: the next calculation finds nothing of the previous one', async () => {
    await full();
    const firstJob = job(
      `import os, subprocess\ndef run(p):\n` +
        `    for d in ('/work', '/tmp', '/dev/shm'):\n        open(d + '/left-behind', 'w').write('secret')\n` +
        `    subprocess.Popen(['sleep', '600'], start_new_session=True)\n` +
        `    os.environ['LEFT_BEHIND'] = 'secret'\n    return os.getpid()\n`,
    );
    const first = await run(firstJob);
    expectCompleted(first.outcome);
    await full();
    const second = await run(
      job(
        `import os\ndef run(p):\n` +
          `    files = [d for d in ('/work/left-behind', '/tmp/left-behind', '/dev/shm/left-behind') if os.path.exists(d)]\n` +
          `    procs = [open(f'/proc/{p}/cmdline').read().replace(chr(0), ' ') for p in os.listdir('/proc') if p.isdigit()]\n` +
          `    return {'files': files, 'sleepers': [c for c in procs if c.startswith('sleep 600')],\n` +
          `            'env': os.environ.get('LEFT_BEHIND'), 'work': sorted(os.listdir('/work'))}\n`,
      ),
    );
    expectCompleted(second.outcome);
    expect(second.inspect.Config.Labels[LABEL_WARM]).toBe('true');
    expect(second.inspect.Id).not.toBe(first.inspect.Id);
    expect(second.outcome.result).toEqual({
      files: [],
      sleepers: [],
      env: null,
      work: ['inputs', 'main.py', 'outputs', 'params.json'],
    });
    // The first one is gone, not back in the pool.
    expect(
      await eventually(
        () => docker.findByName(sandboxName(firstJob.calculationId)),
        (left) => !left.length,
      ),
    ).toEqual([]);
    expect(pool.owns(first.inspect.Id)).toBe(false);
  });

  it('creates a fresh sandbox for a calculation of another class, then keeps that class warm too', async () => {
    await full();
    const hits = pool.stats.hits;
    const other = (code: string) => job(code, { diskMb: 64, maxOutputBytes: 4096 });
    const first = await run(other(`def run(p):\n    return 1\n`));
    expectCompleted(first.outcome);
    expect(first.inspect.Config.Labels[LABEL_WARM]).toBeUndefined();
    expect(pool.stats.hits).toBe(hits);

    await full();
    const second = await run(
      other(`import os\ndef run(p):\n    return os.statvfs('/work').f_blocks * os.statvfs('/work').f_frsize\n`),
    );
    expectCompleted(second.outcome);
    expect(second.inspect.Config.Labels[LABEL_WARM]).toBe('true');
    expect(pool.stats.hits).toBe(hits + 1);
    // Its own disk limit, fixed when it was created: /work gets the 64 MB budget less /tmp's and /dev/shm's.
    expect(second.inspect.HostConfig.Tmpfs).toEqual(first.inspect.HostConfig.Tmpfs);
    expect(second.outcome.result as number).toBeLessThanOrEqual(64 * 1024 * 1024);
  });
});
