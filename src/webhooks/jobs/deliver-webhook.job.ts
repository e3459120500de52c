import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { QueueName } from '../../queue/queue-names';
import { webhookBackoff } from '../retry-schedule';
import { DeliverWebhookJobData, WebhooksService } from '../webhooks.service';

/** Sends one webhook delivery; BullMQ retries a failed attempt after the delivery's backoff. */
@Processor(QueueName.Webhooks, { concurrency: 4, settings: { backoffStrategy: webhookBackoff } })
export class DeliverWebhookJob extends WorkerHost implements OnModuleInit {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly handlers: MaintenanceTasks,
  ) {
    super();
  }

  onModuleInit(): void {
    this.handlers.registerProcessor(JobName.DeliverWebhook, QueueName.Webhooks);
  }

  async process(job: Job<DeliverWebhookJobData>): Promise<unknown> {
    return { outcome: await this.webhooks.deliver(job.data.deliveryId) };
  }
}
