import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { extract as untar, pack as tar } from 'tar-stream';
import { AppConfig, SandboxConfig } from '../config/app-config';
import { CappedOutput } from './capped-output';
import { SANDBOX_UID, sandboxContainerOptions } from './container-spec';
import { ContainerStats, DockerAdapter } from './docker.adapter';

export interface SandboxInput {
  /** File name under /work/inputs. */
  name: string;
  sizeBytes: number;
  open(): Promise<Readable>;
}

export interface SandboxJob {
  calculationId: string;
  workerId: string;
  image: string;
  code: string;
  parameters: unknown;
  inputs: SandboxInput[];
  memoryMb: number;
  cpus: number;
  timeoutS: number;
  maxOutputBytes: number;
  network: boolean;
}

export interface SandboxHooks {
  /** The sandbox is ready and the code is about to start: false stops here (nothing has run). */
  beforeStart?(): Promise<boolean>;
  onProgress?(fraction: number, message: string | null): void;
  onLog?(stream: 'stdout' | 'stderr', text: string): void;
  /** Stores one output file; must consume `content`. */
  onOutputFile?(path: string, sizeBytes: number, content: Readable): Promise<void>;
}

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
}

/** Thrown when the sandbox could not be prepared (engine or storage trouble): nothing ran, retry. */
export class SandboxInfrastructureError extends Error {}

const RESULT_MAX_BYTES = 16 * 1024 * 1024;
// Run once the code has ended: kills whatever it left running, then prints the sandbox's cgroup
// accounting ("<peak memory bytes> <CPU ns>", cgroup v1 or v2), how many entries /work/outputs has,
// and the runner's one-line error.json and result.json.
const READ_AFTER_RUN = [
  'kill -KILL -1 2>/dev/null',
  'if [ -r /sys/fs/cgroup/memory/memory.max_usage_in_bytes ]; then',
  '  echo "$(cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes) $(cat /sys/fs/cgroup/cpuacct/cpuacct.usage)"',
  'else',
  '  echo "$(cat /sys/fs/cgroup/memory.peak) $(sed -n \'s/^usage_usec //p\' /sys/fs/cgroup/cpu.stat)000"',
  'fi',
  'echo "outputs $(ls -A /work/outputs 2>/dev/null | wc -l)"',
  '[ -f /work/error.json ] && { printf "error "; head -c 65536 /work/error.json; echo; }',
  `[ -f /work/result.json ] && { printf "result "; head -c ${RESULT_MAX_BYTES + 1} /work/result.json; echo; }`,
  'exit 0',
].join('\n');

interface AfterRun {
  stats: ContainerStats;
  outputEntries: number;
  result: unknown;
  error: SandboxOutcome['error'];
}
const POLL_MS = 1000;
// The engine reports SIGKILL as 128 + 9.
const EXIT_SIGKILL = 137;

/**
 * Runs code in one fresh container: prepares /work through the archive API, executes the image's
 * runner beside an idle PID 1, enforces the wall clock, reads usage from the engine's cgroup
 * accounting, collects result, logs and output files, and always removes the container.
 */
@Injectable()
export class SandboxRunner {
  private readonly logger = new Logger(SandboxRunner.name);
  private readonly settings: SandboxConfig;

  constructor(
    private readonly docker: DockerAdapter,
    config: AppConfig,
  ) {
    this.settings = config.sandbox;
  }

  /** The outcome, or null when `beforeStart` declined to start the code. */
  async run(job: SandboxJob, hooks: SandboxHooks = {}, signal?: AbortSignal): Promise<SandboxOutcome | null> {
    let containerId: string | undefined;
    try {
      const command = await this.docker.imageCommand(job.image);
      containerId = await this.docker.create(
        sandboxContainerOptions({
          calculationId: job.calculationId,
          workerId: job.workerId,
          image: job.image,
          memoryMb: job.memoryMb,
          cpus: job.cpus,
          pidsLimit: this.settings.pidsLimit,
          tmpfsMb: this.settings.tmpfsMb,
          maxOutputBytes: job.maxOutputBytes,
          network: job.network,
        }),
      );
      // /work is a volume: the archive API can fill it while the container starts.
      await Promise.all([
        this.docker.putArchive(containerId, '/work', this.workArchive(job)),
        this.docker.start(containerId),
      ]);
      if (hooks.beforeStart && !(await hooks.beforeStart())) return null;
      return await this.execute(containerId, command, job, hooks, signal);
    } catch (error) {
      if (error instanceof SandboxInfrastructureError) throw error;
      // Anything before the code started is the platform's problem, and safe to retry.
      if (!(error as { codeStarted?: boolean }).codeStarted) {
        throw Object.assign(new SandboxInfrastructureError((error as Error).message), { cause: error });
      }
      throw error;
    } finally {
      // Off the critical path: the outcome is recorded while the engine removes the container. A
      // removal that fails leaves it to the reaper.
      if (containerId) {
        const id = containerId;
        void this.docker
          .remove(id)
          .catch((error: Error) => this.logger.warn({ err: error, id }, 'sandbox not removed'));
      }
    }
  }

  private async execute(
    containerId: string,
    command: string[],
    job: SandboxJob,
    hooks: SandboxHooks,
    signal?: AbortSignal,
  ): Promise<SandboxOutcome> {
    const stdout = new CappedOutput(this.settings.logMaxBytes, (text) => hooks.onLog?.('stdout', text));
    const stderr = new CappedOutput(this.settings.logMaxBytes, (text) => hooks.onLog?.('stderr', text));
    const stopped = new AbortController();
    let stopReason: 'timeout' | StopReason | null = null;
    const stop = (reason: 'timeout' | StopReason) => {
      if (stopReason) return;
      stopReason = reason;
      void this.terminate(containerId, reason).finally(() => stopped.abort());
    };
    const timer = setTimeout(() => stop('timeout'), job.timeoutS * 1000);
    const onAbort = () => stop(signal?.reason === 'shutdown' ? 'shutdown' : 'cancel');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let lastStats: ContainerStats | null = null;
    const monitoring = this.monitor(containerId, hooks, stopped.signal, (stats) => (lastStats = stats));

    const started = process.hrtime.bigint();
    let exitCode: number | null;
    try {
      exitCode = await this.docker.exec(containerId, command, { stdout, stderr }, stopped.signal);
    } catch (error) {
      throw Object.assign(error as Error, { codeStarted: true });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const wallS = Number(process.hrtime.bigint() - started) / 1e9;
    stopped.abort();
    // Not awaited: a stats sample in flight may take up to a second; the monitor reports nothing
    // once stopped.
    void monitoring;
    // The container outlives the code: its cgroup holds the exact totals (unless it had to be killed).
    const after = await this.readAfterRun(containerId);
    const stats = after?.stats ?? (await this.docker.stats(containerId).catch(() => null)) ?? lastStats;
    const peakMemoryBytes = stats?.memoryMaxUsageBytes ?? null;
    const memoryLimit = job.memoryMb * 1024 * 1024;

    let ending: SandboxEnding = 'exited';
    if (stopReason === 'timeout') ending = 'timed-out';
    else if (stopReason === 'cancel') ending = 'cancelled';
    else if (stopReason === 'shutdown') ending = 'shutdown';
    else if (exitCode === EXIT_SIGKILL && peakMemoryBytes !== null && peakMemoryBytes >= memoryLimit * 0.95) {
      // Killed by nobody but the kernel, with the cgroup at its limit: the OOM killer.
      ending = 'out-of-memory';
    }

    const finished = ending === 'exited';
    const noOutputs = { stored: 0, truncated: false };
    const [result, error, outputs] = !finished
      ? [null, null, noOutputs]
      : after
        ? [
            after.result,
            after.error,
            after.outputEntries > 0 ? await this.collectOutputs(containerId, job.maxOutputBytes, hooks) : noOutputs,
          ]
        : await Promise.all([
            this.readJson(containerId, '/work/result.json'),
            this.readJson(containerId, '/work/error.json') as Promise<SandboxOutcome['error']>,
            this.collectOutputs(containerId, job.maxOutputBytes, hooks),
          ]);
    return {
      ending,
      exitCode,
      usage: { wallS, cpuS: stats ? stats.cpuTotalNs / 1e9 : null, peakMemoryBytes },
      stdout,
      stderr,
      result,
      error,
      outputs,
    };
  }

  /**
   * After the code: the kernel's cgroup accounting of the sandbox (peak memory, total CPU time), read
   * once every process of the sandbox user is gone (the read kills any the code left behind), by the
   * image's own read-only shell, from the read-only cgroup filesystem: nothing the code could write
   * or fake. The same exec reads the runner's result and error files and counts the outputs, which
   * saves three archive round trips on every calculation. Null when it cannot run (e.g. the process
   * table is still full); the caller then falls back to the engine's stats API and the archive API.
   */
  private async readAfterRun(containerId: string): Promise<AfterRun | null> {
    const output = new CappedOutput(RESULT_MAX_BYTES + 70_000);
    const exitCode = await Promise.race([
      this.docker.exec(containerId, ['/bin/sh', '-c', READ_AFTER_RUN], { stdout: output, stderr: new CappedOutput(0) }),
      sleep(5000).then(() => null),
    ]).catch(() => null);
    if (exitCode !== 0 || output.truncated) return null;
    const lines = output.text.split('\n');
    const [memory, cpu] = (lines[0] ?? '').trim().split(/\s+/).map(Number);
    const outputs = /^outputs (\d+)$/.exec(lines[1] ?? '');
    if (!Number.isFinite(memory) || !Number.isFinite(cpu) || memory <= 0 || !outputs) return null;
    const json = (prefix: string): unknown => {
      const line = lines.find((candidate) => candidate.startsWith(prefix));
      if (line === undefined) return null;
      try {
        return JSON.parse(line.slice(prefix.length));
      } catch {
        return null;
      }
    };
    return {
      stats: { memoryMaxUsageBytes: memory, cpuTotalNs: cpu },
      outputEntries: Number(outputs[1]),
      result: json('result '),
      error: json('error ') as SandboxOutcome['error'],
    };
  }

  /**
   * Stops the code. A cancellation gets SIGTERM (PID 1 passes it on) and a grace period; a timeout
   * or a shutdown gets SIGKILL for every process but PID 1, so that the accounting can still be read;
   * if even that cannot start (the process table is full), the whole container is killed.
   */
  private async terminate(containerId: string, reason: 'timeout' | StopReason): Promise<void> {
    try {
      if (reason === 'cancel' && this.settings.killGraceS > 0) {
        await this.docker.kill(containerId, 'SIGTERM');
        await sleep(this.settings.killGraceS * 1000);
      }
      const discard = new CappedOutput(0);
      const killed = await Promise.race([
        this.docker.exec(containerId, ['kill', '-KILL', '-1'], { stdout: discard, stderr: discard }),
        sleep(3000).then(() => null),
      ]);
      if (killed === null) await this.docker.kill(containerId, 'SIGKILL');
    } catch {
      await this.docker.kill(containerId, 'SIGKILL').catch(() => undefined);
    }
  }

  /**
   * While the code runs: the latest progress line every second, and engine stats samples (each
   * takes up to a second) in case the final accounting cannot be read. Reports nothing once stopped.
   */
  private async monitor(
    containerId: string,
    hooks: SandboxHooks,
    signal: AbortSignal,
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
    let lastProgress = '';
    const progress = async () => {
      const line = new CappedOutput(4096);
      const tail = ['tail', '-n', '1', '/work/progress.jsonl'];
      await this.docker.exec(containerId, tail, { stdout: line, stderr: new CappedOutput(0) }, signal);
      const text = line.text.trim();
      const parsed = text && text !== lastProgress ? parseProgress(text) : null;
      lastProgress = text;
      if (parsed && !signal.aborted) hooks.onProgress?.(parsed.fraction, parsed.message);
    };
    const stats = async () => {
      const sample = await this.docker.stats(containerId);
      if (sample && !signal.aborted) onStats(sample);
    };
    await Promise.all([hooks.onProgress ? every(progress) : Promise.resolve(), every(stats)]);
  }

  /** Small JSON files the runner writes; absent → null; too big or not JSON → an explanatory error. */
  private async readJson(containerId: string, path: string): Promise<unknown> {
    const archive = await this.docker.getArchive(containerId, path);
    if (!archive) return null;
    let content: Buffer | null = null;
    const extract = untar();
    extract.on('entry', (header, stream, next) => {
      if (header.type !== 'file' || (header.size ?? 0) > RESULT_MAX_BYTES) {
        content = Buffer.from(JSON.stringify({ error: `${path} is not a file of at most ${RESULT_MAX_BYTES} bytes` }));
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
    if (content === null) return null;
    try {
      return JSON.parse((content as Buffer).toString('utf8'));
    } catch {
      return null;
    }
  }

  /** Streams the regular files of /work/outputs to `onOutputFile`, within the count and byte budgets. */
  private async collectOutputs(
    containerId: string,
    maxBytes: number,
    hooks: SandboxHooks,
  ): Promise<{ stored: number; truncated: boolean }> {
    const archive = await this.docker.getArchive(containerId, '/work/outputs');
    if (!archive || !hooks.onOutputFile) {
      archive?.resume();
      return { stored: 0, truncated: false };
    }
    let stored = 0;
    let bytes = 0;
    let truncated = false;
    const extract = untar();
    extract.on('entry', (header, stream, next) => {
      const path = header.name.replace(/^outputs\/?/, '');
      const size = header.size ?? 0;
      const fits = stored < this.settings.maxOutputFiles && bytes + size <= maxBytes;
      if (header.type !== 'file' || !path) {
        stream.resume();
        stream.on('end', next);
        return;
      }
      if (!fits) {
        truncated = true;
        stream.resume();
        stream.on('end', next);
        return;
      }
      stored += 1;
      bytes += size;
      hooks.onOutputFile!(path, size, stream as unknown as Readable).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    await pipeline(archive, extract);
    return { stored, truncated };
  }

  /** /work as a tar stream: code, parameters, inputs streamed one after another, never whole. */
  private workArchive(job: SandboxJob): Readable {
    const archive = tar();
    const owner = { uid: SANDBOX_UID, gid: SANDBOX_UID };
    void (async () => {
      try {
        archive.entry({ name: 'main.py', mode: 0o444, ...owner }, job.code);
        archive.entry({ name: 'params.json', mode: 0o444, ...owner }, JSON.stringify(job.parameters ?? {}));
        archive.entry({ name: 'inputs', type: 'directory', mode: 0o755, ...owner });
        archive.entry({ name: 'outputs', type: 'directory', mode: 0o755, ...owner });
        for (const input of job.inputs) {
          const body = await input.open();
          const entry = archive.entry({ name: `inputs/${input.name}`, mode: 0o444, size: input.sizeBytes, ...owner });
          await pipeline(body, entry);
        }
        archive.finalize();
      } catch (error) {
        archive.destroy(error as Error);
      }
    })();
    return archive as unknown as Readable;
  }
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
