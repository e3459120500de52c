import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { OutputSpool } from './output-spool';

describe(OutputSpool.name, () => {
  let sut: OutputSpool;

  beforeEach(() => {
    sut = new OutputSpool();
  });

  afterEach(async () => {
    await sut.remove();
  });

  it('keeps each output copied out, in order', async () => {
    await sut.add('a.txt', 1, Readable.from(['a']));
    await sut.add('b/c.txt', 2, Readable.from(['bc']));

    expect(sut.files.map((file) => file.path)).toEqual(['a.txt', 'b/c.txt']);
    expect(await text(sut.files[1].open())).toBe('bc');
  });

  it('replaces an output copied out again (outputs read again after a broken read), keeping one of each', async () => {
    await sut.add('a.txt', 5, Readable.from(['first']));
    await sut.add('a.txt', 6, Readable.from(['second']));

    expect(sut.files).toHaveLength(1);
    expect(sut.files[0].sizeBytes).toBe(6);
    expect(await text(sut.files[0].open())).toBe('second');
  });
});
