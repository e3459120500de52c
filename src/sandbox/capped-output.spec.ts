import { CappedOutput } from './capped-output';

describe(CappedOutput.name, () => {
  it('keeps everything under the cap', () => {
    const sut = new CappedOutput(100);
    sut.write('hello ');
    sut.write('world');
    expect(sut.text).toBe('hello world');
    expect(sut.truncated).toBe(false);
    expect(sut.totalBytes).toBe(11);
  });

  it('keeps the first bytes, counts the rest and says it truncated', () => {
    const seen: string[] = [];
    const sut = new CappedOutput(8, (text) => seen.push(text));
    for (let i = 0; i < 1000; i += 1) sut.write('0123456789');
    expect(sut.text).toBe('01234567');
    expect(sut.totalBytes).toBe(10_000);
    expect(sut.truncated).toBe(true);
    expect(seen).toEqual(['01234567']);
  });

  it('drops a multi-byte character cut by the cap and NUL bytes Postgres text refuses', () => {
    const sut = new CappedOutput(4);
    sut.write(Buffer.from('a\u0000é€', 'utf8'));
    expect(sut.text).toBe('aé');
  });
});
