import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { WebhooksService } from '../webhooks.service';

/** Re-enqueues pending webhook deliveries whose job is gone (Redis lost it, a process died in between). */
@Injectable()
export class SweepWebhookDeliveriesJob implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly webhooks: WebhooksService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.tasks.register(JobName.SweepWebhookDeliveries, {
      everyMs: this.config.webhooks.sweepMs,
      run: () => this.webhooks.sweep(),
    });
  }
}
