import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig, SandboxConfig } from '../config/app-config';
import {
  memoryCeilingBytes,
  sandboxName,
  sandboxRequestOf,
  WarmSandboxRequest,
  warmClassOf,
  warmSandboxOptions,
} from './container-spec';
import { DockerAdapter, UpdatableLimits } from './docker.adapter';

/** What a calculation asks of a warm sandbox: its class, and the limits to apply to it. */
export interface WarmTake {
  calculationId: string;
  request: WarmSandboxRequest;
}

// After a failed creation (engine trouble, image gone), the next attempt waits this long, doubling.
const REFILL_BACKOFF_MS = [1_000, 5_000, 30_000];
// A class nobody asked for in this long is no longer kept warm (the default class always is).
const DEMAND_TTL_MS = 10 * 60_000;

interface WarmSandbox {
  id: string;
  warmClass: string;
  /** The limits it was created with. */
  limits: UpdatableLimits;
}

/** The limits `docker update` can change, as a request asks for them. */
function updatableLimitsOf(request: WarmSandboxRequest): UpdatableLimits {
  // The cgroup's ceiling, as at creation (memory plus disk); the memory limit itself comes with the job.
  return {
    memoryBytes: memoryCeilingBytes(request),
    memorySwapBytes: memoryCeilingBytes(request),
    nanoCpus: Math.round(request.cpus * 1e9),
    pidsLimit: request.pidsLimit,
  };
}

const sameLimits = (a: UpdatableLimits, b: UpdatableLimits): boolean => JSON.stringify(a) === JSON.stringify(b);

interface Demand {
  /** What its sandboxes are created with. */
  request: WarmSandboxRequest;
  lastAskedAt: number;
}

/**
 * Single-use sandboxes started ahead of time, so that a calculation skips the engine's create and
 * start (~200 ms here). Each is created with exactly a calculation's options (same isolation, disk
 * and file-size limits) for a class of calculations (image, network, disk and output limits: what
 * cannot change once a container exists); a calculation of that class takes one, gets its memory,
 * swap, CPU and process limits applied with `docker update` (read back from the engine: a sandbox
 * whose limits did not take is destroyed and the calculation gets a fresh one), is renamed after the
 * calculation, and is destroyed after it like any other: never reused.
 *
 * Which classes: the default one (the default image and limits, no network) from the start, then
 * those calculations ask for, most recently asked first, SANDBOX_WARM_POOL_SIZE sandboxes in all
 * (one class gets them all; several share them). Refilled in the background, drained on shutdown.
 * A worker that dies leaves its warm sandboxes to the reaper, like every other sandbox of a dead worker.
 */
@Injectable()
export class WarmSandboxPool implements OnApplicationShutdown {
  private readonly logger = new Logger(WarmSandboxPool.name);
  private readonly settings: SandboxConfig;
  private readonly installation: string;
  /** Started and waiting, oldest first. */
  private readonly idle: WarmSandbox[] = [];
  /** Taken by a calculation and not yet removed. */
  private readonly taken = new Set<string>();
  /** Created and being started: not waiting yet, but ours (the reaper must not take it for an orphan). */
  private readonly starting = new Set<string>();
  private readonly demand = new Map<string, Demand>();
  private workerId: string | null = null;
  /** The default image's waiting runner (see SandboxRequest.runner), once the image was looked at. */
  private defaultRunner: string[] | null = null;
  private filling: Promise<void> | null = null;
  private failures = 0;
  private closed = false;
  private readonly closing = new AbortController();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly docker: DockerAdapter,
    config: AppConfig,
  ) {
    this.settings = config.sandbox;
    this.installation = config.queuePrefix;
  }

  get size(): number {
    return this.settings.warmPoolSize;
  }

  /** Sandboxes waiting and taken; calculations that found one, and that found none of their class. */
  get stats(): { idle: number; taken: number; hits: number; misses: number } {
    return { idle: this.idle.length, taken: this.taken.size, hits: this.hits, misses: this.misses };
  }

  /** Begins filling the pool for this worker (its sandboxes carry the worker's id for the reaper). */
  start(workerId: string): void {
    if (this.size === 0 || this.closed) return;
    this.workerId = workerId;
    // The default class's sandboxes start the image's runner ahead if it takes its job on stdin.
    void this.docker
      .imageRunner(this.settings.defaultImage)
      .then(
        (runner) => {
          this.defaultRunner = runner.jobOnStdin ? runner.command : null;
        },
        // No image yet: the pool's first creation fails too, and retries with its back-off.
        (error: Error) => this.logger.warn({ err: error }, 'the default sandbox image could not be inspected'),
      )
      .then(() => {
        const request = this.defaultRequest();
        this.demand.set(warmClassOf(request), { request, lastAskedAt: 0 });
        this.refill();
      });
  }

  /** The class kept warm from the start: the default image with the default limits, no network. */
  defaultRequest(): WarmSandboxRequest {
    return sandboxRequestOf(
      { image: this.settings.defaultImage, network: false, runner: this.defaultRunner, ...this.settings.defaults },
      {
        workerId: this.workerId ?? '',
        installation: this.installation,
        pidsLimit: this.settings.pidsLimit,
        tmpfsMb: this.settings.tmpfsMb,
      },
    );
  }

  /**
   * A started sandbox of the request's class with the request's limits applied and the
   * calculation's name, or null (none ready, another class, or the limits did not take).
   */
  async take({ calculationId, request }: WarmTake): Promise<string | null> {
    if (this.size === 0 || this.closed || !this.workerId) return null;
    const warmClass = warmClassOf(request);
    this.demand.set(warmClass, { request: { ...request, workerId: this.workerId }, lastAskedAt: Date.now() });
    const index = this.idle.findIndex((sandbox) => sandbox.warmClass === warmClass);
    const sandbox = index >= 0 ? this.idle.splice(index, 1)[0] : undefined;
    this.refill();
    if (!sandbox) {
      this.misses += 1;
      return null;
    }
    const { id } = sandbox;
    this.taken.add(id);
    try {
      const wanted = updatableLimitsOf(request);
      await Promise.all([
        // A sandbox created with these very limits (the usual case: classes follow demand) needs no update.
        sameLimits(sandbox.limits, wanted) ? Promise.resolve() : this.applyLimits(id, wanted),
        this.docker.rename(id, sandboxName(calculationId)),
      ]);
      this.hits += 1;
      return id;
    } catch (error) {
      this.logger.warn({ err: error, containerId: id }, 'a warm sandbox could not be fitted: using a fresh one');
      await this.discard(id);
      return null;
    }
  }

  private async applyLimits(id: string, wanted: UpdatableLimits): Promise<void> {
    const applied = await this.docker.updateLimits(id, wanted);
    if (!sameLimits(applied, wanted)) {
      throw new Error(`the engine kept ${JSON.stringify(applied)} instead of ${JSON.stringify(wanted)}`);
    }
  }

  /** Whether a sandbox is this pool's (waiting, or taken and not yet removed): the reaper keeps those. */
  owns(containerId: string): boolean {
    return (
      this.taken.has(containerId) ||
      this.starting.has(containerId) ||
      this.idle.some((sandbox) => sandbox.id === containerId)
    );
  }

  /** A taken sandbox has been removed. */
  release(containerId: string): void {
    this.taken.delete(containerId);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    await this.filling?.catch(() => undefined);
    await Promise.all(this.idle.splice(0).map((sandbox) => this.discard(sandbox.id)));
  }

  private async discard(id: string): Promise<void> {
    this.taken.delete(id);
    await this.docker.remove(id).catch((error: Error) => this.logger.warn({ err: error, id }, 'sandbox not removed'));
  }

  private refill(): void {
    if (this.filling || this.closed || !this.workerId) return;
    this.filling = this.fill().finally(() => {
      this.filling = null;
    });
  }

  /**
   * How many sandboxes of each class to keep: the most recently asked-for classes first, one each,
   * round after round, SANDBOX_WARM_POOL_SIZE in all.
   */
  private targets(): Map<string, number> {
    const now = Date.now();
    const defaultClass = warmClassOf(this.defaultRequest());
    for (const [warmClass, { lastAskedAt }] of this.demand) {
      if (warmClass !== defaultClass && now - lastAskedAt > DEMAND_TTL_MS) this.demand.delete(warmClass);
    }
    const classes = [...this.demand.entries()]
      .sort(([, a], [, b]) => b.lastAskedAt - a.lastAskedAt)
      .slice(0, this.size)
      .map(([warmClass]) => warmClass);
    const targets = new Map(classes.map((warmClass) => [warmClass, 0]));
    for (let slot = 0; slot < this.size; slot += 1) {
      const warmClass = classes[slot % classes.length];
      targets.set(warmClass, (targets.get(warmClass) ?? 0) + 1);
    }
    return targets;
  }

  /** The class most short of its target, after removing the waiting sandboxes no class wants any more. */
  private async nextClass(): Promise<string | null> {
    const targets = this.targets();
    const counts = new Map<string, number>();
    for (const sandbox of [...this.idle]) {
      const count = (counts.get(sandbox.warmClass) ?? 0) + 1;
      counts.set(sandbox.warmClass, count);
      if (count > (targets.get(sandbox.warmClass) ?? 0)) {
        this.idle.splice(this.idle.indexOf(sandbox), 1);
        await this.discard(sandbox.id);
      }
    }
    let best: string | null = null;
    let shortfall = 0;
    for (const [warmClass, target] of targets) {
      const missing = target - Math.min(counts.get(warmClass) ?? 0, target);
      if (missing > shortfall) [best, shortfall] = [warmClass, missing];
    }
    return best;
  }

  /** One at a time, in the background, until every class has its share (or the pool is closed). */
  private async fill(): Promise<void> {
    for (;;) {
      const warmClass = this.closed ? null : await this.nextClass();
      const demand = warmClass ? this.demand.get(warmClass) : undefined;
      if (!warmClass || !demand) return;
      try {
        const id = await this.docker.create(warmSandboxOptions(demand.request, randomUUID()));
        this.starting.add(id);
        try {
          await this.docker.start(id);
        } catch (error) {
          await this.discard(id);
          throw error;
        } finally {
          this.starting.delete(id);
        }
        if (this.closed) {
          await this.discard(id);
          return;
        }
        this.idle.push({ id, warmClass, limits: updatableLimitsOf(demand.request) });
        this.failures = 0;
      } catch (error) {
        // A class that cannot be made (its image is gone) is forgotten until asked for again.
        if (warmClass !== warmClassOf(this.defaultRequest())) this.demand.delete(warmClass);
        const wait = REFILL_BACKOFF_MS[Math.min(this.failures, REFILL_BACKOFF_MS.length - 1)];
        this.failures += 1;
        this.logger.warn({ err: error, retryInMs: wait }, 'could not start a warm sandbox');
        await sleep(wait, undefined, { signal: this.closing.signal }).catch(() => undefined);
      }
    }
  }
}
