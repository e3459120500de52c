// npm run bench: the platform against the real services, each scenario next to the best a user could
// do by hand on the same machine, in one run. Writes bench/results/latest.json and latest.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { batches, BatchResult } from './batches';
import { latency } from './latency';
import { CpuAccount } from './machine-cpu';
import { Platform } from './platform';
import { reads } from './reads';
import { throughput, ThroughputResult } from './throughput';
import { upload } from './upload';

const quick = process.env.BENCH_QUICK === '1';
// BENCH_ONLY=upload (or a comma-separated list of latency, throughput, upload, reads, batches) runs
// only those scenarios; their rows alone are printed, and written to bench/results/only-<names>.*
// rather than over the full run's results. BENCH_SCENARIOS is the same (its first name, for batches).
const SCENARIOS = ['latency', 'throughput', 'upload', 'reads', 'batches'] as const;
type Scenario = (typeof SCENARIOS)[number];
const only = (process.env.BENCH_ONLY ?? process.env.BENCH_SCENARIOS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of only) {
  if (!SCENARIOS.includes(name as Scenario))
    throw new Error(`BENCH_ONLY: unknown scenario ${name}; one of ${SCENARIOS.join(', ')}`);
}
const runs = (scenario: Scenario): boolean => only.length === 0 || only.includes(scenario);
const RESULTS = join(__dirname, '..', '..', 'bench', 'results');

const fixed = (value: number, digits = 1) => value.toFixed(digits);

type Row = [string, string, string, string, string, boolean];

/**
 * The machine's CPU during the throughput bursts: cores kept busy, and CPU milliseconds per
 * calculation by who spent them (biggest first), so that a scaling target missed shows why.
 */
function cpuTable(thr: ThroughputResult): string[] {
  const bursts: [string, number, CpuAccount][] = [1, 2, 4].flatMap((c): [string, number, CpuAccount][] => [
    [`trivial, concurrency ${c}`, thr.trivial.n, thr.trivial.cpu[c]],
    [`CPU-bound, concurrency ${c}`, thr.cpuBound.n, thr.cpuBound.cpu[c]],
  ]);
  const groups = Object.entries(
    bursts.reduce<Record<string, number>>((sums, [, , account]) => {
      for (const [group, seconds] of Object.entries(account.byGroupS)) sums[group] = (sums[group] ?? 0) + seconds;
      return sums;
    }, {}),
  )
    .sort(([, a], [, b]) => b - a)
    .map(([group]) => group);
  return [
    '',
    `The machine's CPU during the throughput bursts (${cpus().length} cores): cores kept busy, then CPU ms per calculation by who spent them ("ended sandboxes, shims, runc": the code itself, and the engine's per-container processes, counted once they ended):`,
    '',
    `| Burst | Busy cores | CPU ms per calculation | ${groups.join(' | ')} |`,
    `| --- | --- | --- | ${groups.map(() => '---').join(' | ')} |`,
    ...bursts.map(
      ([name, n, account]) =>
        `| ${name} | ${fixed(account.busyCores, 2)} | ${fixed((account.busyS / n) * 1000, 0)} | ${groups
          .map((group) => fixed(((account.byGroupS[group] ?? 0) / n) * 1000, 0))
          .join(' | ')} |`,
    ),
  ];
}

function batchRows(result: BatchResult): Row[] {
  return [
    [
      `Create a ${result.size}-calculation sweep (one POST /batches), ms`,
      '',
      fixed(result.createMs, 0),
      '',
      '< 2000 ms',
      result.createMs < 2000,
    ],
    [
      `Sweep throughput, ${result.n} trivial calculations, concurrency 2, per min`,
      `${result.n} single submissions: ${fixed(result.singlePerMinute)}`,
      fixed(result.batchPerMinute),
      `${fixed(result.batchPerMinute / result.singlePerMinute, 2)}×`,
      '≥ 0.9× single submissions',
      result.batchPerMinute >= 0.9 * result.singlePerMinute,
    ],
  ];
}

async function main(): Promise<void> {
  const platform = new Platform();
  await platform.up();
  try {
    const startedAt = new Date().toISOString();
    const lat = runs('latency') ? await latency(platform, quick ? 10 : 50) : undefined;
    const thr = runs('throughput') ? await throughput(platform, quick ? 40 : 200, quick ? 8 : 24) : undefined;
    const upl = runs('upload') ? await upload(platform, (quick ? 256 : 1024) * 1024 * 1024) : undefined;
    const rd = runs('reads') ? await reads(platform, 10_000, quick ? 5 : 20) : undefined;
    const bat = runs('batches') ? await batches(platform, 1000, quick ? 100 : 1000, !quick) : undefined;

    const rows: Row[] = [];
    if (lat) {
      rows.push(
        [
          `Calculation latency p50 (N=${lat.n}), ms`,
          `docker run --rm ${fixed(lat.dockerRun.p50, 0)} · docker exec ${fixed(lat.dockerExec.p50, 0)}`,
          fixed(lat.retort.p50, 0),
          `${fixed(lat.retort.p50 / lat.dockerRun.p50, 2)}× docker run`,
          '≤ 0.5× docker run',
          lat.retort.p50 <= 0.5 * lat.dockerRun.p50,
        ],
        [
          'Calculation latency p95, ms',
          `docker run --rm ${fixed(lat.dockerRun.p95, 0)} · docker exec ${fixed(lat.dockerExec.p95, 0)}`,
          fixed(lat.retort.p95, 0),
          `${fixed(lat.retort.p95 / lat.dockerRun.p95, 2)}× docker run`,
          '≤ 0.7× docker run',
          lat.retort.p95 <= 0.7 * lat.dockerRun.p95,
        ],
        [
          `Calculation latency p50 with the warm pool disabled (N=${lat.coldPool.n}), ms`,
          `docker run --rm ${fixed(lat.coldPool.dockerRun.p50, 0)}`,
          fixed(lat.coldPool.retort.p50, 0),
          `${fixed(lat.coldPool.retort.p50 / lat.coldPool.dockerRun.p50, 2)}× docker run`,
          '≤ 1.04× docker run (before the pool: 441 vs 423 ms)',
          lat.coldPool.retort.p50 <= 1.04 * lat.coldPool.dockerRun.p50,
        ],
      );
    }
    if (thr) {
      rows.push(
        ...[1, 2, 4].map((c): Row => [
          `Trivial throughput, concurrency ${c} (N=${thr.trivial.n}), per min`,
          c === 1 ? '' : `concurrency 1: ${fixed(thr.trivial.perMinute[1])}`,
          fixed(thr.trivial.perMinute[c]),
          c === 1 ? '' : `${fixed(thr.trivial.perMinute[c] / thr.trivial.perMinute[1], 2)}×`,
          // #18: twice the 157 per minute measured before the warm pool, and 1.7× concurrency 1.
          c === 2 ? '≥ 314 per min and ≥ 1.7× concurrency 1' : '',
          c === 2
            ? thr.trivial.perMinute[2] >= 314 && thr.trivial.perMinute[2] >= 1.7 * thr.trivial.perMinute[1]
            : true,
        ]),
        ...[1, 2, 4].map((c): Row => [
          `CPU-bound (${fixed(thr.cpuBound.meanRunS, 2)} s each) throughput, concurrency ${c} (N=${thr.cpuBound.n}), per min`,
          c === 1 ? '' : `concurrency 1: ${fixed(thr.cpuBound.perMinute[1])}`,
          fixed(thr.cpuBound.perMinute[c]),
          c === 1 ? '' : `${fixed(thr.cpuBound.perMinute[c] / thr.cpuBound.perMinute[1], 2)}×`,
          c === 2 ? '≥ 1.8× concurrency 1' : '',
          c === 2 ? thr.cpuBound.perMinute[2] >= 1.8 * thr.cpuBound.perMinute[1] : true,
        ]),
      );
    }
    if (upl) {
      rows.push(
        [
          `Upload ${fixed(upl.bytes / 1024 ** 3, 2)} GiB, MB/s (2 runs each: ${upl.runs.map((run) => `${run.side} ${fixed(run.MBps, 0)}`).join(', ')})`,
          `SDK multipart to MinIO ${fixed(upl.sdkMBps)}`,
          fixed(upl.retortMBps),
          `${fixed((100 * upl.retortMBps) / upl.sdkMBps, 0)} %`,
          '≥ 85 %',
          upl.retortMBps >= 0.85 * upl.sdkMBps,
        ],
        ['API RSS growth during the upload, MB', '', fixed(upl.apiRssGrowthMB), '', '< 64 MB', upl.apiRssGrowthMB < 64],
        ['API CPU time per GiB uploaded (user and system), s', '', fixed(upl.apiCpuSPerGiB, 2), '', '', true],
      );
    }
    if (rd) {
      rows.push(
        ...rd.map((read): Row => [
          `GET ${read.path}, ${read.path.startsWith('/tools') ? 200 : read.rows} rows, ${read.connections} connections, ${read.durationS} s, API_PROCESSES=${read.processes}`,
          '',
          `${fixed(read.requestsPerS, 0)} req/s · p50 ${read.p50Ms} ms · p99 ${read.p99Ms} ms · ${read.errors} errors`,
          '',
          'p99 < 30 ms',
          read.p99Ms < 30 && read.errors === 0,
        ]),
      );
    }
    if (bat) rows.push(...batchRows(bat));
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${fixed(totalmem() / 1024 ** 3, 0)} GiB`;
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    const table = [
      `Retort benchmarks — ${startedAt} — commit ${commit} — ${machine}${quick ? ' — QUICK' : ''}${only.length ? ` — only ${only.join(', ')}` : ''}`,
      '',
      '| Scenario | Baseline | Retort | Ratio | Target | Met |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map((row) => `| ${row.slice(0, 5).join(' | ')} | ${row[4] ? (row[5] ? 'yes' : '**no**') : ''} |`),
      ...(lat
        ? [
            '',
            `Where a trivial calculation's time goes in the worker (mean ms over the latency runs, from retort_calculation_phase_seconds):`,
            '',
            `| ${Object.keys(lat.phasesMs).join(' | ')} |`,
            `| ${Object.keys(lat.phasesMs)
              .map(() => '---')
              .join(' | ')} |`,
            `| ${Object.values(lat.phasesMs)
              .map((ms) => fixed(ms, 1))
              .join(' | ')} |`,
          ]
        : []),
      ...(thr ? cpuTable(thr) : []),
    ].join('\n');
    console.log(`\n${table}\n`);
    // A fresh clone has no results yet: ten minutes of measurements must not die on a missing folder.
    mkdirSync(RESULTS, { recursive: true });
    // A partial run (BENCH_ONLY) must not overwrite the full run's results.
    const name = only.length ? `only-${only.join('-')}` : 'latest';
    writeFileSync(join(RESULTS, `${name}.md`), `${table}\n`);
    writeFileSync(
      join(RESULTS, `${name}.json`),
      `${JSON.stringify({ startedAt, commit, machine, quick, latency: lat, throughput: thr, upload: upl, reads: rd, batches: bat }, null, 2)}\n`,
    );
  } catch (error) {
    // The worker's own account of what went wrong (its output is otherwise kept in memory only).
    console.error(`worker output (last 20 kB):\n${platform.workerOutput().slice(-20_000)}`);
    throw error;
  } finally {
    await platform.down();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
