import { HttpException } from '@nestjs/common';
import { HttpProblems } from './http.problems';
import { FieldError, ProblemType, problemType, statusTitle } from './problem-details';

/**
 * An error that already knows its problem type. Services throw these (or Nest's own HttpExceptions);
 * the ProblemDetailsFilter renders both.
 */
export class ProblemException extends HttpException {
  /** Response headers that belong to this error (WWW-Authenticate, Retry-After, ...). */
  headers: Record<string, string> = {};

  constructor(
    status: number,
    readonly slug: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ type: problemType(slug), title: statusTitle(status), status, detail, ...extensions }, status);
  }

  /** A problem of a catalogued type (see `<module>.problems.ts`). */
  static of(type: ProblemType, detail: string, extensions: Record<string, unknown> = {}): ProblemException {
    return new ProblemException(type.status, type.slug, detail, extensions);
  }

  withHeader(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }
}

/** 401: RFC 6750 says which scheme to use and why the credentials were refused. */
export class UnauthorizedProblem extends ProblemException {
  constructor(detail: string, error: 'invalid_token' | 'invalid_request' | null = 'invalid_token') {
    super(HttpProblems.unauthenticated.status, HttpProblems.unauthenticated.slug, detail);
    const quoted = detail.replace(/["\\]/g, "'");
    this.withHeader(
      'WWW-Authenticate',
      error ? `Bearer realm="retort", error="${error}", error_description="${quoted}"` : 'Bearer realm="retort"',
    );
  }
}

export class ForbiddenProblem extends ProblemException {
  constructor(detail: string) {
    super(HttpProblems.forbidden.status, HttpProblems.forbidden.slug, detail);
  }
}

export class NotFoundProblem extends ProblemException {
  constructor(what: string, id: string) {
    super(
      HttpProblems.notFound.status,
      HttpProblems.notFound.slug,
      `${what} ${id} does not exist or is not visible to you.`,
    );
  }
}

/** 422 with field-level details. */
export class ValidationProblem extends ProblemException {
  constructor(
    readonly fieldErrors: FieldError[],
    detail = 'The request is not valid; see errors[] for each field.',
  ) {
    super(HttpProblems.validationError.status, HttpProblems.validationError.slug, detail, { errors: fieldErrors });
  }
}
