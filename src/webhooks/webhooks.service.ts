import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Queue, UnrecoverableError } from 'bullmq';
import { DataSource, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.exception';
import { AppConfig, WebhooksConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { JobName } from '../queue/job-names';
import { QueueName } from '../queue/queue-names';
import type { Principal } from '../users/principal';
import { DestinationPolicy, destinationPolicy, refusedDestination, resolveDestination } from './destination';
import { duration, WEBHOOK_BACKOFF } from './retry-schedule';
import { newWebhookSecret, signedHeaders } from './signature';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEvent } from './webhook-events';
import { WebhookHttpAdapter } from './webhook-http.adapter';
import { Webhook, WebhookCallbackSecret } from './webhook.entity';
import { WebhookProblems } from './webhooks.problems';

export interface DeliverWebhookJobData {
  deliveryId: string;
  /** The delivery's attempts before this job: retries continue its schedule (see retryDelayMs). */
  attemptsBefore: number;
}

export type DeliveryOutcome = 'delivered' | 'gone' | 'disabled';

const DELIVERY_TIMEOUT_MS = 10_000;
const EXCERPT_CHARS = 500;
// The sweep leaves young rows alone: their job is normally being added right now.
const SWEEP_MIN_AGE_MS = 5_000;
const SWEEP_PAGE = 500;
// Rows per INSERT (PostgreSQL takes at most 65,535 bind parameters per statement).
const EMIT_CHUNK = 1000;
const SWEEP_PAGES = 20;

export const deliveryJobId = (deliveryId: string): string => `webhook-${deliveryId}`;

/**
 * Users' webhooks and calculations' one-off callbacks: registration, the events they receive, and
 * deliveries to the Standard Webhooks scheme, each a row before it is a job, retried for more than a
 * day, and re-enqueued by the worker's sweep if its job is lost.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly settings: WebhooksConfig;
  private readonly policy: DestinationPolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Webhook) private readonly webhooks: Repository<Webhook>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @InjectRepository(WebhookCallbackSecret) private readonly callbackSecrets: Repository<WebhookCallbackSecret>,
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue<DeliverWebhookJobData>,
    private readonly http: WebhookHttpAdapter,
    private readonly notifications: NotificationsService,
    config: AppConfig,
  ) {
    this.settings = config.webhooks;
    try {
      this.policy = destinationPolicy(this.settings.allowedHosts);
    } catch (error) {
      throw new Error(`WEBHOOKS_ALLOWED_HOSTS is invalid: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Why `url` may not receive webhooks or callbacks (scheme, credentials, addresses), or null. */
  refusedUrl(url: string): Promise<string | null> {
    return refusedDestination(url, this.policy);
  }

  /** Registers an endpoint; the secret is returned here and never again. */
  async create(principal: Principal, url: string, events: WebhookEvent[]): Promise<Webhook> {
    const refused = await this.refusedUrl(url);
    if (refused) throw new ValidationProblem([{ path: 'url', message: refused }]);
    return this.webhooks.save(
      this.webhooks.create({
        userId: principal.user.id,
        url,
        events: [...new Set(events)],
        secret: newWebhookSecret(),
      }),
    );
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

  /** Turns a webhook on (clearing its failure streak) or off. */
  async setEnabled(principal: Principal, id: string, enabled: boolean): Promise<Webhook> {
    const webhook = await this.webhooks.findOneBy({ id, userId: principal.user.id });
    if (!webhook) throw new NotFoundProblem('Webhook', id);
    if (enabled) {
      await this.webhooks.update(id, { disabledAt: null, failingSince: null });
    } else if (!webhook.disabledAt) {
      await this.webhooks.update(id, { disabledAt: new Date() });
    }
    return (await this.webhooks.findOneBy({ id }))!;
  }

  async deliveriesOf(principal: Principal, id: string, page: PageQueryDto): Promise<Page<WebhookDelivery>> {
    if (!(await this.webhooks.existsBy({ id, userId: principal.user.id }))) throw new NotFoundProblem('Webhook', id);
    const builder = this.deliveries.createQueryBuilder('delivery').where('delivery.webhook_id = :id', { id });
    return paginate(builder, page);
  }

  /** The user's calculation callbacks (deliveries without a webhook), newest first. */
  callbackDeliveriesOf(principal: Principal, page: PageQueryDto): Promise<Page<WebhookDelivery>> {
    const builder = this.deliveries
      .createQueryBuilder('delivery')
      .where('delivery.user_id = :userId AND delivery.webhook_id IS NULL', { userId: principal.user.id });
    return paginate(builder, page);
  }

  /** Sends a finished or failed delivery again, as a fresh series of attempts (same `webhook-id`). */
  async redeliver(principal: Principal, id: string, deliveryId: string): Promise<WebhookDelivery> {
    const webhook = await this.webhooks.findOneBy({ id, userId: principal.user.id });
    const delivery = webhook ? await this.deliveries.findOneBy({ id: deliveryId, webhookId: id }) : null;
    if (!webhook || !delivery) throw new NotFoundProblem('Webhook delivery', deliveryId);
    if (webhook.disabledAt) {
      throw ProblemException.of(
        WebhookProblems.webhookDisabled,
        `Webhook ${id} is disabled; enable it (PATCH {"enabled": true}) before redelivering.`,
      );
    }
    const reset = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', attempts: 0, error: null, deliveredAt: null })
      .where('id = :deliveryId AND status <> :pending', { deliveryId, pending: 'pending' })
      .execute();
    if (!reset.affected) {
      throw ProblemException.of(
        WebhookProblems.webhookDeliveryPending,
        `Delivery ${deliveryId} is still being attempted (attempt ${delivery.attempts} so far); wait for it to end.`,
      );
    }
    // The previous series' job (completed or failed) holds the job id: make room for the new one.
    await this.queue.remove(deliveryJobId(deliveryId)).catch(() => 0);
    // The row is pending: if Redis refuses now, the worker's sweep queues it later.
    await this.enqueue(deliveryId, 0).catch((error: Error) =>
      this.logger.warn({ err: error, deliveryId }, 'redelivery not queued yet; the sweep will'),
    );
    return (await this.deliveries.findOneBy({ id: deliveryId }))!;
  }

  /** The secret that signs the user's calculation callbacks, made on first use. */
  async callbackSecret(userId: string): Promise<string> {
    await this.callbackSecrets
      .createQueryBuilder()
      .insert()
      .values({ userId, secret: newWebhookSecret() })
      .orIgnore()
      .execute();
    return (await this.callbackSecrets.findOneByOrFail({ userId })).secret;
  }

  /**
   * Sends `event` to each of the user's enabled webhooks that asked for it: one delivery row each,
   * then one queued job each (job id from the delivery, so enqueueing twice is harmless). With a
   * `dedupeKey`, a webhook that already got the event with that key gets nothing. Never throws: an
   * event that cannot be queued is logged (the sweep queues its rows later), and must not undo what
   * caused it.
   */
  async emit(
    userId: string,
    event: WebhookEvent,
    data: Record<string, unknown>,
    options: { dedupeKey?: string; callbackUrl?: string | null } = {},
  ): Promise<void> {
    await this.emitMany(userId, event, [{ data, ...options }]);
  }

  /** `emit` for many events of one kind and user at once (a batch's cancelled calculations): one lookup. */
  async emitMany(
    userId: string,
    event: WebhookEvent,
    events: readonly { data: Record<string, unknown>; dedupeKey?: string; callbackUrl?: string | null }[],
  ): Promise<void> {
    try {
      const timestamp = new Date().toISOString();
      const targets = await this.webhooks
        .createQueryBuilder('webhook')
        .where('webhook.user_id = :userId AND :event = ANY(webhook.events) AND webhook.disabled_at IS NULL', {
          userId,
          event,
        })
        .getMany();
      const rows: QueryDeepPartialEntity<WebhookDelivery>[] = events.flatMap(({ data, dedupeKey, callbackUrl }) => {
        const payload = { type: event, timestamp, data };
        const base = { userId, event, payload };
        return [
          ...targets.map((webhook) => ({ ...base, webhookId: webhook.id, url: null, dedupeKey: dedupeKey ?? null })),
          ...(callbackUrl ? [{ ...base, webhookId: null, url: callbackUrl, dedupeKey: null }] : []),
        ];
      });
      for (let start = 0; start < rows.length; start += EMIT_CHUNK) {
        const inserted = await this.deliveries
          .createQueryBuilder()
          .insert()
          .values(rows.slice(start, start + EMIT_CHUNK))
          .orIgnore()
          .returning(['id'])
          .execute();
        for (const row of inserted.raw as { id: string }[]) await this.enqueue(row.id, 0);
      }
    } catch (error) {
      this.logger.error({ err: error, userId, event }, 'could not queue a webhook event');
    }
  }

  private async enqueue(deliveryId: string, attemptsBefore: number, delay = 0): Promise<void> {
    await this.queue.add(
      JobName.DeliverWebhook,
      { deliveryId, attemptsBefore },
      {
        jobId: deliveryJobId(deliveryId),
        delay,
        attempts: Math.max(1, this.settings.maxAttempts - attemptsBefore),
        backoff: { type: WEBHOOK_BACKOFF, delay: this.settings.retryBaseMs },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  /**
   * The worker's sweep: pending deliveries whose job is gone (Redis lost it, or the process died
   * between the row and the job), or whose job ended while the row says pending, are queued again.
   * Delivering checks the row first, so a delivery queued twice is sent once.
   */
  async sweep(): Promise<{ requeued: number }> {
    let requeued = 0;
    let after: { createdAt: Date; id: string } | null = null;
    for (let page = 0; page < SWEEP_PAGES; page += 1) {
      const query = this.deliveries
        .createQueryBuilder('delivery')
        .select(['delivery.id', 'delivery.attempts', 'delivery.createdAt'])
        .where(`delivery.status = 'pending' AND delivery.created_at < now() - make_interval(secs => :age)`, {
          age: SWEEP_MIN_AGE_MS / 1000,
        });
      if (after) {
        query.andWhere('(delivery.created_at, delivery.id) > (:createdAt, :id)', after);
      }
      const pending = await query
        .orderBy('delivery.created_at', 'ASC')
        .addOrderBy('delivery.id', 'ASC')
        .limit(SWEEP_PAGE)
        .getMany();
      for (const delivery of pending) {
        const job = await this.queue.getJob(deliveryJobId(delivery.id));
        const state = job ? await job.getState() : 'unknown';
        if (state !== 'unknown' && state !== 'completed' && state !== 'failed') continue;
        if (job) await job.remove().catch(() => undefined);
        await this.enqueue(delivery.id, delivery.attempts);
        requeued += 1;
      }
      if (pending.length < SWEEP_PAGE) break;
      const last = pending[pending.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
    if (requeued > 0) this.logger.warn(`${requeued} pending webhook deliveries had lost their job; queued again`);
    return { requeued };
  }

  /**
   * One attempt at a delivery: skipped unless still pending; the destination resolved and checked
   * again (DNS may have changed) and the connection made to the checked addresses; the body signed;
   * redirects not followed. Throws to be retried; UnrecoverableError when retrying cannot help.
   */
  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const delivery = await this.deliveries.findOneBy({ id: deliveryId });
    if (!delivery || delivery.status !== 'pending') return 'gone';
    let webhook: Webhook | null = null;
    let url: string;
    let secret: string;
    if (delivery.webhookId) {
      webhook = await this.webhooks
        .createQueryBuilder('webhook')
        .addSelect('webhook.secret')
        .where('webhook.id = :id', { id: delivery.webhookId })
        .getOne();
      if (!webhook) return 'gone';
      if (webhook.disabledAt) {
        await this.record(deliveryId, { status: 'failed', error: 'not sent: the webhook is disabled' });
        return 'disabled';
      }
      ({ url, secret } = webhook);
    } else {
      url = delivery.url!;
      secret = await this.callbackSecret(delivery.userId);
    }
    const attempts = delivery.attempts + 1;
    const last = attempts >= this.settings.maxAttempts;
    const destination = await resolveDestination(url, this.policy);
    if (destination.refused !== null) {
      const error = `refused: ${destination.refused}`;
      await this.record(deliveryId, { attempts, status: 'failed', error, responseStatus: null, latencyMs: null });
      await this.noteFailure(webhook);
      throw new UnrecoverableError(`webhook destination ${error}`);
    }
    const body = JSON.stringify(delivery.payload);
    const started = Date.now();
    let status: number | null = null;
    let excerpt: string | null = null;
    let failure: string | null = null;
    try {
      const answer = await this.http.post(
        url,
        destination.addresses,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'Retort-Webhooks/2',
          ...signedHeaders(secret, delivery.id, body, new Date()),
        },
        body,
        { timeoutMs: DELIVERY_TIMEOUT_MS, excerptBytes: EXCERPT_CHARS },
      );
      status = answer.status;
      excerpt = answer.excerpt.slice(0, EXCERPT_CHARS);
      if (status >= 300 && status < 400) failure = `the endpoint answered HTTP ${status}; redirects are not followed`;
      else if (status < 200 || status >= 300) failure = `the endpoint answered HTTP ${status}`;
    } catch (error) {
      failure = `no answer: ${(error as Error).message}`.slice(0, 1000);
    }
    const latencyMs = Date.now() - started;
    const answered = { attempts, responseStatus: status, responseExcerpt: excerpt, latencyMs };
    if (!failure) {
      await this.record(deliveryId, { ...answered, status: 'delivered', error: null, deliveredAt: new Date() });
      if (webhook?.failingSince) await this.webhooks.update(webhook.id, { failingSince: null });
      return 'delivered';
    }
    await this.record(deliveryId, { ...answered, status: last ? 'failed' : 'pending', error: failure });
    if (await this.noteFailure(webhook)) {
      await this.record(deliveryId, { status: 'failed', error: `${failure}; the webhook is now disabled` });
      throw new UnrecoverableError(`${failure}; webhook ${webhook!.id} disabled`);
    }
    throw last ? new UnrecoverableError(failure) : new Error(failure);
  }

  /** Updates a delivery that is still pending (a redelivery started meanwhile is left alone). */
  private async record(deliveryId: string, changes: QueryDeepPartialEntity<WebhookDelivery>): Promise<void> {
    await this.deliveries.update({ id: deliveryId, status: 'pending' }, changes);
  }

  /**
   * Starts or continues the webhook's failure streak; disables it (once) when the streak is older
   * than WEBHOOKS_DISABLE_AFTER_HOURS and tells its owner. True when it was disabled now.
   */
  private async noteFailure(webhook: Webhook | null): Promise<boolean> {
    if (!webhook) return false;
    // In a CTE so that the driver answers with the rows (a bare UPDATE answers [rows, count]).
    const rows = await this.dataSource.query<{ disabled: boolean }[]>(
      `WITH updated AS (UPDATE webhooks SET
         failing_since = COALESCE(failing_since, now()),
         disabled_at = CASE
           WHEN disabled_at IS NULL AND COALESCE(failing_since, now()) <= now() - make_interval(secs => $2)
           THEN now() ELSE disabled_at END
       WHERE id = $1
       RETURNING disabled_at IS NOT NULL AND disabled_at = now() AS disabled)
       SELECT disabled FROM updated`,
      [webhook.id, this.settings.disableAfterMs / 1000],
    );
    const disabled = rows[0]?.disabled ?? false;
    if (disabled) {
      this.logger.warn({ webhookId: webhook.id }, 'webhook disabled: every attempt failed for too long');
      await this.notifications
        .notify(
          webhook.userId,
          'webhook.disabled',
          `Your webhook to ${webhook.url} was disabled: every delivery failed for ${duration(this.settings.disableAfterMs)}`,
          { webhookId: webhook.id, url: webhook.url },
        )
        .catch((error: Error) =>
          this.logger.error({ err: error, webhookId: webhook.id }, 'could not notify a disabled webhook'),
        );
    }
    return disabled;
  }
}
