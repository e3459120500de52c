import type { LimitHit } from '../../common/sandbox-limits';
import type { SandboxOutcome } from '../../sandbox/sandbox-runner';
import type { FinishedRun } from '../calculation-execution.service';
import { CalculationStatus } from '../calculation-status';

const MB = 1024 * 1024;

/** Bytes as the limits are set: whole megabytes as "N MB", anything else in bytes. */
export function formatBytes(bytes: number): string {
  return bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes} bytes`;
}

/** What a calculation's message says when a limit ended it: the limit, by name and value. */
export function limitMessage(limit: LimitHit): string {
  switch (limit.name) {
    case 'memory':
      return `memory limit of ${limit.value} MB exceeded`;
    case 'disk':
      return `disk limit of ${limit.value} MB exceeded`;
    case 'pids':
      return `process limit of ${limit.value} reached`;
    case 'wall-clock':
      return `wall-clock limit of ${limit.value} s exceeded`;
    case 'result-size':
      return `result size limit of ${formatBytes(limit.value)} exceeded; write large results to /work/outputs`;
    case 'output-size':
      return `output size limit of ${formatBytes(limit.value)} exceeded; files over it were not kept`;
    case 'output-files':
      return `output file limit of ${limit.value} files exceeded; files beyond it were not kept`;
  }
}

/**
 * Why PostgreSQL's jsonb would refuse a JSON value, or null when it stores it faithfully: jsonb has
 * no NUL character (\u0000) and no lone UTF-16 surrogate. The path says where, as `$.a[0].b`.
 */
export function unstorableJson(value: unknown, path = '$'): string | null {
  const check = (text: string, where: string): string | null => {
    if (text.includes('\u0000')) return `a NUL character (\\u0000) at ${where}`;
    if (!text.isWellFormed()) return `a lone UTF-16 surrogate at ${where}`;
    return null;
  };
  if (typeof value === 'string') return check(value, path);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = unstorableJson(item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = check(key, `${path} (a key)`) ?? unstorableJson(item, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return null;
}

/** Text the database can hold (no NUL, no lone surrogate), for messages quoted from the code. */
function storableText(text: string): string {
  return text.replaceAll('\u0000', '\\0').toWellFormed();
}

/**
 * What a sandbox's ending means for the calculation: its status, message and which limit (if any)
 * ended it. Usage, exit code and the outputs flag are kept whatever the ending.
 */
export function toFinishedRun(outcome: SandboxOutcome): FinishedRun {
  const measured = {
    exitCode: outcome.exitCode,
    executionTimeS: outcome.usage.wallS,
    cpuTimeS: outcome.usage.cpuS,
    peakMemoryBytes: outcome.usage.peakMemoryBytes,
    outputsTruncated: outcome.outputs.truncated,
    result: null as unknown,
    limitExceeded: null,
  };
  if (outcome.ending === 'cancelled') {
    return { ...measured, status: CalculationStatus.Cancelled, errorMessage: 'cancelled' };
  }
  if (outcome.limit) {
    return {
      ...measured,
      status: outcome.limit.name === 'wall-clock' ? CalculationStatus.TimedOut : CalculationStatus.Failed,
      errorMessage: limitMessage(outcome.limit),
      limitExceeded: outcome.limit.name,
    };
  }
  if (outcome.platformError) {
    // The worker lost sight of the code (the engine out of reach): what was captured is kept.
    return { ...measured, status: CalculationStatus.Failed, errorMessage: storableText(outcome.platformError) };
  }
  if (outcome.exitCode === 0) {
    const unstorable = unstorableJson(outcome.result ?? null);
    if (unstorable) {
      return {
        ...measured,
        status: CalculationStatus.Failed,
        errorMessage:
          `the code finished, but its result could not be stored: it contains ${unstorable}, ` +
          "which PostgreSQL's JSON type refuses; " +
          'return such data encoded (e.g. base64) or write it to /work/outputs',
      };
    }
    return { ...measured, status: CalculationStatus.Completed, result: outcome.result ?? null, errorMessage: null };
  }
  const raised = outcome.error?.message
    ? `${String(outcome.error.type ?? 'Error')}: ${String(outcome.error.message)}`
    : null;
  return {
    ...measured,
    status: CalculationStatus.Failed,
    errorMessage: storableText(raised ?? `the code exited with status ${outcome.exitCode ?? 'unknown'}`),
  };
}
