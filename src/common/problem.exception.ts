import { HttpException } from '@nestjs/common';
import { FieldError, problemType, statusTitle } from './problem-details';

/**
 * An error that already knows its problem type. Services throw these (or Nest's own HttpExceptions);
 * the ProblemDetailsFilter renders both.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly slug: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ type: problemType(slug), title: statusTitle(status), status, detail, ...extensions }, status);
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
