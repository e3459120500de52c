import { resultMaxBytes } from '../common/sandbox-limits';
import { parseProgress } from './sandbox-runner';

describe(parseProgress.name, () => {
  it.each<[string, string, ReturnType<typeof parseProgress>]>([
    ['a fraction and a message', '{"fraction": 0.25, "message": "step 1"}', { fraction: 0.25, message: 'step 1' }],
    ['a fraction alone', '{"fraction": 0.5}', { fraction: 0.5, message: null }],
    ['a fraction given as a numeric string', '{"fraction": "0.75"}', { fraction: 0.75, message: null }],
    ['a fraction above 1, held to 1', '{"fraction": 3}', { fraction: 1, message: null }],
    ['a fraction below 0, held to 0', '{"fraction": -2}', { fraction: 0, message: null }],
    ['a message that is not a string, dropped', '{"fraction": 0.1, "message": 42}', { fraction: 0.1, message: null }],
    ['no fraction', '{"message": "hello"}', null],
    ['a fraction that is not a number', '{"fraction": "most"}', null],
    ['an infinite fraction', '{"fraction": 1e999}', null],
    ['a line that is not JSON', 'fraction=0.5', null],
    ['a half-written line', '{"fraction": 0.', null],
    ['JSON null', 'null', null],
  ])('reads %s', (_, line, expected) => {
    expect(parseProgress(line)).toEqual(expected);
  });

  it('cuts a long message to 200 characters', () => {
    const parsed = parseProgress(JSON.stringify({ fraction: 0.5, message: 'x'.repeat(500) }));
    expect(parsed?.message).toHaveLength(200);
  });
});

describe(resultMaxBytes.name, () => {
  it.each([
    [1000, 1000],
    [1, 1],
    [16 * 1024 * 1024, 16 * 1024 * 1024],
    [1024 * 1024 * 1024, 16 * 1024 * 1024],
  ])('allows a result of %d output bytes at most %d bytes (the output budget, within 16 MiB)', (budget, expected) => {
    expect(resultMaxBytes({ maxOutputBytes: budget })).toBe(expected);
  });
});
