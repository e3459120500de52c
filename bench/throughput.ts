import { setTimeout as sleep } from 'node:timers/promises';
import { accountCpu, CpuAccount } from './machine-cpu';
import { completions, db, elapsedMs, Platform, TRIVIAL_CODE } from './platform';

// A third of a second of numpy on this VM's cores (matrix products; the sandbox has cpus=1).
const CPU_BOUND = `import numpy as np
def run(params):
    rng = np.random.default_rng(0)
    a = rng.random((400, 400))
    total = 0.0
    for _ in range(60):
        total += float(np.linalg.norm(a @ a))
    return total
`;

export interface ThroughputResult {
  trivial: { n: number; perMinute: Record<string, number>; cpu: Record<string, CpuAccount> };
  cpuBound: { n: number; perMinute: Record<string, number>; meanRunS: number; cpu: Record<string, CpuAccount> };
}

/** Submits `n` calculations at once and returns completions per minute (first submit to last completion). */
async function burst(platform: Platform, tool: string, n: number): Promise<number> {
  const started = process.hrtime.bigint();
  const ids: string[] = [];
  for (let i = 0; i < n; i += 20) {
    ids.push(...(await Promise.all(Array.from({ length: Math.min(20, n - i) }, () => platform.submit(tool)))));
  }
  const client = db(platform.database);
  await client.connect();
  try {
    for (;;) {
      const done = await completions(client, 'id = ANY($1)', [ids]);
      if (done === n) break;
      await sleep(100);
    }
  } finally {
    await client.end();
  }
  return n / (elapsedMs(started) / 60_000);
}

export async function throughput(platform: Platform, trivialN: number, cpuN: number): Promise<ThroughputResult> {
  // Its own tools: the scenario runs alone too (BENCH_ONLY=throughput).
  await platform.publishTool('bench-burst', TRIVIAL_CODE);
  await platform.publishTool('bench-cpu', CPU_BOUND, { memoryMb: 512, cpus: 1, timeoutS: 120 });
  const trivial: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  // Where the machine's CPU went during each burst: what bounds the scaling on a small machine.
  const trivialCpu: Record<string, CpuAccount> = {};
  const cpuBoundCpu: Record<string, CpuAccount> = {};
  for (const concurrency of [1, 2, 4]) {
    await platform.startWorker(concurrency);
    ({ value: trivial[concurrency], cpu: trivialCpu[concurrency] } = await accountCpu(() =>
      burst(platform, 'bench-burst', trivialN),
    ));
    ({ value: cpu[concurrency], cpu: cpuBoundCpu[concurrency] } = await accountCpu(() =>
      burst(platform, 'bench-cpu', cpuN),
    ));
  }
  const client = db(platform.database);
  await client.connect();
  const { rows } = await client.query<{ mean: number }>(
    `SELECT avg(execution_time_s) AS mean FROM calculations c JOIN tool_versions v ON v.id = c.tool_version_id
     JOIN tools t ON t.id = v.tool_id WHERE t.name = 'bench-cpu'`,
  );
  await client.end();
  return {
    trivial: { n: trivialN, perMinute: trivial, cpu: trivialCpu },
    cpuBound: { n: cpuN, perMinute: cpu, meanRunS: Number(rows[0].mean), cpu: cpuBoundCpu },
  };
}
