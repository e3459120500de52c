import { HttpStatus } from '@nestjs/common';

/** One field-level problem in a 422 answer: `path` is a JSON-pointer-like dotted path into the body. */
export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details, as every error leaves the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types specific to Retort; plain HTTP errors use `about:blank` as RFC 9457 suggests. */
export const problemType = (slug: string): string => `urn:retort:problem:${slug}`;

/**
 * One of Retort's problem types, as the catalogues (`<module>.problems.ts`) list them: the slug of its
 * `urn:retort:problem:<slug>` type, its HTTP status, and what it means. The `title` on the wire stays
 * the status's own (see ProblemDetailsFilter); this one documents the type.
 */
export interface ProblemType {
  slug: string;
  status: number;
  title: string;
}

export function statusTitle(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
