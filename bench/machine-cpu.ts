import { readdirSync, readFileSync } from 'node:fs';

/** Where the machine's CPU time went (seconds), by who spent it. */
export type CpuShares = Record<string, number>;

const TICKS_PER_S = 100; // USER_HZ: what /proc reports in, on every Linux the bench runs on

/** Busy CPU seconds of the whole machine (every core, user + system + interrupts), from /proc/stat. */
function machineBusyS(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_S;
}

/**
 * Who a process is, for the breakdown: the platform's processes, the engine's, the database, the
 * kernel. Init (pid 1) stands for what ended: a sandbox's processes (the code itself) and its shim,
 * and each runc call, are reaped by it once the engine let them go.
 */
function groupOf(pid: string, comm: string, ppid: string, cmdline: () => string): string {
  if (pid === '1') return 'ended sandboxes, shims, runc';
  if (comm === 'dockerd') return 'dockerd';
  if (comm.startsWith('containerd')) return 'containerd, live shims';
  if (comm === 'postgres') return 'PostgreSQL';
  if (ppid === '2' || pid === '2') return 'kernel threads';
  if (comm === 'node' || comm === 'MainThread' || comm.startsWith('node')) {
    const args = cmdline();
    if (args.includes('dist/src/main.js')) return 'API';
    if (args.includes('dist/src/worker.js')) return 'worker';
    if (args.includes('bench/run.js')) return 'bench';
  }
  return 'other';
}

/**
 * CPU seconds by group: each live process's own time plus what its reaped children spent. A process
 * that ended since the last snapshot counts in its parent's children time once reaped (sandbox
 * processes and their shims, reaped by init here).
 */
function snapshot(): CpuShares {
  const shares: CpuShares = {};
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // After the name: state, ppid, …; utime, stime, cutime, cstime are fields 14 to 17 of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_S;
    const cmdline = () => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return '';
      }
    };
    const group = groupOf(pid, comm, fields[1], cmdline);
    shares[group] = (shares[group] ?? 0) + seconds;
  }
  return shares;
}

export interface CpuAccount {
  wallS: number;
  /** Cores kept busy on average (of the machine's). */
  busyCores: number;
  /** Busy CPU seconds by group (see groupOf); what no group explains is under 'unaccounted'. */
  byGroupS: CpuShares;
  busyS: number;
}

/** Measures the machine's CPU while `work` runs. Linux only (/proc). */
export async function accountCpu<T>(work: () => Promise<T>): Promise<{ value: T; cpu: CpuAccount }> {
  const before = { at: process.hrtime.bigint(), busy: machineBusyS(), shares: snapshot() };
  const value = await work();
  const after = { at: process.hrtime.bigint(), busy: machineBusyS(), shares: snapshot() };
  const wallS = Number(after.at - before.at) / 1e9;
  const busyS = after.busy - before.busy;
  const byGroupS: CpuShares = {};
  for (const [group, seconds] of Object.entries(after.shares)) {
    const spent = seconds - (before.shares[group] ?? 0);
    if (spent > 0) byGroupS[group] = spent;
  }
  const explained = Object.values(byGroupS).reduce((sum, seconds) => sum + seconds, 0);
  if (busyS > explained) byGroupS.unaccounted = busyS - explained;
  return { value, cpu: { wallS, busyCores: busyS / wallS, byGroupS, busyS } };
}
