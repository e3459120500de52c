import { BeforeApplicationShutdown, Injectable, Logger, Optional } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { extract as untar, pack as tar } from 'tar-stream';
import { AppConfig, SandboxConfig } from '../config/app-config';
import { PhaseClock } from '../common/phase-clock';
import { settleAll } from '../common/settle-all';
import { CappedOutput } from './capped-output';
import {
  memoryCeilingBytes,
  RUNNER_EXIT_FILE,
  SANDBOX_UID,
  SandboxRequest,
  sandboxContainerOptions,
  sandboxEnv,
  sandboxRequestOf,
} from './container-spec';
import { ContainerStats, ContainerUsage, DockerAdapter, ImageRunner, isEngineUnreachable } from './docker.adapter';
import { LimitHit, resultMaxBytes, SandboxResources } from '../common/sandbox-limits';
import { RunnerSummary, SummaryScanner } from './runner-summary';
import { WarmSandboxPool } from './warm-pool';

const TOO_LARGE = Symbol('too large');

export interface SandboxInput {
  /** File name under /work/inputs. */
  name: string;
  sizeBytes: number;
  open(): Promise<Readable>;
}

export interface SandboxJob extends SandboxResources {
  calculationId: string;
  workerId: string;
  image: string;
  code: string;
  parameters: unknown;
  inputs: SandboxInput[];
}

export interface SandboxHooks {
  /** The sandbox is ready and the code is about to start: false stops here (nothing has run). */
  beforeStart?(): Promise<boolean>;
  onProgress?(fraction: number, message: string | null): void;
  onLog?(stream: 'stdout' | 'stderr', text: string): void;
  /** Stores one output file; must consume `content`. */
  onOutputFile?(path: string, sizeBytes: number, content: Readable): Promise<void>;
  /** How long each phase took, as it ends (for the worker's latency breakdown). */
  onPhase?(phase: SandboxPhase, seconds: number): void;
}

/**
 * A sandbox's phases: getting a started container (warm or created), writing /work and the inputs,
 * the `beforeStart` hook, the code, freezing it and reading its usage, collecting result and outputs.
 */
export const SANDBOX_PHASES = ['sandbox', 'inputs', 'claim', 'code', 'usage', 'collect'] as const;
export type SandboxPhase = (typeof SANDBOX_PHASES)[number];

/** Why a sandbox was stopped from outside: a user's cancellation, or the worker shutting down. */
export type StopReason = 'cancel' | 'shutdown';

export type SandboxEnding = 'exited' | 'timed-out' | 'out-of-memory' | 'cancelled' | 'shutdown';

export interface SandboxOutcome {
  ending: SandboxEnding;
  exitCode: number | null;
  /** Measured by the worker and the engine, never reported from inside. */
  usage: { wallS: number; cpuS: number | null; peakMemoryBytes: number | null };
  stdout: CappedOutput;
  stderr: CappedOutput;
  /** /work/result.json as the runner wrote it (untrusted content, parsed JSON). */
  result: unknown;
  /** /work/error.json: `{type, message}` when the code raised. */
  error: { type?: string; message?: string } | null;
  outputs: { stored: number; truncated: boolean };
  /** The limit that ended the code (or made its result or outputs unusable), with its value. */
  limit: LimitHit | null;
  /**
   * Why the worker could not follow the code to its end, or read what it left (the engine stayed out
   * of reach): the calculation fails with this message, keeping the logs and usage that were captured.
   */
  platformError?: string | null;
}

/** Thrown when the sandbox could not be prepared (engine or storage trouble): nothing ran, retry. */
export class SandboxInfrastructureError extends Error {}

/** The Docker engine did not answer for longer than the worker's retry window (WORKER_PLATFORM_RETRY_S). */
export class EngineUnreachableError extends Error {}

const ENGINE_RETRY_FIRST_MS = 500;
const ENGINE_RETRY_MAX_MS = 5000;
// After a broken stream, how often the runner's exit file is looked for (its exit line may go by unseen).
const EXIT_FILE_POLL_MS = 1000;

/**
 * One run's patience with an engine that does not answer: a step that fails for want of any answer
 * (refused, reset: not an error the engine returned) is retried with backoff, for at most `windowMs`
 * from the moment the engine stopped answering. The sandbox is kept meanwhile: it holds the code's
 * files, and its accounting.
 */
class EngineOutage {
  private since: number | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly logger: Logger,
    private readonly containerId: string,
  ) {}

  /** `signal` cuts the waiting short: the last error is thrown then. */
  async retry<T>(step: string, attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let wait = ENGINE_RETRY_FIRST_MS;
    for (;;) {
      try {
        const value = await attempt();
        if (this.since !== null) {
          const seconds = Math.round((Date.now() - this.since) / 1000);
          this.logger.log(
            { containerId: this.containerId, seconds },
            `the Docker engine answers again: managed to ${step}`,
          );
          this.since = null;
        }
        return value;
      } catch (error) {
        if (!isEngineUnreachable(error)) throw error;
        if (this.since === null) {
          this.since = Date.now();
          this.logger.warn(
            { err: error, containerId: this.containerId },
            `could not ${step}: the Docker engine does not answer; retrying`,
          );
        }
        if (Date.now() + wait - this.since > this.windowMs) {
          const seconds = Math.round((Date.now() - this.since) / 1000);
          throw new EngineUnreachableError(
            `the Docker engine could not be reached for ${seconds} s (${(error as Error).message})`,
            { cause: error },
          );
        }
        if (signal?.aborted) throw error;
        await sleep(wait, undefined, { signal }).catch(() => undefined);
        wait = Math.min(wait * 2, ENGINE_RETRY_MAX_MS);
      }
    }
  }
}

const ERROR_MAX_BYTES = 64 * 1024;
// The final progress line is looked for in a progress file up to this size (else only sampled).
const PROGRESS_MAX_BYTES = 1024 * 1024;
const POLL_MS = 1000;
const PROGRESS_EXEC_MAX_MS = 10_000;
// The engine reports SIGKILL as 128 + 9.
const EXIT_SIGKILL = 137;
// The in-container runner's exit codes for limits it saw hit (sandbox-images/README.md).
const EXIT_RESULT_TOO_LARGE = 4;
const EXIT_DISK_FULL = 5;
const EXIT_FILE_TOO_LARGE = 6;
const EXIT_MEMORY = 8;
// Where the code can write: each a sized tmpfs, together the disk limit.
const WRITABLE_PATHS = ['/work', '/tmp', '/dev/shm'];

/**
 * Runs code in one fresh container: prepares /work through the archive API, executes the image's
 * runner beside an idle PID 1, enforces the wall clock, and once the code has ended freezes the
 * container (the engine's pause) so that nothing of it runs while its usage is read from outside
 * (host cgroup files or the engine's stats) and its result, logs and output files are collected.
 * Always removes the container (thawed first).
 */
/** How long a stopping worker waits for sandboxes still being removed. */
export const REMOVALS_SHUTDOWN_WAIT_MS = 10_000;

@Injectable()
export class SandboxRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SandboxRunner.name);
  private readonly settings: SandboxConfig;
  private readonly installation: string;
  private readonly engineRetryMs: number;
  private readonly removals = new Set<Promise<void>>();

  constructor(
    private readonly docker: DockerAdapter,
    config: AppConfig,
    // Absent where a runner is built by hand (tests): every sandbox is then created on demand.
    @Optional() private readonly pool?: WarmSandboxPool,
  ) {
    this.settings = config.sandbox;
    this.installation = config.queuePrefix;
    this.engineRetryMs = config.calculations.platformRetryS * 1000;
  }

  /** The id (`sha256:…`) of the image a sandbox of `image` runs, for the calculation's provenance. */
  imageDigest(image: string): Promise<string> {
    return this.docker.imageId(image);
  }

  /** Whether the engine has the image (a tag, or an id `sha256:…`); it never pulls one. */
  hasImage(image: string): Promise<boolean> {
    return this.docker.hasImage(image);
  }

  /** The outcome, or null when `beforeStart` declined to start the code. */
  async run(job: SandboxJob, hooks: SandboxHooks = {}, signal?: AbortSignal): Promise<SandboxOutcome | null> {
    let containerId: string | undefined;
    const clock = new PhaseClock<SandboxPhase>((phase, seconds) => hooks.onPhase?.(phase, seconds));
    try {
      const runner = await this.docker.imageRunner(job.image);
      const request: SandboxRequest = {
        calculationId: job.calculationId,
        ...sandboxRequestOf(
          { ...job, runner: runner.jobOnStdin ? runner.command : null },
          {
            workerId: job.workerId,
            installation: this.installation,
            pidsLimit: this.settings.pidsLimit,
            tmpfsMb: this.settings.tmpfsMb,
          },
        ),
      };
      containerId = (await this.pool?.take({ calculationId: job.calculationId, request })) ?? undefined;
      if (!containerId) {
        containerId = await this.docker.create(sandboxContainerOptions(request));
        // /work is a tmpfs volume, which holds its files only while mounted: start first, then fill.
        await this.docker.start(containerId);
      }
      clock.lap('sandbox');
      await Promise.all([
        // A runner that takes its job on stdin writes the code and parameters itself.
        runner.jobOnStdin ? Promise.resolve() : this.docker.putArchive(containerId, '/work', this.workArchive(job)),
        job.inputs.length > 0
          ? this.docker.putArchive(containerId, '/work/inputs', this.inputsArchive(job))
          : Promise.resolve(),
      ]);
      clock.lap('inputs');
      if (hooks.beforeStart && !(await hooks.beforeStart())) return null;
      clock.lap('claim');
      const outcome = await this.execute(containerId, runner, job, hooks, clock, signal);
      if (outcome.ending === 'shutdown') {
        // The worker is about to exit: a frozen sandbox must not outlive it (it would hold its
        // memory until a reaper thaws and removes it).
        const id = containerId;
        containerId = undefined;
        await this.remove(id);
      }
      return outcome;
    } catch (error) {
      if (error instanceof SandboxInfrastructureError) throw error;
      // Anything before the code started is the platform's problem, and safe to retry.
      if (!(error as { codeStarted?: boolean }).codeStarted) {
        throw Object.assign(new SandboxInfrastructureError((error as Error).message), { cause: error });
      }
      throw error;
    } finally {
      // Off the critical path: the outcome is recorded while the engine removes the container
      // (thawed first), retried while the engine does not answer. A removal that fails leaves it to the reaper.
      if (containerId) this.inBackground(this.remove(containerId, true));
    }
  }

  /**
   * Shutdown (after the jobs have ended) waits for the removals still under way, up to
   * REMOVALS_SHUTDOWN_WAIT_MS: a worker that is stopped leaves no finished calculation's sandbox behind
   * (the reaper would find it only once another worker of this installation runs).
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.removals.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, REMOVALS_SHUTDOWN_WAIT_MS)));
    await Promise.race([Promise.allSettled([...this.removals]), deadline]);
    clearTimeout(timer);
  }

  private inBackground(removal: Promise<void>): void {
    this.removals.add(removal);
    void removal.finally(() => this.removals.delete(removal));
  }

  private async remove(id: string, untilEngineAnswers = false): Promise<void> {
    const remove = () => this.docker.remove(id);
    await (
      untilEngineAnswers
        ? new EngineOutage(this.engineRetryMs, this.logger, id).retry('remove the sandbox', remove)
        : remove()
    ).catch((error: Error) => this.logger.warn({ err: error, id }, 'sandbox not removed'));
    this.pool?.release(id);
  }

  private async execute(
    containerId: string,
    runner: ImageRunner,
    job: SandboxJob,
    hooks: SandboxHooks,
    clock: PhaseClock<SandboxPhase>,
    signal?: AbortSignal,
  ): Promise<SandboxOutcome> {
    const stdout = new CappedOutput(this.settings.logMaxBytes, (text) => hooks.onLog?.('stdout', text));
    // With a waiting runner: the job on its stdin, and the summary and exit lines taken out of stdout
    // before the cap (see runner-summary.ts).
    const nonce = randomBytes(12).toString('hex');
    const runnerEnded = new AbortController();
    let exitStatus: number | null = null;
    const scanner = runner.jobOnStdin
      ? new SummaryScanner(stdout, nonce, (status) => {
          exitStatus = status;
          runnerEnded.abort();
        })
      : null;
    const stderr = new CappedOutput(this.settings.logMaxBytes, (text) => hooks.onLog?.('stderr', text));
    const stopped = new AbortController();
    const sampling = new AbortController();
    let monitoring: Promise<void> = Promise.resolve();
    // No exec may be starting when the container is frozen: a `runc init` caught by the freezer
    // wedges the engine on that container. The progress sampler is stopped and waited for first.
    let codeStarted: () => void = () => undefined;
    const codeRunning = new Promise<void>((resolve) => (codeStarted = resolve));
    const quiesce = async () => {
      sampling.abort();
      await Promise.all([monitoring, codeRunning]);
    };
    let stopReason: 'timeout' | StopReason | null = null;
    const stop = (reason: 'timeout' | StopReason) => {
      if (stopReason) return;
      stopReason = reason;
      void quiesce()
        .then(() => this.terminate(containerId, reason))
        .finally(() => stopped.abort());
    };
    const timer = setTimeout(() => stop('timeout'), job.timeoutS * 1000);
    // Waiting for an engine out of reach ends when the worker shuts down (a cancellation still waits:
    // the sandbox must be frozen and measured).
    const shutdown = new AbortController();
    const onAbort = () => {
      if (signal?.reason === 'shutdown') shutdown.abort();
      stop(signal?.reason === 'shutdown' ? 'shutdown' : 'cancel');
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let lastStats: ContainerStats | null = null;
    const progressSeen = { last: '' };
    monitoring = this.monitor(containerId, hooks, sampling.signal, progressSeen, (stats) => (lastStats = stats));

    const started = process.hrtime.bigint();
    clock.restart();
    let exitCode: number | null;
    const outage = new EngineOutage(this.engineRetryMs, this.logger, containerId);
    let platformError: string | null = null;
    // The environment a warm sandbox was created with is the default limits': the code's own thread
    // hints, result cap and memory limit (the runner's RLIMIT_DATA) come with its job (on stdin) or its exec.
    const env = sandboxEnv({ cpus: job.cpus, resultMaxBytes: resultMaxBytes(job), memoryMb: job.memoryMb });
    try {
      if (scanner) {
        // Nothing starts in the sandbox (no `runc init` a freeze could catch): the runner is waiting.
        codeStarted();
        const variables = Object.fromEntries(
          env.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
        );
        const jobLine = `${JSON.stringify({ nonce, code: job.code, params: job.parameters ?? {}, env: variables })}\n`;
        const until = AbortSignal.any([stopped.signal, runnerEnded.signal]);
        // Retried only while the engine does not answer: the job is written once the attach is up.
        await outage.retry(
          'attach to the sandbox',
          () => this.docker.attach(containerId, { stdout: scanner, stderr, stdin: Buffer.from(jobLine) }, until),
          until,
        );
        let rejoined: number | null = null;
        if (exitStatus === null && !until.aborted) {
          // Neither the runner's end nor a stop of ours: the stream broke (the engine restarted, or the
          // way to it was cut) while the code may well run on. Follow it again once the engine answers.
          this.logger.warn({ containerId }, 'the stream from a running sandbox broke; following the code again');
          rejoined = await this.rejoin(containerId, { stdout: scanner, stderr }, until, outage);
        }
        exitCode = exitStatus ?? rejoined;
      } else {
        exitCode = await this.docker.exec(
          containerId,
          runner.command,
          { stdout, stderr, onStarted: () => codeStarted(), env },
          stopped.signal,
        );
      }
    } catch (error) {
      codeStarted();
      // The code started and the worker lost sight of it: the calculation fails, saying why, with the
      // logs captured so far and whatever usage can still be read from outside.
      this.logger.error({ err: error, containerId }, 'lost the sandbox while its code ran');
      platformError = `the worker lost the sandbox while the code ran: ${(error as Error).message}`;
      exitCode = null;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const wallS = Number(process.hrtime.bigint() - started) / 1e9;
    const summary = scanner?.finish() ?? null;
    clock.lap('code');
    stopped.abort();
    await quiesce();
    // The code has ended: whatever it left behind is frozen before anything is read (once the engine
    // answers, if it is away).
    let frozen = false;
    try {
      frozen = await this.freeze(containerId, outage, shutdown.signal);
    } catch (error) {
      platformError ??= `the code's end could not be followed: ${(error as Error).message}`;
    }
    const usage: ContainerUsage | null =
      (await this.docker.usage(containerId).catch(() => null)) ??
      (lastStats ? { ...(lastStats as ContainerStats), oomKills: null, pidsLimitHits: null, source: 'stats' } : null);
    clock.lap('usage');

    let ending: SandboxEnding = 'exited';
    let limit: LimitHit | null = null;
    if (stopReason === 'timeout') {
      ending = 'timed-out';
      limit = { name: 'wall-clock', value: job.timeoutS };
    } else if (stopReason === 'cancel') ending = 'cancelled';
    else if (stopReason === 'shutdown') ending = 'shutdown';
    else if (exitCode !== 0) {
      limit = this.limitHit(job, exitCode, usage);
      // A child that filled a tmpfs, or code that swallowed the error: the kernel's figures say so.
      if (!limit && frozen && (await this.diskFull(containerId))) limit = { name: 'disk', value: job.diskMb };
      if (limit?.name === 'memory') ending = 'out-of-memory';
    }

    // `limit` as it stands when the outcome is made (reading the results below may add one).
    const outcome = (found: Pick<SandboxOutcome, 'result' | 'error' | 'outputs'>): SandboxOutcome => ({
      ending,
      exitCode,
      usage: this.usageOf(wallS, usage),
      stdout,
      stderr,
      ...found,
      limit,
      platformError,
    });
    const nothingRead = { result: null, error: null, outputs: { stored: 0, truncated: false } };
    if (ending !== 'exited' || !frozen || platformError !== null) return outcome(nothingRead);
    // Read side by side (each is a round trip through the engine's archive API), and all settled
    // before anything is reported: nothing may still be writing to the spool when this returns. What
    // the runner's summary carried (a small result, the error, the last progress line, no outputs)
    // needs no round trip.
    const resultCap = resultMaxBytes(job);
    const read = () =>
      settleAll([
        // The last progress line, which a short calculation may have written between two samples.
        summary
          ? Promise.resolve(summary.progress === null ? null : Buffer.from(summary.progress))
          : hooks.onProgress
            ? this.readFile(containerId, '/work/progress.jsonl', PROGRESS_MAX_BYTES).catch(() => null)
            : Promise.resolve(null),
        summary && !summary.resultInFile
          ? Promise.resolve(summarised(summary.result, resultCap))
          : this.readJson(containerId, '/work/result.json', resultCap),
        summary && !summary.errorInFile
          ? Promise.resolve(summarised(summary.error, ERROR_MAX_BYTES))
          : this.readJson(containerId, '/work/error.json', ERROR_MAX_BYTES),
        summary && !summary.outputs
          ? Promise.resolve({ stored: 0, overBytes: false, overCount: false })
          : this.collectOutputs(containerId, job.maxOutputBytes, hooks),
      ] as const);
    let found: Awaited<ReturnType<typeof read>>;
    try {
      // Read again from the start while the engine does not answer (an output copied out twice
      // replaces its first copy).
      found = await outage.retry('read the result and outputs', read, shutdown.signal);
    } catch (error) {
      if (!(error instanceof EngineUnreachableError) && !isEngineUnreachable(error)) throw error;
      platformError = `the code ended, but its result and output files could not be read: ${(error as Error).message}`;
      return outcome(nothingRead);
    }
    const [file, result, error, outputs] = found;
    const last = Buffer.isBuffer(file) ? file.toString('utf8').trimEnd().split('\n').at(-1)?.trim() : undefined;
    const parsed = last && last !== progressSeen.last ? parseProgress(last) : null;
    if (parsed) hooks.onProgress?.(parsed.fraction, parsed.message);
    if (result === TOO_LARGE) limit ??= { name: 'result-size', value: resultCap };
    if (outputs.overBytes) limit ??= { name: 'output-size', value: job.maxOutputBytes };
    if (outputs.overCount) limit ??= { name: 'output-files', value: this.settings.maxOutputFiles };
    clock.lap('collect');
    return outcome({
      result: result === TOO_LARGE ? null : result,
      error: error === TOO_LARGE ? null : (error as SandboxOutcome['error']),
      outputs: { stored: outputs.stored, truncated: outputs.overBytes || outputs.overCount },
    });
  }

  /**
   * Follows a sandbox's code again after the stream from it broke: waits for the engine (within the
   * outage window), then attaches anew, so that what the code writes from then on is kept, until the
   * runner's end is seen (PID 1's exit line, or the exit file it leaves, looked for every second in
   * case the line went by unseen). Null when `until` ends it first (a stop of ours, or the exit line);
   * throws when the sandbox is gone or the engine stays away.
   */
  private async rejoin(
    containerId: string,
    output: { stdout: Writable; stderr: Writable },
    until: AbortSignal,
    outage: EngineOutage,
  ): Promise<number | null> {
    const exit: { status: number | null } = { status: null };
    try {
      while (!until.aborted) {
        const state = await outage.retry('find the sandbox again', () => this.docker.state(containerId), until);
        if (!state?.running) throw new Error('the sandbox ended while the Docker engine could not be reached');
        exit.status = await outage.retry('read the exit status', () => this.runnerExit(containerId), until);
        if (exit.status !== null) return exit.status;
        const seen = new AbortController();
        const polling = (async () => {
          const either = AbortSignal.any([seen.signal, until]);
          while (!either.aborted) {
            await sleep(EXIT_FILE_POLL_MS, undefined, { signal: either }).catch(() => undefined);
            if (either.aborted) return;
            exit.status = await this.runnerExit(containerId).catch(() => null);
            if (exit.status !== null) seen.abort();
          }
        })();
        try {
          await outage.retry(
            'attach to the sandbox again',
            () => this.docker.attach(containerId, output, AbortSignal.any([until, seen.signal])),
            until,
          );
        } finally {
          seen.abort();
          await polling;
        }
        if (exit.status !== null) return exit.status;
        // The stream ended again without the runner's end: the engine went away again, or the sandbox.
      }
      return null;
    } catch (error) {
      if (until.aborted && !(error instanceof EngineUnreachableError)) return null;
      throw error;
    }
  }

  /** The runner's exit status as PID 1 left it in RUNNER_EXIT_FILE; null while there is none. */
  private async runnerExit(containerId: string): Promise<number | null> {
    const content = await this.readFile(containerId, RUNNER_EXIT_FILE, 64);
    if (!Buffer.isBuffer(content)) return null;
    const status = Number.parseInt(content.toString('utf8').trim(), 10);
    return Number.isInteger(status) ? status : null;
  }

  private usageOf(wallS: number, usage: ContainerStats | null): SandboxOutcome['usage'] {
    return { wallS, cpuS: usage ? usage.cpuTotalNs / 1e9 : null, peakMemoryBytes: usage?.memoryMaxUsageBytes ?? null };
  }

  /**
   * Which limit made the code fail, from the kernel's counters where the engine is local (OOM kills,
   * forks refused at the process limit), else from a SIGKILL with the memory at the cgroup's ceiling
   * and the process count at its limit (the engine's stats); the memory limit of one process (its
   * RLIMIT_DATA: MemoryError), the disk, the per-file size and the result size from the runner's exit
   * code (it sees ENOMEM, ENOSPC and EFBIG).
   */
  private limitHit(job: SandboxJob, exitCode: number | null, usage: ContainerUsage | null): LimitHit | null {
    const ceiling = memoryCeilingBytes(job);
    const oom =
      usage?.oomKills !== null && usage?.oomKills !== undefined
        ? usage.oomKills > 0
        : exitCode === EXIT_SIGKILL && (usage?.memoryMaxUsageBytes ?? 0) >= ceiling * 0.95;
    if (oom || exitCode === EXIT_MEMORY) return { name: 'memory', value: job.memoryMb };
    if ((usage?.pidsLimitHits ?? 0) > 0) return { name: 'pids', value: this.settings.pidsLimit };
    if (exitCode === EXIT_DISK_FULL) return { name: 'disk', value: job.diskMb };
    if (exitCode === EXIT_FILE_TOO_LARGE) return { name: 'output-size', value: job.maxOutputBytes };
    if (exitCode === EXIT_RESULT_TOO_LARGE) return { name: 'result-size', value: resultMaxBytes(job) };
    return null;
  }

  /** Whether a tmpfs of the frozen sandbox is full, seen from outside (a local engine); false when unknown. */
  private async diskFull(containerId: string): Promise<boolean> {
    const full = await this.docker.fullPaths(containerId, WRITABLE_PATHS).catch(() => null);
    return (full?.length ?? 0) > 0;
  }

  /**
   * Freezes the container (the engine's pause: the freezer cgroup, from outside). False when it
   * cannot be (the container died, e.g. its PID 1 was OOM-killed): it is then killed, and what it
   * held is lost with its tmpfs.
   */
  private async freeze(containerId: string, outage: EngineOutage, signal: AbortSignal): Promise<boolean> {
    try {
      await outage.retry('freeze the sandbox', () => this.docker.pause(containerId), signal);
      return true;
    } catch (error) {
      // Out of reach: nothing can be frozen or killed now (the reaper removes it once the engine is back).
      if (error instanceof EngineUnreachableError || isEngineUnreachable(error)) throw error;
      this.logger.warn({ err: error, containerId }, 'sandbox could not be paused; killing it');
      await this.docker.kill(containerId, 'SIGKILL').catch(() => undefined);
      return false;
    }
  }

  /**
   * Stops the code. A cancellation gets SIGTERM (PID 1 passes it on) and a grace period; then, as
   * for a timeout or a shutdown, the container is frozen from outside, so that its accounting and
   * files can still be read.
   */
  private async terminate(containerId: string, reason: 'timeout' | StopReason): Promise<void> {
    try {
      if (reason === 'cancel' && this.settings.killGraceS > 0) {
        await this.docker.kill(containerId, 'SIGTERM');
        await sleep(this.settings.killGraceS * 1000);
      }
      await this.docker.pause(containerId);
    } catch {
      await this.docker.kill(containerId, 'SIGKILL').catch(() => undefined);
    }
  }

  /**
   * While the code runs: the latest progress line every second, and engine stats samples (each
   * takes up to a second) in case the final accounting cannot be read. Reports nothing once stopped.
   * Resolves once no progress exec is in flight (stats samples, harmless to a pause, are not waited for).
   */
  private async monitor(
    containerId: string,
    hooks: SandboxHooks,
    signal: AbortSignal,
    progressSeen: { last: string },
    onStats: (stats: ContainerStats) => void,
  ): Promise<void> {
    const every = async (sample: () => Promise<void>) => {
      while (!signal.aborted) {
        await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) return;
        await sample().catch((error: Error) =>
          this.logger.debug({ err: error, containerId }, 'monitoring sample failed'),
        );
      }
    };
    const progress = async () => {
      const line = new CappedOutput(4096);
      const tail = ['tail', '-n', '1', '/work/progress.jsonl'];
      // Not cut short by the signal: the exec is waited for until it has ended (see quiesce).
      const ended = await Promise.race([
        this.docker.exec(containerId, tail, { stdout: line, stderr: new CappedOutput(0) }).then(() => true),
        sleep(PROGRESS_EXEC_MAX_MS).then(() => false),
      ]);
      if (!ended) this.logger.warn({ containerId }, 'progress sample still running');
      const text = line.text.trim();
      const parsed = text && text !== progressSeen.last ? parseProgress(text) : null;
      // Only what was reported counts as seen: a line read as the code ended is reported at the end.
      if (parsed && !signal.aborted) {
        progressSeen.last = text;
        hooks.onProgress?.(parsed.fraction, parsed.message);
      }
    };
    const stats = async () => {
      const sample = await this.docker.stats(containerId);
      if (sample && !signal.aborted) onStats(sample);
    };
    void every(stats);
    if (hooks.onProgress) await every(progress);
  }

  /** Small JSON files the runner writes: absent or not JSON → null; over `maxBytes` → TOO_LARGE. */
  private async readJson(containerId: string, path: string, maxBytes: number): Promise<unknown> {
    const content = await this.readFile(containerId, path, maxBytes);
    if (content === null || content === TOO_LARGE) return content;
    try {
      return JSON.parse(content.toString('utf8'));
    } catch {
      return null;
    }
  }

  /** A small regular file through the archive API: null when absent (or not a file), TOO_LARGE beyond `maxBytes`. */
  private async readFile(
    containerId: string,
    path: string,
    maxBytes: number,
  ): Promise<Buffer | typeof TOO_LARGE | null> {
    const archive = await this.docker.getArchive(containerId, path);
    if (!archive) return null;
    let content: Buffer | typeof TOO_LARGE | null = null;
    const extract = untar();
    extract.on('entry', (header, stream, next) => {
      if (header.type !== 'file' || (header.size ?? 0) > maxBytes) {
        if (header.type === 'file') content = TOO_LARGE;
        stream.resume();
        stream.on('end', next);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('end', () => {
        content = Buffer.concat(chunks);
        next();
      });
    });
    await pipeline(archive, extract);
    return content;
  }

  /**
   * Streams the regular files of /work/outputs to `onOutputFile`, within the count and byte budgets.
   * A file over the budget is never stored (one that reached the fsize ulimit was cut by the kernel).
   */
  private async collectOutputs(
    containerId: string,
    maxBytes: number,
    hooks: SandboxHooks,
  ): Promise<{ stored: number; overBytes: boolean; overCount: boolean }> {
    const archive = await this.docker.getArchive(containerId, '/work/outputs');
    let stored = 0;
    let bytes = 0;
    let files = 0;
    let overBytes = false;
    if (!archive) return { stored, overBytes, overCount: false };
    const extract = untar();
    extract.on('entry', (header, stream, next) => {
      const path = header.name.replace(/^outputs\/?/, '');
      const size = header.size ?? 0;
      const skip = () => {
        stream.resume();
        stream.on('end', next);
      };
      if (header.type !== 'file' || !path) return skip();
      files += 1;
      if (files > this.settings.maxOutputFiles) return skip();
      if (bytes + size > maxBytes) {
        overBytes = true;
        return skip();
      }
      if (!hooks.onOutputFile) return skip();
      stored += 1;
      bytes += size;
      hooks.onOutputFile(path, size, stream as unknown as Readable).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    await pipeline(archive, extract);
    return { stored, overBytes, overCount: files > this.settings.maxOutputFiles };
  }

  /** Inputs, under the inputs volume: the worker's (root's), readable by the sandbox user only. */
  private inputsArchive(job: SandboxJob): Readable {
    const archive = tar();
    void (async () => {
      try {
        for (const input of job.inputs) {
          const body = await input.open();
          const entry = archive.entry({ name: input.name, mode: 0o444, size: input.sizeBytes, uid: 0, gid: 0 });
          await pipeline(body, entry);
        }
        archive.finalize();
      } catch (error) {
        archive.destroy(error as Error);
      }
    })();
    return archive as unknown as Readable;
  }

  /** /work as a tar stream: code, parameters and an empty outputs folder (inputs go separately). */
  private workArchive(job: SandboxJob): Readable {
    const archive = tar();
    const owner = { uid: SANDBOX_UID, gid: SANDBOX_UID };
    archive.entry({ name: 'main.py', mode: 0o444, ...owner }, job.code);
    archive.entry({ name: 'params.json', mode: 0o444, ...owner }, JSON.stringify(job.parameters ?? {}));
    archive.entry({ name: 'outputs', type: 'directory', mode: 0o755, ...owner });
    archive.finalize();
    return archive as unknown as Readable;
  }
}

/** A value from the runner's summary, held to the same cap as the file it stands for. */
function summarised(field: RunnerSummary['result'], maxBytes: number): unknown {
  if (!field) return null;
  return Buffer.byteLength(JSON.stringify(field.value) ?? '') > maxBytes ? TOO_LARGE : field.value;
}

/** One line of /work/progress.jsonl, as retort.progress() writes it; anything else is ignored. */
export function parseProgress(line: string): { fraction: number; message: string | null } | null {
  try {
    const value = JSON.parse(line) as { fraction?: unknown; message?: unknown };
    const fraction = Number(value.fraction);
    if (!Number.isFinite(fraction)) return null;
    const message = typeof value.message === 'string' ? value.message.slice(0, 200) : null;
    return { fraction: Math.min(1, Math.max(0, fraction)), message };
  } catch {
    return null;
  }
}
