import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

export type IdempotencyKeyStatus = 'in-progress' | 'complete';

/**
 * An `Idempotency-Key` a user sent: the fingerprint of the request it names, and once that request
 * succeeded, the answer to replay. In progress, `lockToken` says which request holds it and
 * `lockedUntil` how long that holder's lease runs (it renews it while working).
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'char', length: 64 })
  fingerprint!: string;

  @Column({ type: 'varchar', length: 10 })
  method!: string;

  @Column({ type: 'varchar', length: 2048 })
  path!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: IdempotencyKeyStatus;

  @Column({ type: 'uuid', nullable: true })
  lockToken!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'smallint', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  /** The JSON body exactly as it was sent (text, not jsonb, which would reorder its keys). */
  @Column({ type: 'text', nullable: true })
  responseBody!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
