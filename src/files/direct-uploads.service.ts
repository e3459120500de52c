import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { IsNull, LessThan, Repository } from 'typeorm';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.exception';
import { AppConfig, FilesConfig } from '../config/app-config';
import { S3StorageAdapter } from '../storage/s3-storage.adapter';
import { CreateDirectUploadDto, DirectUploadDto } from './dto/direct-upload.dto';
import { FileStorageService } from './file-storage.service';
import { normaliseContentType, sanitizeFilename } from './file-names';
import { FileUpload } from './file-upload.entity';
import { UserFile } from './user-file.entity';
import { FileProblems } from './file.problems';

// Up to 64 MiB goes in one PUT; beyond, parts of at least 16 MiB, few enough to stay far below
// S3's 10,000-part ceiling.
const SINGLE_PUT_MAX_BYTES = 64 * 1024 * 1024;
const MIN_PART_BYTES = 16 * 1024 * 1024;
const MAX_PARTS = 10_000;
// A completion that crashed half-way may be retried after this long.
const COMPLETION_LEASE_MS = 15 * 60 * 1000;

export function partSizeFor(sizeBytes: number): number {
  const mib = 1024 * 1024;
  return Math.max(MIN_PART_BYTES, Math.ceil(sizeBytes / MAX_PARTS / mib) * mib);
}

/**
 * Direct-to-storage uploads: the client PUTs bytes to presigned URLs, then asks us to complete; we
 * check size and SHA-256 against what it declared before the file exists. Unfinished uploads expire.
 */
@Injectable()
export class DirectUploadsService {
  private readonly logger = new Logger(DirectUploadsService.name);
  private readonly limits: FilesConfig;

  constructor(
    @InjectRepository(FileUpload) private readonly uploads: Repository<FileUpload>,
    private readonly storage: S3StorageAdapter,
    private readonly files: FileStorageService,
    config: AppConfig,
  ) {
    this.limits = config.files;
  }

  async create(userId: string, request: CreateDirectUploadDto): Promise<DirectUploadDto> {
    await this.files.assertRoomFor(userId, request.sizeBytes);
    const key = this.files.newObjectKey(userId);
    const contentType = normaliseContentType(request.contentType);
    const expiresAt = new Date(Date.now() + this.limits.uploadExpiryS * 1000);
    const multipart = request.sizeBytes > SINGLE_PUT_MAX_BYTES;
    const partSize = multipart ? partSizeFor(request.sizeBytes) : null;
    const uploadId = multipart ? await this.storage.createMultipartUpload(key, contentType) : null;
    const upload = await this.uploads.save({
      userId,
      s3Bucket: this.storage.bucket,
      s3Key: key,
      s3UploadId: uploadId,
      partSizeBytes: partSize,
      filename: sanitizeFilename(request.filename),
      contentType,
      sizeBytes: request.sizeBytes,
      sha256: request.sha256,
      description: request.description ?? null,
      isPublic: request.isPublic ?? false,
      expiresAt,
      completingSince: null,
    });
    const ttlS = this.limits.uploadExpiryS;
    if (!uploadId || !partSize) {
      return {
        id: upload.id,
        expiresAt,
        mode: 'single',
        url: await this.storage.presignPut(key, ttlS, contentType),
        headers: { 'Content-Type': contentType },
      };
    }
    const count = Math.ceil(request.sizeBytes / partSize);
    const parts = await Promise.all(
      Array.from({ length: count }, async (_, index) => ({
        partNumber: index + 1,
        url: await this.storage.presignPart(key, uploadId, index + 1, ttlS),
        sizeBytes: index === count - 1 ? request.sizeBytes - partSize * (count - 1) : partSize,
      })),
    );
    return { id: upload.id, expiresAt, mode: 'multipart', parts };
  }

  /**
   * Checks what the client put in storage against what it declared (size, then SHA-256, read back
   * from storage as a stream), and only then creates the file. Any mismatch discards the upload.
   */
  async complete(userId: string, id: string): Promise<UserFile> {
    const upload = await this.claim(userId, id);
    let verified = false;
    try {
      if (upload.s3UploadId) await this.assembleParts(upload);
      const head = await this.storage.head(upload.s3Key);
      if (!head) {
        verified = true; // nothing to discard: the client may still PUT and complete again
        await this.uploads.update({ id }, { completingSince: null });
        throw ProblemException.of(FileProblems.uploadIncomplete, 'No bytes have been uploaded for this upload yet.');
      }
      if (head.sizeBytes !== upload.sizeBytes) {
        throw new ValidationProblem(
          [{ path: 'sizeBytes', message: `declared ${upload.sizeBytes} bytes but ${head.sizeBytes} were uploaded` }],
          'The uploaded object does not match the declared size; the upload has been discarded.',
        );
      }
      const hash = createHash('sha256');
      const object = await this.storage.read(upload.s3Key);
      await pipeline(object.body, hash);
      const sha256 = hash.digest('hex');
      if (sha256 !== upload.sha256) {
        throw new ValidationProblem(
          [{ path: 'sha256', message: `declared ${upload.sha256} but the uploaded content hashes to ${sha256}` }],
          'The uploaded object does not match the declared checksum; the upload has been discarded.',
        );
      }
      verified = true;
      return await this.files.commit(
        userId,
        { key: upload.s3Key, sha256, sizeBytes: head.sizeBytes },
        {
          filename: upload.filename,
          contentType: upload.contentType,
          description: upload.description,
          isPublic: upload.isPublic,
        },
        async (manager) => {
          await manager.delete(FileUpload, { id: upload.id });
        },
      );
    } catch (error) {
      if (!verified) await this.discard(upload);
      else if (!(error instanceof ProblemException && error.getStatus() === 409)) await this.uploads.delete({ id });
      throw error;
    }
  }

  /** Abandons an upload: the client changed its mind. Idempotent. */
  /** Abandons one of the user's unfinished uploads; anyone else's, or one already over, is a 404. */
  async cancel(userId: string, id: string): Promise<void> {
    const upload = await this.uploads.findOneBy({ id, userId });
    if (!upload) throw new NotFoundProblem('Upload', id);
    await this.discard(upload);
  }

  /** Discards every upload past its expiry; returns how many. Run periodically by the worker. */
  async expire(now = new Date()): Promise<number> {
    let discarded = 0;
    for (;;) {
      const batch = await this.uploads.find({
        where: { expiresAt: LessThan(now) },
        take: 100,
        order: { expiresAt: 'ASC' },
      });
      for (const upload of batch) {
        await this.discard(upload);
        discarded += 1;
      }
      if (batch.length < 100) return discarded;
    }
  }

  /** Takes the upload for this request: 404 if unknown, 410 if expired, 409 if another request has it. */
  private async claim(userId: string, id: string): Promise<FileUpload> {
    const upload = await this.uploads.findOneBy({ id, userId });
    if (!upload) throw new NotFoundProblem('Upload', id);
    if (upload.expiresAt < new Date()) {
      await this.discard(upload);
      throw ProblemException.of(
        FileProblems.uploadExpired,
        `Upload ${id} expired at ${upload.expiresAt.toISOString()}.`,
      );
    }
    const staleBefore = new Date(Date.now() - COMPLETION_LEASE_MS);
    const claimed = await this.uploads
      .createQueryBuilder()
      .update()
      .set({ completingSince: () => 'now()' })
      .where('id = :id', { id })
      .andWhere([{ completingSince: IsNull() }, { completingSince: LessThan(staleBefore) }])
      .execute();
    if (!claimed.affected) {
      throw ProblemException.of(FileProblems.uploadCompleting, `Upload ${id} is being completed by another request.`);
    }
    return upload;
  }

  private async assembleParts(upload: FileUpload): Promise<void> {
    const uploadId = upload.s3UploadId as string;
    const parts = await this.storage.listParts(upload.s3Key, uploadId);
    // Nothing uploaded yet: like a single PUT that has not happened, 409 and the upload stays.
    if (parts.length === 0) return;
    const expected = Math.ceil(upload.sizeBytes / (upload.partSizeBytes as number));
    const missing = Array.from({ length: expected }, (_, index) => index + 1).filter(
      (number) => !parts.some((part) => part.partNumber === number),
    );
    const total = parts.reduce((sum, part) => sum + part.sizeBytes, 0);
    if (missing.length > 0 || parts.length !== expected || total !== upload.sizeBytes) {
      throw new ValidationProblem(
        [
          {
            path: 'parts',
            message:
              `expected parts 1..${expected} totalling ${upload.sizeBytes} bytes; ` +
              `got ${parts.length} part(s) totalling ${total} bytes` +
              (missing.length > 0 ? `, missing ${missing.slice(0, 10).join(', ')}` : ''),
          },
        ],
        'The uploaded parts do not make up the declared file; the upload has been discarded.',
      );
    }
    await this.storage.completeMultipartUpload(upload.s3Key, uploadId, parts);
  }

  private async discard(upload: FileUpload): Promise<void> {
    try {
      if (upload.s3UploadId) await this.storage.abortMultipartUpload(upload.s3Key, upload.s3UploadId);
      await this.storage.delete(upload.s3Key);
      await this.uploads.delete({ id: upload.id });
    } catch (error) {
      // Kept for the next expiry sweep, which will try again.
      this.logger.warn({ err: error, uploadId: upload.id }, 'could not discard an upload; will retry when it expires');
    }
  }
}
