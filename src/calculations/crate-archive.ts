import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** One file of the archive: where it goes, and how to open its bytes (called when its turn comes). */
export interface ArchiveEntry {
  path: string;
  modified: Date;
  open(): Promise<Readable>;
}

/**
 * An RO-Crate as a zip stream: `ro-crate-metadata.json` first, then each entry, opened one after
 * the other as the zip is read (never more than one storage stream at once, nothing held whole in
 * memory). Stored, not deflated: outputs are often compressed already, and the CPU is the sandbox's.
 * An entry that cannot be opened fails the stream.
 */
export function crateArchive(metadata: Record<string, unknown>, entries: ArchiveEntry[]): Readable {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(metadata, null, 2)), 'ro-crate-metadata.json', { compress: true });
  for (const entry of entries) {
    zip.addReadStreamLazy(entry.path, { compress: false, mtime: entry.modified }, (callback) => {
      entry.open().then(
        (stream) => callback(null, stream),
        (error: unknown) => callback(error, undefined as unknown as NodeJS.ReadableStream),
      );
    });
  }
  zip.end();
  const output = zip.outputStream as Readable;
  // yazl reports a failed entry on the ZipFile: end the output with it, so that the response is cut.
  zip.on('error', (error: Error) => output.destroy(error));
  return output;
}
