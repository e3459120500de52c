import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintColumn } from '../database/column-transformers';

/**
 * What one calculation that ran code cost: written once, in the transaction that gave the
 * calculation its final status, and never changed (a trigger refuses updates and deletions).
 */
@Entity({ name: 'usage_entries' })
export class UsageEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'uuid', unique: true })
  calculationId!: string;

  /** Null for ad-hoc code. */
  @Column({ type: 'uuid', nullable: true })
  toolVersionId!: string | null;

  /** The calculation's final status. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** The UTC day it ended: the day it is counted on. */
  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'double precision' })
  cpuS!: number;

  @Column({ type: 'double precision' })
  wallS!: number;

  @Column({ type: 'double precision' })
  reservedCoreS!: number;

  @Column({ type: 'double precision' })
  reservedGbS!: number;

  @Column({ type: 'bigint', nullable: true, transformer: bigintColumn })
  peakMemoryBytes!: number | null;

  @Column({ type: 'bigint', transformer: bigintColumn })
  outputBytes!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
