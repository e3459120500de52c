import { canonicalJson, FingerprintInput, mediaTypeOf, requestFingerprint } from './request-fingerprint';

const json = (body: unknown, overrides: Partial<FingerprintInput> = {}): FingerprintInput => ({
  method: 'POST',
  route: '/api/v1/calculations',
  params: {},
  contentType: 'application/json',
  contentLength: '42',
  body,
  ...overrides,
});

const multipart = (boundary: string, contentLength: string | undefined): FingerprintInput => ({
  method: 'POST',
  route: '/api/v1/files',
  params: {},
  contentType: `multipart/form-data; boundary=${boundary}`,
  contentLength,
  body: {},
});

describe(requestFingerprint.name, () => {
  const sut = requestFingerprint;

  it('is a SHA-256 in hex', () => {
    expect(sut(json({ a: 1 }))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores the order of object keys, at every level', () => {
    const one = { name: 'beam', parameters: { b: 2, a: { y: [1, { q: 1, p: 2 }], x: null } } };
    const other = { parameters: { a: { x: null, y: [1, { p: 2, q: 1 }] }, b: 2 }, name: 'beam' };
    expect(sut(json(one))).toBe(sut(json(other)));
  });

  it('ignores the Content-Length of a JSON body (spacing does not make another request)', () => {
    expect(sut(json({ a: 1 }, { contentLength: '8' }))).toBe(sut(json({ a: 1 }, { contentLength: '80' })));
  });

  it('tells different bodies apart', () => {
    expect(sut(json({ a: 1 }))).not.toBe(sut(json({ a: 2 })));
    expect(sut(json({ a: [1, 2] }))).not.toBe(sut(json({ a: [2, 1] })));
    expect(sut(json({ a: '1' }))).not.toBe(sut(json({ a: 1 })));
    expect(sut(json({ a: null }))).not.toBe(sut(json({})));
  });

  it('tells routes, methods and path parameters apart', () => {
    const rerun = (id: string) => json({}, { route: '/api/v1/calculations/:id/rerun', params: { id } });
    expect(sut(rerun('a'))).not.toBe(sut(rerun('b')));
    expect(sut(rerun('a'))).not.toBe(sut(json({})));
    expect(sut(json({}, { method: 'PUT' }))).not.toBe(sut(json({})));
  });

  it('does not confuse a parameter with the body', () => {
    const a = json({ id: 'x' }, { params: {} });
    const b = json({}, { params: { id: 'x' } });
    expect(sut(a)).not.toBe(sut(b));
  });

  it('fingerprints a multipart body by media type and length, not by its random boundary', () => {
    expect(sut(multipart('----aaaa', '1234'))).toBe(sut(multipart('----bbbb', '1234')));
    expect(sut(multipart('----aaaa', '1234'))).not.toBe(sut(multipart('----aaaa', '1235')));
    expect(sut(multipart('----aaaa', undefined))).toBe(sut(multipart('----cccc', undefined)));
    expect(sut(multipart('----aaaa', undefined))).not.toBe(sut(multipart('----aaaa', '1234')));
  });

  it('hashes a body nested far deeper than the stack would allow for recursion', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = { a: [deep] };
    expect(sut(json(deep))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe(canonicalJson.name, () => {
  it('writes sorted keys without whitespace and leaves arrays in order', () => {
    expect(canonicalJson({ b: [3, 1, { d: 'x', c: true }], a: null, e: undefined })).toBe(
      '{"a":null,"b":[3,1,{"c":true,"d":"x"}]}',
    );
  });

  it('writes scalars, empty containers and escaped keys as JSON does', () => {
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ 'k"': 1.5 })).toBe('{"k\\"":1.5}');
    expect(canonicalJson(null)).toBe('null');
  });
});

describe(mediaTypeOf.name, () => {
  it('drops parameters and case', () => {
    expect(mediaTypeOf('Multipart/Form-Data; boundary=x')).toBe('multipart/form-data');
    expect(mediaTypeOf(undefined)).toBe('');
  });
});
