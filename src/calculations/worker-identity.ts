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

  async isAlive(workerId: string): Promise<boolean> {
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
