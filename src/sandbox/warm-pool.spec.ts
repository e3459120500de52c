import { AppConfig } from '../config/app-config';
import { REQUIRED_ENVIRONMENT } from '../config/environment.fixture';
import { LABEL_WARM, WarmSandboxRequest } from './container-spec';
import { DockerAdapter, UpdatableLimits } from './docker.adapter';
import { WarmSandboxPool } from './warm-pool';

const CONFIG = AppConfig.fromEnvironment({ ...REQUIRED_ENVIRONMENT, SANDBOX_WARM_POOL_SIZE: '2' });

/** An engine that creates numbered containers and keeps what `docker update` is asked, or not. */
class FakeEngine {
  created: { id: string; labels: Record<string, string> }[] = [];
  removed: string[] = [];
  renamed: Record<string, string> = {};
  updated: string[] = [];
  /** The limits of each `docker update`, in order. */
  limits: UpdatableLimits[] = [];
  keepsLimits = true;
  /** What `docker start` waits for: resolved unless a test holds it. */
  starting: Promise<void> = Promise.resolve();

  readonly adapter = {
    create: (options: { Labels?: Record<string, string> }) => {
      const id = `c${this.created.length + 1}`;
      this.created.push({ id, labels: options.Labels ?? {} });
      return Promise.resolve(id);
    },
    start: () => this.starting,
    imageRunner: () => Promise.resolve({ command: ['python3', '/opt/retort/runner.py'], jobOnStdin: true }),
    remove: (id: string) => {
      this.removed.push(id);
      return Promise.resolve();
    },
    rename: (id: string, name: string) => {
      this.renamed[id] = name;
      return Promise.resolve();
    },
    updateLimits: (id: string, limits: UpdatableLimits) => {
      this.updated.push(id);
      this.limits.push(limits);
      return Promise.resolve(this.keepsLimits ? limits : { ...limits, memoryBytes: 1 });
    },
  } as unknown as DockerAdapter;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe(WarmSandboxPool.name, () => {
  let engine: FakeEngine;
  let sut: WarmSandboxPool;
  let request: WarmSandboxRequest;

  beforeEach(async () => {
    engine = new FakeEngine();
    sut = new WarmSandboxPool(engine.adapter, CONFIG);
    sut.start('worker-1');
    await settle();
    request = { ...sut.defaultRequest(), memoryMb: 300, cpus: 2 };
  });

  afterEach(() => sut.onApplicationShutdown());

  it('fills up to its size with labelled sandboxes of its worker, and no more', () => {
    expect(sut.stats.idle).toBe(2);
    expect(engine.created).toHaveLength(2);
    expect(engine.created[0].labels).toMatchObject({ [LABEL_WARM]: 'true', 'retort.worker': 'worker-1' });
    expect(engine.created[0].labels['retort.calculation']).toBeUndefined();
  });

  it("hands one out with the calculation's name, then refills", async () => {
    const id = await sut.take({ calculationId: 'calc-1', request });
    expect(id).toBe('c1');
    expect(engine.renamed).toEqual({ c1: 'retort-calc-calc-1' });
    expect(sut.owns('c1')).toBe(true);
    await settle();
    expect(sut.stats).toMatchObject({ idle: 2, taken: 1, hits: 1 });
    sut.release('c1');
    expect(sut.owns('c1')).toBe(false);
  });

  it.each([
    ['another image', { image: 'retort/other:1' }],
    ['another disk limit', { diskMb: 64 }],
    ['another output budget', { maxOutputBytes: 10, resultMaxBytes: 10 }],
    ['the network', { network: true }],
  ])('serves nothing at first to a calculation with %s, then keeps that class warm too', async (_, change) => {
    const other = { ...request, ...change };
    expect(await sut.take({ calculationId: 'calc-1', request: other })).toBeNull();
    expect(sut.stats.misses).toBe(1);
    await settle();
    // The pool's two places now go one to each class: the default one's second sandbox made way.
    expect(sut.stats.idle).toBe(2);
    expect(engine.removed).toHaveLength(1);
    const id = await sut.take({ calculationId: 'calc-2', request: other });
    expect(id).toBe('c3');
    expect(await sut.take({ calculationId: 'calc-3', request })).not.toBeNull();
  });

  it('updates limits only when they differ from those the sandbox was created with, and refills with the asked ones', async () => {
    await sut.take({ calculationId: 'calc-1', request });
    expect(engine.updated).toEqual(['c1']);
    // The cgroup's ceiling, as a sandbox created for it would have: memory plus disk plus the margin.
    const ceiling = (300 + request.diskMb + 64) * 1024 * 1024;
    expect(engine.limits[0]).toEqual({ memoryBytes: ceiling, memorySwapBytes: ceiling, nanoCpus: 2e9, pidsLimit: 256 });
    await settle();
    // c3 was created with the limits just asked for (the class follows demand); c2 has the defaults.
    expect(await sut.take({ calculationId: 'calc-2', request })).toBe('c2');
    expect(engine.updated).toEqual(['c1', 'c2']);
    await settle();
    expect(await sut.take({ calculationId: 'calc-3', request })).toBe('c3');
    expect(engine.updated).toEqual(['c1', 'c2']);
    expect(engine.renamed).toMatchObject({ c3: 'retort-calc-calc-3' });
  });

  it('owns a sandbox from its creation, while the engine is still starting it', async () => {
    let started: () => void = () => undefined;
    engine.starting = new Promise((resolve) => (started = resolve));
    await sut.take({ calculationId: 'calc-1', request });
    await settle();
    // c3 is created and not started yet: the reaper must not take it for an orphan.
    expect(engine.created.map((container) => container.id)).toContain('c3');
    expect(sut.owns('c3')).toBe(true);
    expect(sut.stats.idle).toBe(1);
    started();
    await settle();
    expect(sut.owns('c3')).toBe(true);
    expect(sut.stats.idle).toBe(2);
  });

  it('destroys a sandbox whose limits the engine did not take, and answers null (a fresh one is made)', async () => {
    engine.keepsLimits = false;
    expect(await sut.take({ calculationId: 'calc-1', request })).toBeNull();
    expect(engine.removed).toEqual(['c1']);
    expect(sut.owns('c1')).toBe(false);
  });

  it('drains on shutdown and hands out nothing after', async () => {
    await sut.onApplicationShutdown();
    expect(engine.removed.sort()).toEqual(['c1', 'c2']);
    expect(await sut.take({ calculationId: 'calc-1', request })).toBeNull();
  });

  it('does nothing at size 0', async () => {
    const empty = new WarmSandboxPool(engine.adapter, { sandbox: { ...CONFIG.sandbox, warmPoolSize: 0 } } as AppConfig);
    empty.start('worker-2');
    await settle();
    expect(await empty.take({ calculationId: 'calc-1', request })).toBeNull();
    expect(engine.created).toHaveLength(2);
  });
});
