import type Docker from 'dockerode';
import { usageOfStats } from './docker.adapter';

describe(usageOfStats.name, () => {
  const stats = (pids: { current?: number; limit?: number } | undefined) =>
    ({
      cpu_stats: { cpu_usage: { total_usage: 2_000_000 } },
      memory_stats: { limit: 1024, max_usage: 512 },
      pids_stats: pids,
    }) as unknown as Docker.ContainerStats;

  it('reads the CPU time and the memory high-water mark, with no OOM-kill figure', () => {
    expect(usageOfStats(stats({ current: 3, limit: 256 }))).toEqual({
      memoryMaxUsageBytes: 512,
      cpuTotalNs: 2_000_000,
      oomKills: null,
      pidsLimitHits: 0,
      source: 'stats',
    });
  });

  it('counts the process limit as hit when the frozen sandbox holds as many processes as it allows (a remote engine)', () => {
    expect(usageOfStats(stats({ current: 256, limit: 256 }))?.pidsLimitHits).toBe(1);
  });

  it('says nothing of the process limit when the engine gives no process figures', () => {
    expect(usageOfStats(stats(undefined))?.pidsLimitHits).toBeNull();
    expect(usageOfStats(stats({ current: 4 }))?.pidsLimitHits).toBeNull();
  });

  it('is null for a container that has stopped (no figures at all)', () => {
    expect(usageOfStats({ cpu_stats: {}, memory_stats: {} } as unknown as Docker.ContainerStats)).toBeNull();
  });
});
