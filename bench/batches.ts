import { setTimeout as sleep } from 'node:timers/promises';
import { completions, db, elapsedMs, Platform } from './platform';

const TRIVIAL = 'def run(params):\n    return {"i": params.get("i")}\n';

export interface BatchResult {
  /** The sweep whose creation was timed (one POST /batches). */
  size: number;
  createMs: number;
  /** Completions per minute: a sweep of `n` against `n` single submissions, at worker concurrency 2. */
  n: number;
  batchPerMinute: number;
  singlePerMinute: number;
}

/** Waits until every calculation matched by `where` has completed; completions per minute since `started`. */
async function perMinute(platform: Platform, where: string, args: unknown[], n: number, started: bigint) {
  const client = db(platform.database);
  await client.connect();
  try {
    for (;;) {
      if ((await completions(client, where, args)) >= n) return n / (elapsedMs(started) / 60_000);
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

/**
 * Issue #17's acceptance: a sweep of `size` trivial calculations created in one request (timed), and
 * a sweep's completion throughput against the same number of single submissions on one worker.
 * When `runSweep` is false the timed sweep is cancelled at once, and a sweep of `n` is run instead.
 */
export async function batches(platform: Platform, size: number, n: number, runSweep: boolean): Promise<BatchResult> {
  await platform.publishTool('bench-sweep', TRIVIAL);
  await platform.startWorker(2);
  const sweep = (count: number) => ({
    name: 'bench sweep',
    tool: 'bench-sweep',
    sweep: { list: Array.from({ length: count }, (_, i) => ({ i })) },
  });

  // A few first, unmeasured: the worker's first sandboxes (and its warm pool) are not the singles' cost.
  let started = process.hrtime.bigint();
  const warmUp = await Promise.all(Array.from({ length: 4 }, () => platform.submit('bench-sweep')));
  await perMinute(platform, 'id = ANY($1)', [warmUp], warmUp.length, started);

  // Singles, each its own POST, as a script would submit them.
  started = process.hrtime.bigint();
  const ids: string[] = [];
  for (let i = 0; i < n; i += 20) {
    ids.push(...(await Promise.all(Array.from({ length: Math.min(20, n - i) }, () => platform.submit('bench-sweep')))));
  }
  const singlePerMinute = await perMinute(platform, 'id = ANY($1)', [ids], n, started);

  started = process.hrtime.bigint();
  const created = await platform.call<{ id: string; size: number }>('alice', 'POST', '/batches', sweep(size));
  const createMs = elapsedMs(started);
  if (created.size !== size) throw new Error(`the sweep has ${created.size} calculations, not ${size}`);
  let batchPerMinute: number;
  if (runSweep && size === n) {
    batchPerMinute = await perMinute(platform, 'batch_id = $1', [created.id], n, started);
  } else {
    await platform.call('alice', 'POST', `/batches/${created.id}/cancel`);
    started = process.hrtime.bigint();
    const measured = await platform.call<{ id: string }>('alice', 'POST', '/batches', sweep(n));
    batchPerMinute = await perMinute(platform, 'batch_id = $1', [measured.id], n, started);
  }
  return { size, createMs, n, batchPerMinute, singlePerMinute };
}
