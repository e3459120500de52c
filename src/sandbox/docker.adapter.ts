import { Injectable } from '@nestjs/common';
import Docker from 'dockerode';
import { readFile, statfs } from 'node:fs/promises';
import { Duplex, PassThrough, Readable, Writable } from 'node:stream';
import { AppConfig } from '../config/app-config';

export interface ContainerStats {
  /** cgroup memory high-water mark (bytes). */
  memoryMaxUsageBytes: number;
  /** Total CPU time of every process the container has run (nanoseconds). */
  cpuTotalNs: number;
}

/** The kernel's accounting of a container, read from outside it. */
export interface ContainerUsage extends ContainerStats {
  /** Processes the memory cgroup's OOM killer killed; null when the engine does not say. */
  oomKills: number | null;
  /** Times a fork failed at the process limit; null when the engine does not say. */
  pidsLimitHits: number | null;
  /** Where the figures come from: the host's cgroup files, or the engine's stats API. */
  source: 'cgroup' | 'stats';
}

export interface LabelledContainer {
  id: string;
  /** Without the engine's leading slash. */
  name: string;
  labels: Record<string, string>;
  createdAt: Date;
  running: boolean;
}

export interface ExecOutput {
  stdout: Writable;
  stderr: Writable;
  /** Called once the engine has the process running (or already ended): no `runc init` is left. */
  onStarted?: () => void;
  /** Variables added to the container's own for this process (`NAME=value`). */
  env?: string[];
}

/** How the worker starts an image's runner. */
export interface ImageRunner {
  /** The image's entrypoint and command. */
  command: string[];
  /** The runner takes its job on stdin and ends stdout with a summary (label `io.retort.runner.protocol`). */
  jobOnStdin: boolean;
}

const RUNNER_PROTOCOL_LABEL = 'io.retort.runner.protocol';

/** The resource limits the engine can change on a running container (`docker update`). */
export interface UpdatableLimits {
  memoryBytes: number;
  /** Memory plus swap; equal to memoryBytes for no swap. */
  memorySwapBytes: number;
  nanoCpus: number;
  pidsLimit: number;
}

// A tmpfs with less room than this left (or a sixteenth of a small one) is full: the next write fails.
const FULL_FREE_BYTES = 1024 * 1024;

/**
 * The accounting in one answer of the engine's stats API. OOM kills are not in it; the process limit
 * was hit when as many processes as it allows are there (read frozen, after the code ended: a fork
 * that failed at the limit leaves the count there, where nothing ends the processes it kept).
 */
export function usageOfStats(stats: Docker.ContainerStats): ContainerUsage | null {
  const cpu = stats.cpu_stats?.cpu_usage?.total_usage ?? 0;
  const memory = stats.memory_stats ?? {};
  if (!memory.limit && !cpu) return null;
  const pids = stats.pids_stats;
  const pidsLimitHits =
    pids?.current !== undefined && pids.limit !== undefined && pids.limit > 0
      ? Number(pids.current >= pids.limit)
      : null;
  return {
    memoryMaxUsageBytes: memory.max_usage ?? memory.usage ?? 0,
    cpuTotalNs: cpu,
    oomKills: null,
    pidsLimitHits,
    source: 'stats',
  };
}

const statusOf = (error: unknown): number | undefined => (error as { statusCode?: number }).statusCode;

const TRANSPORT_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOENT',
  'EAI_AGAIN',
]);

/**
 * Whether an error of this adapter means the engine could not be reached (no answer at all: refused,
 * reset, a socket that is gone), rather than an answer of the engine (which carries a status code).
 */
export function isEngineUnreachable(error: unknown): boolean {
  if (!error || typeof error !== 'object' || statusOf(error) !== undefined) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && TRANSPORT_ERRORS.has(code)) ||
    (typeof message === 'string' && /socket hang up|connect ECONNREFUSED|read ECONNRESET/.test(message))
  );
}

/** What the engine says of a container: null once it is gone. */
export interface ContainerState {
  running: boolean;
  paused: boolean;
}

/**
 * The only door to the Docker engine (local socket or a remote engine given by DOCKER_HOST). Thin
 * wrappers over dockerode: no policy here, see sandbox/ for what a sandbox is.
 */
@Injectable()
export class DockerAdapter {
  private readonly docker: Docker;
  private readonly runners = new Map<string, ImageRunner>();
  private readonly connection: AppConfig['docker'];

  constructor(config: AppConfig) {
    this.connection = config.docker;
    this.docker = new Docker(config.docker);
  }

  /** The engine's version; throws when it does not answer. */
  async version(): Promise<{ version: string; apiVersion: string }> {
    const info = await this.docker.version();
    return { version: info.Version, apiVersion: info.ApiVersion };
  }

  /** Whether an image is present on the engine (the sandbox never pulls at run time). */
  async hasImage(reference: string): Promise<boolean> {
    try {
      await this.docker.getImage(reference).inspect();
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  /** The image's content-addressed id (`sha256:…`): what exactly runs, whatever its tag says now. */
  async imageId(reference: string): Promise<string> {
    return (await this.docker.getImage(reference).inspect()).Id;
  }

  /** The image's own command (ENTRYPOINT followed by CMD); cached, images being immutable by tag here. */
  async imageRunner(reference: string): Promise<ImageRunner> {
    let runner = this.runners.get(reference);
    if (!runner) {
      const image = await this.docker.getImage(reference).inspect();
      runner = {
        command: [...(image.Config.Entrypoint ?? []), ...(image.Config.Cmd ?? [])],
        jobOnStdin: image.Config.Labels?.[RUNNER_PROTOCOL_LABEL] === 'stdin-job',
      };
      this.runners.set(reference, runner);
    }
    return runner;
  }

  async create(options: Docker.ContainerCreateOptions): Promise<string> {
    const container = await this.docker.createContainer(options);
    return container.id;
  }

  /** Extracts a tar stream at `path` inside the container (the Docker archive API; no bind mount). */
  async putArchive(id: string, path: string, tar: Readable): Promise<void> {
    await this.docker.getContainer(id).putArchive(tar, { path });
  }

  /** A tar stream of `path` inside the container, or null when there is nothing there. */
  async getArchive(id: string, path: string): Promise<Readable | null> {
    try {
      return (await this.docker.getContainer(id).getArchive({ path })) as Readable;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  /** Changes a running container's limits, then reads back what the engine now holds. */
  async updateLimits(id: string, limits: UpdatableLimits): Promise<UpdatableLimits> {
    const container = this.docker.getContainer(id);
    await container.update({
      Memory: limits.memoryBytes,
      MemorySwap: limits.memorySwapBytes,
      NanoCpus: limits.nanoCpus,
      PidsLimit: limits.pidsLimit,
    });
    const { HostConfig } = await container.inspect();
    return {
      memoryBytes: HostConfig.Memory ?? 0,
      memorySwapBytes: HostConfig.MemorySwap ?? 0,
      nanoCpus: HostConfig.NanoCpus ?? 0,
      pidsLimit: HostConfig.PidsLimit ?? 0,
    };
  }

  async rename(id: string, name: string): Promise<void> {
    await this.docker.getContainer(id).rename({ name });
  }

  async start(id: string): Promise<void> {
    await this.docker.getContainer(id).start();
  }

  /**
   * Runs a command inside a running container, streaming its stdout and stderr into `output`;
   * resolves with its exit code, as the engine reports it.
   */
  async exec(id: string, command: string[], output: ExecOutput, signal?: AbortSignal): Promise<number | null> {
    const exec = await this.docker.getContainer(id).exec({
      Cmd: command,
      AttachStdout: true,
      AttachStderr: true,
      WorkingDir: '/work',
      Env: output.env,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    if (output.onStarted) void this.whenStarted(exec, output.onStarted);
    await this.relay(stream, output, signal);
    // The stream ends a moment before the engine records the exit code.
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const state = await exec.inspect();
      if (!state.Running) return state.ExitCode ?? null;
      if (signal?.aborted) return null;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return null;
  }

  /**
   * Writes `stdin` (when given) to a container's stdin (PID 1's, and what it started on it), then
   * streams the container's stdout and stderr to `output` until `until` is aborted (by whoever reads
   * the output and sees the end) or the container's streams end. Without `stdin`, it follows what the
   * container writes from now on (after a broken attach, say).
   */
  async attach(
    id: string,
    output: { stdout: Writable; stderr: Writable; stdin?: Buffer },
    until: AbortSignal,
  ): Promise<void> {
    const stream = await this.docker.getContainer(id).attach({
      stream: true,
      stdin: output.stdin !== undefined,
      stdout: true,
      stderr: true,
      hijack: true,
    });
    // Not closed after: not every path to an engine (a TCP proxy) carries a half-close. The runner
    // reads one line and gives the code an empty stdin; the container's stdin closes when this
    // attach ends (StdinOnce).
    if (output.stdin !== undefined) stream.write(output.stdin);
    try {
      await this.relay(stream, output, until);
    } finally {
      (stream as unknown as Duplex).destroy();
    }
  }

  /**
   * Demultiplexes a hijacked stream's stdout and stderr into `output` until the stream ends, fails
   * or `signal` is aborted; `output`'s writables are never ended (their owners read them after).
   */
  private async relay(
    stream: NodeJS.ReadWriteStream,
    output: { stdout: Writable; stderr: Writable },
    signal?: AbortSignal,
  ): Promise<void> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.pipe(output.stdout, { end: false });
    stderr.pipe(output.stderr, { end: false });
    this.docker.modem.demuxStream(stream, stdout, stderr);
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      stream.once('end', done);
      stream.once('close', done);
      stream.on('error', done);
      signal?.addEventListener('abort', done, { once: true });
      if (signal?.aborted) done();
    });
    stdout.unpipe(output.stdout);
    stderr.unpipe(output.stderr);
  }

  private async whenStarted(exec: Docker.Exec, onStarted: () => void): Promise<void> {
    for (let attempt = 0; attempt < 250; attempt += 1) {
      const state = await exec.inspect().catch(() => null);
      if (state && (state.Running || state.ExitCode !== null)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    onStarted();
  }

  /** A one-shot reading of the container's cgroup accounting; null once the container has stopped. */
  async stats(id: string): Promise<ContainerStats | null> {
    const usage = usageOfStats(await this.docker.getContainer(id).stats({ stream: false, 'one-shot': true }));
    return usage && { memoryMaxUsageBytes: usage.memoryMaxUsageBytes, cpuTotalNs: usage.cpuTotalNs };
  }

  /**
   * Which of `paths` inside a container (each a tmpfs of it) are full, or nearly: read from the host
   * through its init process's root while it is frozen, where the engine is local. Null when this
   * cannot be told (a remote engine, or a worker in another PID namespace).
   */
  async fullPaths(id: string, paths: string[]): Promise<string[] | null> {
    if (!this.local) return null;
    const pid = (await this.docker.getContainer(id).inspect()).State.Pid;
    if (!pid || !(await readFile(`/proc/${pid}/cgroup`, 'utf8')).includes(id)) return null;
    const full: string[] = [];
    for (const path of paths) {
      const fs = await statfs(`/proc/${pid}/root${path}`).catch(() => null);
      if (fs && fs.blocks > 0 && fs.bavail * fs.bsize < Math.min(FULL_FREE_BYTES, (fs.blocks * fs.bsize) / 16)) {
        full.push(path);
      }
    }
    return full;
  }

  /**
   * The container's accounting, from outside every process of it: the host's cgroup files when the
   * engine is on this host (its container's cgroup found through the init process in /proc),
   * otherwise the engine's stats API in one-shot mode. Null when neither answers.
   */
  async usage(id: string): Promise<ContainerUsage | null> {
    const fromCgroup = this.local ? await this.cgroupUsage(id).catch(() => null) : null;
    if (fromCgroup) return fromCgroup;
    const stats = await this.docker
      .getContainer(id)
      .stats({ stream: false, 'one-shot': true })
      .catch(() => null);
    return stats ? usageOfStats(stats) : null;
  }

  private get local(): boolean {
    return 'socketPath' in this.connection;
  }

  private async cgroupUsage(id: string): Promise<ContainerUsage | null> {
    const pid = (await this.docker.getContainer(id).inspect()).State.Pid;
    if (!pid) return null;
    // "<n>:<controllers>:<path>" per hierarchy (cgroup v1), or "0::<path>" (v2). A /proc of another
    // PID namespace (the worker in a container) would name another process: the path must be this
    // container's.
    const lines = (await readFile(`/proc/${pid}/cgroup`, 'utf8')).trim().split('\n');
    const pathOf = (controller: string) =>
      lines.map((line) => line.split(':')).find(([, controllers]) => controllers.split(',').includes(controller))?.[2];
    const read = (path: string) => readFile(path, 'utf8');
    const field = (text: string, name: string) => {
      const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
      return match ? Number(match[1]) : null;
    };
    const memoryPath = pathOf('memory');
    if (memoryPath !== undefined) {
      if (!memoryPath.includes(id)) return null;
      const root = '/sys/fs/cgroup';
      const [peak, cpu, oom, pids] = await Promise.all([
        read(`${root}/memory${memoryPath}/memory.max_usage_in_bytes`),
        read(`${root}/cpuacct${pathOf('cpuacct') ?? memoryPath}/cpuacct.usage`),
        read(`${root}/memory${memoryPath}/memory.oom_control`),
        read(`${root}/pids${pathOf('pids') ?? memoryPath}/pids.events`).catch(() => ''),
      ]);
      return {
        memoryMaxUsageBytes: Number(peak),
        cpuTotalNs: Number(cpu),
        oomKills: field(oom, 'oom_kill'),
        pidsLimitHits: field(pids, 'max'),
        source: 'cgroup',
      };
    }
    const unified = lines.find((line) => line.startsWith('0::'))?.slice(3);
    if (unified === undefined || !unified.includes(id)) return null;
    const dir = `/sys/fs/cgroup${unified}`;
    const [peak, cpu, events, pids] = await Promise.all([
      read(`${dir}/memory.peak`),
      read(`${dir}/cpu.stat`),
      read(`${dir}/memory.events`),
      read(`${dir}/pids.events`).catch(() => ''),
    ]);
    const usec = field(cpu, 'usage_usec');
    if (usec === null) return null;
    return {
      memoryMaxUsageBytes: Number(peak),
      cpuTotalNs: usec * 1000,
      oomKills: field(events, 'oom_kill'),
      pidsLimitHits: field(pids, 'max'),
      source: 'cgroup',
    };
  }

  /** Freezes every process of a container (the engine's pause); a paused one stays paused. */
  async pause(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).pause();
    } catch (error) {
      if (statusOf(error) === 409 && (await this.isPaused(id))) return;
      throw error;
    }
  }

  /**
   * Thaws a frozen container. Someone else (another remover, the reaper) may thaw it meanwhile: only
   * a container still frozen after this attempt is an error.
   */
  private async thaw(id: string): Promise<void> {
    if (!(await this.isPaused(id))) return;
    await this.docker
      .getContainer(id)
      .unpause()
      .catch(() => undefined);
    if (await this.isPaused(id)) throw new Error(`sandbox ${id} could not be thawed`);
  }

  private async isPaused(id: string): Promise<boolean> {
    try {
      return (await this.docker.getContainer(id).inspect()).State.Paused;
    } catch {
      return false;
    }
  }

  /**
   * Sends a signal; a container that is gone or not running is not an error. A frozen container is
   * thawed first (a signal to frozen processes is only delivered once thawed; the engine can wedge).
   */
  async kill(id: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    await this.thaw(id);
    try {
      await this.docker.getContainer(id).kill({ signal });
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 409) return;
      throw error;
    }
  }

  /**
   * Removes a container and its anonymous volumes, running, paused or not; idempotent. A paused
   * container is thawed first: killing a frozen one can wedge the engine.
   */
  async remove(id: string): Promise<void> {
    await this.thaw(id);
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 409) return;
      throw error;
    }
  }

  /** Whether the container is there, running, frozen; null when the engine no longer has it. */
  async state(id: string): Promise<ContainerState | null> {
    try {
      const { State } = await this.docker.getContainer(id).inspect();
      return { running: State.Running, paused: State.Paused };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async isRunning(id: string): Promise<boolean> {
    try {
      return (await this.docker.getContainer(id).inspect()).State.Running;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  /** Containers (running, paused or not) carrying a label. */
  async listByLabel(label: string): Promise<LabelledContainer[]> {
    return this.list({ label: [label] });
  }

  /** The container (running, paused or not) of this exact name, if any. */
  async findByName(name: string): Promise<LabelledContainer[]> {
    // The engine's filter matches part of a name: keep the exact one.
    return (await this.list({ name: [name] })).filter((container) => container.name === name);
  }

  private async list(filters: Record<string, string[]>): Promise<LabelledContainer[]> {
    const containers = await this.docker.listContainers({ all: true, filters });
    return containers.map((container) => ({
      id: container.Id,
      name: (container.Names[0] ?? '').replace(/^\//, ''),
      labels: container.Labels,
      createdAt: new Date(container.Created * 1000),
      running: container.State === 'running',
    }));
  }
}
