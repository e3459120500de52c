import { HttpException } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';
import {
  asDependencyProblem,
  DependencyUnavailableError,
  registerDependencyEndpoint,
  unavailableDependencyOf,
} from './dependency-errors';

const socketError = (code: string, address: string, port: number) =>
  Object.assign(new Error(`connect ${code} ${address}:${port}`), { code, address, port, syscall: 'connect' });

describe('unavailableDependencyOf', () => {
  beforeAll(() => registerDependencyEndpoint('postgres', '10.1.2.3', 6543));

  it('attributes a bare socket error to the dependency listening there', () => {
    expect(unavailableDependencyOf(socketError('ECONNREFUSED', '10.1.2.3', 6543))).toBe('postgres');
  });

  it('does not attribute a socket error to an unknown endpoint', () => {
    expect(unavailableDependencyOf(socketError('ECONNREFUSED', '10.9.9.9', 1))).toBeUndefined();
  });

  it("recognises pg's connection failures, also wrapped in TypeORM's driverError", () => {
    expect(unavailableDependencyOf(new Error('timeout exceeded when trying to connect'))).toBe('postgres');
    const wrapped = Object.assign(new Error('query failed'), {
      driverError: new Error('Connection terminated unexpectedly'),
    });
    expect(unavailableDependencyOf(wrapped)).toBe('postgres');
    expect(unavailableDependencyOf(Object.assign(new Error('shutting down'), { code: '57P01' }))).toBe('postgres');
  });

  it("recognises ioredis's refusals and timeouts", () => {
    expect(unavailableDependencyOf(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(
      'redis',
    );
    expect(unavailableDependencyOf(new Error('Command timed out'))).toBe('redis');
  });

  it('leaves ordinary errors alone', () => {
    expect(unavailableDependencyOf(new Error('duplicate key value violates unique constraint'))).toBeUndefined();
    expect(unavailableDependencyOf(Object.assign(new Error('unique'), { code: '23505' }))).toBeUndefined();
    expect(unavailableDependencyOf('ECONNREFUSED')).toBeUndefined();
  });
});

describe(ProblemDetailsFilter.name, () => {
  it('renders an outage as 503 naming the dependency, with no internals', () => {
    const sut = new ProblemDetailsFilter();
    const outage = asDependencyProblem(new DependencyUnavailableError('storage', { cause: new Error('ECONNREFUSED') }));
    expect(outage).toBeInstanceOf(HttpException);
    const problem = sut.toProblem(outage);
    expect(problem).toMatchObject({
      status: 503,
      dependency: 'storage',
      type: 'urn:retort:problem:dependency-unavailable',
    });
    expect(JSON.stringify(problem)).not.toMatch(/ECONN/);
    expect(outage?.headers['Retry-After']).toBe('5');
  });
});
