import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { FileTooLargeProblem } from '../files/file-storage.service';
import { ToolProblems } from '../tools/tool.problems';
import { DependencyUnavailableProblem } from './dependency-errors';
import { ProblemDetailsFilter } from './problem-details.filter';
import {
  ForbiddenProblem,
  NotFoundProblem,
  ProblemException,
  UnauthorizedProblem,
  ValidationProblem,
} from './problem.exception';

describe(ProblemDetailsFilter.name, () => {
  const sut = new ProblemDetailsFilter();

  it.each<[string, HttpException, string, string, number]>([
    ['Nest 400', new BadRequestException('x'), 'bad-request', 'Bad Request', 400],
    ['Nest 403', new ForbiddenException('x'), 'forbidden', 'Forbidden', 403],
    ['Nest 409', new ConflictException('x'), 'conflict', 'Conflict', 409],
    ['Nest 413', new PayloadTooLargeException('x'), 'payload-too-large', 'Payload Too Large', 413],
    ['Nest 503', new ServiceUnavailableException('x'), 'service-unavailable', 'Service Unavailable', 503],
    ['401', new UnauthorizedProblem('x'), 'unauthenticated', 'Unauthorized', 401],
    ['403', new ForbiddenProblem('x'), 'forbidden', 'Forbidden', 403],
    ['404', new NotFoundProblem('File', 'f'), 'not-found', 'Not Found', 404],
    ['422', new ValidationProblem([]), 'validation-error', 'Unprocessable Entity', 422],
    ['413', new FileTooLargeProblem(10), 'file-too-large', 'Payload Too Large', 413],
    ['503', new DependencyUnavailableProblem('redis'), 'dependency-unavailable', 'Service Unavailable', 503],
    ['catalogued 409', ProblemException.of(ToolProblems.toolExists, 'x'), 'tool-exists', 'Conflict', 409],
  ])('types %s as urn:retort:problem:%s with the status’s title', (_, exception, slug, title, status) => {
    expect(sut.toProblem(exception)).toMatchObject({ type: `urn:retort:problem:${slug}`, title, status });
  });

  it('renders a Nest HTTP exception as a typed problem with its status and message', () => {
    const problem = sut.toProblem(new NotFoundException('calculation 42 does not exist'));
    expect(problem).toEqual({
      type: 'urn:retort:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'calculation 42 does not exist',
    });
  });

  it('keeps field-level errors of a validation problem', () => {
    const problem = sut.toProblem(new ValidationProblem([{ path: 'limits.memoryMb', message: 'must be ≤ 4096' }]));
    expect(problem.status).toBe(422);
    expect(problem.type).toBe('urn:retort:problem:validation-error');
    expect(problem.errors).toEqual([{ path: 'limits.memoryMb', message: 'must be ≤ 4096' }]);
  });

  it('joins the messages of a bad request with several reasons', () => {
    const problem = sut.toProblem(new BadRequestException(['a is wrong', 'b is wrong']));
    expect(problem.detail).toBe('a is wrong; b is wrong');
  });

  it('hides the message of an unexpected error', () => {
    const problem = sut.toProblem(new Error('password=hunter2 in a stack trace'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  it('types an undecodable path parameter as a malformed path', () => {
    const uriError = Object.assign(new URIError("Failed to decode param '%FF'"), { status: 400 });
    const problem = sut.toProblem(new BadRequestException(uriError.message, { cause: uriError }));
    expect(problem).toMatchObject({ status: 400, type: 'urn:retort:problem:malformed-path' });
  });
});
