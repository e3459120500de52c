import { contentDisposition, normaliseContentType, sanitizeFilename } from './file-names';

describe(sanitizeFilename.name, () => {
  it('makes a name with a lone surrogate well-formed', () => {
    expect(sanitizeFilename('data\uDC00.csv')).toBe('data\uFFFD.csv');
  });

  it('keeps only the last path component', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\Users\\ada\\data.csv')).toBe('data.csv');
  });

  it('removes control and bidi-override characters', () => {
    expect(sanitizeFilename('a\u0000b\nc\u202Etxt.exe')).toBe('abctxt.exe');
  });

  it('names empty and dot-only names "file"', () => {
    expect(sanitizeFilename('')).toBe('file');
    expect(sanitizeFilename(undefined)).toBe('file');
    expect(sanitizeFilename('..')).toBe('file');
    expect(sanitizeFilename('dir/')).toBe('file');
  });

  it('normalises to NFC and caps the length in characters, not bytes', () => {
    expect(sanitizeFilename('e\u0301te\u0301.csv')).toBe('été.csv');
    expect(sanitizeFilename('é'.repeat(300))).toHaveLength(255);
  });
});

describe(normaliseContentType.name, () => {
  it('keeps a well-formed type without parameters', () => {
    expect(normaliseContentType('Text/CSV; charset=utf-8')).toBe('text/csv');
  });

  it('falls back to application/octet-stream for anything else', () => {
    expect(normaliseContentType('not a type')).toBe('application/octet-stream');
    expect(normaliseContentType(undefined)).toBe('application/octet-stream');
    expect(normaliseContentType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
  });
});

describe(contentDisposition.name, () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('résumé "final".pdf')).toBe(
      `attachment; filename="r?sum? \\"final\\".pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
  });

  it('sends a plain ASCII name as it is', () => {
    expect(contentDisposition("it's (1)*.txt", 'inline')).toBe(`inline; filename="it's (1)*.txt"`);
  });

  it('replaces a lone surrogate rather than failing to encode it', () => {
    expect(contentDisposition('a\uD800b.txt')).toBe(`attachment; filename="a?b.txt"; filename*=UTF-8''a%EF%BF%BDb.txt`);
  });
});
