import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SpooledOutput {
  /** Path under /work/outputs. */
  path: string;
  sizeBytes: number;
  /** Set once stored, so that a retry links the same file instead of storing it again. */
  fileId?: string;
  open(): Readable;
}

/**
 * A finished calculation's output files, copied out of its sandbox onto the worker's own disk. The
 * sandbox can then go at once, and storing the files can be retried for as long as storage is
 * unreachable without holding a container.
 */
export class OutputSpool {
  readonly files: SpooledOutput[] = [];
  private directory: Promise<string> | undefined;

  private copies = 0;

  /** Copies one output out; the same path copied again (outputs read again after a broken read) replaces it. */
  async add(path: string, sizeBytes: number, content: Readable): Promise<void> {
    this.directory ??= mkdtemp(join(tmpdir(), 'retort-outputs-'));
    const local = join(await this.directory, String(this.copies++));
    await pipeline(content, createWriteStream(local));
    const output: SpooledOutput = { path, sizeBytes, open: () => createReadStream(local) };
    const earlier = this.files.findIndex((file) => file.path === path);
    if (earlier >= 0) this.files[earlier] = output;
    else this.files.push(output);
  }

  async remove(): Promise<void> {
    if (this.directory) await rm(await this.directory, { recursive: true, force: true });
  }
}
