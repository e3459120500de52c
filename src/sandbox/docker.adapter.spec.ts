import type Docker from 'dockerode';
import { isEngineUnreachable, usageOfStats } from './docker.adapter';

const failure = (fields: { message?: string; code?: string; statusCode?: number }) =>
  Object.assign(new Error(fields.message ?? 'failed'), fields);

describe(isEngineUnreachable.name, () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ETIMEDOUT'])(
    'takes %s for an engine out of reach',
    (code) => {
      expect(isEngineUnreachable(failure({ code }))).toBe(true);
    },
  );

  it('takes a socket that hung up for an engine out of reach', () => {
    expect(isEngineUnreachable(failure({ message: 'socket hang up' }))).toBe(true);
  });

  it('does not take an answer of the engine for an outage', () => {
    expect(isEngineUnreachable(failure({ statusCode: 409, message: 'container is not running' }))).toBe(false);
    expect(isEngineUnreachable(failure({ statusCode: 500, code: 'ECONNRESET' }))).toBe(false);
  });

  it('does not take any other error for an outage', () => {
    expect(isEngineUnreachable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isEngineUnreachable(null)).toBe(false);
  });
});

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
