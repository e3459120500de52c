import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue, UnrecoverableError } from 'bullmq';
import { Repository } from 'typeorm';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { NotFoundProblem, ValidationProblem } from '../common/problem.exception';
import { AppConfig, WebhooksConfig } from '../config/app-config';
import { JobName } from '../queue/job-names';
import { QueueName } from '../queue/queue-names';
import type { Principal } from '../users/principal';
import { refusedDestination } from './destination';
import { newWebhookSecret, SIGNATURE_HEADER, signatureHeader } from './signature';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEvent } from './webhook-events';
import { Webhook } from './webhook.entity';

export interface DeliverWebhookJobData {
  deliveryId: string;
}

const DELIVERY_TIMEOUT_MS = 10_000;
const EXCERPT_CHARS = 500;

/** Users' webhooks: registration, the events they receive, and signed deliveries with retries. */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly settings: WebhooksConfig;

  constructor(
    @InjectRepository(Webhook) private readonly webhooks: Repository<Webhook>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue<DeliverWebhookJobData>,
    config: AppConfig,
  ) {
    this.settings = config.webhooks;
  }

  /** Registers an endpoint; the secret is returned here and never again. */
  async create(principal: Principal, url: string, events: WebhookEvent[]): Promise<Webhook> {
    const refused = await refusedDestination(url, this.settings.allowLoopback);
    if (refused) throw new ValidationProblem([{ path: 'url', message: refused }]);
    const saved = await this.webhooks.save(
      this.webhooks.create({
        userId: principal.user.id,
        url,
        events: [...new Set(events)],
        secret: newWebhookSecret(),
      }),
    );
    return saved;
  }

  list(principal: Principal, page: PageQueryDto): Promise<Page<Webhook>> {
    const builder = this.webhooks
      .createQueryBuilder('webhook')
      .where('webhook.user_id = :userId', { userId: principal.user.id });
    return paginate(builder, page);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const result = await this.webhooks.delete({ id, userId: principal.user.id });
    if (!result.affected) throw new NotFoundProblem('Webhook', id);
  }

  async deliveriesOf(principal: Principal, id: string, page: PageQueryDto): Promise<Page<WebhookDelivery>> {
    if (!(await this.webhooks.existsBy({ id, userId: principal.user.id }))) throw new NotFoundProblem('Webhook', id);
    const builder = this.deliveries.createQueryBuilder('delivery').where('delivery.webhook_id = :id', { id });
    return paginate(builder, page);
  }

  /**
   * Sends `event` to each of the user's webhooks that asked for it: one delivery row each, then one
   * queued job each (job id from the delivery, so enqueueing twice is harmless). Never throws: an
   * event that cannot be queued is logged, and must not undo what caused it.
   */
  async emit(userId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
    try {
      const targets = await this.webhooks
        .createQueryBuilder('webhook')
        .where('webhook.user_id = :userId AND :event = ANY(webhook.events)', { userId, event })
        .getMany();
      for (const webhook of targets) {
        const delivery = this.deliveries.create({ webhookId: webhook.id, event, payload: {} });
        const saved = await this.deliveries.save(delivery);
        const payload = { id: saved.id, type: event, createdAt: saved.createdAt.toISOString(), data };
        await this.deliveries.update(saved.id, { payload });
        await this.queue.add(
          JobName.DeliverWebhook,
          { deliveryId: saved.id },
          {
            jobId: `webhook-${saved.id}`,
            attempts: this.settings.maxAttempts,
            backoff: { type: 'exponential', delay: this.settings.retryBaseMs },
            removeOnComplete: { age: 24 * 3600, count: 10_000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        );
      }
    } catch (error) {
      this.logger.error({ err: error, userId, event }, 'could not queue a webhook event');
    }
  }

  /**
   * One attempt at a delivery: the destination checked again (DNS may have changed), the body signed,
   * redirects not followed. Throws to be retried; gives up (UnrecoverableError) on a refused target.
   */
  async deliver(deliveryId: string, lastAttempt: boolean): Promise<'delivered' | 'gone'> {
    const delivery = await this.deliveries.findOneBy({ id: deliveryId });
    const webhook = delivery
      ? await this.webhooks
          .createQueryBuilder('webhook')
          .addSelect('webhook.secret')
          .where('webhook.id = :id', { id: delivery.webhookId })
          .getOne()
      : null;
    if (!delivery || !webhook || delivery.status !== 'pending') return 'gone';
    const attempts = delivery.attempts + 1;
    const refused = await refusedDestination(webhook.url, this.settings.allowLoopback);
    if (refused) {
      await this.deliveries.update(deliveryId, { attempts, status: 'failed', error: `refused: ${refused}` });
      throw new UnrecoverableError(`webhook destination refused: ${refused}`);
    }
    const body = JSON.stringify(delivery.payload);
    const started = Date.now();
    let status: number | null = null;
    let excerpt: string | null = null;
    let failure: string | null = null;
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Retort-Webhooks/1',
          'Retort-Event': delivery.event,
          'Retort-Delivery': delivery.id,
          [SIGNATURE_HEADER]: signatureHeader(webhook.secret, body, new Date()),
        },
        body,
      });
      status = response.status;
      excerpt = (await response.text().catch(() => '')).slice(0, EXCERPT_CHARS);
      if (status < 200 || status >= 300) failure = `the endpoint answered HTTP ${status}`;
    } catch (error) {
      failure = `no answer: ${(error as Error).message}`.slice(0, 1000);
    }
    const latencyMs = Date.now() - started;
    if (!failure) {
      await this.deliveries.update(deliveryId, {
        attempts,
        status: 'delivered',
        responseStatus: status,
        responseExcerpt: excerpt,
        latencyMs,
        error: null,
        deliveredAt: new Date(),
      });
      return 'delivered';
    }
    await this.deliveries.update(deliveryId, {
      attempts,
      status: lastAttempt ? 'failed' : 'pending',
      responseStatus: status,
      responseExcerpt: excerpt,
      latencyMs,
      error: failure,
    });
    throw new Error(failure);
  }
}
