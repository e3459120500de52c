import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './root';
import { eventually } from './wait';

// The compiled entry points (`npm test` builds first), run as real processes the way
// `npm run start:api` and `npm run start:worker` do.
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');
export const WORKER = join(ROOT, 'dist', 'src', 'worker.js');

export interface Started {
  child: ChildProcess;
  output: () => string;
}

export function start(entry: string, env: Record<string, string | undefined>): Started {
  let output = '';
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

export async function waitForReady(
  port: number,
  started: Started,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const ready = await eventually(
    async () => {
      if (started.child.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (response.status === 200) return (await response.json()) as Record<string, unknown>;
      } catch {
        // not listening yet
      }
      return null;
    },
    (body) => body !== null,
    timeoutMs,
    250,
  );
  if (!ready) throw new Error(`not ready after ${timeoutMs} ms:\n${started.output()}`);
  return ready;
}

/** Sends SIGTERM; Nest runs its shutdown hooks, then re-raises the signal, the conventional exit. */
export async function stop(started: Started): Promise<string> {
  const { exitCode, signalCode } = started.child;
  if (exitCode !== null || signalCode !== null) return `exited already (${exitCode ?? signalCode})`;
  const sent = Date.now();
  started.child.kill('SIGTERM');
  const [code, signal] = (await once(started.child, 'exit')) as [number | null, NodeJS.Signals | null];
  const clean = code === 0 || signal === 'SIGTERM';
  return clean && Date.now() - sent < 15_000 ? 'stopped' : `code ${code}, signal ${signal}, ${Date.now() - sent} ms`;
}

/** Resident set size of a process, in bytes (Linux). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the highest value seen. */
export function sampleRss(pid: number, everyMs = 50): { stop: () => number } {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // the process ended
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** A port for a spawned server: random in a range the OS does not hand out as ephemeral ports. */
export function randomPort(): number {
  return 20_000 + Math.floor(Math.random() * 10_000);
}
