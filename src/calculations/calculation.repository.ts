import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CALCULATION_STATUSES, CalculationStatus, StatusMachine } from './calculation-status';
import { Calculation } from './calculation.entity';
import { CalculationFile } from './calculation-file.entity';
import { literalLimit, PreparedQueries, SqlConditions } from '../database/prepared-queries';

/** The WHERE clause of a conditional status change, read from the transition table. */
export function transitionCondition<S extends string>(
  machine: StatusMachine<S>,
  to: S,
  only?: readonly S[],
): { sql: string; params: { from: S[] } } {
  return { sql: 'status IN (:...from)', params: { from: machine.sourcesFor(to, only) } };
}

/** What a list shows of a calculation: read straight from the rows (a prepared statement), without the ORM. */
export interface CalculationSummaryRow {
  id: string;
  userId: string;
  name: string;
  status: CalculationStatus;
  tool: string | null;
  toolVersion: string | null;
  progress: number | null;
  /** Dates, or their ISO strings when read for a list (they serialise the same). */
  createdAt: Date | string;
  completedAt: Date | string | null;
  executionTimeS: number | null;
}

export interface SummaryFilter {
  /** Only this user's (else everyone's). */
  userId?: string;
  status?: CalculationStatus;
  /** The tool's name. */
  tool?: string;
  from?: Date;
  to?: Date;
}

/** A batch's current calculations (the newest at each index) by status, and their mean run time. */
export interface BatchTally {
  counts: Partial<Record<CalculationStatus, number>>;
  /** Mean wall-clock seconds of the finished ones that ran; null when none has. */
  meanDurationS: number | null;
}

/** One row of a batch's results table: its current calculation at one index. */
export interface BatchResultRow {
  id: string;
  batchIndex: number;
  status: CalculationStatus;
  parameters: Record<string, unknown>;
  result: unknown;
  cpuTimeS: number | null;
  executionTimeS: number | null;
  peakMemoryBytes: number | null;
}

// The newest calculation at each index of the batches in $1 (a rerun supersedes the one it reruns).
const CURRENT_OF_BATCHES = `
  SELECT DISTINCT ON (batch_id, batch_index) *
  FROM calculations
  WHERE batch_id = ANY($1::uuid[])
  ORDER BY batch_id, batch_index, created_at DESC, id DESC`;

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
  /** Where its ending is POSTed, if anywhere. */
  callbackUrl: string | null;
  batchId: string | null;
}

/** Whether every current calculation of a batch has ended, and how they ended. */
export interface BatchEnding {
  /** The batch's owner (null for a batch without calculations). */
  userId: string | null;
  /** Current calculations not yet final. */
  unfinished: number;
  /** Every calculation the batch ever had (reruns included): changes when one is run again. */
  calculations: number;
  counts: Partial<Record<CalculationStatus, number>>;
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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: PreparedQueries,
  ) {}

  /**
   * Up to `limit + 1` summaries (one more tells that a next page exists), newest first, after
   * `cursor`'s row. One SQL query through the
   * (user_id, created_at, id) and (created_at, id) indexes, prepared once per connection; rows are
   * mapped by hand (the bench's profile of this list: the ORM's query building and hydration were
   * 28 % of the API's time).
   */
  async listSummaries(
    filter: SummaryFilter,
    page: { limit: number; cursor?: { createdAt: Date; id: string } },
  ): Promise<CalculationSummaryRow[]> {
    const where = new SqlConditions();
    if (filter.userId) where.and(`c.user_id = ${where.param(filter.userId)}`);
    if (filter.status) where.and(`c.status = ${where.param(filter.status)}`);
    if (filter.tool) where.and(`t.name = ${where.param(filter.tool)}`);
    if (filter.from) where.and(`c.created_at >= ${where.param(filter.from)}`);
    if (filter.to) where.and(`c.created_at < ${where.param(filter.to)}`);
    if (page.cursor) {
      where.and(`(c.created_at, c.id) < (${where.param(page.cursor.createdAt)}, ${where.param(page.cursor.id)})`);
    }
    const rows = await this.queries.rows<CalculationSummaryRow>(
      `SELECT c.id, c.user_id AS "userId", c.name, c.status, t.name AS tool, v.version AS "toolVersion",
              c.progress, c.created_at AS "createdAt", c.completed_at AS "completedAt",
              c.execution_time_s AS "executionTimeS"
       FROM calculations c
       LEFT JOIN tool_versions v ON v.id = c.tool_version_id
       LEFT JOIN tools t ON t.id = v.tool_id
       ${where.sql}
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT ${literalLimit(page.limit + 1)}`,
      where.params,
      { isoTimestamps: true },
    );
    return rows.slice(0, page.limit + 1);
  }

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

  /** The newest completed calculation of `userId` with this reuse key, with its file links. */
  completedWithKey(reuseKey: string, userId: string): Promise<Calculation | null> {
    return this.dataSource.getRepository(Calculation).findOne({
      where: { reuseKey, userId, status: CalculationStatus.Completed },
      order: { completedAt: 'DESC' },
      relations: { files: true },
    });
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

  /** How many calculations of a user wait in the queue. */
  queuedCountOf(userId: string): Promise<number> {
    return this.dataSource.getRepository(Calculation).countBy({ userId, status: CalculationStatus.Queued });
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

  /**
   * What a user has in flight (in the caller's transaction): how many wait to run, and the worst case
   * (CPUs × wall-clock limit) of all not yet finished, which the budget must still be able to pay.
   */
  async inFlightOf(userId: string, manager: EntityManager): Promise<{ waiting: number; reservedCoreSeconds: number }> {
    const [row] = await manager.query<{ waiting: number; reservedCoreSeconds: number }[]>(
      `SELECT count(*) FILTER (WHERE status IN ($2, $3))::int AS waiting,
         COALESCE(SUM(cpus * timeout_s), 0)::float8 AS "reservedCoreSeconds"
       FROM calculations WHERE user_id = $1 AND status IN ($2, $3, $4)`,
      [userId, CalculationStatus.Pending, CalculationStatus.Queued, CalculationStatus.Running],
    );
    return row;
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
         COALESCE(c.completed_at, now()) AS "completedAt", c.callback_url AS "callbackUrl", c.batch_id AS "batchId",
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

  /** Per batch: its current calculations counted by status, and their mean run time. */
  async batchTallies(batchIds: string[]): Promise<Map<string, BatchTally>> {
    const tallies = new Map<string, BatchTally>(batchIds.map((id) => [id, { counts: {}, meanDurationS: null }]));
    if (batchIds.length === 0) return tallies;
    const rows: { batchId: string; status: CalculationStatus; n: number; timed: number; seconds: number | null }[] =
      await this.dataSource.query(
        `SELECT batch_id AS "batchId", status, count(*)::int AS n, count(execution_time_s)::int AS timed,
                sum(execution_time_s) FILTER (WHERE status IN ('completed', 'failed', 'timed_out')) AS seconds
         FROM (${CURRENT_OF_BATCHES}) current
         GROUP BY batch_id, status`,
        [batchIds],
      );
    const totals = new Map<string, { timed: number; seconds: number }>();
    for (const row of rows) {
      const tally = tallies.get(row.batchId);
      if (!tally) continue;
      tally.counts[row.status] = row.n;
      if (row.seconds !== null) {
        const total = totals.get(row.batchId) ?? { timed: 0, seconds: 0 };
        totals.set(row.batchId, { timed: total.timed + row.timed, seconds: total.seconds + Number(row.seconds) });
      }
    }
    for (const [batchId, total] of totals) {
      const tally = tallies.get(batchId);
      if (tally && total.timed > 0) tally.meanDurationS = total.seconds / total.timed;
    }
    return tallies;
  }

  /** How a batch's current calculations stand: announced as batch.completed once none is unfinished. */
  async batchEnding(batchId: string): Promise<BatchEnding> {
    const rows: { status: CalculationStatus; n: number; total: number; userId: string }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n, min(user_id::text) AS "userId",
         (SELECT count(*)::int FROM calculations WHERE batch_id = $1[1]) AS total
       FROM (${CURRENT_OF_BATCHES}) current
       GROUP BY status`,
      [[batchId]],
    );
    const counts: Partial<Record<CalculationStatus, number>> = {};
    for (const row of rows) counts[row.status] = row.n;
    const unfinished = CALCULATION_STATUSES.unfinished.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    return { userId: rows[0]?.userId ?? null, unfinished, calculations: rows[0]?.total ?? 0, counts };
  }

  /** The current calculations of a batch after index `afterIndex`, by index, at most `limit`. */
  async batchResults(batchId: string, afterIndex: number, limit: number): Promise<BatchResultRow[]> {
    const rows: (Omit<BatchResultRow, 'peakMemoryBytes'> & { peakMemoryBytes: string | null })[] =
      await this.dataSource.query(
        `SELECT id, batch_index AS "batchIndex", status, parameters, result, cpu_time_s AS "cpuTimeS",
                execution_time_s AS "executionTimeS", peak_memory_bytes AS "peakMemoryBytes"
         FROM (${CURRENT_OF_BATCHES}) current
         WHERE batch_index > $2
         ORDER BY batch_index
         LIMIT $3`,
        [[batchId], afterIndex, limit],
      );
    return rows.map((row) => ({
      ...row,
      peakMemoryBytes: row.peakMemoryBytes === null ? null : Number(row.peakMemoryBytes),
    }));
  }

  /** The current calculations of a batch in one of `statuses`. */
  async batchCurrentIn(batchId: string, statuses: readonly CalculationStatus[]): Promise<Calculation[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM (${CURRENT_OF_BATCHES}) current WHERE status = ANY($2::varchar[])`,
      [[batchId], statuses],
    );
    if (rows.length === 0) return [];
    return this.dataSource
      .getRepository(Calculation)
      .createQueryBuilder('calculation')
      .where('calculation.id IN (:...ids)', { ids: rows.map((row) => row.id) })
      .orderBy('calculation.batch_index')
      .getMany();
  }

  /** Moves every calculation of a batch (or a user) in `from` to `to` at once; the ids it moved. */
  async transitionAll(
    scope: CalculationScope,
    to: CalculationStatus,
    changes: QueryDeepPartialEntity<Calculation>,
    from: readonly CalculationStatus[],
  ): Promise<string[]> {
    const condition = transitionCondition(CALCULATION_STATUSES, to, from);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Calculation)
      .set({ ...changes, status: to })
      .where(`${scopeColumn(scope)} = :scopeId AND ${condition.sql}`, { scopeId: scopeId(scope), ...condition.params })
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((row) => row.id);
  }

  /** Ids of a batch's (or a user's) calculations in `status`. */
  async idsIn(scope: CalculationScope, status: CalculationStatus): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(Calculation)
      .createQueryBuilder('calculation')
      .select('calculation.id', 'id')
      .where(`calculation.${scopeColumn(scope)} = :scopeId AND calculation.status = :status`, {
        scopeId: scopeId(scope),
        status,
      })
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}

/** A batch's calculations, or all of a user's (the kill switch). */
export type CalculationScope = { batchId: string } | { userId: string };
const scopeColumn = (scope: CalculationScope) => ('batchId' in scope ? 'batch_id' : 'user_id');
const scopeId = (scope: CalculationScope) => ('batchId' in scope ? scope.batchId : scope.userId);
