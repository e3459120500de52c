import { findNulCharacter, NUL_MESSAGE, NulCharactersPipe } from './nul-characters.pipe';
import { ValidationProblem } from './problem.exception';

describe(NulCharactersPipe.name, () => {
  const sut = new NulCharactersPipe();

  it('passes values without U+0000 through unchanged', () => {
    const body = { name: 'beam', tags: ['a', 'b'], nested: { count: 1, flag: null } };
    expect(sut.transform(body, { type: 'body' })).toBe(body);
  });

  it('refuses a NUL in a body string with the field path', () => {
    expect(() => sut.transform({ tags: ['ok', 'b\u0000d'] }, { type: 'body' })).toThrow(ValidationProblem);
    expect(findNulCharacter({ tags: ['ok', 'b\u0000d'] })).toEqual({ path: 'tags.1', message: NUL_MESSAGE });
  });

  it('refuses a NUL in a property name, escaped in the path', () => {
    expect(findNulCharacter({ parameters: { 'a\u0000': 1 } })).toEqual({
      path: 'parameters.a\\u0000',
      message: NUL_MESSAGE,
    });
  });

  it('names a path or query parameter by its own name', () => {
    try {
      sut.transform('beam\u0000', { type: 'param', data: 'name' });
      throw new Error('no error thrown');
    } catch (error) {
      expect((error as ValidationProblem).fieldErrors).toEqual([{ path: 'name', message: NUL_MESSAGE }]);
    }
  });

  it('leaves server-built custom parameters alone', () => {
    const principal = { note: '\u0000' };
    expect(sut.transform(principal, { type: 'custom' })).toBe(principal);
  });

  it('walks deeply nested values without recursion', () => {
    let value: unknown = 'x\u0000';
    for (let depth = 0; depth < 100_000; depth += 1) value = [value];
    expect(findNulCharacter(value)?.message).toBe(NUL_MESSAGE);
  });
});
