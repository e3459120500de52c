import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../database/column-transformers';

/** One user's usage entries of one UTC day, summed (kept in the entries' own transactions). */
@Entity({ name: 'usage_daily' })
export class UsageDaily {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'integer', default: 0 })
  calculations!: number;

  @Column({ type: 'double precision', default: 0 })
  cpuS!: number;

  @Column({ type: 'double precision', default: 0 })
  wallS!: number;

  @Column({ type: 'double precision', default: 0 })
  reservedCoreS!: number;

  @Column({ type: 'double precision', default: 0 })
  reservedGbS!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintColumn })
  outputBytes!: number;
}
