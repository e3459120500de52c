import { Column } from 'typeorm';
import type { SandboxResources } from '../common/sandbox-limits';
import { bigintColumn, numericColumn } from './column-transformers';

/**
 * The sandbox's limits as columns, embedded (without a prefix, so the column names are memory_mb,
 * cpus, …) in the tables that keep them: tool versions and calculations.
 */
export class SandboxResourceColumns implements SandboxResources {
  @Column({ type: 'integer' })
  memoryMb!: number;

  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numericColumn })
  cpus!: number;

  @Column({ type: 'integer' })
  timeoutS!: number;

  @Column({ type: 'bigint', transformer: bigintColumn })
  maxOutputBytes!: number;

  /** Everything the code may write (/work, /tmp, /dev/shm together). */
  @Column({ type: 'integer' })
  diskMb!: number;

  /** Whether the sandbox gets a network; only where an admin allows it. */
  @Column({ type: 'boolean', default: false })
  network!: boolean;
}
