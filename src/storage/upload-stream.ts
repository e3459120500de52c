import {
  CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';

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
}

/**
 * Streams `body` to one object: a single PUT when it fits in one part, else a multipart upload with
 * `buffers - 1` parts in flight while the next is filled. The part buffers are allocated once per
 * upload and refilled, so that an upload's memory is bounded by `partSize × buffers` whatever its
 * size and its parts make no garbage (lib-storage allocated a fresh buffer per part, and the
 * collector's work on them cost as much CPU as hashing the bytes). Rejects at the first failed
 * request, without waiting for the others or for the body; it never aborts the multipart upload
 * itself (its caller decides when storage can be asked to).
 */
export async function uploadStream(options: UploadStreamOptions, body: Readable): Promise<void> {
  const { client, bucket, key, contentType, partSize, signal } = options;
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
    return Buffer.allocUnsafe(partSize);
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
    const part = client
      .send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: number,
          Body: buffer.subarray(0, length),
          ChecksumAlgorithm: 'CRC32',
        }),
        { abortSignal: signal },
      )
      .then((answer) => {
        if (!answer.ETag) throw new Error(`S3 returned no ETag for part ${number} of ${key}`);
        completed.push({ PartNumber: number, ETag: answer.ETag, ChecksumCRC32: answer.ChecksumCRC32 });
        free.push(buffer);
      })
      .catch(fail)
      .finally(() => inFlight.delete(part));
    inFlight.add(part);
  };

  const run = async (): Promise<void> => {
    let buffer: Buffer | undefined;
    let filled = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
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
    }
    throwIfFailed();
    if (uploadId === undefined) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          ContentType: contentType,
          Body: buffer ? buffer.subarray(0, filled) : Buffer.alloc(0),
        }),
        { abortSignal: signal },
      );
      return;
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
  };

  try {
    await Promise.race([run(), failedPromise]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
