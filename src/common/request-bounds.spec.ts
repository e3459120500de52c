import { ProblemDetailsFilter } from './problem-details.filter';
import { bodyParserProblem, findJsonBoundsViolation, isJsonMediaType } from './request-bounds';

describe(findJsonBoundsViolation.name, () => {
  const bounds = { maxBytes: 1024, maxDepth: 4, maxValues: 50, maxEntries: 10 };

  it('accepts a body within every bound', () => {
    expect(findJsonBoundsViolation({ a: [1, 2, { b: 'c' }], d: null }, bounds)).toBeNull();
  });

  it('refuses nesting past the depth, naming where', () => {
    expect(findJsonBoundsViolation({ a: { b: { c: { d: { e: 1 } } } } }, bounds)).toEqual({
      path: 'a.b.c.d',
      message: 'nesting deeper than 4 levels is not accepted',
    });
  });

  it('walks a body nested far deeper than the call stack allows without overflowing', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 200_000; level += 1) deep = [deep];
    expect(findJsonBoundsViolation(deep)?.message).toBe('nesting deeper than 32 levels is not accepted');
  });

  it('refuses an array with too many items and an object with too many members', () => {
    expect(findJsonBoundsViolation({ list: Array.from({ length: 11 }, () => 0) }, bounds)?.path).toBe('list');
    const wide = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    expect(findJsonBoundsViolation(wide, bounds)?.message).toBe('at most 10 members are accepted here');
  });

  it('counts every value of the body', () => {
    const many = Array.from({ length: 6 }, () => [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(findJsonBoundsViolation(many, bounds)?.message).toBe('the body holds more than 50 values');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses "%s" as a property name at any depth', (key) => {
    const body = JSON.parse(`{"parameters": {"x": {"${key}": {"polluted": true}}}}`) as unknown;
    expect(findJsonBoundsViolation(body, bounds)).toEqual({
      path: `parameters.x.${key}`,
      message: `"${key}" is not accepted as a property name`,
    });
  });

  it('accepts those words as values and inside arrays', () => {
    expect(findJsonBoundsViolation({ name: '__proto__', list: ['constructor'] }, bounds)).toBeNull();
  });
});

describe(isJsonMediaType.name, () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/merge-patch+json', true],
    ['text/plain', false],
    ['multipart/form-data; boundary=x', false],
    [undefined, false],
  ])('%s → %s', (contentType, expected) => {
    expect(isJsonMediaType(contentType)).toBe(expected);
  });
});

describe(bodyParserProblem.name, () => {
  const render = (error: Error) => new ProblemDetailsFilter().toProblem(bodyParserProblem(error));

  it('passes on the status of a body-parser error', () => {
    const error = Object.assign(new Error('Unexpected token } in JSON'), { status: 400, type: 'entity.parse.failed' });
    expect(render(error)).toMatchObject({
      status: 400,
      title: 'Bad Request',
      type: 'urn:retort:problem:malformed-json',
    });
  });

  it('answers a body over the JSON limit with a typed 413 naming the limit', () => {
    const error = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });
    expect(render(error)).toMatchObject({
      status: 413,
      type: 'urn:retort:problem:body-too-large',
      limitBytes: 1024 * 1024,
    });
  });
});
