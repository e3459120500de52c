import type { ContainerCreateOptions } from 'dockerode';

export const SANDBOX_UID = 10001;
export const LABEL_CALCULATION = 'retort.calculation';
export const LABEL_WORKER = 'retort.worker';

export interface SandboxRequest {
  calculationId: string;
  workerId: string;
  image: string;
  memoryMb: number;
  cpus: number;
  pidsLimit: number;
  tmpfsMb: number;
  maxOutputBytes: number;
  network: boolean;
}

/**
 * PID 1 of a sandbox: it only waits. The code runs beside it through `docker exec`, so that the
 * container (and its cgroup accounting) outlives the code long enough to be read from outside. On
 * SIGTERM it passes the signal to every other process of the sandbox user.
 */
export const KEEPER = `trap 'kill -TERM -1 2>/dev/null' TERM; while :; do sleep 3600 & wait $!; done`;

export function threadHints(cpus: number): string[] {
  const threads = String(Math.max(1, Math.ceil(cpus)));
  return ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'NUMEXPR_NUM_THREADS'].map(
    (name) => `${name}=${threads}`,
  );
}

/**
 * The Docker create options of one sandbox: every isolation and limit in one place. Nothing of the
 * host goes in: no bind mount, no Docker socket, no environment of ours.
 */
export function sandboxContainerOptions(request: SandboxRequest): ContainerCreateOptions {
  const memoryBytes = request.memoryMb * 1024 * 1024;
  return {
    name: `retort-calc-${request.calculationId}`,
    Image: request.image,
    Entrypoint: ['/bin/sh', '-c', KEEPER],
    Cmd: [],
    User: `${SANDBOX_UID}:${SANDBOX_UID}`,
    WorkingDir: '/work',
    // Besides what the image sets (PATH, LANG, ...), only how many threads numerical libraries should
    // start: as many as the CPU limit, not as many as the host has (spinning BLAS threads beyond the
    // quota waste it). No variable of the worker leaks in.
    Env: threadHints(request.cpus),
    Labels: { [LABEL_CALCULATION]: request.calculationId, [LABEL_WORKER]: request.workerId },
    NetworkDisabled: !request.network,
    HostConfig: {
      Memory: memoryBytes,
      // Equal to Memory: no swap, so the memory limit is a real one.
      MemorySwap: memoryBytes,
      NanoCpus: Math.round(request.cpus * 1e9),
      PidsLimit: request.pidsLimit,
      NetworkMode: request.network ? 'bridge' : 'none',
      ReadonlyRootfs: true,
      // Scratch space; tmpfs pages count against the memory limit.
      Tmpfs: { '/tmp': `rw,nosuid,nodev,noexec,size=${request.tmpfsMb}m,mode=1777` },
      // The working directory is a fresh anonymous volume, removed with the container: the archive
      // API can write to it before start and read from it after the code has run.
      Mounts: [{ Type: 'volume', Source: '', Target: '/work' }],
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      Ulimits: [
        { Name: 'nofile', Soft: 1024, Hard: 1024 },
        // No single file larger than the output budget, wherever it is written.
        { Name: 'fsize', Soft: request.maxOutputBytes, Hard: request.maxOutputBytes },
        { Name: 'core', Soft: 0, Hard: 0 },
      ],
      IpcMode: 'private',
      Privileged: false,
      PublishAllPorts: false,
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
      // stdout and stderr of the code come through exec; PID 1 says nothing worth a log file.
      LogConfig: { Type: 'none', Config: {} },
    },
  };
}
