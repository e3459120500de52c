import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditAction, AuditService, RequestOrigin } from '../audit/audit.service';
import { CALCULATION_STATUSES, CalculationStatus } from '../calculations/calculation-status';
import { BatchResultRow, BatchTally, CalculationRepository } from '../calculations/calculation.repository';
import { CalculationsService, PreparedSubmission } from '../calculations/calculations.service';
import type { CreateCalculationDto } from '../calculations/dto/calculation.dto';
import { DependencyUnavailableProblem } from '../common/dependency-errors';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { ForbiddenProblem, NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.exception';
import { AppConfig } from '../config/app-config';
import { keepIdempotencyKey } from '../idempotency/keep-idempotency-key';
import { isAdmin, Principal } from '../users/principal';
import { Batch, BatchRequest } from './batch.entity';
import { BatchProblems } from './batches.problems';
import { BatchDto, BatchStatusCountsDto, COUNTED_STATUSES, CreateBatchDto } from './dto/batch.dto';
import { ColumnSet, flattenResult, parameterCell } from './results-table';
import { expandSweep, validateEach } from './sweep';

const RESULTS_PAGE = 500;
const FINISHED: readonly CalculationStatus[] = CALCULATION_STATUSES.final;
const RERUNNABLE: readonly CalculationStatus[] = [CalculationStatus.Failed, CalculationStatus.TimedOut];

/** A batch with its tally: what BatchDto is built from. */
export interface BatchView {
  batch: Batch;
  tally: BatchTally;
}

/** Parameter sweeps: many calculations of one tool version (or code) from one request. */
@Injectable()
export class BatchesService {
  private readonly logger = new Logger(BatchesService.name);
  private readonly maxSize: number;
  private readonly perUserConcurrency: number;

  constructor(
    @InjectRepository(Batch) private readonly batches: Repository<Batch>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calculations: CalculationsService,
    private readonly calculationRows: CalculationRepository,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.maxSize = config.batches.maxSize;
    this.perUserConcurrency = config.calculations.perUserConcurrency;
  }

  /**
   * Generates the parameter sets, validates every one (merged over the fixed parameters) before
   * anything is written, then creates the batch and its calculations in one transaction and
   * enqueues them in bulk.
   */
  async create(principal: Principal, dto: CreateBatchDto, origin: RequestOrigin): Promise<BatchView> {
    const expansion = expandSweep(dto.sweep, this.maxSize);
    if (expansion.errors.length > 0) throw new ValidationProblem(expansion.errors);
    const fixed = dto.parameters ?? {};
    const merged = (expansion.sets ?? []).map((set) => ({ ...fixed, ...set }));
    const request = requestOf(dto);
    const prepared = await this.calculations.prepare(principal, { ...request, name: dto.name }, (validate) =>
      validateEach(merged, validate),
    );

    const ahead = await this.calculationRows.queuedCountOf(principal.user.id);
    const { batch, ids } = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(Batch).save(
        manager.getRepository(Batch).create({
          userId: principal.user.id,
          name: dto.name,
          description: dto.description ?? null,
          toolVersionId: prepared.version?.id ?? null,
          request: { ...storedRequest(dto), version: prepared.version?.version ?? null },
          parameters: fixed,
          sweep: dto.sweep,
          size: merged.length,
        }),
      );
      const created = await this.calculations.createPrepared(
        manager,
        principal,
        prepared,
        prepared.parameterSets.map((parameters, index) => ({
          name: calculationName(dto.name, index),
          description: dto.description ?? null,
          parameters,
          batchIndex: index,
        })),
        saved.id,
      );
      return { batch: saved, ids: created };
    });
    await this.enqueue(batch.id, ids, ahead);
    await this.audit.record({
      actorUserId: principal.user.id,
      action: AuditAction.BatchSubmitted,
      target: { type: 'batch', id: batch.id },
      metadata: { tool: dto.tool ?? null, version: prepared.version?.version ?? null, size: merged.length },
      origin,
    });
    return this.view(batch);
  }

  async list(principal: Principal, query: PageQueryDto): Promise<Page<BatchView>> {
    const builder = this.batches
      .createQueryBuilder('batch')
      .leftJoinAndSelect('batch.toolVersion', 'version')
      .leftJoinAndSelect('version.tool', 'tool');
    if (!isAdmin(principal)) builder.where('batch.user_id = :userId', { userId: principal.user.id });
    const page = await paginate(builder, query);
    const tallies = await this.calculationRows.batchTallies(page.items.map((batch) => batch.id));
    return {
      items: page.items.map((batch) => ({ batch, tally: tallies.get(batch.id) ?? emptyTally() })),
      nextCursor: page.nextCursor,
    };
  }

  async get(principal: Principal, id: string): Promise<BatchView> {
    return this.view(await this.find(principal, id));
  }

  /** Cancels every unfinished calculation; 409 when all have finished. */
  async cancel(principal: Principal, id: string, origin: RequestOrigin): Promise<BatchView> {
    const batch = await this.find(principal, id);
    const { cancelled, stopping } = await this.calculations.cancelBatch(batch.id);
    if (cancelled + stopping === 0) {
      throw ProblemException.of(BatchProblems.batchFinished, `Every calculation of batch ${id} has already finished.`);
    }
    await this.audit.record({
      actorUserId: principal.user.id,
      action: AuditAction.BatchCancelled,
      target: { type: 'batch', id },
      metadata: { cancelled, stopping },
      origin,
    });
    return this.view(batch);
  }

  /**
   * Runs the failed and timed-out calculations again, as new calculations at the same indexes of the
   * batch (each replaces the one it reruns in the counts and the results table). Owner only.
   */
  async rerunFailed(principal: Principal, id: string, origin: RequestOrigin): Promise<BatchView> {
    const batch = await this.find(principal, id);
    if (batch.userId !== principal.user.id) {
      throw new ForbiddenProblem(`Only the owner of batch ${id} can run its calculations again.`);
    }
    const failed = await this.calculationRows.batchCurrentIn(batch.id, RERUNNABLE);
    if (failed.length === 0) {
      throw ProblemException.of(
        BatchProblems.batchNothingFailed,
        `No current calculation of batch ${id} failed or timed out.`,
      );
    }
    const request: CreateCalculationDto = {
      name: batch.name,
      tool: batch.request.tool ?? undefined,
      version: batch.request.version ?? undefined,
      code: batch.request.code ?? undefined,
      image: batch.request.image ?? undefined,
      inputs: batch.request.inputs,
      limits: batch.request.limits ?? undefined,
    };
    const prepared: PreparedSubmission = await this.calculations.prepare(principal, request, (validate) =>
      validateEach(
        failed.map((calculation) => calculation.parameters),
        validate,
      ),
    );
    const ahead = await this.calculationRows.queuedCountOf(principal.user.id);
    const ids = await this.dataSource.transaction((manager) =>
      this.calculations.createPrepared(
        manager,
        principal,
        prepared,
        failed.map((calculation, position) => ({
          name: calculation.name,
          description: calculation.description,
          parameters: prepared.parameterSets[position],
          batchIndex: calculation.batchIndex ?? 0,
          rerunOf: calculation.id,
        })),
        batch.id,
      ),
    );
    await this.enqueue(batch.id, ids, ahead);
    await this.audit.record({
      actorUserId: principal.user.id,
      action: AuditAction.BatchSubmitted,
      target: { type: 'batch', id },
      metadata: { rerunFailed: ids.length },
      origin,
    });
    return this.view(batch);
  }

  /**
   * The results table: its columns (read in a first pass, so that a CSV header can precede rows
   * streamed in a second) and its rows, one per current calculation, by index.
   */
  async resultsTable(batch: Batch): Promise<{ columns: string[]; rows: AsyncGenerator<ResultRecord> }> {
    const columns = new ColumnSet();
    for await (const page of this.pages(batch)) {
      for (const row of page) columns.add(row.parameters ?? {}, flattenResult(row.result));
    }
    const header = columns.header();
    const pages = () => this.pages(batch);
    async function* rows(): AsyncGenerator<ResultRecord> {
      for await (const page of pages()) {
        for (const row of page) yield toRecord(header, row);
      }
    }
    return { columns: header, rows: rows() };
  }

  /** The batch's current calculations, in pages by index. */
  private async *pages(batch: Batch): AsyncGenerator<BatchResultRow[]> {
    let after = -1;
    for (;;) {
      const rows = await this.calculationRows.batchResults(batch.id, after, RESULTS_PAGE);
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].batchIndex;
      if (rows.length < RESULTS_PAGE) return;
    }
  }

  /** A batch of the caller (any for an admin); 404 otherwise. */
  async find(principal: Principal, id: string): Promise<Batch> {
    const batch = await this.batches.findOne({ where: { id }, relations: { toolVersion: { tool: true } } });
    if (!batch || (batch.userId !== principal.user.id && !isAdmin(principal))) throw new NotFoundProblem('Batch', id);
    return batch;
  }

  toDto({ batch, tally }: BatchView): BatchDto {
    const counts = Object.fromEntries(
      COUNTED_STATUSES.map((status) => [status, tally.counts[status] ?? 0]),
    ) as unknown as BatchStatusCountsDto;
    const finished = FINISHED.reduce((sum, status) => sum + (tally.counts[status] ?? 0), 0);
    const remaining = Math.max(batch.size - finished, 0);
    const etaS =
      remaining === 0
        ? 0
        : tally.meanDurationS === null
          ? null
          : Math.ceil(remaining / this.perUserConcurrency) * tally.meanDurationS;
    return {
      id: batch.id,
      ownerId: batch.userId,
      name: batch.name,
      description: batch.description,
      tool: batch.toolVersion?.tool?.name ?? null,
      toolVersion: batch.toolVersion?.version ?? null,
      parameters: batch.parameters,
      sweep: batch.sweep as Record<string, unknown>,
      size: batch.size,
      counts,
      finished,
      progress: batch.size > 0 ? Math.min(finished / batch.size, 1) : 0,
      meanDurationS: tally.meanDurationS,
      etaS,
      createdAt: batch.createdAt,
    };
  }

  private async view(batch: Batch): Promise<BatchView> {
    const reloaded =
      batch.toolVersion === undefined
        ? await this.batches.findOne({
            where: { id: batch.id },
            relations: { toolVersion: { tool: true } },
          })
        : batch;
    const tallies = await this.calculationRows.batchTallies([batch.id]);
    return { batch: reloaded ?? batch, tally: tallies.get(batch.id) ?? emptyTally() };
  }

  /**
   * Enqueues in bulk, fairly: the k-th calculation a user has waiting gets priority k, so the queue
   * takes one from each user in turn (round robin) instead of a whole big batch before anyone else's
   * work. `ahead` is how many the user had queued before. If Redis refuses, the calculations stay queued and the worker's reconciler
   * enqueues them once it is back (their job ids make that idempotent): the batch exists, so the
   * answer says so rather than inviting a second submission.
   */
  private async enqueue(batchId: string, ids: string[], ahead: number): Promise<void> {
    try {
      await this.calculations.enqueueMany(ids, (index) => ahead + index + 1);
    } catch (error) {
      this.logger.warn({ err: error, batchId }, 'could not enqueue a batch');
      throw keepIdempotencyKey(
        new DependencyUnavailableProblem(
          'redis',
          `The job queue is unavailable. Batch ${batchId} was recorded and its calculations stay queued: they are ` +
            'enqueued automatically once the queue is back. Do not submit it again.',
          { outcome: 'left-queued', batchId },
        ),
      );
    }
  }
}

export type ResultRecord = Record<string, string | number | boolean | null>;

function toRecord(header: string[], row: BatchResultRow): ResultRecord {
  const values: ResultRecord = {
    index: row.batchIndex,
    id: row.id,
    status: row.status,
    ...Object.fromEntries(
      Object.entries(row.parameters ?? {}).map(([key, value]) => [`parameters.${key}`, parameterCell(value)]),
    ),
    ...flattenResult(row.result),
    cpuTimeS: row.cpuTimeS,
    wallTimeS: row.executionTimeS,
    peakMemoryBytes: row.peakMemoryBytes,
  };
  return Object.fromEntries(header.map((column) => [column, values[column] ?? null]));
}

function emptyTally(): BatchTally {
  return { counts: {}, meanDurationS: null };
}

function calculationName(batchName: string, index: number): string {
  const suffix = ` #${index + 1}`;
  return `${batchName.slice(0, 200 - suffix.length)}${suffix}`;
}

/** The submission fields every calculation of the batch shares. */
function requestOf(dto: CreateBatchDto): CreateCalculationDto {
  return {
    name: dto.name,
    description: dto.description,
    tool: dto.tool,
    version: dto.version,
    code: dto.code,
    image: dto.image,
    inputs: dto.inputs,
    limits: dto.limits,
  };
}

function storedRequest(dto: CreateBatchDto): BatchRequest {
  return {
    tool: dto.tool ?? null,
    version: dto.version ?? null,
    code: dto.code ?? null,
    image: dto.image ?? null,
    inputs: (dto.inputs ?? []).map((input) => ({ fileId: input.fileId, ...(input.as ? { as: input.as } : {}) })),
    limits: dto.limits ? { ...dto.limits } : null,
  };
}
