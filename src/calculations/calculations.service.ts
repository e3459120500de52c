import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditAction, AuditService, RequestOrigin } from '../audit/audit.service';
import { isAdmin, Principal } from '../users/principal';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, paginate, toPage } from '../common/pagination';
import { DependencyUnavailableProblem } from '../common/dependency-errors';
import { FieldError } from '../common/problem-details';
import { ForbiddenProblem, NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.exception';
import { AppConfig, CalculationsConfig, SandboxConfig } from '../config/app-config';
import { SandboxLimits } from '../common/sandbox-limits';
import { keepIdempotencyKey } from '../idempotency/keep-idempotency-key';
import { FilesService } from '../files/files.service';
import { FileStorageService } from '../files/file-storage.service';
import type { UserFile } from '../files/user-file.entity';
import { addFailFast, EnqueueFailedError } from '../queue/fail-fast-enqueue';
import { JobName } from '../queue/job-names';
import { QueueName } from '../queue/queue-names';
import type { ToolInputSpec, ToolVersion } from '../tools/tool-version.entity';
import { ToolsService } from '../tools/tools.service';
import { UsageService } from '../usage/usage.service';
import { worstCaseCoreSeconds } from '../usage/usage-figures';
import { WebhooksService } from '../webhooks/webhooks.service';
import { CalculationEndings } from './calculation-endings';
import { CalculationEvent, CalculationEvents } from './calculation-events';
import { CalculationFile, CalculationFileRole } from './calculation-file.entity';
import { CalculationLog } from './calculation-log.entity';
import { CALCULATION_STATUSES, CalculationStatus, TERMINAL_STATUSES } from './calculation-status';
import { CalculationRepository, CalculationScope, CalculationSummaryRow } from './calculation.repository';
import { InputLookup, resolveInputs } from './resolve-inputs';
import { resolveLimits } from './resolve-limits';
import { reuseKey } from './reuse-key';
import { crateArchive } from './crate-archive';
import { cratePath, ProvenanceFile, provenanceCrate } from './provenance';
import { Calculation } from './calculation.entity';
import { CreateCalculationDto, ListCalculationsQueryDto, RecentCalculationDto } from './dto/calculation.dto';
import { calculationJobId, RUN_CALCULATION_JOB_OPTIONS, RunCalculationJobData } from './jobs/run-calculation.job-data';
import { CalculationProblems } from './calculation.problems';

// Every status a calculation may be cancelled from, but running: only its worker can stop the code.
const CANCELLABLE_HERE = CALCULATION_STATUSES.statusesLeadingTo(CalculationStatus.Cancelled).filter(
  (from) => from !== CalculationStatus.Running,
);

/** A file whose bytes go into a calculation's crate, at `path`. */
export interface CrateFile {
  path: string;
  file: UserFile;
}

interface ResolvedInput {
  file: UserFile;
  name: string;
}

// Rows per INSERT (16 columns each, under PostgreSQL's 65,535 bind parameters) and jobs per addBulk.
const INSERT_CHUNK = 1000;
const ENQUEUE_CHUNK = 1000;
// How long an exact rerun waits for the workers to say whether their engine still has its image.
const IMAGE_QUERY_WAIT_MS = 3000;
// BullMQ's largest priority (2^21).
const MAX_JOB_PRIORITY = 2_097_152;

/** A submission checked and resolved, ready to be written as one or more calculations. */
export interface PreparedSubmission {
  version: ToolVersion | null;
  code: string;
  image: string;
  network: boolean;
  limits: SandboxLimits;
  inputs: ResolvedInput[];
  /** The validated parameter sets (defaults applied), in the order they were given. */
  parameterSets: Record<string, unknown>[];
}

/** One calculation of a prepared submission. */
export interface PreparedRow {
  name: string;
  description: string | null;
  parameters: Record<string, unknown>;
  rerunOf?: string | null;
  /** Where it belongs in a batch (see createPrepared's `batchId`). */
  batchIndex?: number;
  /** A completed calculation of the same work: this one completes at once with its result and outputs. */
  reused?: Calculation | null;
  /** Where its ending is POSTed (single submissions only). */
  callbackUrl?: string | null;
  /** The image id it must run (an exact rerun). */
  pinnedImage?: string | null;
}

/** The columns of a calculation that completes at once from `source`'s result, costing no compute. */
function reusedColumns(source: Calculation, now: Date) {
  return {
    status: CalculationStatus.Completed,
    // The calculation that ran: a reuse of a reuse names the original, not the link in between.
    reusedFrom: source.reusedFrom ?? source.id,
    imageDigest: source.imageDigest,
    result: source.result as object,
    exitCode: source.exitCode,
    outputsTruncated: source.outputsTruncated,
    progress: 1,
    startedAt: now,
    completedAt: now,
    executionTimeS: 0,
    cpuTimeS: 0,
  };
}

/** Submitting, reading and cancelling calculations; the worker side is CalculationExecution. */
@Injectable()
export class CalculationsService implements OnModuleInit {
  private readonly logger = new Logger(CalculationsService.name);
  private readonly settings: CalculationsConfig;
  private readonly sandbox: SandboxConfig;
  private readonly maxLimits: SandboxLimits;

  constructor(
    @InjectRepository(Calculation) private readonly calculations: Repository<Calculation>,
    private readonly calculationRepository: CalculationRepository,
    @InjectRepository(CalculationLog) private readonly logRows: Repository<CalculationLog>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Calculations) private readonly queue: Queue<RunCalculationJobData>,
    private readonly tools: ToolsService,
    private readonly files: FilesService,
    private readonly storage: FileStorageService,
    private readonly events: CalculationEvents,
    private readonly audit: AuditService,
    private readonly usage: UsageService,
    private readonly webhooks: WebhooksService,
    private readonly endings: CalculationEndings,
    config: AppConfig,
  ) {
    this.settings = config.calculations;
    this.sandbox = config.sandbox;
    this.maxLimits = config.maxLimits;
  }

  onModuleInit(): void {
    // A file stays while an unfinished calculation uses it (files asks; it does not read our tables).
    this.files.registerUsage({
      unfinishedUsesOf: (fileId, manager) => this.calculationRepository.unfinishedUsing(fileId, manager),
    });
    // The kill switch: usage cancels a suspended user's calculations through the usual cancel path.
    this.usage.registerCanceller({ cancelAllOf: (userId) => this.cancelAll({ userId }) });
  }

  /** How many calculations a user has, and how many of them completed. */
  countsOf(userId: string): Promise<{ total: number; completed: number }> {
    return this.calculationRepository.countsOf(userId);
  }

  async submit(
    principal: Principal,
    request: CreateCalculationDto,
    origin: RequestOrigin,
    rerunOf: string | null = null,
    pinnedImage: string | null = null,
  ): Promise<Calculation> {
    const callbackUrl = request.callbackUrl ?? null;
    const refused = callbackUrl ? await this.webhooks.refusedUrl(callbackUrl) : null;
    if (refused) throw new ValidationProblem([{ path: 'callbackUrl', message: refused }]);
    const prepared = await this.prepare(principal, request, (validate) => [validate(request.parameters ?? {})]);
    const parameters = prepared.parameterSets[0];
    // Result reuse: asked for, or by default for a deterministic version; never for another user's work.
    const reuse = request.reuse ?? prepared.version?.deterministic ?? false;
    const reused = reuse ? await this.reusable(principal, prepared, parameters) : null;
    const [id] = await this.dataSource.transaction((manager) =>
      this.createPrepared(manager, principal, prepared, [
        {
          name: request.name,
          description: request.description ?? null,
          parameters,
          rerunOf,
          reused,
          callbackUrl,
          pinnedImage,
        },
      ]),
    );

    if (!reused) {
      try {
        await this.enqueue(id);
      } catch (error) {
        throw await this.afterFailedEnqueue(id, error);
      }
    }
    if (reused) {
      // It ended at once: announced like any ending (webhooks, its callback).
      await this.endings.announce({
        userId: principal.user.id,
        calculationId: id,
        status: CalculationStatus.Completed,
        callbackUrl,
        batchId: null,
        data: { reusedFrom: reused.id },
      });
    }
    await this.audit.record({
      actorUserId: principal.user.id,
      action: AuditAction.CalculationSubmitted,
      target: { type: 'calculation', id },
      metadata: {
        tool: request.tool ?? null,
        version: prepared.version?.version ?? null,
        rerunOf,
        reusedFrom: reused?.id ?? null,
        ...(pinnedImage ? { pinnedImage } : {}),
      },
      origin,
    });
    return this.get(principal, id);
  }

  /**
   * Everything a submission checks before a row is written, shared by single submissions and
   * batches: the tool and version (or ad-hoc code and image), the inputs, the limits, and the
   * parameter sets that `validateSets` returns (it gets the version's validator, which throws 422).
   */
  async prepare(
    principal: Principal,
    request: CreateCalculationDto,
    validateSets: (validate: (parameters: unknown) => Record<string, unknown>) => Record<string, unknown>[],
  ): Promise<PreparedSubmission> {
    if (Boolean(request.tool) === Boolean(request.code)) {
      throw new ValidationProblem([
        { path: 'tool', message: 'give either a tool (and optionally a version) or your own code, not both' },
      ]);
    }
    // Usage: suspended (403), a budget spent or the queue full (429); the user's own ceilings.
    const allowed = await this.usage.admit(principal.user.id, () =>
      this.calculationRepository.waitingCount(principal.user.id),
    );
    const plan = request.tool ? await this.planTool(principal, request) : this.planAdhoc(request);
    const version = plan.version;
    const parameterSets = validateSets((parameters) =>
      version ? this.tools.validateParameters(version, parameters) : ((parameters ?? {}) as Record<string, unknown>),
    );
    const inputs = await this.resolveInputs(principal, request, version?.inputs ?? null);
    const limits = this.applyLimits(request, plan.defaults, plan.ceiling, plan.ceilingName, allowed.maxLimits);
    return { version, code: plan.code, image: plan.image, network: plan.network, limits, inputs, parameterSets };
  }

  /**
   * Writes queued calculations for a prepared submission, one per row, in the caller's transaction
   * (bulk INSERTs); their ids in the order of `rows`. Enqueue them after the commit.
   */
  async createPrepared(
    manager: EntityManager,
    principal: Principal,
    prepared: PreparedSubmission,
    rows: PreparedRow[],
    batchId: string | null = null,
  ): Promise<string[]> {
    const { inputs } = prepared;
    if (inputs.length > 0) {
      // Shares the rows with a concurrent deletion: either it waits for us, or we see it deleted.
      const ids = inputs.map((input) => input.file.id);
      if ((await this.files.lockLive(manager, ids)) !== new Set(ids).size) {
        throw new ValidationProblem([{ path: 'inputs', message: 'an input file was deleted meanwhile' }]);
      }
    }
    // The queue room and the budget, decided under the user's lock in this transaction (reused: free).
    const waiting = rows.filter((row) => !row.reused).length;
    await this.usage.admitSubmission(
      manager,
      principal.user.id,
      { calculations: waiting, worstCaseCoreSeconds: worstCaseCoreSeconds(prepared.limits, waiting) },
      () => this.calculationRepository.inFlightOf(principal.user.id, manager),
    );
    const queuedAt = new Date();
    const created: string[] = [];
    // Chunked: PostgreSQL takes at most 65,535 bind parameters per statement.
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Calculation)
        .values(
          chunk.map((row) => ({
            userId: principal.user.id,
            name: row.name,
            description: row.description,
            toolVersionId: prepared.version?.id ?? null,
            code: prepared.code,
            image: prepared.image,
            parameters: row.parameters,
            status: CalculationStatus.Queued,
            queuedAt,
            sandbox: { ...prepared.limits, network: prepared.network },
            rerunOf: row.rerunOf ?? null,
            pinnedImage: row.pinnedImage ?? null,
            batchId,
            batchIndex: batchId ? (row.batchIndex ?? null) : null,
            reuseKey: this.reuseKeyOf(prepared, row.parameters),
            callbackUrl: row.callbackUrl ?? null,
            ...(row.reused ? reusedColumns(row.reused, queuedAt) : {}),
          })) as QueryDeepPartialEntity<Calculation>[],
        )
        .returning(['id'])
        .execute();
      const ids = (result.raw as { id: string }[]).map((row) => row.id);
      created.push(...ids);
      const links = ids.flatMap((calculationId, index) => [
        ...inputs.map((input) => ({
          calculationId,
          fileId: input.file.id,
          role: CalculationFileRole.Input,
          name: input.name,
        })),
        // A reused result's outputs are linked, not copied: the same files, no bytes moved.
        ...(chunk[index].reused?.files ?? [])
          .filter((link) => link.role === CalculationFileRole.Output)
          .map((link) => ({ calculationId, fileId: link.fileId, role: CalculationFileRole.Output, name: link.name })),
      ]);
      for (let from = 0; from < links.length; from += INSERT_CHUNK * 10) {
        await manager.getRepository(CalculationFile).insert(links.slice(from, from + INSERT_CHUNK * 10));
      }
    }
    return created;
  }

  private reuseKeyOf(prepared: PreparedSubmission, parameters: Record<string, unknown>): string {
    return reuseKey({
      image: prepared.image,
      code: prepared.code,
      parameters,
      inputs: prepared.inputs.map((input) => ({ name: input.name, sha256: input.file.sha256 })),
    });
  }

  /**
   * The newest completed calculation of the same work (image, code, canonical parameters, input
   * names and contents) that the requester owns, and whose outputs are all still there; or null.
   * Only their own: another user's result may rest on files the requester cannot read.
   */
  private async reusable(
    principal: Principal,
    prepared: PreparedSubmission,
    parameters: Record<string, unknown>,
  ): Promise<Calculation | null> {
    const source = await this.calculationRepository.completedWithKey(
      this.reuseKeyOf(prepared, parameters),
      principal.user.id,
    );
    if (!source) return null;
    const outputs = (source.files ?? []).filter((link) => link.role === CalculationFileRole.Output);
    if (outputs.length === 0) return source;
    const live = await this.files.findLive(outputs.map((link) => link.fileId));
    return live.length === new Set(outputs.map((link) => link.fileId)).size ? source : null;
  }

  /**
   * Adds the jobs of many calculations in bulk (idempotent, like `enqueue`), each with the BullMQ
   * priority `priorityOf(index)` gives (1 is taken first; single submissions have none and go before).
   */
  async enqueueMany(calculationIds: string[], priorityOf: (index: number) => number): Promise<void> {
    for (let start = 0; start < calculationIds.length; start += ENQUEUE_CHUNK) {
      await this.queue.addBulk(
        calculationIds.slice(start, start + ENQUEUE_CHUNK).map((calculationId, offset) => ({
          name: JobName.RunCalculation,
          data: { calculationId },
          opts: {
            ...RUN_CALCULATION_JOB_OPTIONS,
            jobId: calculationJobId(calculationId),
            priority: Math.min(Math.max(Math.round(priorityOf(start + offset)), 1), MAX_JOB_PRIORITY),
          },
        })),
      );
    }
  }

  /** Adds the job (idempotent: the job id is derived from the calculation); fails fast while Redis is away. */
  async enqueue(calculationId: string): Promise<void> {
    await addFailFast(
      this.queue,
      JobName.RunCalculation,
      { calculationId },
      { ...RUN_CALCULATION_JOB_OPTIONS, jobId: calculationJobId(calculationId) },
    );
  }

  /**
   * A submission whose job the queue did not take. When nothing reached Redis the row is withdrawn
   * (the client may simply submit again); when the job may yet appear, or the row cannot be removed,
   * it stays queued and the worker's reconciler enqueues it once Redis is back (the job id makes that
   * idempotent). The 503 says which, so that a client never submits the same work twice.
   */
  private async afterFailedEnqueue(calculationId: string, error: unknown): Promise<DependencyUnavailableProblem> {
    this.logger.warn({ err: error, calculationId }, 'could not enqueue a calculation');
    const mayHaveReachedQueue = !(error instanceof EnqueueFailedError) || error.sent;
    if (!mayHaveReachedQueue) {
      try {
        if (await this.calculationRepository.deleteWhile(calculationId, CalculationStatus.Queued)) {
          return new DependencyUnavailableProblem(
            'redis',
            'The job queue is unavailable, so the calculation was not submitted (nothing was kept). Submit it again shortly.',
            { outcome: 'withdrawn' },
          );
        }
      } catch (deleteError) {
        this.logger.error({ err: deleteError, calculationId }, 'could not withdraw an unqueued calculation');
      }
    }
    // Done, in effect: a retry with the same Idempotency-Key gets this answer again, not a second row.
    return keepIdempotencyKey(
      new DependencyUnavailableProblem(
        'redis',
        `The job queue is unavailable. Calculation ${calculationId} was recorded and stays queued: it is enqueued ` +
          'automatically once the queue is back. Do not submit it again.',
        { outcome: 'left-queued', calculationId },
      ),
    );
  }

  async list(principal: Principal, query: ListCalculationsQueryDto): Promise<Page<CalculationSummaryRow>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.calculationRepository.listSummaries(
      {
        userId: isAdmin(principal) ? undefined : principal.user.id,
        status: query.status,
        tool: query.tool,
        from: query.from,
        to: query.to,
      },
      { limit, cursor: query.cursor ? decodeCursor(query.cursor) : undefined },
    );
    return toPage(rows, limit, (row) => new Date(row.createdAt));
  }

  /** A calculation of the caller (any for an admin); 404 otherwise. */
  async get(principal: Principal, id: string): Promise<Calculation> {
    const calculation = await this.calculations.findOne({
      where: { id },
      relations: { files: true, toolVersion: { tool: true } },
    });
    if (!calculation || (calculation.userId !== principal.user.id && !isAdmin(principal))) {
      throw new NotFoundProblem('Calculation', id);
    }
    return calculation;
  }

  async logs(principal: Principal, id: string): Promise<CalculationLog | null> {
    await this.get(principal, id);
    return this.logRows.findOneBy({ calculationId: id });
  }

  async outputs(principal: Principal, id: string): Promise<{ file: UserFile; name: string }[]> {
    const calculation = await this.get(principal, id);
    const links = (calculation.files ?? []).filter((link) => link.role === CalculationFileRole.Output);
    if (links.length === 0) return [];
    const files = await this.files.findLive(links.map((link) => link.fileId));
    return links
      .map((link) => ({ file: files.find((file) => file.id === link.fileId), name: link.name ?? '' }))
      .filter((entry): entry is { file: UserFile; name: string } => entry.file !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** An RO-Crate (JSON-LD) record of how the calculation was produced: see provenance.ts. */
  async provenance(principal: Principal, id: string): Promise<Record<string, unknown>> {
    return (await this.crate(principal, id)).metadata;
  }

  /**
   * The crate of a calculation: its metadata document and the files whose bytes go with it (outputs
   * still stored, and inputs the caller may still read), each at its path in the crate.
   */
  async crate(principal: Principal, id: string): Promise<{ metadata: Record<string, unknown>; files: CrateFile[] }> {
    const calculation = await this.get(principal, id);
    const links = calculation.files ?? [];
    const live = await this.files.findLive(links.map((link) => link.fileId));
    const owner = await this.calculations.findOne({ where: { id }, relations: { owner: true }, select: { id: true } });
    const included: CrateFile[] = [];
    const describe = (role: CalculationFileRole): ProvenanceFile[] =>
      links
        .filter((link) => link.role === role)
        .map((link) => {
          const file = live.find((candidate) => candidate.id === link.fileId);
          const name = link.name ?? file?.filename ?? '';
          // Outputs are the owner's; an input may be someone else's file, public then and private now.
          const readable =
            file !== undefined && (role === CalculationFileRole.Output || this.files.canRead(principal, file));
          if (readable) {
            included.push({ path: cratePath(role === CalculationFileRole.Input ? 'inputs' : 'outputs', name), file });
          }
          return {
            id: link.fileId,
            name,
            sha256: file?.sha256 ?? null,
            sizeBytes: file?.sizeBytes ?? null,
            contentType: file?.contentType ?? null,
            included: readable,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    const metadata = provenanceCrate({
      id: calculation.id,
      name: calculation.name,
      status: calculation.status,
      ownerId: calculation.userId,
      ownerName: owner?.owner?.displayName ?? owner?.owner?.username ?? null,
      tool: calculation.toolVersion?.tool?.name ?? null,
      toolVersion: calculation.toolVersion?.version ?? null,
      toolVersionId: calculation.toolVersionId,
      image: calculation.image,
      imageDigest: calculation.imageDigest ?? null,
      code: calculation.code,
      parameters: calculation.parameters,
      limits: { ...calculation.sandbox },
      queuedAt: calculation.queuedAt,
      startedAt: calculation.startedAt,
      completedAt: calculation.completedAt,
      errorMessage: calculation.errorMessage,
      exitCode: calculation.exitCode,
      cpuTimeS: calculation.cpuTimeS,
      executionTimeS: calculation.executionTimeS,
      peakMemoryBytes: calculation.peakMemoryBytes,
      workerId: calculation.workerId,
      reusedFrom: calculation.reusedFrom ?? null,
      inputs: describe(CalculationFileRole.Input),
      outputs: describe(CalculationFileRole.Output),
    });
    return { metadata, files: included };
  }

  /** The crate as a zip stream: ro-crate-metadata.json and the files' bytes, read from storage as it goes. */
  async crateZip(principal: Principal, id: string): Promise<Readable> {
    const { metadata, files } = await this.crate(principal, id);
    return crateArchive(
      metadata,
      files.map(({ path, file }) => ({
        path,
        modified: file.uploadedAt,
        open: async () => (await this.storage.read(file)).body,
      })),
    );
  }

  /**
   * Queued: taken off the queue and cancelled at once. Running: the worker is asked to stop it
   * (SIGTERM, then SIGKILL after a grace period) and records `cancelled`. Finished: 409.
   */
  async cancel(principal: Principal, id: string, origin: RequestOrigin): Promise<Calculation> {
    const calculation = await this.get(principal, id);
    if (TERMINAL_STATUSES.includes(calculation.status)) {
      throw ProblemException.of(
        CalculationProblems.calculationFinished,
        `Calculation ${id} is already ${calculation.status}.`,
      );
    }
    // Not yet running: cancelled here. Running: only its worker can stop it, and records the end.
    const dequeued = await this.calculationRepository.transition(
      id,
      CalculationStatus.Cancelled,
      { completedAt: () => 'now()', errorMessage: 'cancelled' },
      { from: CANCELLABLE_HERE },
    );
    if (dequeued) {
      // A job a worker has just taken is locked and stays; that worker sees `cancelled` and skips it.
      await (await this.queue.getJob(calculationJobId(id)))?.remove().catch(() => undefined);
      await this.events.publish(id, { type: 'status', status: CalculationStatus.Cancelled, errorMessage: 'cancelled' });
      await this.endings.announce({
        userId: calculation.userId,
        calculationId: id,
        status: CalculationStatus.Cancelled,
        callbackUrl: calculation.callbackUrl,
        batchId: calculation.batchId,
      });
    } else {
      await this.calculationRepository.updateWhile(id, CalculationStatus.Running, { cancelRequestedAt: () => 'now()' });
      await this.events.requestCancel(id);
    }
    await this.audit.record({
      actorUserId: principal.user.id,
      action: AuditAction.CalculationCancelled,
      target: { type: 'calculation', id },
      metadata: { status: calculation.status },
      origin,
    });
    return this.get(principal, id);
  }

  /**
   * Cancels every unfinished calculation of a batch: the not yet running in one UPDATE (their jobs
   * removed), the running ones asked to stop by their workers. How many of each.
   */
  cancelBatch(batchId: string): Promise<{ cancelled: number; stopping: number }> {
    return this.cancelAll({ batchId });
  }

  /** Cancels every unfinished calculation of a batch, or of a user (an administrator's kill switch). */
  private async cancelAll(scope: CalculationScope): Promise<{ cancelled: number; stopping: number }> {
    const cancelled = await this.calculationRepository.transitionAll(
      scope,
      CalculationStatus.Cancelled,
      { completedAt: () => 'now()', errorMessage: 'cancelled' },
      CANCELLABLE_HERE,
    );
    const event = { type: 'status', status: CalculationStatus.Cancelled, errorMessage: 'cancelled' } as const;
    for (let start = 0; start < cancelled.length; start += ENQUEUE_CHUNK) {
      await Promise.all(
        cancelled.slice(start, start + ENQUEUE_CHUNK).map(async (id) => {
          // A job a worker has just taken is locked and stays; that worker sees `cancelled` and skips it.
          await (await this.queue.getJob(calculationJobId(id)))?.remove().catch(() => undefined);
          await this.events.publish(id, event);
        }),
      );
    }
    if ('batchId' in scope) await this.endings.announceCancelledInBatch(scope.batchId, cancelled);
    else await this.endings.announceCancelled(scope.userId, cancelled);
    const running = await this.calculationRepository.idsIn(scope, CalculationStatus.Running);
    for (const id of running) {
      if (
        await this.calculationRepository.updateWhile(id, CalculationStatus.Running, {
          cancelRequestedAt: () => 'now()',
        })
      ) {
        await this.events.requestCancel(id);
      }
    }
    return { cancelled: cancelled.length, stopping: running.length };
  }

  /**
   * Runs the same thing again: same tool version (unless deprecated) or code, parameters, inputs,
   * limits. The image is what the version's tag points to now; `exact` pins the rerun to the image id
   * the original ran instead, refused (409) when no worker's engine has that image any more.
   */
  async rerun(principal: Principal, id: string, origin: RequestOrigin, exact = false): Promise<Calculation> {
    const source = await this.get(principal, id);
    const pinnedImage = exact ? await this.exactImageOf(source) : null;
    const request: CreateCalculationDto = {
      name: source.name,
      description: source.description ?? undefined,
      // Asked to run again: not to be answered with the result it already has.
      reuse: false,
      parameters: source.parameters,
      inputs: (source.files ?? [])
        .filter((link) => link.role === CalculationFileRole.Input)
        .map((link) => ({ fileId: link.fileId, as: link.name ?? undefined })),
      limits: {
        memoryMb: source.sandbox.memoryMb,
        cpus: source.sandbox.cpus,
        timeoutS: source.sandbox.timeoutS,
        diskMb: source.sandbox.diskMb,
      },
    };
    if (source.toolVersion?.tool) {
      request.tool = source.toolVersion.tool.name;
      request.version = source.toolVersion.version;
    } else {
      request.code = source.code;
      request.image = source.image;
    }
    return this.submit(principal, request, origin, source.id, pinnedImage);
  }

  /** The image id an exact rerun of `source` runs, once a worker's engine has said it still has it. */
  private async exactImageOf(source: Calculation): Promise<string> {
    const imageId = source.imageDigest;
    if (!imageId) {
      throw ProblemException.of(
        CalculationProblems.imageNotRecorded,
        `Calculation ${source.id} has no recorded image id (it never started), so it cannot be rerun exactly. ` +
          'Rerun it without "exact" to run its version’s current image.',
      );
    }
    // No worker answering is no answer: the rerun is accepted, and its worker checks again.
    if ((await this.events.askImage(imageId, IMAGE_QUERY_WAIT_MS)) === 'absent') {
      throw ProblemException.of(
        CalculationProblems.imageGone,
        `The image ${imageId} that calculation ${source.id} ran (${source.image}) is no longer on the workers’ ` +
          'Docker engine, so it cannot be rerun exactly. Rerun it without "exact" to run the image its tag ' +
          'points to now.',
        { imageId },
      );
    }
    return imageId;
  }

  /** The original design's recent_calculations view, with user names, newest first. */
  async recent(query: ListCalculationsQueryDto): Promise<Page<RecentCalculationDto>> {
    const builder = this.calculations
      .createQueryBuilder('calculation')
      .innerJoin('calculation.owner', 'owner')
      .select([
        'calculation.id',
        'calculation.name',
        'calculation.status',
        'calculation.createdAt',
        'calculation.executionTimeS',
        'owner.id',
        'owner.username',
        'owner.displayName',
      ]);
    if (query.status) builder.andWhere('calculation.status = :status', { status: query.status });
    const page = await paginate(builder, query);
    return {
      items: page.items.map((calculation) => ({
        id: calculation.id,
        name: calculation.name,
        status: calculation.status,
        createdAt: calculation.createdAt,
        executionTimeS: calculation.executionTimeS,
        username: calculation.owner?.username ?? '',
        displayName: calculation.owner?.displayName ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Status changes and live logs of one calculation: the current state first (with the log written
   * so far, while it runs), then events until it finishes. Subscribes before reading the state, so
   * that nothing falls in between; a log event already in the log read is dropped by its offset.
   */
  stream(principal: Principal, id: string): Observable<CalculationEvent> {
    return new Observable<CalculationEvent>((subscriber) => {
      const buffered: CalculationEvent[] = [];
      let ready = false;
      let finished = false;
      const forward = (event: CalculationEvent) => {
        if (finished) return;
        subscriber.next(event);
        if (event.type === 'status' && TERMINAL_STATUSES.includes(event.status as CalculationStatus)) {
          finished = true;
          subscriber.complete();
        }
      };
      const subscription = this.events.events(id).subscribe({
        next: (event) => (ready ? fresh(event) && forward(event) : buffered.push(event)),
        error: (error: Error) => subscriber.error(error),
      });
      const sofar = { stdout: 0, stderr: 0 };
      const fresh = (event: CalculationEvent) =>
        event.type !== 'log' || event.offset === undefined || event.offset >= sofar[event.stream];
      this.get(principal, id)
        .then(async (calculation) => {
          forward({ type: 'status', status: calculation.status, errorMessage: calculation.errorMessage });
          if (calculation.progress !== null) {
            forward({ type: 'progress', fraction: calculation.progress, message: calculation.progressMessage });
          }
          if (calculation.status === CalculationStatus.Running) {
            const log = await this.events.liveLog(id).catch(() => ({ stdout: '', stderr: '' }));
            for (const stream of ['stdout', 'stderr'] as const) {
              sofar[stream] = Buffer.byteLength(log[stream]);
              if (log[stream]) forward({ type: 'log', stream, text: log[stream], offset: 0 });
            }
          }
          ready = true;
          for (const event of buffered) if (fresh(event)) forward(event);
        })
        .catch((error: Error) => subscriber.error(error));
      return () => subscription.unsubscribe();
    });
  }

  private async planTool(principal: Principal, request: CreateCalculationDto) {
    if (request.image) {
      throw new ValidationProblem([{ path: 'image', message: 'a tool version sets its own image' }]);
    }
    const { version } = await this.tools
      .resolveForRun(principal, request.tool as string, request.version)
      .catch((error: unknown) => {
        // In a submission, an unknown tool is a wrong field rather than a missing page.
        if (error instanceof NotFoundProblem) {
          throw new ValidationProblem([{ path: 'tool', message: `no tool named ${request.tool}` }]);
        }
        throw error;
      });
    const limits: SandboxLimits = version.sandbox;
    return {
      version: version as ToolVersion | null,
      code: version.code,
      image: version.image,
      defaults: limits,
      ceiling: limits,
      ceilingName: 'the tool version’s limit',
      network: version.sandbox.network,
    };
  }

  private planAdhoc(request: CreateCalculationDto) {
    if (!this.settings.adhocEnabled) {
      throw new ForbiddenProblem('Ad-hoc code is disabled on this platform; run a published tool instead.');
    }
    const errors: FieldError[] = [];
    if (request.version) errors.push({ path: 'version', message: 'only applies to a tool' });
    const image = request.image ?? this.sandbox.defaultImage;
    errors.push(...this.tools.checkImageAndCode(image, request.code ?? ''));
    if (errors.length > 0) throw new ValidationProblem(errors);
    return {
      version: null as ToolVersion | null,
      code: request.code as string,
      image,
      defaults: this.sandbox.defaults,
      ceiling: this.maxLimits,
      ceilingName: 'the administrators’ maximum',
      network: false,
    };
  }

  private applyLimits(
    request: CreateCalculationDto,
    defaults: SandboxLimits,
    ceiling: SandboxLimits,
    ceilingName: string,
    userMaximum: SandboxLimits,
  ): SandboxLimits {
    const { limits, errors } = resolveLimits(
      request.limits,
      defaults,
      ceiling,
      userMaximum,
      ceilingName,
      'your own limit, set by an administrator',
    );
    if (errors.length > 0) throw new ValidationProblem(errors);
    return limits;
  }

  private async resolveInputs(
    principal: Principal,
    request: CreateCalculationDto,
    declared: ToolInputSpec[] | null,
  ): Promise<ResolvedInput[]> {
    const lookups: InputLookup<UserFile>[] = [];
    for (const input of request.inputs ?? []) {
      const file = await this.files.findReadable(principal, input.fileId).catch(() => null);
      lookups.push({ fileId: input.fileId, as: input.as, file });
    }
    const { resolved, errors } = resolveInputs(lookups, declared);
    if (errors.length > 0) throw new ValidationProblem(errors);
    return resolved;
  }
}
