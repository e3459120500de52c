import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookEvent } from './webhook-events';

/** An endpoint a user registered for some events. */
@Entity({ name: 'webhooks' })
export class Webhook {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ type: 'varchar', length: 40, array: true })
  events!: WebhookEvent[];

  /** Signs deliveries; shown once, when the webhook is created. */
  @Column({ type: 'varchar', length: 100, select: false })
  secret!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  /** Since when every attempt failed (null after a success): too long, and the webhook is disabled. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  /** Set when it failed for too long (or its owner turned it off): nothing is sent until re-enabled. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}

/** The secret that signs a user's one-off calculation callbacks; made on first use. */
@Entity({ name: 'webhook_callback_secrets' })
export class WebhookCallbackSecret {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
