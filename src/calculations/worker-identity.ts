import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { RedisAdapter } from '../queue/redis.adapter';

const HEARTBEAT_MS = 5000;
const HEARTBEAT_TTL_S = 20;
const key = (workerId: string) => `retort:workers:${workerId}`;

/**
 * This worker process's identity, and a heartbeat in Redis that says it is alive. Containers and
 * running calculations carry the id; whoever finds the heartbeat gone may clean up after it.
 */
@Injectable()
export class WorkerIdentity implements OnApplicationBootstrap, OnModuleDestroy {
  readonly id = `${hostname().slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly redis: RedisAdapter) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
  }

  /**
   * Whether the worker's heartbeat is there. Right after a Redis outage every worker's heartbeat may
   * have lapsed meanwhile (a live one beats again within HEARTBEAT_MS of its reconnection): until a
   * heartbeat's lifetime has passed, none is taken for dead, so that nobody fails or reaps the
   * calculations of a worker that is still running them.
   */
  async isAlive(workerId: string): Promise<boolean> {
    const reconnectedMs = this.redis.reconnectedForMs();
    if (reconnectedMs !== null && reconnectedMs < HEARTBEAT_TTL_S * 1000) return true;
    return this.redis.exists(key(workerId));
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.delete(key(this.id)).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    await this.redis.setExpiring(key(this.id), String(Date.now()), HEARTBEAT_TTL_S);
  }
}
