import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../config/app-config';
import { FileStorageService } from '../../files/file-storage.service';
import { sanitizeFilename } from '../../files/file-names';
import { QueueName } from '../../queue/queue-names';
import { SandboxInfrastructureError, SandboxOutcome, SandboxRunner, StopReason } from '../../sandbox/sandbox-runner';
import { CalculationEvents } from '../calculation-events';
import { CalculationExecution, ClaimResult } from '../calculation-execution.service';
import { CalculationFileRole } from '../calculation-file.entity';
import { CalculationStatus, TERMINAL_STATUSES } from '../calculation-status';
import { Calculation } from '../calculation.entity';
import { WorkerIdentity } from '../worker-identity';
import { toFinishedRun } from './finished-run';
import { RunCalculationJobData } from './run-calculation.job-data';

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
const PROGRESS_WRITE_MS = 1000;
const LOG_FLUSH_MS = 250;
const LIVE_LOG_MAX_BYTES = 64 * 1024;

/**
 * Runs calculations: one sandbox per job, at most WORKER_CONCURRENCY at once here and
 * WORKER_PER_USER_CONCURRENCY per user overall. Each job is `calc-<id>`; a job that finds its
 * calculation already running belonged to a worker that died, and ends it as failed rather than
 * running the code a second time.
 */
@Processor(QueueName.Calculations)
export class RunCalculationJob extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunCalculationJob.name);
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly execution: CalculationExecution,
    private readonly runner: SandboxRunner,
    private readonly storage: FileStorageService,
    private readonly events: CalculationEvents,
    private readonly identity: WorkerIdentity,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.calculations.workerConcurrency;
    await this.events.onCancelRequest((id) => this.running.get(id)?.abort('cancel' satisfies StopReason));
  }

  /** Ids of the calculations this worker is running now. */
  get active(): ReadonlySet<string> {
    return new Set(this.running.keys());
  }

  /**
   * SIGTERM: take no new job, let running ones finish within the grace period, then kill them and
   * put them back in the queue (their code did not finish, so running it again is not running it twice).
   */
  async onModuleDestroy(): Promise<void> {
    await this.worker.pause(true).catch(() => undefined);
    const deadline = Date.now() + this.config.shutdownGraceMs;
    while (this.running.size > 0 && Date.now() < deadline) await sleep(200);
    for (const controller of this.running.values()) controller.abort('shutdown' satisfies StopReason);
    while (this.running.size > 0) await sleep(100);
  }

  async process(job: Job<RunCalculationJobData>, token?: string): Promise<unknown> {
    const calculation = await this.execution.find(job.data.calculationId);
    if (!calculation || TERMINAL_STATUSES.includes(calculation.status))
      return { skipped: calculation?.status ?? 'missing' };
    if (calculation.status === CalculationStatus.Running) {
      // A job seen twice while its worker is alive (a lock lost to a long pause) is left to it.
      const owner = calculation.workerId;
      if (owner && owner !== this.identity.id && (await this.identity.isAlive(owner))) {
        return { skipped: 'running-elsewhere' };
      }
      // A previous attempt was lost with its worker: the code may have run; never run it twice.
      await this.execution.failLost(calculation.id);
      return { lost: true };
    }
    const perUser = this.config.calculations.perUserConcurrency;
    if (!(await this.execution.userHasRoom(calculation.userId, perUser))) return this.delay(job, token);

    const controller = new AbortController();
    this.running.set(calculation.id, controller);
    const state: { claim: ClaimResult } = { claim: 'not-queued' };
    try {
      const outcome = await this.runner.run(
        {
          calculationId: calculation.id,
          workerId: this.identity.id,
          image: calculation.image,
          code: calculation.code,
          parameters: calculation.parameters,
          inputs: await this.inputsOf(calculation),
          memoryMb: calculation.memoryMb,
          cpus: calculation.cpus,
          timeoutS: calculation.timeoutS,
          maxOutputBytes: calculation.maxOutputBytes,
          diskMb: calculation.diskMb,
          network: calculation.network,
        },
        this.hooks(calculation, async () => {
          state.claim = await this.execution.claim(calculation, this.identity.id, perUser);
          return state.claim === 'started';
        }),
        controller.signal,
      );
      if (!outcome) return state.claim === 'user-at-capacity' ? this.delay(job, token) : { skipped: state.claim };
      await this.record(calculation, outcome);
      if (outcome.ending === 'shutdown') {
        await this.execution.requeue(calculation.id);
        return this.delay(job, token);
      }
      return { ending: outcome.ending };
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (error instanceof SandboxInfrastructureError && state.claim !== 'started') {
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        this.logger.warn({ err: error, calculationId: calculation.id, last }, 'sandbox could not be prepared');
        if (!last) throw error;
        await this.failWith(
          calculation.id,
          `platform error, gave up after ${job.attemptsMade + 1} attempts: ${error.message}`,
        );
        return { failed: true };
      }
      // The code had started: at most once, so no retry.
      this.logger.error({ err: error, calculationId: calculation.id }, 'calculation failed after its code started');
      await this.failWith(calculation.id, `platform error while running: ${(error as Error).message}`);
      return { failed: true };
    } finally {
      this.running.delete(calculation.id);
    }
  }

  private async delay(job: Job, token?: string): Promise<never> {
    await job.moveToDelayed(Date.now() + DELAY_WHEN_BUSY_MS, token);
    throw new DelayedError();
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

  private hooks(calculation: Calculation, beforeStart: () => Promise<boolean>) {
    let lastProgressWrite = 0;
    let pending: { stream: 'stdout' | 'stderr'; text: string }[] = [];
    let liveBytes = 0;
    let flushTimer: NodeJS.Timeout | undefined;
    const flush = () => {
      flushTimer = undefined;
      for (const stream of ['stdout', 'stderr'] as const) {
        const text = pending
          .filter((entry) => entry.stream === stream)
          .map((entry) => entry.text)
          .join('');
        if (text) void this.events.publish(calculation.id, { type: 'log', stream, text });
      }
      pending = [];
    };
    return {
      beforeStart,
      onProgress: (fraction: number, message: string | null) => {
        void this.events.publish(calculation.id, { type: 'progress', fraction, message });
        if (Date.now() - lastProgressWrite >= PROGRESS_WRITE_MS || fraction >= 1) {
          lastProgressWrite = Date.now();
          void this.execution.recordProgress(calculation.id, fraction, message).catch(() => undefined);
        }
      },
      onLog: (stream: 'stdout' | 'stderr', text: string) => {
        // Live logs are a view; the record is the capped log saved at the end.
        if (liveBytes >= LIVE_LOG_MAX_BYTES) return;
        liveBytes += text.length;
        pending.push({ stream, text });
        flushTimer ??= setTimeout(flush, LOG_FLUSH_MS);
      },
      onOutputFile: async (path: string, sizeBytes: number, content: Readable) => {
        const file = await this.storage.store(
          calculation.userId,
          content,
          {
            filename: sanitizeFilename(path.replaceAll('/', '_')),
            contentType: CONTENT_TYPES[extname(basename(path)).toLowerCase()] ?? 'application/octet-stream',
            description: `Output of calculation ${calculation.id}`,
          },
          sizeBytes,
        );
        await this.execution.linkOutput(calculation.id, file.id, path);
      },
    };
  }

  private async record(calculation: Calculation, outcome: SandboxOutcome): Promise<void> {
    await this.execution.saveLogs({
      calculationId: calculation.id,
      stdout: outcome.stdout.text,
      stderr: outcome.stderr.text,
      stdoutBytes: outcome.stdout.totalBytes,
      stderrBytes: outcome.stderr.totalBytes,
      stdoutTruncated: outcome.stdout.truncated,
      stderrTruncated: outcome.stderr.truncated,
    });
    if (outcome.ending === 'shutdown') return;
    await this.execution.finish(calculation.id, toFinishedRun(outcome));
  }

  private async failWith(id: string, message: string): Promise<void> {
    await this.execution.fail(id, message, [
      CalculationStatus.Pending,
      CalculationStatus.Queued,
      CalculationStatus.Running,
    ]);
  }
}
