import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AuditController } from './audit/audit.controller';
import { AuditModule } from './audit/audit.module';
import { ApiKeysController } from './auth/api-keys.controller';
import { AuthModule } from './auth/auth.module';
import { BatchesController } from './batches/batches.controller';
import { BatchesModule } from './batches/batches.module';
import { LoggingModule } from './logging/logging.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { PurgeIdempotencyKeysJob } from './idempotency/jobs/purge-idempotency-keys.job';
import { MetricsModule } from './metrics/metrics.module';
import { QueueName } from './queue/queue-names';
import { QueueModule } from './queue/queue.module';
import { SyncUsersJob } from './users/jobs/sync-users.job';
import { MaintenanceProcessor, MaintenanceTasks } from './queue/maintenance.processor';
import { FilesController } from './files/files.controller';
import { UserStatsController } from './calculations/user-stats.controller';
import { FilesModule } from './files/files.module';
import { ToolsController } from './tools/tools.controller';
import { AdminCalculationsController, CalculationsController } from './calculations/calculations.controller';
import { CalculationsModule } from './calculations/calculations.module';
import { ReapSandboxesJob } from './calculations/jobs/reap-sandboxes.job';
import { ReconcileCalculationsJob } from './calculations/jobs/reconcile-calculations.job';
import { RunCalculationJob } from './calculations/jobs/run-calculation.job';
import { RunningCalculations } from './calculations/jobs/running-calculations';
import { WorkerDependencies } from './calculations/jobs/worker-dependencies';
import { WorkerIdentity } from './calculations/worker-identity';
import { SandboxModule } from './sandbox/sandbox.module';
import { StorageModule } from './storage/storage.module';
import { ToolsModule } from './tools/tools.module';
import { ExpireUploadsJob } from './files/jobs/expire-uploads.job';
import { AdminUsersController, UsersController } from './users/users.controller';
import { UsersModule } from './users/users.module';
import { AdminUsageController, UsageController } from './usage/usage.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsModule } from './notifications/notifications.module';
import { UsageModule } from './usage/usage.module';
import { DeliverWebhookJob } from './webhooks/jobs/deliver-webhook.job';
import { SweepWebhookDeliveriesJob } from './webhooks/jobs/sweep-webhook-deliveries.job';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WebModule } from './web/web.module';

/** What both processes share: configuration, logs, metrics, the database, the queues, the domain. */
function coreImports(config: AppConfig) {
  return [
    ConfigModule.forRoot(config),
    LoggingModule,
    MetricsModule,
    DatabaseModule,
    QueueModule,
    BullModule.registerQueue({ name: QueueName.Maintenance }),
    AuditModule,
    UsersModule,
    FilesModule,
    ToolsModule,
    CalculationsModule,
    NotificationsModule,
    UsageModule,
    WebhooksModule,
    IdempotencyModule,
  ];
}

/**
 * The HTTP API: controllers live here and nowhere else, behind the global auth guards. It enqueues
 * work but never processes jobs.
 */
@Module({})
export class ApiModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [...coreImports(config), BatchesModule, AuthModule, HealthModule.register({ docker: false }), WebModule],
      controllers: [
        UsersController,
        UserStatsController,
        AdminUsersController,
        ApiKeysController,
        AuditController,
        FilesController,
        ToolsController,
        CalculationsController,
        AdminCalculationsController,
        BatchesController,
        UsageController,
        AdminUsageController,
        WebhooksController,
        NotificationsController,
      ],
    };
  }
}

/** The worker: job processors live here and nowhere else; it serves only health and metrics. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...coreImports(config), SandboxModule, StorageModule, HealthModule.register({ docker: true })],
      providers: [
        MaintenanceTasks,
        MaintenanceProcessor,
        SyncUsersJob,
        ExpireUploadsJob,
        WorkerIdentity,
        WorkerDependencies,
        RunCalculationJob,
        { provide: RunningCalculations, useExisting: RunCalculationJob },
        ReapSandboxesJob,
        ReconcileCalculationsJob,
        PurgeIdempotencyKeysJob,
        DeliverWebhookJob,
        SweepWebhookDeliveriesJob,
      ],
    };
  }
}
