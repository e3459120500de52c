import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
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

/**
 * What the Redis server's INFO says against what Retort needs of it: `maxmemory-policy noeviction`
 * (BullMQ requires it: an evicted key is a lost job or lock) and an append-only file (a restart
 * otherwise loses the jobs since the last snapshot). One warning per setting that is not so; none
 * for a setting INFO does not show.
 */
export function redisSettingWarnings(info: string): string[] {
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  const warnings: string[] = [];
  const policy = field('maxmemory_policy');
  if (policy !== undefined && policy !== 'noeviction') {
    warnings.push(
      `Redis maxmemory-policy is ${policy}; BullMQ requires noeviction (an evicted key is a lost job or lock): set maxmemory-policy noeviction`,
    );
  }
  const aof = field('aof_enabled');
  if (aof !== undefined && aof !== '1') {
    warnings.push(
      'Redis runs without an append-only file; a restart loses the jobs queued since its last snapshot: set appendonly yes and appendfsync everysec',
    );
  }
  return warnings;
}

/** A subscribed connection: messages of the channels it listens to go to one handler. */
export class RedisSubscription {
  constructor(readonly connection: Redis) {}

  async subscribe(channel: string): Promise<void> {
    await this.connection.subscribe(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    await this.connection.unsubscribe(channel);
  }

  async close(): Promise<void> {
    await this.connection.quit();
  }
}

/**
 * The platform's Redis operations besides the queues (BullMQ keeps connections of its own): health,
 * pub/sub, expiring keys, and server-side scripts. Every command fails fast while Redis is away.
 */
@Injectable()
export class RedisAdapter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisAdapter.name);
  // Tests inspect the connection; application code goes through the methods below.
  readonly client: Redis;
  private connecting?: Promise<void>;
  private everReady = false;
  private reconnectedAt: number | null = null;

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
    this.client.on('ready', () => {
      if (this.everReady) this.reconnectedAt = Date.now();
      this.everReady = true;
    });
  }

  /** Milliseconds since the connection came back after it was lost; null while it never was. */
  reconnectedForMs(): number | null {
    return this.reconnectedAt === null ? null : Date.now() - this.reconnectedAt;
  }

  /**
   * A connection for SUBSCRIBE (which can do nothing else), handing every message to `onMessage`.
   * Unlike the main client it queues commands while connecting, and resubscribes by itself after an
   * outage.
   */
  subscriber(connectionName: string, onMessage: (channel: string, message: string) => void): RedisSubscription {
    const options: Partial<RedisOptions> = {
      lazyConnect: false,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
      connectionName,
    };
    const subscriber = this.client.duplicate(options);
    logRedisErrors(subscriber, `${RedisAdapter.name}:${connectionName}`);
    subscriber.on('message', (channel: string, message: string) => {
      // A listener that throws would otherwise throw out of the connection's event handler: the process.
      try {
        onMessage(channel, message);
      } catch (error) {
        this.logger.error({ err: error, channel }, 'a subscriber of a Redis channel failed');
      }
    });
    return new RedisSubscription(subscriber);
  }

  /** How many subscribers received the message. */
  async publish(channel: string, message: string): Promise<number> {
    await this.ensureConnected();
    return this.client.publish(channel, message);
  }

  /** Sets a key that expires after `ttlS` seconds unless set again. */
  async setExpiring(key: string, value: string, ttlS: number): Promise<void> {
    await this.ensureConnected();
    await this.client.set(key, value, 'EX', ttlS);
  }

  async exists(key: string): Promise<boolean> {
    await this.ensureConnected();
    return (await this.client.exists(key)) === 1;
  }

  /** The string values of `keys`, null where a key does not exist. */
  async getMany(keys: string[]): Promise<(string | null)[]> {
    await this.ensureConnected();
    return keys.length > 0 ? this.client.mget(...keys) : [];
  }

  async delete(key: string): Promise<void> {
    await this.ensureConnected();
    await this.client.del(key);
  }

  /** Runs a Lua script atomically on the server; what it returns is the script's business. */
  async evalScript(script: string, keys: string[], args: string[]): Promise<unknown> {
    await this.ensureConnected();
    return this.client.eval(script, keys.length, ...keys, ...args);
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

  /** Not awaited: a Redis that is away at start-up must not hold the process back (the queues wait for it). */
  onApplicationBootstrap(): void {
    void this.checkServerSettings();
  }

  /** Logs a warning for each setting of the server that Retort needs otherwise (see redisSettingWarnings). */
  async checkServerSettings(): Promise<string[]> {
    try {
      await this.ensureConnected();
      const warnings = redisSettingWarnings(await this.client.info());
      for (const warning of warnings) this.logger.warn(warning);
      return warnings;
    } catch (error) {
      // INFO may be refused (a managed Redis that renames it) or Redis may be away: not a reason to stop.
      this.logger.debug({ err: error }, 'could not read the Redis server settings');
      return [];
    }
  }

  // Last, after every module's own shutdown work (which may still publish or delete keys).
  async onApplicationShutdown(): Promise<void> {
    if (this.client.status === 'wait' || this.client.status === 'end') return;
    // QUIT needs a live connection; one that is reconnecting is simply stopped.
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
