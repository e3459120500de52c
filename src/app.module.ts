import { DynamicModule, Module } from '@nestjs/common';
import { LoggingModule } from './common/logging.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueueModule } from './queue/queue.module';

/** What both processes share: configuration, logs, metrics, the database and the queue connection. */
function coreImports(config: AppConfig) {
  return [ConfigModule.forRoot(config), LoggingModule, MetricsModule, DatabaseModule, QueueModule];
}

/** The HTTP API: enqueues work, never processes jobs. */
@Module({})
export class ApiModule {
  static register(config: AppConfig): DynamicModule {
    return { module: ApiModule, imports: [...coreImports(config), HealthModule.register({ docker: false })] };
  }
}

/** The worker: consumes queues and drives Docker; serves only health and metrics over HTTP. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [...coreImports(config), HealthModule.register({ docker: true })] };
  }
}
