import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalculationEvents } from './calculation-events';
import { CalculationFileRole } from './calculation-file.entity';
import { CalculationLog } from './calculation-log.entity';
import { CalculationStatus } from './calculation-status';
import { Calculation } from './calculation.entity';
import { LimitExceeded } from './limit-exceeded';

export type ClaimResult = 'started' | 'user-at-capacity' | 'not-queued';

export interface FinishedRun {
  status:
    CalculationStatus.Completed | CalculationStatus.Failed | CalculationStatus.TimedOut | CalculationStatus.Cancelled;
  result: unknown;
  errorMessage: string | null;
  exitCode: number | null;
  executionTimeS: number | null;
  cpuTimeS: number | null;
  peakMemoryBytes: number | null;
  outputsTruncated: boolean;
  /** The limit that ended it, if one did. */
  limitExceeded: LimitExceeded | null;
}

export const LOST_MESSAGE =
  'the worker running this calculation stopped unexpectedly; it is not run again, so that its code never runs twice';

/**
 * The worker's writes to calculations. Every status change is one conditional UPDATE (`WHERE status
 * = …`), so transitions are atomic and only move forward: a late event cannot undo a final status.
 * A change that took effect is announced on the calculation's event stream.
 */
@Injectable()
export class CalculationExecution {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CalculationEvents,
  ) {}

  find(id: string): Promise<Calculation | null> {
    return this.dataSource.getRepository(Calculation).findOne({ where: { id }, relations: { files: true } });
  }

  /**
   * queued → running, unless it was cancelled meanwhile or its owner already has `perUserLimit`
   * calculations running (checked under a per-user lock, across all workers).
   */
  async claim(calculation: Calculation, workerId: string, perUserLimit: number): Promise<ClaimResult> {
    const claim = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('retort:runs:' || $1, 0))`, [
        calculation.userId,
      ]);
      if ((await runningCount(manager, calculation.userId)) >= perUserLimit) return 'user-at-capacity';
      const result = await manager
        .createQueryBuilder()
        .update(Calculation)
        .set({ status: CalculationStatus.Running, startedAt: () => 'now()', workerId, attempts: () => 'attempts + 1' })
        .where('id = :id AND status = :queued AND cancel_requested_at IS NULL', {
          id: calculation.id,
          queued: CalculationStatus.Queued,
        })
        .execute();
      return result.affected ? 'started' : 'not-queued';
    });
    if (claim === 'started')
      await this.events.publish(calculation.id, { type: 'status', status: CalculationStatus.Running });
    return claim;
  }

  /** Whether the owner has room for one more running calculation now (a cheap pre-check). */
  async userHasRoom(userId: string, perUserLimit: number): Promise<boolean> {
    return (await runningCount(this.dataSource.manager, userId)) < perUserLimit;
  }

  async recordProgress(id: string, fraction: number, message: string | null): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(Calculation)
      .set({ progress: fraction, progressMessage: message })
      .where('id = :id AND status = :running', { id, running: CalculationStatus.Running })
      .execute();
  }

  /** running → a final status, with what was measured. False if it was no longer running. */
  async finish(id: string, run: FinishedRun): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Calculation)
      .set({
        status: run.status,
        completedAt: () => 'now()',
        // jsonb: any JSON value the code returned (null included).
        result: (run.result ?? null) as never,
        errorMessage: run.errorMessage,
        exitCode: run.exitCode,
        executionTimeS: run.executionTimeS,
        cpuTimeS: run.cpuTimeS,
        peakMemoryBytes: run.peakMemoryBytes,
        outputsTruncated: run.outputsTruncated,
        limitExceeded: run.limitExceeded,
        ...(run.status === CalculationStatus.Completed ? { progress: 1 } : {}),
      })
      .where('id = :id AND status = :running', { id, running: CalculationStatus.Running })
      .execute();
    if (!result.affected) return false;
    await this.events.publish(id, { type: 'status', status: run.status, errorMessage: run.errorMessage });
    return true;
  }

  /** Ends a calculation that is not finished, from whichever unfinished status it is in. */
  async fail(id: string, errorMessage: string, from: CalculationStatus[]): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Calculation)
      .set({ status: CalculationStatus.Failed, completedAt: () => 'now()', errorMessage })
      .where('id = :id AND status IN (:...from)', { id, from })
      .execute();
    if (!result.affected) return false;
    await this.events.publish(id, { type: 'status', status: CalculationStatus.Failed, errorMessage });
    return true;
  }

  /** running → failed: its worker is gone, and the code may have run, so it is not run again. */
  failLost(id: string): Promise<boolean> {
    return this.fail(id, LOST_MESSAGE, [CalculationStatus.Running]);
  }

  /** running → queued: the worker shutting down killed it before the code finished. */
  async requeue(id: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Calculation)
      .set({ status: CalculationStatus.Queued, startedAt: null, workerId: null, progress: null, progressMessage: null })
      .where('id = :id AND status = :running', { id, running: CalculationStatus.Running })
      .execute();
    if (!result.affected) return false;
    await this.events.publish(id, { type: 'status', status: CalculationStatus.Queued });
    return true;
  }

  async saveLogs(log: CalculationLog): Promise<void> {
    await this.dataSource.getRepository(CalculationLog).upsert(log, ['calculationId']);
  }

  async linkOutput(calculationId: string, fileId: string, name: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into('calculation_files')
      .values({ calculationId, fileId, role: CalculationFileRole.Output, name })
      .orIgnore()
      .execute();
  }
}

async function runningCount(manager: EntityManager, userId: string): Promise<number> {
  const [{ running }] = await manager.query<{ running: number }[]>(
    `SELECT count(*)::int AS running FROM calculations WHERE user_id = $1 AND status = 'running'`,
    [userId],
  );
  return running;
}
