import { createHash, randomBytes } from 'node:crypto';
import { Sha256Worker } from './sha256-worker';

const shared = (bytes: Buffer): Uint8Array => {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
};

describe(Sha256Worker.name, () => {
  const sut = new Sha256Worker();
  afterAll(() => sut.close());

  it('hashes parts handed over in order to the digest of the whole, each session on its own', async () => {
    const first = randomBytes(3 * 1024 * 1024 + 7);
    const second = randomBytes(1024 * 1024);
    const a = sut.session();
    const b = sut.session();
    // Interleaved, as two uploads at once are.
    await Promise.all([
      a.update(shared(first.subarray(0, 1024 * 1024))),
      b.update(shared(second)),
      a.update(shared(first.subarray(1024 * 1024))),
    ]);
    expect(await a.digest()).toBe(createHash('sha256').update(first).digest('hex'));
    expect(await b.digest()).toBe(createHash('sha256').update(second).digest('hex'));
  });

  it('digests an empty stream, and forgets a dropped session', async () => {
    const empty = sut.session();
    expect(await empty.digest()).toBe(createHash('sha256').digest('hex'));
    const dropped = sut.session();
    await dropped.update(shared(Buffer.from('abandoned')));
    dropped.drop();
    // A dropped session's bytes are gone: asked anyway, it starts over.
    expect(await dropped.digest()).toBe(createHash('sha256').digest('hex'));
  });

  it('starts a new thread after the last one was closed', async () => {
    await sut.close();
    const again = sut.session();
    await again.update(shared(Buffer.from('after')));
    expect(await again.digest()).toBe(createHash('sha256').update('after').digest('hex'));
  });
});
