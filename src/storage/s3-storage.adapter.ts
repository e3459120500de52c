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
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';

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

/** A streaming upload in flight: `done` settles when S3 has the whole object; `abort` cancels it. */
export interface StreamingUpload {
  done: Promise<void>;
  abort(): Promise<void>;
}

/** Thrown when a range cannot be served from an object (HTTP 416). */
export class RangeNotSatisfiableError extends Error {}

// 5 MiB parts (S3's minimum), two in flight: an upload holds a few parts in memory whatever its size.
const STREAM_PART_SIZE = 5 * 1024 * 1024;
const STREAM_QUEUE_SIZE = 2;

/**
 * The only door to S3-compatible object storage (MinIO locally, any S3 in production). It moves
 * bytes and signs URLs; it knows nothing of users, files or quotas.
 */
@Injectable()
export class S3StorageAdapter implements OnModuleDestroy {
  private readonly client: S3Client;
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
    this.client = new S3Client({ ...options, endpoint: s3.endpoint });
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
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: signal });
  }

  /**
   * Streams `body` to `key`, as a multipart upload once it exceeds one part. On failure or abort
   * the multipart upload is aborted, so no parts are left behind.
   */
  startUpload(key: string, body: Readable, contentType: string): StreamingUpload {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: STREAM_PART_SIZE,
      queueSize: STREAM_QUEUE_SIZE,
      leavePartsOnError: false,
    });
    return {
      done: upload.done().then(() => undefined),
      abort: () => upload.abort(),
    };
  }

  /** Reads an object, or one byte range of it (`bytes=…` as in HTTP). */
  async read(key: string, range?: string): Promise<ObjectRead> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range }));
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
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { sizeBytes: answer.ContentLength ?? 0, etag: answer.ETag };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return null;
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  /** Idempotent: deleting a missing object succeeds. */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
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
    const answer = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
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
      const answer = await this.client.send(
        new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
      );
      for (const part of answer.Parts ?? []) {
        parts.push({ partNumber: part.PartNumber ?? 0, etag: part.ETag ?? '', sizeBytes: part.Size ?? 0 });
      }
      marker = answer.IsTruncated ? answer.NextPartNumberMarker : undefined;
    } while (marker);
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
      }),
    );
  }

  /** Idempotent: aborting an upload S3 no longer knows succeeds. */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return;
      throw error;
    }
  }

  /** Keys with unfinished multipart uploads under a prefix (for the janitor and for tests). */
  async listMultipartUploads(prefix: string): Promise<{ key: string; uploadId: string }[]> {
    const answer = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix }));
    return (answer.Uploads ?? []).map((upload) => ({ key: upload.Key ?? '', uploadId: upload.UploadId ?? '' }));
  }

  onModuleDestroy(): void {
    this.client.destroy();
    this.presignClient.destroy();
  }
}
