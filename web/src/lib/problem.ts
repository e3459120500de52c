import type { components } from './api-schema';

export type Problem = components['schemas']['Problem'];

/** An API error carrying its RFC 9457 problem details. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

export function toApiError(error: unknown, status = 0): ApiError | Error {
  if (error instanceof Error) return error;
  if (isProblem(error)) return new ApiError(error);
  return new ApiError({ type: 'about:blank', title: 'Request failed', status, detail: String(error ?? '') });
}

/** A readable sentence for any error, problem+json first. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const { detail, title, errors } = error.problem;
    const fields = errors?.map((field) => `${field.path}: ${field.message}`).join('; ');
    return [detail ?? title, fields].filter(Boolean).join(' — ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
