import cluster, { Worker } from 'node:cluster';
import pino from 'pino';

// A process that dies this soon after it started counts towards a crash loop.
const EARLY_EXIT_MS = 10_000;
const MAX_EARLY_EXITS = 5;
const RESTART_DELAY_MS = 1_000;
// SIGTERM to the processes, then SIGKILL after this long (their own shutdown hooks have a grace period).
const STOP_TIMEOUT_MS = 30_000;

/**
 * The supervisor of API_PROCESSES API processes sharing one port (node's cluster module: the
 * primary accepts and hands connections out). It serves nothing itself: it starts them, restarts
 * one that dies (giving up when they keep dying right after starting: a configuration error), and
 * passes SIGTERM and SIGINT on, exiting once they have all stopped.
 */
export function superviseApiProcesses(count: number, logLevel: string): void {
  const logger = pino({ level: logLevel, base: { pid: process.pid, context: 'ApiSupervisor' } });
  const startedAt = new Map<Worker, number>();
  let earlyExits = 0;
  let stopping: NodeJS.Signals | null = null;

  const fork = () => startedAt.set(cluster.fork(), Date.now());

  cluster.on('listening', (worker, address) => {
    logger.info({ workerPid: worker.process.pid, port: address.port }, 'API process listening');
  });

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) {
        logger.info('every API process has stopped');
        // The conventional exit for the signal that stopped us, as a single process would.
        process.kill(process.pid, stopping);
      }
      return;
    }
    earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
    if (earlyExits >= MAX_EARLY_EXITS) {
      logger.fatal(
        { code, signal },
        `API processes keep exiting right after starting (${earlyExits} in a row): giving up`,
      );
      for (const other of startedAt.keys()) other.process.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    logger.error(
      { workerPid: worker.process.pid, code, signal, livedMs: lived },
      'an API process died: starting another',
    );
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = signal;
    // Default handling again, so that the signal re-raised once they are gone ends this process.
    process.removeAllListeners(signal);
    logger.info({ signal }, 'stopping the API processes');
    if (startedAt.size === 0) process.kill(process.pid, signal);
    for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  for (let index = 0; index < count; index += 1) fork();
  logger.info({ processes: count }, 'API processes started');
}
