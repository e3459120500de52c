import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalculationUsage, RecordedUsage, UsageService } from '../usage/usage.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { usageFigures } from '../usage/usage-figures';
import { PhaseClock } from '../common/phase-clock';
import { CalculationEndings } from './calculation-endings';
import { CalculationEvents } from './calculation-events';
import { CalculationFileRole } from './calculation-file.entity';
import { CalculationLog } from './calculation-log.entity';
import { CalculationRepository } from './calculation.repository';
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
 * The worker's writes to calculations. Every status change is one conditional UPDATE (see
 * CalculationRepository.transition), so transitions are atomic and only move forward: a late event
 * cannot undo a final status. A change that took effect is announced on the calculation's event stream.
 */
@Injectable()
export class CalculationExecution {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calculations: CalculationRepository,
    private readonly events: CalculationEvents,
    private readonly usage: UsageService,
    private readonly webhooks: WebhooksService,
    private readonly endings: CalculationEndings,
  ) {}

  find(id: string): Promise<Calculation | null> {
    return this.calculations.findWithFiles(id);
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
      if ((await this.calculations.runningCount(calculation.userId, manager)) >= perUserLimit) {
        return 'user-at-capacity';
      }
      const started = await this.calculations.transition(
        calculation.id,
        CalculationStatus.Running,
        { startedAt: () => 'now()', workerId, attempts: () => 'attempts + 1' },
        { andWhere: 'cancel_requested_at IS NULL', manager },
      );
      return started ? 'started' : 'not-queued';
    });
    if (claim === 'started')
      await this.events.publish(calculation.id, { type: 'status', status: CalculationStatus.Running });
    return claim;
  }

  /** The image id actually run (provenance); only while it runs. */
  async recordImageDigest(id: string, imageDigest: string): Promise<void> {
    await this.calculations.updateWhile(id, CalculationStatus.Running, { imageDigest });
  }

  /** Whether the owner has room for one more running calculation now (a cheap pre-check). */
  async userHasRoom(userId: string, perUserLimit: number): Promise<boolean> {
    return (await this.calculations.runningCount(userId)) < perUserLimit;
  }

  async recordProgress(id: string, fraction: number, message: string | null): Promise<void> {
    await this.calculations.updateWhile(id, CalculationStatus.Running, {
      progress: fraction,
      progressMessage: message,
    });
  }

  /** running → a final status, with what was measured. False if it was no longer running. */
  /** `clock` times the write ('finish') and the announcement ('event'). */
  async finish(id: string, run: FinishedRun, clock?: PhaseClock<'finish' | 'event'>): Promise<boolean> {
    clock?.restart();
    const finished = await this.endAndCharge(id, (manager) =>
      this.calculations.transition(
        id,
        run.status,
        {
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
        },
        { from: [CalculationStatus.Running], manager },
      ),
    );
    clock?.lap('finish');
    if (!finished) return false;
    await this.events.publish(id, { type: 'status', status: run.status, errorMessage: run.errorMessage });
    clock?.lap('event');
    return true;
  }

  /** Ends a calculation that is not finished: from any status that may fail, or only from those of `from`. */
  async fail(id: string, errorMessage: string, from?: CalculationStatus[]): Promise<boolean> {
    const failed = await this.endAndCharge(id, (manager) =>
      this.calculations.transition(
        id,
        CalculationStatus.Failed,
        { completedAt: () => 'now()', errorMessage },
        { from, manager },
      ),
    );
    if (!failed) return false;
    await this.events.publish(id, { type: 'status', status: CalculationStatus.Failed, errorMessage });
    return true;
  }

  /** running → failed: its worker is gone, and the code may have run, so it is not run again. */
  failLost(id: string): Promise<boolean> {
    return this.fail(id, LOST_MESSAGE, [CalculationStatus.Running]);
  }

  /**
   * Runs a final status change and, when it took effect on a calculation whose code started, writes
   * its usage entry in the same transaction: the ledger and the status cannot disagree, and an end
   * recorded twice (a retried write, a reconciler racing a worker) is charged once.
   */
  private async endAndCharge(id: string, transition: (manager: EntityManager) => Promise<boolean>): Promise<boolean> {
    const ended = await this.dataSource.transaction(async (manager) => {
      if (!(await transition(manager))) return null;
      const row = await this.calculations.usageOf(id, manager);
      let charged: { usage: CalculationUsage; recorded: RecordedUsage } | null = null;
      if (row?.startedAt) {
        const usage: CalculationUsage = {
          userId: row.userId,
          calculationId: id,
          toolVersionId: row.toolVersionId,
          status: row.status,
          figures: usageFigures({ ...row, startedAt: row.startedAt }),
        };
        charged = { usage, recorded: await this.usage.record(manager, usage) };
      }
      return row ? { row, charged } : null;
    });
    if (!ended) return false;
    // After the commit: what is announced has happened.
    const { row, charged } = ended;
    await this.endings.announce({
      userId: row.userId,
      calculationId: id,
      status: row.status,
      callbackUrl: row.callbackUrl,
      batchId: row.batchId,
    });
    if (charged) {
      await this.usage.counted(charged.usage, charged.recorded);
      for (const alert of charged.recorded.alerts) {
        await this.webhooks.emit(row.userId, 'usage.threshold', { ...alert });
      }
    }
    return true;
  }

  /** running → queued: the worker shutting down killed it before the code finished. */
  async requeue(id: string): Promise<boolean> {
    const requeued = await this.calculations.transition(
      id,
      CalculationStatus.Queued,
      { startedAt: null, workerId: null, progress: null, progressMessage: null },
      { from: [CalculationStatus.Running] },
    );
    if (!requeued) return false;
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
