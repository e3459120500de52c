import { describe, expect, it } from 'vitest';
import { acceptsContentType } from './InputFilePicker';

describe('acceptsContentType', () => {
  it('offers only the files an input declares', () => {
    expect(acceptsContentType(['text/csv'], 'text/csv; charset=utf-8')).toBe(true);
    expect(acceptsContentType(['text/csv'], 'image/png')).toBe(false);
    expect(acceptsContentType(['image/*'], 'image/png')).toBe(true);
    expect(acceptsContentType(['image/*'], 'text/plain')).toBe(false);
    expect(acceptsContentType([], 'application/x-anything')).toBe(true);
    expect(acceptsContentType(undefined, 'application/x-anything')).toBe(true);
  });
});
