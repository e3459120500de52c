import { isEngineUnreachable } from './docker.adapter';

const failure = (fields: { message?: string; code?: string; statusCode?: number }) =>
  Object.assign(new Error(fields.message ?? 'failed'), fields);

describe(isEngineUnreachable.name, () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ETIMEDOUT'])(
    'takes %s for an engine out of reach',
    (code) => {
      expect(isEngineUnreachable(failure({ code }))).toBe(true);
    },
  );

  it('takes a socket that hung up for an engine out of reach', () => {
    expect(isEngineUnreachable(failure({ message: 'socket hang up' }))).toBe(true);
  });

  it('does not take an answer of the engine for an outage', () => {
    expect(isEngineUnreachable(failure({ statusCode: 409, message: 'container is not running' }))).toBe(false);
    expect(isEngineUnreachable(failure({ statusCode: 500, code: 'ECONNRESET' }))).toBe(false);
  });

  it('does not take any other error for an outage', () => {
    expect(isEngineUnreachable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isEngineUnreachable(null)).toBe(false);
  });
});
