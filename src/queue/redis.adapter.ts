import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis, RedisOptions } from 'ioredis';
import { registerDependencyEndpoint } from '../common/dependency-errors';
import { AppConfig } from '../config/app-config';

// A command gets this long to be answered; a silent server otherwise holds a request forever.
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
const REDIS_CONNECT_TIMEOUT_MS = 3_000;
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Logs a client's connection errors at most once per interval. Every ioredis client needs an
 * `error` listener: without one, ioredis prints "Unhandled error event" with a stack per retry.
 */
export function logRedisErrors(
  client: { on(event: 'error', listener: (error: Error) => void): unknown },
  name: string,
): void {
  const logger = new Logger(name);
  let lastLoggedAt = 0;
  client.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLoggedAt < ERROR_LOG_INTERVAL_MS) return;
    lastLoggedAt = now;
    logger.warn(`Redis connection error: ${error.message}`);
  });
}

/** A small Redis client for health checks and counters; BullMQ keeps connections of its own. */
@Injectable()
export class RedisAdapter implements OnApplicationShutdown {
  readonly client: Redis;
  private connecting?: Promise<void>;

  constructor(config: AppConfig) {
    const url = new URL(config.redisUrl);
    registerDependencyEndpoint('redis', url.hostname, Number(url.port || 6379));
    // Fail fast while Redis is away: no offline queue (a command is refused at once while
    // disconnected) and a bounded wait for an answer. Callers turn the refusal into a 503.
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      connectionName: 'retort',
    });
    logRedisErrors(this.client, RedisAdapter.name);
  }

  /**
   * A connection for SUBSCRIBE (which can do nothing else). Unlike the main client it queues
   * commands while connecting, and resubscribes by itself after an outage.
   */
  subscriber(connectionName: string): Redis {
    const options: Partial<RedisOptions> = {
      lazyConnect: false,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
      connectionName,
    };
    const subscriber = this.client.duplicate(options);
    logRedisErrors(subscriber, `${RedisAdapter.name}:${connectionName}`);
    return subscriber;
  }

  async ensureConnected(): Promise<void> {
    if (this.client.status === 'wait') {
      this.connecting = this.client.connect().finally(() => (this.connecting = undefined));
    }
    // Callers that arrive during the first connection wait for it rather than being refused.
    if (this.connecting) await this.connecting;
  }

  async ping(): Promise<void> {
    await this.ensureConnected();
    const answer = await this.client.ping();
    if (answer !== 'PONG') throw new Error('Redis answered PING with something other than PONG');
  }

  // Last, after every module's own shutdown work (which may still publish or delete keys).
  async onApplicationShutdown(): Promise<void> {
    if (this.client.status === 'wait' || this.client.status === 'end') return;
    // QUIT needs a live connection; one that is reconnecting is simply stopped.
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
