import { canonicalJson, reuseKey } from './reuse-key';

describe(canonicalJson.name, () => {
  it('sorts keys at every level and writes numbers in one form', () => {
    expect(canonicalJson({ b: 1.0, a: { d: [2, { z: 1, y: -0 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"y":0,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1e21, b: 0.1 })).toBe('{"a":1e+21,"b":0.1}');
  });
});

describe(reuseKey.name, () => {
  const base = {
    image: 'retort/sandbox-python-scientific:1.0.0',
    code: 'def run(p):\n    return p\n',
    parameters: { a: 1, b: { c: 2 } },
    inputs: [
      { name: 'x.csv', sha256: 'aa' },
      { name: 'y.csv', sha256: 'bb' },
    ],
  };

  it('is the same for the same work, whatever the order of keys and inputs', () => {
    expect(reuseKey({ ...base, parameters: { b: { c: 2.0 }, a: 1 }, inputs: [...base.inputs].reverse() })).toBe(
      reuseKey(base),
    );
    expect(reuseKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['image', { image: 'retort/sandbox-python-scientific:1.0.1' }],
    ['code', { code: 'def run(p):\n    return 1\n' }],
    ['parameters', { parameters: { a: 2, b: { c: 2 } } }],
    ['input content', { inputs: [{ name: 'x.csv', sha256: 'cc' }, base.inputs[1]] }],
    ['input name', { inputs: [{ name: 'z.csv', sha256: 'aa' }, base.inputs[1]] }],
  ])('changes with the %s', (_, change) => {
    expect(reuseKey({ ...base, ...change })).not.toBe(reuseKey(base));
  });
});
