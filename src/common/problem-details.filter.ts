import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HttpProblems } from './http.problems';
import { asDependencyProblem } from './dependency-errors';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType, statusTitle } from './problem-details';
import { ProblemException } from './problem.exception';

/** Turns every error into RFC 9457 problem+json. Unexpected errors are logged, never echoed. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    // An unreachable database, queue, storage or identity provider is a 503 with Retry-After, not a 500.
    if (!(exception instanceof HttpException)) exception = asDependencyProblem(exception) ?? exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl?.split('?')[0];
    if (request.id !== undefined) problem.requestId = String(request.id);

    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: problem.requestId }, 'request failed');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof ProblemException) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(exception: unknown): ProblemDetails {
    if (!(exception instanceof HttpException)) {
      return {
        type: 'about:blank',
        title: statusTitle(HttpStatus.INTERNAL_SERVER_ERROR),
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        detail: 'An unexpected error occurred. It has been logged; quote the request id when reporting it.',
      };
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body) {
      return { ...(body as ProblemDetails), status };
    }
    const cause = (exception as { cause?: unknown }).cause;
    if (cause instanceof URIError) {
      // Express could not decode a path parameter (`%FF`): the client's URL, not our failure.
      return {
        type: problemType(HttpProblems.malformedPath.slug),
        title: statusTitle(status),
        status,
        detail: cause.message,
      };
    }
    return { type: problemType(slugOf(status)), title: statusTitle(status), status, detail: detailOf(body, exception) };
  }
}

/** `Not Found` → `not-found`: Nest's own HttpExceptions get a problem type like ours. */
function slugOf(status: number): string {
  return statusTitle(status)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
}

function detailOf(body: string | object, exception: HttpException): string {
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}
