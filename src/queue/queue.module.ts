import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { QueueName } from './queue-names';
import { logRedisErrors, RedisAdapter } from './redis.adapter';

/**
 * Gives every queue an `error` listener: BullMQ re-emits its connection's errors on the queue,
 * and with no listener each one is printed with a stack trace while Redis is away.
 */
@Injectable()
export class QueueErrorLogging implements OnModuleInit {
  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of Object.values(QueueName)) {
      let queue: Queue | undefined;
      try {
        queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      } catch {
        continue; // not registered in this process
      }
      logRedisErrors(queue, `Queue:${name}`);
    }
  }
}

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      // Shared by queues and workers (@nestjs/bullmq hands a queue's connection to its worker), so it
      // keeps what blocking reads need; producers fail fast in addFailFast instead.
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: config.queuePrefix,
      }),
    }),
  ],
  providers: [RedisAdapter, QueueErrorLogging],
  exports: [RedisAdapter],
})
export class QueueModule {}
