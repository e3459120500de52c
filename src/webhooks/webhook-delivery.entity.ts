import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookEvent } from './webhook-events';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One event sent (or being sent) to one webhook, or to a calculation's one-off callback URL (then
 * `webhookId` is null and `url` set), with its last attempt. The row exists before its job: the
 * worker's sweep re-enqueues a pending one whose job is gone.
 */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  webhookId!: string | null;

  @Column({ type: 'uuid' })
  userId!: string;

  /** A callback's destination (webhook deliveries go to their webhook's URL). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  url!: string | null;

  /** Makes an event reach each webhook once (e.g. `batch.completed:<batch>:<n>`). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;

  @Column({ type: 'varchar', length: 40 })
  event!: WebhookEvent;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  responseExcerpt!: string | null;

  @Column({ type: 'integer', nullable: true })
  latencyMs!: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
