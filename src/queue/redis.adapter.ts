import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';

/** A small Redis client for health checks and counters; BullMQ keeps connections of its own. */
@Injectable()
export class RedisAdapter implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(config: AppConfig) {
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      connectionName: 'retort',
    });
  }

  async ensureConnected(): Promise<void> {
    if (this.client.status === 'wait') await this.client.connect();
  }

  async ping(): Promise<void> {
    await this.ensureConnected();
    const answer = await this.client.ping();
    if (answer !== 'PONG') throw new Error('Redis answered PING with something other than PONG');
  }

  // Last, after every module's own shutdown work (which may still publish or delete keys).
  async onApplicationShutdown(): Promise<void> {
    if (this.client.status !== 'wait' && this.client.status !== 'end') await this.client.quit();
  }
}
