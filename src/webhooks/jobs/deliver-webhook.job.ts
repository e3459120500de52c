import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job, MinimalJob } from 'bullmq';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { QueueName } from '../../queue/queue-names';
import { retryDelayMs, WEBHOOK_BACKOFF } from '../retry-schedule';
import { DeliverWebhookJobData, WebhooksService } from '../webhooks.service';

/** The delay before a retry: the delivery's schedule, counting the attempts made before this job. */
function webhookBackoff(attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob): number {
  const base = job?.opts.backoff && typeof job.opts.backoff === 'object' ? (job.opts.backoff.delay ?? 0) : 0;
  if (type !== WEBHOOK_BACKOFF || !job) return base;
  const before = (job.data as DeliverWebhookJobData).attemptsBefore ?? 0;
  return retryDelayMs(base, before + attemptsMade);
}

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
