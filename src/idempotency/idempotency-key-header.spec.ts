import { ValidationProblem } from '../common/problem.exception';
import { parseIdempotencyKey } from './idempotency-key-header';

describe(parseIdempotencyKey.name, () => {
  const sut = parseIdempotencyKey;

  it('is undefined without the header', () => {
    expect(sut(undefined)).toBeUndefined();
    expect(sut([])).toBeUndefined();
  });

  it('takes a bare key and the quoted string of the IETF draft as the same key', () => {
    expect(sut('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(sut(['"8e03978e-40d5-43e8-bc93-6894a57f9324"'])).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
  });

  it('accepts 255 visible ASCII characters', () => {
    expect(sut('k'.repeat(255))).toBe('k'.repeat(255));
  });

  it.each([
    ['empty', ''],
    ['an empty quoted string', '""'],
    ['too long', 'k'.repeat(256)],
    ['non-ASCII', 'clé'],
    ['a control character', 'a\tb'],
    ['a quote inside', 'a"b'],
    ['a space inside', 'a b'],
  ])('refuses a key that is %s with a 422 naming the header', (_, value) => {
    const error = (() => {
      try {
        sut(value);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationProblem);
    expect((error as ValidationProblem).getStatus()).toBe(422);
    expect((error as ValidationProblem).fieldErrors[0].path).toBe('header:Idempotency-Key');
  });

  it('refuses the header sent twice', () => {
    expect(() => sut(['a', 'b'])).toThrow(ValidationProblem);
  });
});
