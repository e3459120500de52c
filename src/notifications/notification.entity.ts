import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What the platform tells a user in-app. Kinds are open-ended; each producer names its own. */
export const NOTIFICATION_KINDS = ['usage.threshold', 'webhook.disabled'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

@Entity({ name: 'notifications' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: NotificationKind;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, unknown>;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
