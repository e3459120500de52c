import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ValidationProblem } from './problem.exception';

describe(ProblemDetailsFilter.name, () => {
  const sut = new ProblemDetailsFilter();

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
