import {
  diskBudget,
  KEEPER,
  KEEPER_WITH_RUNNER,
  memoryCeilingBytes,
  sandboxContainerOptions,
  SandboxRequest,
  warmClassOf,
} from './container-spec';

const request: SandboxRequest = {
  calculationId: '7c1d6f1e-0000-4000-8000-000000000001',
  workerId: 'worker-1',
  installation: 'retort',
  image: 'retort/sandbox-python-scientific:1.0.0',
  memoryMb: 256,
  cpus: 0.5,
  pidsLimit: 64,
  tmpfsMb: 32,
  diskMb: 256,
  maxOutputBytes: 1_000_000,
  resultMaxBytes: 1_000_000,
  network: false,
};

describe(sandboxContainerOptions.name, () => {
  const sut = sandboxContainerOptions(request);

  it('limits memory without swap, CPU and processes', () => {
    expect(sut.HostConfig).toMatchObject({
      // The cgroup holds memory and disk (tmpfs pages are charged to it) with a margin: 256 + 256 + 64 MiB.
      Memory: 576 * 1024 * 1024,
      MemorySwap: 576 * 1024 * 1024,
      NanoCpus: 500_000_000,
      PidsLimit: 64,
    });
    // The memory limit itself goes to the runner, which makes it every process's RLIMIT_DATA.
    expect(sut.Env).toContain('RETORT_MEMORY_LIMIT_MB=256');
  });

  it('puts the disk limit above the memory limit in the cgroup, so that a full disk is ENOSPC and not an OOM kill', () => {
    const defaults = { memoryMb: 512, diskMb: 1024 };
    expect(memoryCeilingBytes(defaults)).toBe((512 + 1024 + 64) * 1024 * 1024);
    const options = sandboxContainerOptions({ ...request, ...defaults });
    const budget = diskBudget(defaults.diskMb, request.tmpfsMb);
    const tmpfsBytes = (budget.workMb + budget.tmpMb + budget.shmMb) * 1024 * 1024;
    expect(options.HostConfig!.Memory! - tmpfsBytes).toBeGreaterThan(512 * 1024 * 1024);
    expect(options.HostConfig!.MemorySwap).toBe(options.HostConfig!.Memory);
  });

  it('runs as a non-root user without capabilities or privilege escalation', () => {
    expect(sut.User).toBe('10001:10001');
    expect(sut.HostConfig?.CapDrop).toEqual(['ALL']);
    expect(sut.HostConfig?.SecurityOpt).toContain('no-new-privileges:true');
    expect(sut.HostConfig?.Privileged).toBe(false);
  });

  it('has a read-only root, every writable place sized within the disk limit, and no host path or socket', () => {
    expect(sut.HostConfig?.ReadonlyRootfs).toBe(true);
    expect(sut.HostConfig?.Tmpfs?.['/tmp']).toContain('size=32m');
    expect(sut.HostConfig?.ShmSize).toBe(16 * 1024 * 1024);
    expect(sut.HostConfig?.Binds).toBeUndefined();
    const [work, inputs] = sut.HostConfig?.Mounts ?? [];
    expect(work).toMatchObject({ Type: 'volume', Source: '', Target: '/work' });
    expect(work.VolumeOptions?.DriverConfig?.Options).toMatchObject({ type: 'tmpfs' });
    expect(work.VolumeOptions?.DriverConfig?.Options?.o).toContain('size=208m');
    expect(inputs).toMatchObject({ Type: 'volume', Source: '', Target: '/work/inputs' });
  });

  it('shares the disk limit between /work, /tmp and /dev/shm', () => {
    for (const [diskMb, tmpfsMb] of [
      [16, 256],
      [64, 256],
      [1024, 256],
      [100_000, 256],
    ]) {
      const budget = diskBudget(diskMb, tmpfsMb);
      expect(budget.workMb + budget.tmpMb + budget.shmMb).toBe(diskMb);
      expect(budget.tmpMb).toBeLessThanOrEqual(tmpfsMb);
    }
  });

  it('applies our seccomp profile, which refuses ptrace and its relatives', () => {
    const seccomp = sut.HostConfig?.SecurityOpt?.find((option: string) => option.startsWith('seccomp='));
    const profile = JSON.parse(seccomp!.slice('seccomp='.length)) as {
      defaultAction: string;
      syscalls: { names: string[]; action: string }[];
    };
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    const allowed = profile.syscalls.filter((rule) => rule.action === 'SCMP_ACT_ALLOW').flatMap((rule) => rule.names);
    expect(allowed).toContain('read');
    for (const name of ['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd', 'process_madvise']) {
      expect(allowed).not.toContain(name);
    }
  });

  it('has no network unless asked, and no environment of ours', () => {
    expect(sut.HostConfig?.NetworkMode).toBe('none');
    expect(sut.NetworkDisabled).toBe(true);
    expect(sut.Env).toEqual([
      'OMP_NUM_THREADS=1',
      'OPENBLAS_NUM_THREADS=1',
      'MKL_NUM_THREADS=1',
      'NUMEXPR_NUM_THREADS=1',
      'RETORT_RESULT_MAX_BYTES=1000000',
      'RETORT_MEMORY_LIMIT_MB=256',
    ]);
    expect(sandboxContainerOptions({ ...request, network: true }).HostConfig?.NetworkMode).toBe('bridge');
  });

  it('tells numerical libraries to start as many threads as the CPU limit allows', () => {
    expect(sandboxContainerOptions({ ...request, cpus: 2.5 }).Env).toContain('OPENBLAS_NUM_THREADS=3');
  });

  it('caps file sizes one byte over the output budget and labels the container with its calculation', () => {
    expect(sut.HostConfig?.Ulimits).toContainEqual({ Name: 'fsize', Soft: 1_000_001, Hard: 1_000_001 });
    expect(sut.Labels).toEqual({
      'retort.calculation': request.calculationId,
      'retort.worker': 'worker-1',
      'retort.installation': 'retort',
    });
  });

  it('starts the image’s runner ahead, on an stdin that closes once written, when the image takes its job there', () => {
    expect(sut).toMatchObject({ Entrypoint: ['/bin/sh', '-c', KEEPER], OpenStdin: false, StdinOnce: false });
    const runner = ['python3', '-I', '/opt/retort/runner.py'];
    const waiting = sandboxContainerOptions({ ...request, runner });
    expect(waiting).toMatchObject({
      Entrypoint: ['/bin/sh', '-c', KEEPER_WITH_RUNNER, 'retort-keeper', ...runner],
      OpenStdin: true,
      StdinOnce: true,
    });
    expect(waiting.Env).toContain('RETORT_JOB=stdin');
    // Everything else (isolation, limits) is the same.
    const { Entrypoint: _a, OpenStdin: _b, StdinOnce: _c, Env: _d, ...rest } = waiting;
    const { Entrypoint: _e, OpenStdin: _f, StdinOnce: _g, Env: _h, ...cold } = sut;
    expect(rest).toEqual(cold);
    expect(warmClassOf({ ...request, runner })).not.toBe(warmClassOf(request));
  });
});
