import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../database/column-transformers';

/** stdout and stderr of a calculation, each kept up to SANDBOX_LOG_MAX_BYTES; the totals are counted. */
@Entity({ name: 'calculation_logs' })
export class CalculationLog {
  @PrimaryColumn({ type: 'uuid' })
  calculationId!: string;

  @Column({ type: 'text', default: '' })
  stdout!: string;

  @Column({ type: 'text', default: '' })
  stderr!: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintColumn })
  stdoutBytes!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintColumn })
  stderrBytes!: number;

  @Column({ type: 'boolean', default: false })
  stdoutTruncated!: boolean;

  @Column({ type: 'boolean', default: false })
  stderrTruncated!: boolean;
}
