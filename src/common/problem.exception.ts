import { HttpException } from '@nestjs/common';
import { FieldError, problemType, statusTitle } from './problem-details';

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

  withHeader(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }
}

/** 401: RFC 6750 says which scheme to use and why the credentials were refused. */
export class UnauthorizedProblem extends ProblemException {
  constructor(detail: string, error: 'invalid_token' | 'invalid_request' | null = 'invalid_token') {
    super(401, 'unauthenticated', detail);
    const quoted = detail.replace(/["\\]/g, "'");
    this.withHeader(
      'WWW-Authenticate',
      error ? `Bearer realm="retort", error="${error}", error_description="${quoted}"` : 'Bearer realm="retort"',
    );
  }
}

export class ForbiddenProblem extends ProblemException {
  constructor(detail: string) {
    super(403, 'forbidden', detail);
  }
}

export class NotFoundProblem extends ProblemException {
  constructor(what: string, id: string) {
    super(404, 'not-found', `${what} ${id} does not exist or is not visible to you.`);
  }
}

/** 422 with field-level details. */
export class ValidationProblem extends ProblemException {
  constructor(
    readonly fieldErrors: FieldError[],
    detail = 'The request is not valid; see errors[] for each field.',
  ) {
    super(422, 'validation-error', detail, { errors: fieldErrors });
  }
}
