import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig, SandboxConfig } from '../config/app-config';
import { sandboxName, WarmSandboxRequest, warmClassOf, warmSandboxOptions } from './container-spec';
import { DockerAdapter, UpdatableLimits } from './docker.adapter';
import { resultMaxBytes } from './limits';

/** What a calculation asks of a warm sandbox: its class, and the limits to apply to it. */
export interface WarmTake {
  calculationId: string;
  request: WarmSandboxRequest;
}

// After a failed creation (engine trouble, image gone), the next attempt waits this long, doubling.
const REFILL_BACKOFF_MS = [1_000, 5_000, 30_000];

/**
 * Single-use sandboxes started ahead of time, so that a calculation skips the engine's create and
 * start (~200 ms here). Each is created with exactly a calculation's options (same isolation, disk
 * and file-size limits) for the default image and limits; a calculation of that class takes one,
 * gets its memory, swap, CPU and process limits applied with `docker update` (read back from the
 * engine: a sandbox whose limits did not take is destroyed and the calculation gets a fresh one),
 * is renamed after the calculation, and is destroyed after it like any other: never reused.
 *
 * Bounded by SANDBOX_WARM_POOL_SIZE, refilled in the background, drained on shutdown. A worker that
 * dies leaves its warm sandboxes to the reaper, like every other sandbox of a dead worker.
 */
@Injectable()
export class WarmSandboxPool implements OnApplicationShutdown {
  private readonly logger = new Logger(WarmSandboxPool.name);
  private readonly settings: SandboxConfig;
  private readonly installation: string;
  /** Started and waiting, oldest first. */
  private readonly idle: string[] = [];
  /** Taken by a calculation and not yet removed. */
  private readonly taken = new Set<string>();
  private workerId: string | null = null;
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

  /** How many calculations found a warm sandbox, and how many of the pool's class did not. */
  get stats(): { idle: number; taken: number; hits: number; misses: number } {
    return { idle: this.idle.length, taken: this.taken.size, hits: this.hits, misses: this.misses };
  }

  /** Begins filling the pool for this worker (its sandboxes carry the worker's id for the reaper). */
  start(workerId: string): void {
    if (this.size === 0 || this.closed) return;
    this.workerId = workerId;
    this.refill();
  }

  /** The pool's one class: the default image with the default disk and output limits, no network. */
  defaultRequest(): WarmSandboxRequest {
    const { defaults } = this.settings;
    return {
      workerId: this.workerId ?? '',
      installation: this.installation,
      image: this.settings.defaultImage,
      memoryMb: defaults.memoryMb,
      cpus: defaults.cpus,
      pidsLimit: this.settings.pidsLimit,
      tmpfsMb: this.settings.tmpfsMb,
      diskMb: defaults.diskMb,
      maxOutputBytes: defaults.maxOutputBytes,
      resultMaxBytes: resultMaxBytes(defaults),
      network: false,
    };
  }

  /**
   * A started sandbox of the request's class with the request's limits applied and the
   * calculation's name, or null (none ready, another class, or the limits did not take).
   */
  async take({ calculationId, request }: WarmTake): Promise<string | null> {
    if (this.size === 0 || this.closed || !this.workerId) return null;
    if (warmClassOf(request) !== warmClassOf(this.defaultRequest())) return null;
    const id = this.idle.shift();
    this.refill();
    if (!id) {
      this.misses += 1;
      return null;
    }
    this.taken.add(id);
    try {
      const wanted: UpdatableLimits = {
        memoryBytes: request.memoryMb * 1024 * 1024,
        memorySwapBytes: request.memoryMb * 1024 * 1024,
        nanoCpus: Math.round(request.cpus * 1e9),
        pidsLimit: request.pidsLimit,
      };
      const applied = await this.docker.updateLimits(id, wanted);
      if (JSON.stringify(applied) !== JSON.stringify(wanted)) {
        throw new Error(`the engine kept ${JSON.stringify(applied)} instead of ${JSON.stringify(wanted)}`);
      }
      await this.docker.rename(id, sandboxName(calculationId));
      this.hits += 1;
      return id;
    } catch (error) {
      this.logger.warn({ err: error, containerId: id }, 'a warm sandbox could not be fitted: using a fresh one');
      await this.discard(id);
      return null;
    }
  }

  /** Whether a sandbox is this pool's (waiting, or taken and not yet removed): the reaper keeps those. */
  owns(containerId: string): boolean {
    return this.taken.has(containerId) || this.idle.includes(containerId);
  }

  /** A taken sandbox has been removed. */
  release(containerId: string): void {
    this.taken.delete(containerId);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    await this.filling?.catch(() => undefined);
    await Promise.all(this.idle.splice(0).map((id) => this.discard(id)));
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

  /** One at a time, in the background, until the pool is full (or closed). */
  private async fill(): Promise<void> {
    while (!this.closed && this.idle.length < this.size) {
      try {
        const warmId = randomUUID();
        const id = await this.docker.create(warmSandboxOptions(this.defaultRequest(), warmId));
        try {
          await this.docker.start(id);
        } catch (error) {
          await this.discard(id);
          throw error;
        }
        if (this.closed) {
          await this.discard(id);
          return;
        }
        this.idle.push(id);
        this.failures = 0;
      } catch (error) {
        const wait = REFILL_BACKOFF_MS[Math.min(this.failures, REFILL_BACKOFF_MS.length - 1)];
        this.failures += 1;
        this.logger.warn({ err: error, retryInMs: wait }, 'could not start a warm sandbox');
        await sleep(wait, undefined, { signal: this.closing.signal }).catch(() => undefined);
      }
    }
  }
}
