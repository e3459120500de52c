import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DependencyUnavailableError, NETWORK_CODES } from '../common/dependency-errors';
import { AppConfig } from '../config/app-config';
import { Sha256Worker } from './sha256-worker';
import { isSourceError, uploadStream } from './upload-stream';

export interface ObjectRead {
  body: Readable;
  contentLength: number;
  /** Set when a range was asked for and served: `bytes a-b/total`. */
  contentRange?: string;
}

export interface ObjectHead {
  sizeBytes: number;
  etag?: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  sizeBytes: number;
}

export interface PresignedDownload {
  filename: string;
  contentDisposition: string;
  contentType: string;
}

/**
 * A streaming upload in flight: `done` settles when S3 has the whole object, with the SHA-256 of
 * its bytes; `abort` cancels it.
 */
export interface StreamingUpload {
  done: Promise<{ sha256: string }>;
  abort(): Promise<void>;
}

/** Thrown when a range cannot be served from an object (HTTP 416). */
export class RangeNotSatisfiableError extends Error {}

// A streaming upload holds at most STREAM_BUFFERS parts in memory whatever its size: one being
// filled, the others in flight. Two in flight (lib-storage's queue before) left storage idle between
// parts (issue #18); three keep it busy. The bound is low because the API's RSS must grow by less
// than 64 MB during a 1 GiB upload, and the request's own read buffers, garbage until the collector
// runs, take about as much again.
const STREAM_PART_SIZE = 5 * 1024 * 1024;
/** Bytes of part buffers one streaming upload may hold. */
const STREAM_MEMORY_BUDGET = 20 * 1024 * 1024;
const STREAM_BUFFERS = Math.max(2, Math.floor(STREAM_MEMORY_BUDGET / STREAM_PART_SIZE));

// Storage that vanishes must give a bounded answer, never a hung request. No total request timeout
// on streamed bodies (a large part on a slow link is fine, and the SDK's requestTimeout with
// throwOnRequestTimeout once left a lib-storage upload unsettled): a connection timeout, an idle
// timeout on the socket, and a deadline (AbortSignal) on every request that carries no stream.
const CONNECT_TIMEOUT_MS = 2_000;
/** Whole request, SDK retries included, for requests without a streamed body. */
const REQUEST_DEADLINE_MS = 4_000;
/** Completing a large multipart upload can take S3 a while (it keeps the connection alive meanwhile). */
const COMPLETE_DEADLINE_MS = 60_000;
/** A part (or small object) upload during which no byte moves this long has met a silent server. */
const UPLOAD_IDLE_TIMEOUT_MS = 2_500;
/** A download whose storage side is silent this long is cut (a reader pausing longer loses it too). */
const READ_IDLE_TIMEOUT_MS = 30_000;
/** After an outage error, requests fail at once for this long instead of each waiting for a timeout. */
const FAIL_FAST_MS = 1_000;
/** Parts of a failed streaming upload are swept (its multipart upload aborted) after this long, and again later while storage is away. */
const SWEEP_DELAYS_MS = [5_000, 5_000, 10_000, 20_000, 40_000, 60_000];
const SWEEP_GIVE_UP_MS = 30 * 60_000;

/** Requests whose body is a buffered part of a streaming upload. */
const UNSIGNED_PAYLOAD_COMMANDS = new Set(['UploadPartCommand', 'PutObjectCommand']);

/** Whether an SDK error means storage is unreachable or failing (rather than refusing this request). */
export function isStorageOutage(error: unknown): boolean {
  if (error instanceof DependencyUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata } = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  if (code && NETWORK_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  // The SDK wraps what it does not recognise as an Error (a socket error from another realm, as
  // under Jest) in a plain Error that keeps only the message.
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && [...NETWORK_CODES].some((each) => message.includes(each));
}

/**
 * The only door to S3-compatible object storage (MinIO locally, any S3 in production). It moves
 * bytes and signs URLs; it knows nothing of users, files or quotas.
 */
@Injectable()
export class S3StorageAdapter implements OnModuleDestroy {
  private readonly logger = new Logger(S3StorageAdapter.name);
  private readonly client: S3Client;
  /** For streamed uploads: a short idle timeout, and no SDK retry that would multiply it. */
  private readonly uploadClient: S3Client;
  private unavailableUntil = 0;
  private readonly sweeps = new Set<NodeJS.Timeout>();
  private readonly hasher = new Sha256Worker();
  /** Signs URLs for clients, who may reach S3 at another address than we do. */
  private readonly presignClient: S3Client;
  readonly bucket: string;

  constructor(config: AppConfig) {
    const s3 = config.s3;
    this.bucket = s3.bucket;
    const options = {
      region: s3.region,
      credentials: s3.credentials,
      forcePathStyle: s3.forcePathStyle,
    };
    this.client = new S3Client({
      ...options,
      endpoint: s3.endpoint,
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: READ_IDLE_TIMEOUT_MS },
    });
    this.uploadClient = new S3Client({
      ...options,
      endpoint: s3.endpoint,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: UPLOAD_IDLE_TIMEOUT_MS },
    });
    // A part's bytes are not hashed a second time for the request signature: the adapter's caller
    // hashes the whole stream already, and the SDK's CRC32 of the part (a signed header that storage
    // verifies) guards its integrity, as the SDK itself does for every streamed body
    // (STREAMING-UNSIGNED-PAYLOAD-TRAILER). SHA-256 of each part cost as much CPU as the caller's hash.
    this.uploadClient.middlewareStack.add(
      (next, context) => (args) => {
        const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
        if (headers && UNSIGNED_PAYLOAD_COMMANDS.has(context.commandName ?? '')) {
          headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
        }
        return next(args);
      },
      { step: 'build', name: 'retortUnsignedPartPayload' },
    );
    // Checksums only when an operation requires them: a presigned URL must not oblige the browser to
    // send a checksum header it cannot compute.
    this.presignClient = new S3Client({
      ...options,
      endpoint: s3.publicEndpoint ?? s3.endpoint,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
  }

  /** Resolves when the bucket exists and these credentials may use it. */
  async checkBucket(signal?: AbortSignal): Promise<void> {
    await this.request(
      (abortSignal) => this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal }),
      {
        signal,
      },
    );
  }

  /**
   * Streams `body` to `key`, as a multipart upload once it exceeds one part. `done` settles within
   * a few seconds of storage going silent. On failure or abort the multipart upload is aborted, so no
   * parts are left behind: at once when storage answers, else by a sweep retried until it does.
   */
  startUpload(key: string, body: Readable, contentType: string): StreamingUpload {
    const controller = new AbortController();
    // Set when our caller gives up (its client hung up): the AbortError that follows is not an outage.
    let abandoned = false;
    let swept = false;
    const sweepOnce = () => {
      if (swept) return;
      swept = true;
      this.scheduleSweep(key);
    };
    const done = uploadStream(
      {
        client: this.uploadClient,
        bucket: this.bucket,
        key,
        contentType,
        partSize: STREAM_PART_SIZE,
        buffers: STREAM_BUFFERS,
        signal: controller.signal,
        deadlineMs: { create: REQUEST_DEADLINE_MS, complete: COMPLETE_DEADLINE_MS },
        hash: this.hasher.session(),
      },
      body,
    ).then(
      (stored) => {
        this.unavailableUntil = 0;
        return stored;
      },
      (error: unknown) => {
        // The other parts in flight are of no use any more. Aborting the multipart upload is left to
        // the sweep: asked of storage that has just failed, it would hold the answer for a timeout.
        controller.abort();
        sweepOnce();
        throw abandoned || isSourceError(error) ? error : this.translate(error);
      },
    );
    return {
      done,
      abort: () => {
        abandoned = true;
        controller.abort();
        sweepOnce();
        return Promise.resolve();
      },
    };
  }

  /** Reads an object, or one byte range of it (`bytes=…` as in HTTP). */
  async read(key: string, range?: string): Promise<ObjectRead> {
    try {
      // The deadline covers the answer's headers; the body then streams under the idle timeout.
      const answer = await this.request((abortSignal) =>
        this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range }), { abortSignal }),
      );
      return {
        body: answer.Body as Readable,
        contentLength: answer.ContentLength ?? 0,
        contentRange: range ? answer.ContentRange : undefined,
      };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 416) {
        throw new RangeNotSatisfiableError(error.message);
      }
      throw error;
    }
  }

  /** Size of an object, or null when there is none at `key`. */
  async head(key: string): Promise<ObjectHead | null> {
    try {
      const answer = await this.request((abortSignal) =>
        this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal }),
      );
      return { sizeBytes: answer.ContentLength ?? 0, etag: answer.ETag };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return null;
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  /** Idempotent: deleting a missing object succeeds. */
  async delete(key: string): Promise<void> {
    await this.request((abortSignal) =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal }),
    );
  }

  presignDownload(key: string, ttlS: number, headers: PresignedDownload): Promise<string> {
    return getSignedUrl(
      this.presignClient,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: headers.contentDisposition,
        ResponseContentType: headers.contentType,
      }),
      { expiresIn: ttlS },
    );
  }

  presignPut(key: string, ttlS: number, contentType: string): Promise<string> {
    return getSignedUrl(
      this.presignClient,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
      { expiresIn: ttlS },
    );
  }

  async createMultipartUpload(key: string, contentType: string): Promise<string> {
    const answer = await this.request((abortSignal) =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }), {
        abortSignal,
      }),
    );
    if (!answer.UploadId) throw new Error(`S3 returned no upload id for ${key}`);
    return answer.UploadId;
  }

  presignPart(key: string, uploadId: string, partNumber: number, ttlS: number): Promise<string> {
    return getSignedUrl(
      this.presignClient,
      new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
      { expiresIn: ttlS },
    );
  }

  /** The parts S3 holds for a multipart upload, in order. */
  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    do {
      const answer = await this.request((abortSignal) =>
        this.client.send(
          new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
          { abortSignal },
        ),
      );
      for (const part of answer.Parts ?? []) {
        parts.push({ partNumber: part.PartNumber ?? 0, etag: part.ETag ?? '', sizeBytes: part.Size ?? 0 });
      }
      marker = answer.IsTruncated ? answer.NextPartNumberMarker : undefined;
    } while (marker);
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
    await this.request(
      (abortSignal) =>
        this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
          }),
          { abortSignal },
        ),
      { deadlineMs: COMPLETE_DEADLINE_MS },
    );
  }

  /** Idempotent: aborting an upload S3 no longer knows succeeds. */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.request((abortSignal) =>
        this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }), {
          abortSignal,
        }),
      );
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return;
      throw error;
    }
  }

  /** Keys with unfinished multipart uploads under a prefix (for the janitor and for tests). */
  async listMultipartUploads(prefix: string): Promise<{ key: string; uploadId: string }[]> {
    const answer = await this.request((abortSignal) =>
      this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix }), { abortSignal }),
    );
    return (answer.Uploads ?? []).map((upload) => ({ key: upload.Key ?? '', uploadId: upload.UploadId ?? '' }));
  }

  onModuleDestroy(): void {
    for (const timer of this.sweeps) clearTimeout(timer);
    this.sweeps.clear();
    this.client.destroy();
    this.uploadClient.destroy();
    this.presignClient.destroy();
    void this.hasher.close();
  }

  /**
   * Runs one request under a deadline (and the caller's signal), and turns an outage into a
   * DependencyUnavailableError. Right after an outage error, fails at once for a moment, so that the
   * clean-up steps of a failed request do not each wait for their own timeout.
   */
  private async request<T>(
    send: (abortSignal: AbortSignal) => Promise<T>,
    options: { signal?: AbortSignal; deadlineMs?: number } = {},
  ): Promise<T> {
    if (Date.now() < this.unavailableUntil) throw new DependencyUnavailableError('storage');
    // Disarmed once the answer's headers are in: a streamed body must not be cut by the deadline.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), options.deadlineMs ?? REQUEST_DEADLINE_MS);
    const abortSignal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
    try {
      const result = await send(abortSignal);
      this.unavailableUntil = 0;
      return result;
    } catch (error) {
      // The caller's own abort (its client hung up) says nothing about storage.
      if (options.signal?.aborted && !deadline.signal.aborted) throw error;
      throw this.translate(error);
    } finally {
      clearTimeout(timer);
    }
  }

  private translate(error: unknown): unknown {
    if (error instanceof DependencyUnavailableError || !isStorageOutage(error)) return error;
    // Only when storage could not be reached: one 5xx answer (a SlowDown) says nothing of the next request.
    const answered = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;
    if (!answered) this.unavailableUntil = Date.now() + FAIL_FAST_MS;
    return new DependencyUnavailableError('storage', { cause: error });
  }

  /**
   * Aborts every multipart upload left at `key` (a fresh key per upload, so they are all ours), once
   * the upload's own requests have ended; retried while storage is away.
   */
  private scheduleSweep(key: string, attempt = 0, startedAt = Date.now()): void {
    const timer = setTimeout(
      () => {
        this.sweeps.delete(timer);
        this.sweep(key).catch((error: unknown) => {
          if (Date.now() - startedAt > SWEEP_GIVE_UP_MS) {
            this.logger.error({ err: error, key }, 'gave up removing the parts of a failed upload');
            return;
          }
          this.scheduleSweep(key, attempt + 1, startedAt);
        });
      },
      SWEEP_DELAYS_MS[Math.min(attempt, SWEEP_DELAYS_MS.length - 1)],
    );
    timer.unref();
    this.sweeps.add(timer);
  }

  private async sweep(key: string): Promise<void> {
    for (const upload of await this.listMultipartUploads(key)) {
      if (upload.key === key) await this.abortMultipartUpload(key, upload.uploadId);
    }
  }
}
