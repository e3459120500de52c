import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../config/app-config';
import { FileStorageService } from '../../files/file-storage.service';
import { sanitizeFilename } from '../../files/file-names';
import { JobName } from '../../queue/job-names';
import { MaintenanceTasks } from '../../queue/maintenance.processor';
import { QueueName } from '../../queue/queue-names';
import { logRedisErrors } from '../../queue/redis.adapter';
import { SandboxOutcome, SandboxRunner, StopReason } from '../../sandbox/sandbox-runner';
import { WarmSandboxPool } from '../../sandbox/warm-pool';
import { PhaseClock } from '../../common/phase-clock';
import { MetricsService } from '../../metrics/metrics.service';
import { UsageService } from '../../usage/usage.service';
import { CalculationEvents } from '../calculation-events';
import { CalculationExecution, ClaimResult, FinishedRun } from '../calculation-execution.service';
import { CalculationFileRole } from '../calculation-file.entity';
import { CalculationStatus, TERMINAL_STATUSES } from '../calculation-status';
import { Calculation } from '../calculation.entity';
import { WorkerIdentity } from '../worker-identity';
import { toFinishedRun } from './finished-run';
import { OutputSpool } from './output-spool';
import { LogBatcher, LogStream } from './log-batcher';
import { isPermanentError } from './permanent-error';
import { RunCalculationJobData } from './run-calculation.job-data';
import { CalculationPhase, HeldPhases } from './calculation-phases';
import { RunningCalculations } from './running-calculations';
import { WorkerDependencies, WorkerDependency } from './worker-dependencies';

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.vtk': 'application/octet-stream',
  '.h5': 'application/x-hdf5',
  '.npy': 'application/octet-stream',
};
const DELAY_WHEN_BUSY_MS = 2000;
// A job taken just before an outage was noticed goes back to the queue for this long, at no attempt.
const DELAY_IN_OUTAGE_MS = 5000;
const PROGRESS_WRITE_MS = 1000;
const LOG_FLUSH_MS = 250;
const LIVE_LOG_MAX_BYTES = 64 * 1024;
const WATCH_MS = 2000;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5000;

/** Where a job is: the claim decides whether a failure may be retried (nothing ran) or not. */
interface RunState {
  claim: ClaimResult;
}

/**
 * Runs calculations: one sandbox per job, at most WORKER_CONCURRENCY at once here and
 * WORKER_PER_USER_CONCURRENCY per user overall. Each job is `calc-<id>`; a job that finds its
 * calculation already running belonged to a worker that died, and ends it as failed rather than
 * running the code a second time.
 *
 * Outages: while Docker, storage or the database does not answer, the worker takes no job (queued
 * calculations wait, spending no attempt), and resumes by itself. Once a calculation's code has
 * ended, the worker keeps its outcome (outputs spooled to local disk, the rest in memory) and
 * retries storing it for WORKER_PLATFORM_RETRY_S rather than losing it to a failed write.
 */
@Processor(QueueName.Calculations, { autorun: false })
export class RunCalculationJob
  extends WorkerHost
  implements RunningCalculations, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(RunCalculationJob.name);
  private readonly running = new Map<string, AbortController>();
  // Aborted when the shutdown grace period is over: retries of the worker's own steps stop then.
  private readonly stopping = new AbortController();
  private closing = false;
  private watchTimer: NodeJS.Timeout | undefined;
  private unavailable: WorkerDependency[] = [];

  constructor(
    private readonly execution: CalculationExecution,
    private readonly runner: SandboxRunner,
    private readonly storage: FileStorageService,
    private readonly events: CalculationEvents,
    private readonly identity: WorkerIdentity,
    private readonly dependencies: WorkerDependencies,
    private readonly handlers: MaintenanceTasks,
    private readonly config: AppConfig,
    private readonly pool: WarmSandboxPool,
    private readonly metrics: MetricsService,
    private readonly usage: UsageService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.handlers.registerProcessor(JobName.RunCalculation, QueueName.Calculations);
  }

  /** Starts taking jobs (concurrency set before the first fetch) once every dependency answers. */
  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.calculations.workerConcurrency;
    // Without a listener BullMQ prints every connection error with its stack while Redis is away.
    logRedisErrors(this.worker, `Worker:${QueueName.Calculations}`);
    await this.events.onCancelRequest((id) => this.running.get(id)?.abort('cancel' satisfies StopReason));
    // The API asks before it accepts an exact rerun: is its image (by id) still on an engine?
    await this.events.onImageQuery((image) => this.runner.hasImage(image));
    this.pool.start(this.identity.id);
    await this.watchDependencies();
  }

  isRunningHere(calculationId: string): boolean {
    return this.running.has(calculationId);
  }

  /**
   * SIGTERM: take no new job, let running ones finish within the grace period, then kill them and
   * put them back in the queue (their code did not finish, so running it again is not running it twice).
   */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearTimeout(this.watchTimer);
    const deadline = Date.now() + this.config.shutdownGraceMs;
    await this.worker.pause(true).catch(() => undefined);
    while (this.running.size > 0 && Date.now() < deadline) await sleep(200);
    this.stopping.abort();
    for (const controller of this.running.values()) controller.abort('shutdown' satisfies StopReason);
    while (this.running.size > 0) await sleep(100);
  }

  async process(job: Job<RunCalculationJobData>, token?: string): Promise<unknown> {
    // A fetch already waiting in BullMQ when the worker paused still takes a job: it waits too.
    if (this.unavailable.length > 0) return this.delay(job, token, DELAY_IN_OUTAGE_MS);
    if (this.closing) return this.delay(job, token, 0);
    const state: RunState = { claim: 'not-queued' };
    try {
      return await this.runOnce(job, token, state);
    } catch (error) {
      // Failures after the claim are handled (and never retried) inside runOnce.
      if (error instanceof DelayedError || state.claim === 'started') throw error;
      return this.notStarted(job, token, error as Error);
    }
  }

  private async runOnce(job: Job<RunCalculationJobData>, token: string | undefined, state: RunState) {
    // Held back until the code starts: an attempt that ran nothing says nothing of latency.
    const phases = new HeldPhases((phase, seconds) => this.metrics.calculationPhase.observe({ phase }, seconds));
    const clock = new PhaseClock<CalculationPhase>(phases.observe);
    const calculation = await this.execution.find(job.data.calculationId);
    // Submission to pickup by this attempt (a calculation that waited for its user's room waited in the queue).
    if (calculation) phases.observe('queue', (Date.now() - calculation.createdAt.getTime()) / 1000);
    clock.restart();
    if (!calculation || TERMINAL_STATUSES.includes(calculation.status))
      return { skipped: calculation?.status ?? 'missing' };
    if (calculation.status === CalculationStatus.Running) {
      const owner = calculation.workerId;
      // The same job delivered again (a lock lost to a long outage) while this worker still holds it.
      if (owner === this.identity.id && this.running.has(calculation.id)) return { skipped: 'running-here' };
      // A job seen twice while its worker is alive (a lock lost to a long pause) is left to it.
      if (owner && owner !== this.identity.id && (await this.identity.isAlive(owner))) {
        return { skipped: 'running-elsewhere' };
      }
      // A previous attempt was lost with its worker: the code may have run; never run it twice.
      await this.execution.failLost(calculation.id);
      return { lost: true };
    }
    // WORKER_PER_USER_CONCURRENCY, or the user's own limit (user_limits.max_running).
    const perUser = await this.usage.maxRunningFor(calculation.userId);
    if (!(await this.execution.userHasRoom(calculation.userId, perUser))) return this.delay(job, token);

    // An exact rerun runs its original's image by id, whatever the tag points to now.
    const image = calculation.pinnedImage ?? calculation.image;
    if (calculation.pinnedImage && !(await this.runner.hasImage(calculation.pinnedImage))) {
      // Never retried: the image will not come back by itself.
      await this.failWith(
        calculation.id,
        `the image ${calculation.pinnedImage} this exact rerun must run is no longer on the worker's Docker engine`,
      );
      return { failed: true };
    }

    // A job BullMQ handed over as the worker began to stop (fetched before the pause, or still on its
    // way here when onModuleDestroy looked at what runs) would run unwatched while the worker shuts
    // down around it, and leave its sandbox behind: it goes back to the queue, unstarted. Checked in
    // the same turn as the registration below, so that a shutdown either sees it running or it sees
    // the shutdown.
    if (this.closing) return this.delay(job, token, 0);
    const controller = new AbortController();
    const spool = new OutputSpool();
    this.running.set(calculation.id, controller);
    try {
      let outcome: SandboxOutcome | null;
      try {
        const inputs = await this.inputsOf(calculation);
        clock.lap('prepare');
        outcome = await this.runner.run(
          {
            calculationId: calculation.id,
            workerId: this.identity.id,
            image,
            code: calculation.code,
            parameters: calculation.parameters,
            inputs,
            ...calculation.sandbox,
          },
          {
            ...this.hooks(calculation, spool, async () => {
              const imageDigest = await this.runner.imageDigest(image).catch(() => null);
              state.claim = await this.execution.claim(calculation, this.identity.id, perUser);
              if (state.claim === 'started' && imageDigest) {
                // Provenance only: a failed write must not stop the calculation.
                await this.execution.recordImageDigest(calculation.id, imageDigest).catch((error: unknown) => {
                  this.logger.warn({ err: error, calculationId: calculation.id }, 'could not record the image digest');
                });
              }
              if (state.claim === 'started') phases.release();
              return state.claim === 'started';
            }),
            onPhase: phases.observe,
          },
          controller.signal,
        );
        clock.restart();
      } catch (error) {
        if (state.claim !== 'started') throw error;
        // The code had started: at most once, so no retry.
        this.logger.error({ err: error, calculationId: calculation.id }, 'calculation failed after its code started');
        const message = `platform error while running: ${(error as Error).message}`;
        await this.retrying('record the failure', calculation.id, this.platformDeadline(), () =>
          this.failWith(calculation.id, message),
        ).catch((cause: Error) => this.unrecorded(calculation.id, cause));
        return { failed: true };
      }
      if (!outcome) return state.claim === 'user-at-capacity' ? this.delay(job, token) : { skipped: state.claim };
      try {
        await this.record(calculation, outcome, spool, clock);
      } catch (error) {
        this.unrecorded(calculation.id, error as Error);
        return { ending: outcome.ending, recorded: false };
      }
      if (outcome.ending === 'shutdown') {
        await this.execution.requeue(calculation.id);
        return this.delay(job, token);
      }
      return { ending: outcome.ending };
    } finally {
      this.running.delete(calculation.id);
      await spool.remove().catch((error: Error) => this.logger.warn({ err: error }, 'spooled outputs not removed'));
    }
  }

  /**
   * Nothing ran. While a dependency is down the outage is the platform's, not the calculation's: the
   * job waits without spending an attempt (and the worker stops taking more). Otherwise the attempt
   * counts, and the last one ends the calculation.
   */
  private async notStarted(job: Job<RunCalculationJobData>, token: string | undefined, error: Error) {
    const calculationId = job.data.calculationId;
    // What failed while the worker stops (its connections closing) is the stop's doing, not the
    // calculation's: it goes back to the queue, whatever attempt it was.
    if (this.closing) return this.delay(job, token, 0);
    const down = await this.dependencies.unavailable();
    if (down.length > 0) {
      this.logger.warn({ err: error, calculationId, unavailable: down }, 'calculation waits for its dependencies');
      await this.takeJobs(down);
      return this.delay(job, token, DELAY_IN_OUTAGE_MS);
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    this.logger.warn({ err: error, calculationId, last }, 'sandbox could not be prepared');
    if (!last) throw error;
    await this.failWith(
      calculationId,
      `platform error, gave up after ${job.attemptsMade + 1} attempts: ${error.message}`,
    );
    return { failed: true };
  }

  /** Probes the dependencies every few seconds and pauses or resumes taking jobs accordingly. */
  private async watchDependencies(): Promise<void> {
    try {
      await this.takeJobs(await this.dependencies.unavailable());
    } catch (error) {
      this.logger.warn({ err: error }, 'dependency watch failed');
    }
    if (!this.closing) this.watchTimer = setTimeout(() => void this.watchDependencies(), WATCH_MS);
  }

  private async takeJobs(unavailable: WorkerDependency[]): Promise<void> {
    if (this.closing) return;
    const before = this.unavailable;
    this.unavailable = unavailable;
    if (unavailable.length > 0) {
      if (!this.worker.isPaused()) {
        // Jobs already running carry on (and retry their own steps); only new ones wait.
        await this.worker.pause(true);
      }
      if (unavailable.join() !== before.join())
        this.logger.warn({ unavailable }, 'taking no calculations until every dependency answers');
    } else if (this.worker.isPaused() || !this.worker.isRunning()) {
      if (before.length > 0) this.logger.log('every dependency answers again: taking calculations');
      // Also the first start: resume() runs a worker that has never run.
      await this.worker.resume();
    }
  }

  private async delay(job: Job, token?: string, ms = DELAY_WHEN_BUSY_MS): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }

  /** Until when the platform's steps after the code may keep retrying. */
  private platformDeadline(): number {
    return Date.now() + this.config.calculations.platformRetryS * 1000;
  }

  /**
   * Runs one of the worker's own steps, retrying with backoff until it succeeds or the deadline
   * passes (then the last error is thrown). Only a shutdown cuts it short.
   */
  private async retrying<T>(step: string, calculationId: string, deadline: number, attempt: () => Promise<T>) {
    let wait = RETRY_FIRST_MS;
    for (let tries = 1; ; tries += 1) {
      try {
        const done = await attempt();
        if (tries > 1) this.logger.log({ calculationId, tries }, `managed to ${step}`);
        return done;
      } catch (error) {
        if (isPermanentError(error) || Date.now() + wait > deadline || this.stopping.signal.aborted) throw error;
        if (tries === 1) this.logger.warn({ err: error, calculationId }, `could not ${step}; retrying`);
        await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        wait = Math.min(wait * 2, RETRY_MAX_MS);
      }
    }
  }

  private unrecorded(calculationId: string, error: Error): void {
    // It stays running until the reconciler ends it, once its timeout plus grace has passed.
    this.logger.error({ err: error, calculationId }, 'gave up recording the end of a calculation');
  }

  private async inputsOf(calculation: Calculation) {
    const links = (calculation.files ?? []).filter((link) => link.role === CalculationFileRole.Input);
    const files = await Promise.all(links.map((link) => this.storage.findFile(link.fileId)));
    return links.map((link, index) => {
      const file = files[index];
      return {
        name: link.name ?? file.filename,
        sizeBytes: file.sizeBytes,
        open: async () => (await this.storage.read(file)).body,
      };
    });
  }

  private hooks(calculation: Calculation, spool: OutputSpool, beforeStart: () => Promise<boolean>) {
    let lastProgressWrite = 0;
    const logs = new LogBatcher((stream, text) => void this.events.publishLog(calculation.id, stream, text), {
      flushMs: LOG_FLUSH_MS,
      maxBytes: LIVE_LOG_MAX_BYTES,
    });
    return {
      beforeStart,
      onProgress: (fraction: number, message: string | null) => {
        void this.events.publish(calculation.id, { type: 'progress', fraction, message });
        if (Date.now() - lastProgressWrite >= PROGRESS_WRITE_MS || fraction >= 1) {
          lastProgressWrite = Date.now();
          void this.execution.recordProgress(calculation.id, fraction, message).catch(() => undefined);
        }
      },
      onLog: (stream: LogStream, text: string) => logs.add(stream, text),
      // Copied out now, stored in record(): the sandbox need not wait for storage.
      onOutputFile: (path: string, sizeBytes: number, content: Readable) => spool.add(path, sizeBytes, content),
    };
  }

  /**
   * Stores what the sandbox left (outputs, logs, then the end with its measured usage), each step
   * retried through an outage. Outputs that still cannot be stored when the time is up do not cost
   * the rest: the calculation ends as failed, saying so, with its logs, result and usage.
   */
  private async record(
    calculation: Calculation,
    outcome: SandboxOutcome,
    spool: OutputSpool,
    clock: PhaseClock<CalculationPhase>,
  ): Promise<void> {
    const run = toFinishedRun(outcome);
    const unstored = await this.storeOutputs(calculation, spool, this.platformDeadline());
    clock.lap('outputs');
    if (unstored) {
      run.status = CalculationStatus.Failed;
      run.errorMessage = `the code finished, but its output files could not be stored: ${unstored.message}`;
    }
    // The database gets a window of its own, whatever storage took.
    const deadline = this.platformDeadline();
    await this.retrying('save the logs', calculation.id, deadline, () =>
      this.execution.saveLogs({
        calculationId: calculation.id,
        stdout: outcome.stdout.text,
        stderr: outcome.stderr.text,
        stdoutBytes: outcome.stdout.totalBytes,
        stderrBytes: outcome.stderr.totalBytes,
        stdoutTruncated: outcome.stdout.truncated,
        stderrTruncated: outcome.stderr.truncated,
      }),
    );
    clock.lap('logs');
    // The record is saved: the live copy viewers caught up from goes (it would expire anyway).
    void this.events.dropLiveLog(calculation.id);
    if (outcome.ending === 'shutdown') return;
    try {
      await this.retrying('record the end', calculation.id, deadline, () =>
        this.execution.finish(calculation.id, run, clock),
      );
    } catch (error) {
      if (!isPermanentError(error)) throw error;
      // The database refused what the code returned (e.g. JSON it cannot store): the usage, exit
      // code and logs are still recorded, with the reason instead of the result.
      this.logger.warn({ err: error, calculationId: calculation.id }, 'result refused by the database');
      const refused: FinishedRun = {
        ...run,
        status: CalculationStatus.Failed,
        result: null,
        errorMessage: `the code finished, but its result could not be stored: ${(error as Error).message}`,
      };
      await this.retrying('record the end without its result', calculation.id, deadline, () =>
        this.execution.finish(calculation.id, refused),
      );
    }
  }

  /** Stores and links each spooled output; the error that stopped it, or null when all are stored. */
  private async storeOutputs(calculation: Calculation, spool: OutputSpool, deadline: number): Promise<Error | null> {
    for (const output of spool.files) {
      try {
        await this.retrying('store an output file', calculation.id, deadline, async () => {
          output.fileId ??= (
            await this.storage.store(
              calculation.userId,
              output.open(),
              {
                filename: sanitizeFilename(output.path.replaceAll('/', '_')),
                contentType: CONTENT_TYPES[extname(basename(output.path)).toLowerCase()] ?? 'application/octet-stream',
                description: `Output of calculation ${calculation.id}`,
              },
              output.sizeBytes,
            )
          ).id;
          await this.execution.linkOutput(calculation.id, output.fileId, output.path);
        });
      } catch (error) {
        return error as Error;
      }
    }
    return null;
  }

  private async failWith(id: string, message: string): Promise<void> {
    // From whichever unfinished status it is in.
    await this.execution.fail(id, message);
  }
}
