import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintColumn } from '../database/column-transformers';

/** An administrator's overrides of the configured limits for one user; a null field keeps the default. */
@Entity({ name: 'user_limits' })
export class UserLimits {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  /** False: the user's computing is suspended (new submissions are refused). */
  @Column({ type: 'boolean', default: true })
  usageEnabled!: boolean;

  @Column({ type: 'double precision', nullable: true })
  dailyCoreSeconds!: number | null;

  @Column({ type: 'double precision', nullable: true })
  monthlyCoreSeconds!: number | null;

  @Column({ type: 'integer', nullable: true })
  maxRunning!: number | null;

  @Column({ type: 'integer', nullable: true })
  maxQueued!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintColumn })
  storageQuotaBytes!: number | null;

  @Column({ type: 'integer', nullable: true })
  maxMemoryMb!: number | null;

  @Column({ type: 'double precision', nullable: true })
  maxCpus!: number | null;

  @Column({ type: 'integer', nullable: true })
  maxTimeoutS!: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
