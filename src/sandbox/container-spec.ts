import type { ContainerCreateOptions } from 'dockerode';
import { resultMaxBytes, SandboxResources } from '../common/sandbox-limits';
import seccompProfile from './seccomp-profile.json';

export const SANDBOX_UID = 10001;
export const LABEL_CALCULATION = 'retort.calculation';
export const LABEL_WORKER = 'retort.worker';
/** The installation (its queue prefix): a worker reaps only its own installation's sandboxes. */
export const LABEL_INSTALLATION = 'retort.installation';
/** On a sandbox started ahead of time by a worker's warm pool (it carries no calculation label). */
export const LABEL_WARM = 'retort.warm';

/** A sandbox's name: warm ones are renamed to it when a calculation takes them. */
export const sandboxName = (calculationId: string): string => `retort-calc-${calculationId}`;

export interface SandboxRequest {
  calculationId: string;
  workerId: string;
  installation: string;
  image: string;
  memoryMb: number;
  cpus: number;
  pidsLimit: number;
  tmpfsMb: number;
  /** Everything the code can write: /work, /tmp and /dev/shm together. */
  diskMb: number;
  maxOutputBytes: number;
  /** Largest result.json the runner writes (it exits 4 beyond). */
  resultMaxBytes: number;
  network: boolean;
  /**
   * The image's runner, when it takes its job on stdin: PID 1 starts it with the sandbox, waiting for
   * its job, so that its interpreter is up before the calculation comes (see KEEPER_WITH_RUNNER).
   * Null or absent: the runner is started through `docker exec` once the files are in.
   */
  runner?: string[] | null;
}

/**
 * Docker's default seccomp profile (moby/profiles, seccomp/default.json) without the calls that let
 * one process read, write or take over another: ptrace, process_vm_readv/writev, kcmp, pidfd_getfd,
 * process_madvise. They return EPERM, like every call the profile does not allow.
 */
export const SECCOMP_PROFILE = JSON.stringify(seccompProfile);

/**
 * How the disk limit is shared: /dev/shm and /tmp get a slice each (at most 64 MB, and at most
 * SANDBOX_TMPFS_MB or a quarter), /work the rest. Every part is a tmpfs with a size: the kernel
 * refuses a write beyond it (ENOSPC), however many files it is spread over.
 */
export function diskBudget(diskMb: number, tmpfsMb: number): { workMb: number; tmpMb: number; shmMb: number } {
  const shmMb = Math.min(64, Math.max(1, Math.floor(diskMb / 16)));
  const tmpMb = Math.min(tmpfsMb, Math.max(1, Math.floor(diskMb / 4)));
  return { workMb: Math.max(1, diskMb - shmMb - tmpMb), tmpMb, shmMb };
}

/**
 * PID 1 of a sandbox: it only waits. The code runs beside it through `docker exec`, so that the
 * container (and its cgroup accounting) outlives the code long enough to be read from outside. On
 * SIGTERM it passes the signal to every other process of the sandbox user.
 */
export const KEEPER = `trap 'kill -TERM -1 2>/dev/null' TERM; while :; do sleep 3600 & wait $!; done`;

/** Where PID 1 leaves the runner's exit status, for a worker whose attach broke before the exit line came. */
export const RUNNER_EXIT_FILE = '/work/.retort-exit';

/**
 * PID 1 of a sandbox whose runner takes its job on stdin: as KEEPER, but it first starts the runner
 * (its arguments) on the sandbox's stdin, which the worker attaches to and writes the job to. When
 * the runner ends, PID 1 writes its exit status to RUNNER_EXIT_FILE (read only when the worker lost
 * the stream: the code could write it too, which only ends its own calculation sooner) and says so on
 * stdout (`\x1eRETORT-EXIT <status>`), then only waits: the container outlives the code, so its
 * accounting can be read from outside. (dash gives a background job /dev/null as stdin unless it is
 * redirected from another descriptor: hence fd 3.)
 */
export const KEEPER_WITH_RUNNER =
  `trap 'kill -TERM -1 2>/dev/null' TERM; exec 3<&0; "$@" <&3 3<&- & wait $!; s=$?; ` +
  `echo $s 2>/dev/null >${RUNNER_EXIT_FILE}; ` +
  `printf '\\036RETORT-EXIT %d\\n' $s; while :; do sleep 3600 & wait $!; done`;

export function threadHints(cpus: number): string[] {
  const threads = String(Math.max(1, Math.ceil(cpus)));
  return ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'NUMEXPR_NUM_THREADS'].map(
    (name) => `${name}=${threads}`,
  );
}

/**
 * The variables a sandbox's code gets: thread hints for its CPU limit, its result cap, and its memory
 * limit (the runner makes it every process's data-segment limit, RLIMIT_DATA, before the code runs).
 */
export function sandboxEnv(request: Pick<SandboxRequest, 'cpus' | 'resultMaxBytes' | 'memoryMb'>): string[] {
  return [
    ...threadHints(request.cpus),
    `RETORT_RESULT_MAX_BYTES=${request.resultMaxBytes}`,
    `RETORT_MEMORY_LIMIT_MB=${request.memoryMb}`,
  ];
}

/** Room in the memory cgroup beyond the memory and disk limits: the interpreter, page tables, kernel stacks. */
export const MEMORY_CEILING_MARGIN_MB = 64;

/**
 * The container's memory cgroup limit: the memory limit plus the disk limit (plus a margin). tmpfs
 * pages are charged to the memory cgroup, so a ceiling of the memory limit alone would end a
 * calculation that fills its disk as out of memory; with both, filling a tmpfs hits its size (ENOSPC,
 * the disk limit) first. The memory limit itself holds per process through RLIMIT_DATA (see sandboxEnv).
 */
export function memoryCeilingBytes(request: Pick<SandboxRequest, 'memoryMb' | 'diskMb'>): number {
  return (request.memoryMb + request.diskMb + MEMORY_CEILING_MARGIN_MB) * 1024 * 1024;
}

/**
 * The Docker create options of one sandbox: every isolation and limit in one place. Nothing of the
 * host goes in: no bind mount, no Docker socket, no environment of ours.
 */
export function sandboxContainerOptions(request: SandboxRequest): ContainerCreateOptions {
  const memoryBytes = memoryCeilingBytes(request);
  const disk = diskBudget(request.diskMb, request.tmpfsMb);
  return {
    name: sandboxName(request.calculationId),
    Image: request.image,
    Entrypoint: request.runner?.length
      ? ['/bin/sh', '-c', KEEPER_WITH_RUNNER, 'retort-keeper', ...request.runner]
      : ['/bin/sh', '-c', KEEPER],
    Cmd: [],
    // A waiting runner reads its job from the sandbox's stdin, closed once the worker has written it.
    OpenStdin: Boolean(request.runner?.length),
    StdinOnce: Boolean(request.runner?.length),
    User: `${SANDBOX_UID}:${SANDBOX_UID}`,
    WorkingDir: '/work',
    // Besides what the image sets (PATH, LANG, ...), only how many threads numerical libraries should
    // start: as many as the CPU limit, not as many as the host has (spinning BLAS threads beyond the
    // quota waste it). No variable of the worker leaks in.
    Env: request.runner?.length ? [...sandboxEnv(request), 'RETORT_JOB=stdin'] : sandboxEnv(request),
    Labels: {
      [LABEL_CALCULATION]: request.calculationId,
      [LABEL_WORKER]: request.workerId,
      [LABEL_INSTALLATION]: request.installation,
    },
    NetworkDisabled: !request.network,
    HostConfig: {
      Memory: memoryBytes,
      // Equal to Memory: no swap, so the limit is a real one.
      MemorySwap: memoryBytes,
      NanoCpus: Math.round(request.cpus * 1e9),
      PidsLimit: request.pidsLimit,
      NetworkMode: request.network ? 'bridge' : 'none',
      ReadonlyRootfs: true,
      // Every writable place is a sized tmpfs, together the disk limit. tmpfs pages are charged to
      // the memory cgroup of the writer: hence a cgroup ceiling of memory plus disk (memoryCeilingBytes).
      Tmpfs: { '/tmp': `rw,nosuid,nodev,noexec,size=${disk.tmpMb}m,mode=1777` },
      ShmSize: disk.shmMb * 1024 * 1024,
      Mounts: [
        // The working directory: a fresh anonymous tmpfs volume of the sandbox user, removed with the
        // container. Being a volume (mounted by the engine, not inside the container), the archive
        // API reaches it while the container runs or is paused, locally or on a remote engine.
        {
          Type: 'volume',
          Source: '',
          Target: '/work',
          VolumeOptions: {
            NoCopy: true,
            Labels: { [LABEL_CALCULATION]: request.calculationId },
            DriverConfig: {
              Name: 'local',
              Options: {
                type: 'tmpfs',
                device: 'tmpfs',
                o: `size=${disk.workMb}m,uid=${SANDBOX_UID},gid=${SANDBOX_UID},mode=0700,nosuid,nodev`,
              },
            },
          },
        },
        // Inputs: an anonymous volume on the engine's disk, outside the disk limit (inputs of several
        // GB must fit), filled by the archive API as root; the sandbox user can read it, not write it.
        {
          Type: 'volume',
          Source: '',
          Target: '/work/inputs',
          VolumeOptions: {
            NoCopy: true,
            Labels: { [LABEL_CALCULATION]: request.calculationId },
            DriverConfig: { Name: 'local', Options: {} },
          },
        },
      ],
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true', `seccomp=${SECCOMP_PROFILE}`],
      Ulimits: [
        { Name: 'nofile', Soft: 1024, Hard: 1024 },
        // No single file larger than the output budget, wherever it is written: a file that reaches
        // one byte over it was cut by the kernel, and is never kept as an output.
        { Name: 'fsize', Soft: request.maxOutputBytes + 1, Hard: request.maxOutputBytes + 1 },
        { Name: 'core', Soft: 0, Hard: 0 },
      ],
      IpcMode: 'private',
      Privileged: false,
      PublishAllPorts: false,
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
      // stdout and stderr of the code come through exec or attach, never to a log file on the host.
      LogConfig: { Type: 'none', Config: {} },
    },
  };
}

/** What a warm sandbox is created with: everything but the calculation, and limits `docker update` changes later. */
export type WarmSandboxRequest = Omit<SandboxRequest, 'calculationId'>;

/** Where a sandbox runs: the worker, its installation, and the limits every sandbox of it shares. */
export interface SandboxHost {
  workerId: string;
  installation: string;
  pidsLimit: number;
  tmpfsMb: number;
}

/** A sandbox's request from what runs in it (image, limits, network) and where; the result cap derived here. */
export function sandboxRequestOf(
  run: SandboxResources & { image: string; runner?: string[] | null },
  host: SandboxHost,
): WarmSandboxRequest {
  return {
    ...host,
    image: run.image,
    memoryMb: run.memoryMb,
    cpus: run.cpus,
    diskMb: run.diskMb,
    maxOutputBytes: run.maxOutputBytes,
    resultMaxBytes: resultMaxBytes(run),
    network: run.network,
    runner: run.runner ?? null,
  };
}

/**
 * A warm sandbox's create options: exactly a calculation's (same isolation, tmpfs sizes, ulimits),
 * with a name and labels of its own instead of a calculation's.
 */
export function warmSandboxOptions(request: WarmSandboxRequest, warmId: string): ContainerCreateOptions {
  const options = sandboxContainerOptions({ ...request, calculationId: warmId });
  const { [LABEL_CALCULATION]: _calculation, ...labels } = options.Labels ?? {};
  return { ...options, name: `retort-warm-${warmId}`, Labels: { ...labels, [LABEL_WARM]: 'true' } };
}

/**
 * What must match for a warm sandbox to serve a request: what is fixed at creation (image, network,
 * tmpfs sizes, file-size ulimit, the result cap, the waiting runner). Memory, CPUs and processes are updated in place.
 */
export function warmClassOf(request: WarmSandboxRequest): string {
  const { image, network, tmpfsMb, diskMb, maxOutputBytes, resultMaxBytes, runner } = request;
  return JSON.stringify([image, network, tmpfsMb, diskMb, maxOutputBytes, resultMaxBytes, runner ?? null]);
}
