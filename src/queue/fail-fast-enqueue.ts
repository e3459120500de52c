import { JobsOptions, Queue } from 'bullmq';
import { DependencyUnavailableError } from '../common/dependency-errors';

/** How long an API request may wait for the queue before it answers 503. */
export const ENQUEUE_DEADLINE_MS = 3_000;

/**
 * The queue could not take a job. `sent` says whether the ADD may have reached Redis (a timeout or a
 * dropped connection after sending): then the job may still appear, and only the caller's record of
 * it lets anyone find out. When false, nothing was sent and nothing will appear.
 */
export class EnqueueFailedError extends DependencyUnavailableError {
  constructor(
    readonly sent: boolean,
    cause?: unknown,
  ) {
    super('redis', { cause });
    this.name = 'EnqueueFailedError';
  }
}

class DeadlineExceeded extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Adds a job, or fails within `deadlineMs`. The queue's connection is shared with the worker's
 * blocking reads (so it cannot drop its offline queue or take a command timeout, which would break
 * BRPOP-style waits): instead, a job is refused at once while that connection is not ready, and a
 * sent ADD is waited for at most `deadlineMs`.
 */
export async function addFailFast<Data>(
  queue: Queue<Data>,
  name: string,
  data: Data,
  options: JobsOptions,
  deadlineMs = ENQUEUE_DEADLINE_MS,
): Promise<void> {
  let status: string;
  try {
    // Pending until the queue's first connection is up: an API started during an outage waits here.
    const client = (await withDeadline(queue.getBackend().client, deadlineMs)) as unknown as { status: string };
    status = client.status;
  } catch (error) {
    throw new EnqueueFailedError(false, error);
  }
  if (status !== 'ready') throw new EnqueueFailedError(false, new Error(`the queue connection is ${status}`));
  const adding = (queue as Queue).add(name, data, options);
  // A late failure, after we answered, is the reconciler's business; it must not go unhandled.
  adding.catch(() => undefined);
  try {
    await withDeadline(adding, deadlineMs);
  } catch (error) {
    throw new EnqueueFailedError(true, error);
  }
}
