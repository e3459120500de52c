import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
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
}
