import { elapsedMs, percentile, Platform, run, sandboxImage, TRIVIAL_CODE, workerPhaseMeansMs } from './platform';

// The same work by hand: the image's Python, the same function.
const BY_HAND = ['-I', '-c', `${TRIVIAL_CODE}print(run({}))`];

export interface LatencyResult {
  n: number;
  retort: { p50: number; p95: number };
  dockerRun: { p50: number; p95: number };
  dockerExec: { p50: number; p95: number };
  /** With the warm pool disabled (SANDBOX_WARM_POOL_SIZE=0), N/2 of each, interleaved. */
  coldPool: { n: number; retort: { p50: number; p95: number }; dockerRun: { p50: number; p95: number } };
  /** Mean ms per phase in the worker (queue pickup to event published), over these calculations. */
  phasesMs: Record<string, number>;
}

async function timeEach(n: number, once: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const started = process.hrtime.bigint();
    await once();
    times.push(elapsedMs(started));
  }
  return times;
}

const summary = (times: number[]) => ({ p50: percentile(times, 50), p95: percentile(times, 95) });

/** A trivial calculation over HTTP until observed completed, versus docker run --rm and docker exec. */
export async function latency(platform: Platform, n: number): Promise<LatencyResult> {
  await platform.startWorker(2);
  await platform.publishTool('bench-trivial', TRIVIAL_CODE);
  // Followed the way the web frontend does: the SSE stream, until it says completed.
  const complete = async () => {
    const id = await platform.submit('bench-trivial');
    const response = await fetch(`${platform.baseUrl}/api/v1/calculations/${id}/events`, {
      headers: { Authorization: `Bearer ${await platform.token('alice')}`, Accept: 'text/event-stream' },
    });
    const text = await response.text();
    if (!text.includes('"status":"completed"')) throw new Error(`calculation ${id} did not complete: ${text}`);
  };
  const image = sandboxImage();
  const dockerRun = () =>
    run('docker', ['run', '--rm', '--network', 'none', '--entrypoint', 'python3', image, ...BY_HAND]).then(
      () => undefined,
    );
  const { stdout } = await run('docker', [
    'run',
    '-d',
    '--rm',
    '--network',
    'none',
    '--entrypoint',
    'sleep',
    image,
    '3600',
  ]);
  const container = stdout.trim();
  const dockerExec = () => run('docker', ['exec', container, 'python3', ...BY_HAND]).then(() => undefined);
  try {
    // Warm-up: first container start, code paths, connections.
    for (const once of [complete, dockerRun, dockerExec]) await timeEach(3, once);
    // Interleaved, so that a noisy moment on the machine hits all three alike.
    const times = { retort: [] as number[], dockerRun: [] as number[], dockerExec: [] as number[] };
    for (let i = 0; i < n; i += 1) {
      times.retort.push(...(await timeEach(1, complete)));
      times.dockerRun.push(...(await timeEach(1, dockerRun)));
      times.dockerExec.push(...(await timeEach(1, dockerExec)));
    }
    const phasesMs = await workerPhaseMeansMs(platform);
    // Every sandbox created for its calculation, as before the pool.
    await platform.startWorker(2, { SANDBOX_WARM_POOL_SIZE: '0' });
    await timeEach(3, complete);
    const cold = { n: Math.ceil(n / 2), retort: [] as number[], dockerRun: [] as number[] };
    for (let i = 0; i < cold.n; i += 1) {
      cold.retort.push(...(await timeEach(1, complete)));
      cold.dockerRun.push(...(await timeEach(1, dockerRun)));
    }
    return {
      n,
      retort: summary(times.retort),
      dockerRun: summary(times.dockerRun),
      dockerExec: summary(times.dockerExec),
      coldPool: { n: cold.n, retort: summary(cold.retort), dockerRun: summary(cold.dockerRun) },
      phasesMs,
    };
  } finally {
    await run('docker', ['rm', '-f', container]).catch(() => undefined);
  }
}
