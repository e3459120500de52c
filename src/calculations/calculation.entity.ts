import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintColumn } from '../database/column-transformers';
import { SandboxResourceColumns } from '../database/sandbox-resource.columns';
import { ToolVersion } from '../tools/tool-version.entity';
import { User } from '../users/user.entity';
import type { CalculationFile } from './calculation-file.entity';
import { CalculationStatus } from './calculation-status';
import { LimitExceeded } from './limit-exceeded';

/** One run of a tool version (or of ad-hoc code) with parameters and input files, in a sandbox. */
@Entity({ name: 'calculations' })
export class Calculation {
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

  /** The code that runs: copied from the tool version, or the user's own. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'varchar', length: 255 })
  image!: string;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  parameters!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: CalculationStatus.Pending })
  status!: CalculationStatus;

  /** Limits applied to the sandbox. */
  @Column(() => SandboxResourceColumns, { prefix: false })
  sandbox!: SandboxResourceColumns;

  /** Latest progress reported by the code (0..1) and its message. */
  @Column({ type: 'double precision', nullable: true })
  progress!: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  progressMessage!: string | null;

  /** The worker running it (or that last ran it). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  workerId!: string | null;

  /** Times a worker started its sandbox. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  cancelRequestedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  rerunOf!: string | null;

  /** The batch (parameter sweep) it was created by, if any. */
  @Column({ type: 'uuid', nullable: true })
  batchId!: string | null;

  /** Its parameter set's index in the batch (a rerun takes the same index). */
  @Column({ type: 'integer', nullable: true })
  batchIndex!: number | null;

  /** Where its ending is POSTed once, signed with its owner's callback secret (see webhooks). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  callbackUrl!: string | null;

  /** What identifies its work (image, code, canonical parameters, inputs): see reuse-key.ts. */
  @Column({ type: 'char', length: 64, nullable: true })
  reuseKey!: string | null;

  /** The id (`sha256:…`) of the image its sandbox ran, recorded by the worker when it started. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  imageDigest!: string | null;

  /**
   * An exact rerun's image id (`sha256:…`, its original's `imageDigest`): the worker runs exactly
   * this image, not what `image`'s tag points to now. Null for every other calculation.
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  pinnedImage!: string | null;

  /** The completed calculation whose result and outputs it reused, without running. */
  @Column({ type: 'uuid', nullable: true })
  reusedFrom!: string | null;

  /** Output files beyond the count or byte budget were dropped. */
  @Column({ type: 'boolean', default: false })
  outputsTruncated!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  queuedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  result!: unknown;

  @Column({ type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ type: 'integer', nullable: true })
  exitCode!: number | null;

  /** Which limit ended it, when one did. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  limitExceeded!: LimitExceeded | null;

  // Usage measured from outside the sandbox.
  @Column({ type: 'double precision', nullable: true })
  executionTimeS!: number | null;

  @Column({ type: 'double precision', nullable: true })
  cpuTimeS!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintColumn })
  peakMemoryBytes!: number | null;

  @OneToMany('CalculationFile', (link: CalculationFile) => link.calculation)
  files?: CalculationFile[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
