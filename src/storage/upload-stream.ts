import {
  CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { Sha256Session } from './sha256-worker';

const sourceErrors = new WeakSet<object>();

/**
 * Whether an upload failed because its body did (the client hung up, sent too much): such an error
 * says nothing about storage, even when it carries a network code such as ECONNRESET.
 */
export function isSourceError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && sourceErrors.has(error);
}

export interface UploadStreamOptions {
  client: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  /** Bytes per part (the last one may be shorter); S3 wants at least 5 MiB. */
  partSize: number;
  /** Part buffers of one upload: one being filled, the others' parts in flight. */
  buffers: number;
  /** Ends the upload: requests in flight are cancelled and the returned promise rejects. */
  signal: AbortSignal;
  /** Per request without a streamed body (create, complete), in ms. */
  deadlineMs: { create: number; complete: number };
  /** Hashes the bytes, part by part, while they are sent. */
  hash: Sha256Session;
}

/**
 * Streams `body` to one object: a single PUT when it fits in one part, else a multipart upload with
 * `buffers - 1` parts in flight while the next is filled. The part buffers are allocated once per
 * upload and refilled, so that an upload's memory is bounded by `partSize × buffers` whatever its
 * size and its parts make no garbage (lib-storage allocated a fresh buffer per part, and the
 * collector's work on them cost as much CPU as hashing the bytes). Each part is hashed on another
 * thread while it is sent; resolves to the SHA-256 of the whole body. Rejects at the first failed
 * request, without waiting for the others or for the body; it never aborts the multipart upload
 * itself (its caller decides when storage can be asked to).
 */
export async function uploadStream(options: UploadStreamOptions, body: Readable): Promise<{ sha256: string }> {
  const { client, bucket, key, contentType, partSize, signal, hash } = options;
  let failed: ((error: unknown) => void) | undefined;
  let failure: Error | undefined;
  const failedPromise = new Promise<never>((_, reject) => (failed = reject));
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure = error instanceof Error ? error : new Error(`upload failed: ${String(error)}`, { cause: error });
    failed?.(failure);
  };
  const throwIfFailed = (): void => {
    if (failure !== undefined) throw failure;
  };
  const onAbort = () => fail(signal.reason);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });

  const free: Buffer[] = [];
  let allocated = 0;
  const inFlight = new Set<Promise<void>>();
  const completed: CompletedPart[] = [];
  let uploadId: string | undefined;
  let partNumber = 0;
  const deadline = (ms: number) => AbortSignal.any([signal, AbortSignal.timeout(ms)]);

  const takeBuffer = async (): Promise<Buffer> => {
    while (free.length === 0 && allocated >= options.buffers) {
      await Promise.race(inFlight);
      throwIfFailed();
    }
    const buffer = free.pop();
    if (buffer) return buffer;
    allocated += 1;
    // Shared, so that the hashing thread reads the part where it is.
    return Buffer.from(new SharedArrayBuffer(partSize));
  };

  const ship = async (buffer: Buffer, length: number): Promise<void> => {
    if (uploadId === undefined) {
      const created = await client.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          ContentType: contentType,
          ChecksumAlgorithm: 'CRC32',
        }),
        { abortSignal: deadline(options.deadlineMs.create) },
      );
      if (!created.UploadId) throw new Error(`S3 returned no upload id for ${key}`);
      uploadId = created.UploadId;
    }
    partNumber += 1;
    const number = partNumber;
    const bytes = buffer.subarray(0, length);
    const part = Promise.all([
      client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: number,
          Body: bytes,
          ChecksumAlgorithm: 'CRC32',
        }),
        { abortSignal: signal },
      ),
      hash.update(bytes),
    ])
      .then(([answer]) => {
        if (!answer.ETag) throw new Error(`S3 returned no ETag for part ${number} of ${key}`);
        completed.push({ PartNumber: number, ETag: answer.ETag, ChecksumCRC32: answer.ChecksumCRC32 });
        free.push(buffer);
      })
      .catch(fail)
      .finally(() => inFlight.delete(part));
    inFlight.add(part);
  };

  const run = async (): Promise<{ sha256: string }> => {
    let buffer: Buffer | undefined;
    let filled = 0;
    // Whether an error comes from reading the body (the client's side) rather than from storage.
    let reading = true;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        reading = false;
        throwIfFailed();
        let offset = 0;
        while (offset < chunk.length) {
          buffer ??= await takeBuffer();
          const copied = chunk.copy(buffer, filled, offset);
          filled += copied;
          offset += copied;
          if (filled === partSize) {
            await ship(buffer, filled);
            buffer = undefined;
            filled = 0;
          }
        }
        reading = true;
      }
    } catch (error) {
      if (reading && typeof error === 'object' && error !== null) sourceErrors.add(error);
      throw error;
    }
    throwIfFailed();
    if (uploadId === undefined) {
      const bytes = buffer ? buffer.subarray(0, filled) : Buffer.alloc(0);
      await Promise.all([
        client.send(new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, Body: bytes }), {
          abortSignal: signal,
        }),
        bytes.length > 0 ? hash.update(bytes) : undefined,
      ]);
      return { sha256: await hash.digest() };
    }
    if (buffer && filled > 0) await ship(buffer, filled);
    while (inFlight.size > 0) await Promise.race(inFlight);
    throwIfFailed();
    completed.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: completed },
      }),
      { abortSignal: deadline(options.deadlineMs.complete) },
    );
    return { sha256: await hash.digest() };
  };

  try {
    return await Promise.race([run(), failedPromise]);
  } catch (error) {
    hash.drop();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
