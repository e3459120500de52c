import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ToolVersion } from '../tools/tool-version.entity';
import { User } from '../users/user.entity';
import type { Sweep } from './sweep';

/** What every calculation of a batch shares: enough to submit its failed ones again alike. */
export interface BatchRequest {
  tool: string | null;
  version: string | null;
  code: string | null;
  image: string | null;
  inputs: { fileId: string; as?: string }[];
  limits: { memoryMb?: number; cpus?: number; timeoutS?: number; diskMb?: number } | null;
}

/** A parameter sweep: the calculations generated from one request, one per parameter set. */
@Entity({ name: 'batches' })
export class Batch {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  owner?: User;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description!: string | null;

  /** Null for ad-hoc code. */
  @Column({ type: 'uuid', nullable: true })
  toolVersionId!: string | null;

  @ManyToOne(() => ToolVersion, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'tool_version_id' })
  toolVersion?: ToolVersion | null;

  @Column({ type: 'jsonb' })
  request!: BatchRequest;

  /** The fixed parameters every set is merged over. */
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  parameters!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  sweep!: Sweep;

  /** Parameter sets generated (one calculation index each). */
  @Column({ type: 'integer' })
  size!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
