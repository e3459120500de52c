import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalculationFileRole } from './calculation-file.entity';
import { CalculationLog } from './calculation-log.entity';
import { CalculationStatus } from './calculation-status';
import { Calculation } from './calculation.entity';

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
}

/**
 * The worker's writes to calculations. Every status change is one conditional UPDATE (`WHERE status
 * = …`), so transitions are atomic and only move forward: a late event cannot undo a final status.
 */
@Injectable()
export class CalculationExecution {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(id: string): Promise<Calculation | null> {
    return this.dataSource.getRepository(Calculation).findOne({ where: { id }, relations: { files: true } });
  }

  /**
   * queued → running, unless it was cancelled meanwhile or its owner already has `perUserLimit`
   * calculations running (checked under a per-user lock, across all workers).
   */
  async claim(calculation: Calculation, workerId: string, perUserLimit: number): Promise<ClaimResult> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('retort:runs:' || $1, 0))`, [
        calculation.userId,
      ]);
      const [{ running }] = await manager.query<{ running: number }[]>(
        `SELECT count(*)::int AS running FROM calculations WHERE user_id = $1 AND status = 'running'`,
        [calculation.userId],
      );
      if (running >= perUserLimit) return 'user-at-capacity';
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
  }

  /** Whether the owner has room for one more running calculation now (a cheap pre-check). */
  async userHasRoom(userId: string, perUserLimit: number): Promise<boolean> {
    const [{ running }] = await this.dataSource.query<{ running: number }[]>(
      `SELECT count(*)::int AS running FROM calculations WHERE user_id = $1 AND status = 'running'`,
      [userId],
    );
    return running < perUserLimit;
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
        ...(run.status === CalculationStatus.Completed ? { progress: 1 } : {}),
      })
      .where('id = :id AND status = :running', { id, running: CalculationStatus.Running })
      .execute();
    return Boolean(result.affected);
  }

  /** Ends a calculation that is not finished, from whichever unfinished status it is in. */
  async fail(id: string, errorMessage: string, from: CalculationStatus[]): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Calculation)
      .set({ status: CalculationStatus.Failed, completedAt: () => 'now()', errorMessage })
      .where('id = :id AND status IN (:...from)', { id, from })
      .execute();
    return Boolean(result.affected);
  }

  /** running → queued: the worker shutting down killed it before the code finished. */
  async requeue(id: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Calculation)
      .set({ status: CalculationStatus.Queued, startedAt: null, workerId: null, progress: null, progressMessage: null })
      .where('id = :id AND status = :running', { id, running: CalculationStatus.Running })
      .execute();
    return Boolean(result.affected);
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
