import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CALCULATION_STATUSES, CalculationStatus, StatusMachine } from './calculation-status';
import { Calculation } from './calculation.entity';
import { CalculationFile } from './calculation-file.entity';

/** The WHERE clause of a conditional status change, read from the transition table. */
export function transitionCondition<S extends string>(
  machine: StatusMachine<S>,
  to: S,
  only?: readonly S[],
): { sql: string; params: { from: S[] } } {
  return { sql: 'status IN (:...from)', params: { from: machine.sourcesFor(to, only) } };
}

/** A calculation's figures for the usage ledger. */
export interface CalculationUsageRow {
  userId: string;
  toolVersionId: string | null;
  status: CalculationStatus;
  cpus: number;
  memoryMb: number;
  timeoutS: number;
  executionTimeS: number | null;
  cpuTimeS: number | null;
  peakMemoryBytes: number | null;
  startedAt: Date | null;
  completedAt: Date;
  outputBytes: number;
}

export interface TransitionOptions {
  /** Narrows the statuses it may leave from (each must lead to the target in the table). */
  from?: readonly CalculationStatus[];
  /** A further SQL condition on the row (no parameters). */
  andWhere?: string;
  /** Inside this transaction. */
  manager?: EntityManager;
}

/**
 * Database access to calculations. Every status change is one conditional UPDATE whose `status IN
 * (...)` comes from the transition table, so transitions are atomic and only move forward.
 */
@Injectable()
export class CalculationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Moves a calculation to `to` with `changes`; false when its status no longer allowed it. */
  async transition(
    id: string,
    to: CalculationStatus,
    changes: QueryDeepPartialEntity<Calculation>,
    options: TransitionOptions = {},
  ): Promise<boolean> {
    const condition = transitionCondition(CALCULATION_STATUSES, to, options.from);
    const builder = (options.manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .update(Calculation)
      .set({ ...changes, status: to })
      .where(`id = :id AND ${condition.sql}`, { id, ...condition.params });
    if (options.andWhere) builder.andWhere(options.andWhere);
    const result = await builder.execute();
    return Boolean(result.affected);
  }

  /** Changes columns other than the status, only while the calculation is in `status`. */
  async updateWhile(id: string, status: CalculationStatus, changes: QueryDeepPartialEntity<Calculation>) {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Calculation)
      .set(changes)
      .where('id = :id AND status = :status', { id, status })
      .execute();
    return Boolean(result.affected);
  }

  /** Removes a calculation only while it is in `status`. */
  async deleteWhile(id: string, status: CalculationStatus): Promise<boolean> {
    return Boolean((await this.dataSource.getRepository(Calculation).delete({ id, status })).affected);
  }

  findWithFiles(id: string): Promise<Calculation | null> {
    return this.dataSource.getRepository(Calculation).findOne({ where: { id }, relations: { files: true } });
  }

  async runningCount(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.getRepository(Calculation).countBy({ userId, status: CalculationStatus.Running });
  }

  /** Running calculations started longer ago than their wall clock plus `graceS`. */
  runningPastTimeout(graceS: number): Promise<string[]> {
    return this.idsWhere(
      CalculationStatus.Running,
      'calculation.started_at < now() - make_interval(secs => calculation.timeout_s + :graceS)',
      { graceS },
    );
  }

  /** Running calculations whose row has not changed for `quietS` seconds, with their worker. */
  async runningQuietFor(quietS: number): Promise<{ id: string; workerId: string | null }[]> {
    return this.dataSource
      .getRepository(Calculation)
      .createQueryBuilder('calculation')
      .select(['calculation.id AS id', 'calculation.worker_id AS "workerId"'])
      .where('calculation.status = :status', { status: CalculationStatus.Running })
      .andWhere('calculation.updated_at < now() - make_interval(secs => :quietS)', { quietS })
      .getRawMany<{ id: string; workerId: string | null }>();
  }

  /** Queued calculations queued longer than `graceS` seconds ago. */
  queuedLongerThan(graceS: number): Promise<string[]> {
    return this.idsWhere(CalculationStatus.Queued, 'calculation.queued_at < now() - make_interval(secs => :graceS)', {
      graceS,
    });
  }

  private async idsWhere(status: CalculationStatus, condition: string, params: Record<string, unknown>) {
    const rows = await this.dataSource
      .getRepository(Calculation)
      .createQueryBuilder('calculation')
      .select('calculation.id', 'id')
      .where('calculation.status = :status', { status })
      .andWhere(condition, params)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** How many calculations a user has, and how many of them completed. */
  async countsOf(userId: string): Promise<{ total: number; completed: number }> {
    const repository = this.dataSource.getRepository(Calculation);
    const [total, completed] = await Promise.all([
      repository.countBy({ userId }),
      repository.countBy({ userId, status: CalculationStatus.Completed }),
    ]);
    return { total, completed };
  }

  /** Calculations of a user that wait to run (pending or queued). */
  waitingCount(userId: string): Promise<number> {
    return this.dataSource
      .getRepository(Calculation)
      .countBy({ userId, status: In([CalculationStatus.Pending, CalculationStatus.Queued]) });
  }

  /**
   * What the usage ledger needs of a calculation (inside the caller's transaction): its limits, what
   * was measured, and the bytes of its output files.
   */
  async usageOf(id: string, manager: EntityManager): Promise<CalculationUsageRow | null> {
    const rows = await manager.query<CalculationUsageRow[]>(
      `SELECT c.user_id AS "userId", c.tool_version_id AS "toolVersionId", c.status,
         c.cpus::float8 AS cpus, c.memory_mb AS "memoryMb", c.timeout_s AS "timeoutS",
         c.execution_time_s AS "executionTimeS", c.cpu_time_s AS "cpuTimeS",
         c.peak_memory_bytes::float8 AS "peakMemoryBytes", c.started_at AS "startedAt",
         COALESCE(c.completed_at, now()) AS "completedAt",
         (SELECT COALESCE(SUM(f.size_bytes), 0)::float8 FROM calculation_files link
            JOIN user_files f ON f.id = link.file_id
            WHERE link.calculation_id = c.id AND link.role = 'output') AS "outputBytes"
       FROM calculations c WHERE c.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** How many unfinished calculations use a file (inside the caller's transaction, which holds its lock). */
  async unfinishedUsing(fileId: string, manager: EntityManager): Promise<number> {
    return manager
      .getRepository(CalculationFile)
      .createQueryBuilder('link')
      .innerJoin('link.calculation', 'calculation')
      .where('link.file_id = :fileId AND calculation.status IN (:...unfinished)', {
        fileId,
        unfinished: CALCULATION_STATUSES.unfinished,
      })
      .getCount();
  }
}
