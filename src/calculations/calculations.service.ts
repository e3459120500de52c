import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Observable } from 'rxjs';
import { DataSource, Repository } from 'typeorm';
import { AuditAction, AuditService, RequestOrigin } from '../audit/audit.service';
import { isAdmin, Principal } from '../users/principal';
import { Page, paginate } from '../common/pagination';
import { DependencyUnavailableProblem } from '../common/dependency-errors';
import { FieldError } from '../common/problem-details';
import { ForbiddenProblem, NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.exception';
import { AppConfig, CalculationsConfig, SandboxConfig } from '../config/app-config';
import { SandboxLimits } from '../sandbox/limits';
import { keepIdempotencyKey } from '../idempotency/keep-idempotency-key';
import { FilesService } from '../files/files.service';
import type { UserFile } from '../files/user-file.entity';
import { addFailFast, EnqueueFailedError } from '../queue/fail-fast-enqueue';
import { JobName } from '../queue/job-names';
import { QueueName } from '../queue/queue-names';
import type { ToolInputSpec, ToolVersion } from '../tools/tool-version.entity';
import { ToolsService } from '../tools/tools.service';
import { UsageService } from '../usage/usage.service';
import { CalculationEvent, CalculationEvents } from './calculation-events';
import { CalculationFile, CalculationFileRole } from './calculation-file.entity';
import { CalculationLog } from './calculation-log.entity';
import { CALCULATION_STATUSES, CalculationStatus, TERMINAL_STATUSES } from './calculation-status';
import { CalculationRepository } from './calculation.repository';
import { InputLookup, resolveInputs } from './resolve-inputs';
import { resolveLimits } from './resolve-limits';
import { Calculation } from './calculation.entity';
import { CreateCalculationDto, ListCalculationsQueryDto, RecentCalculationDto } from './dto/calculation.dto';
import { calculationJobId, RUN_CALCULATION_JOB_OPTIONS, RunCalculationJobData } from './jobs/run-calculation.job-data';
import { CalculationProblems } from './calculation.problems';

// Every status a calculation may be cancelled from, but running: only its worker can stop the code.
const CANCELLABLE_HERE = CALCULATION_STATUSES.statusesLeadingTo(CalculationStatus.Cancelled).filter(
  (from) => from !== CalculationStatus.Running,
);

interface ResolvedInput {
  file: UserFile;
  name: string;
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
    private readonly events: CalculationEvents,
    private readonly audit: AuditService,
    private readonly usage: UsageService,
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
  ): Promise<Calculation> {
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
    const inputs = await this.resolveInputs(principal, request, plan.version?.inputs ?? null);
    const limits = this.applyLimits(request, plan.defaults, plan.ceiling, plan.ceilingName, allowed.maxLimits);

    const calculation = await this.dataSource.transaction(async (manager) => {
      if (inputs.length > 0) {
        // Shares the rows with a concurrent deletion: either it waits for us, or we see it deleted.
        const ids = inputs.map((input) => input.file.id);
        if ((await this.files.lockLive(manager, ids)) !== new Set(ids).size) {
          throw new ValidationProblem([{ path: 'inputs', message: 'an input file was deleted meanwhile' }]);
        }
      }
      const saved = await manager.getRepository(Calculation).save(
        manager.getRepository(Calculation).create({
          userId: principal.user.id,
          name: request.name,
          description: request.description ?? null,
          toolVersionId: plan.version?.id ?? null,
          code: plan.code,
          image: plan.image,
          parameters: plan.parameters,
          status: CalculationStatus.Queued,
          queuedAt: new Date(),
          sandbox: { ...limits, network: plan.network },
          rerunOf,
        }),
      );
      if (inputs.length > 0) {
        await manager.getRepository(CalculationFile).insert(
          inputs.map((input) => ({
            calculationId: saved.id,
            fileId: input.file.id,
            role: CalculationFileRole.Input,
            name: input.name,
          })),
        );
      }
      return saved;
    });

    try {
      await this.enqueue(calculation.id);
    } catch (error) {
      throw await this.afterFailedEnqueue(calculation.id, error);
    }
    await this.audit.record({
      actorUserId: principal.user.id,
      action: AuditAction.CalculationSubmitted,
      target: { type: 'calculation', id: calculation.id },
      metadata: { tool: request.tool ?? null, version: plan.version?.version ?? null, rerunOf },
      origin,
    });
    return this.get(principal, calculation.id);
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

  list(principal: Principal, query: ListCalculationsQueryDto): Promise<Page<Calculation>> {
    // Only what a summary shows: code, parameters and results stay in the database (bench/: hydrating
    // them, and the joined version's code and schema, was most of this endpoint's cost).
    const builder = this.calculations
      .createQueryBuilder('calculation')
      .select([
        'calculation.id',
        'calculation.userId',
        'calculation.name',
        'calculation.status',
        'calculation.progress',
        'calculation.createdAt',
        'calculation.completedAt',
        'calculation.executionTimeS',
      ])
      .leftJoin('calculation.toolVersion', 'version')
      .addSelect(['version.id', 'version.version'])
      .leftJoin('version.tool', 'tool')
      .addSelect(['tool.id', 'tool.name']);
    if (!isAdmin(principal)) builder.where('calculation.user_id = :userId', { userId: principal.user.id });
    if (query.status) builder.andWhere('calculation.status = :status', { status: query.status });
    if (query.tool) builder.andWhere('tool.name = :tool', { tool: query.tool });
    if (query.from) builder.andWhere('calculation.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('calculation.created_at < :to', { to: query.to });
    return paginate(builder, query);
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

  /** Runs the same thing again: same tool version (unless deprecated) or code, parameters, inputs, limits. */
  async rerun(principal: Principal, id: string, origin: RequestOrigin): Promise<Calculation> {
    const source = await this.get(principal, id);
    const request: CreateCalculationDto = {
      name: source.name,
      description: source.description ?? undefined,
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
    return this.submit(principal, request, origin, source.id);
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
   * Status changes and live logs of one calculation: the current state first, then events until it
   * finishes. Subscribes before reading the state, so that nothing falls in between.
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
        next: (event) => (ready ? forward(event) : buffered.push(event)),
        error: (error: Error) => subscriber.error(error),
      });
      this.get(principal, id).then(
        (calculation) => {
          forward({ type: 'status', status: calculation.status, errorMessage: calculation.errorMessage });
          if (calculation.progress !== null) {
            forward({ type: 'progress', fraction: calculation.progress, message: calculation.progressMessage });
          }
          ready = true;
          for (const event of buffered) forward(event);
        },
        (error: Error) => subscriber.error(error),
      );
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
      parameters: this.tools.validateParameters(version, request.parameters ?? {}),
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
      parameters: request.parameters ?? {},
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
