/** Polls `probe` until it returns a value `done` accepts, or the time runs out; returns the last value. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Like `eventually`, but a wait that runs out is an error, saying what was found (`found` describes
 * the last value).
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; found?: (last: T) => string } = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 100 } = options;
  const last = await eventually(probe, done, timeoutMs, intervalMs);
  if (!done(last)) {
    throw new Error(`gave up waiting after ${timeoutMs} ms${options.found ? `: ${options.found(last)}` : ''}`);
  }
  return last;
}

/** Waits for a queue job to finish, completed or failed (the caller checks which). */
export async function waitForJob(
  job: { isCompleted(): Promise<boolean>; isFailed(): Promise<boolean> },
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(async () => (await job.isCompleted()) || (await job.isFailed()), Boolean, {
    timeoutMs,
    intervalMs: 200,
    found: () => 'the job is still waiting or running',
  });
}
