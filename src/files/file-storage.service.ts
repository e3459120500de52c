import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { ProblemException } from '../common/problem.exception';
import { UsageService } from '../usage/usage.service';
import { AppConfig, FilesConfig } from '../config/app-config';
import { ObjectRead, S3StorageAdapter } from '../storage/s3-storage.adapter';
import { StorageObject } from './storage-object.entity';
import { UserFile } from './user-file.entity';
import { FileProblems } from './file.problems';

/** Bytes that have reached object storage under a fresh key, with what was measured on the way. */
export interface StagedObject {
  key: string;
  sha256: string;
  sizeBytes: number;
}

export interface NewFileMetadata {
  filename: string;
  contentType: string;
  description?: string | null;
  isPublic?: boolean;
}

export class FileTooLargeProblem extends ProblemException {
  constructor(limitBytes: number) {
    super(
      FileProblems.fileTooLarge.status,
      FileProblems.fileTooLarge.slug,
      `Files may be at most ${limitBytes} bytes.`,
      {
        limitBytes,
      },
    );
  }
}

export class QuotaExceededProblem extends ProblemException {
  constructor(quotaBytes: number, usedBytes: number) {
    super(
      FileProblems.storageQuotaExceeded.status,
      FileProblems.storageQuotaExceeded.slug,
      `This file does not fit in your storage quota: ${usedBytes} of ${quotaBytes} bytes are used. ` +
        'Delete files you no longer need, or ask an administrator for a larger quota.',
      { quotaBytes, usedBytes },
    );
  }
}

/** Raised inside the byte counter; turned into the right problem by whoever knows the limit's meaning. */
class ByteLimitExceeded extends Error {}

/** Counts the bytes flowing through, and fails as soon as there are too many (storage hashes them). */
class MeasuringStream extends Transform {
  sizeBytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.maxBytes) return callback(new ByteLimitExceeded());
    callback(null, chunk);
  }
}

/**
 * Where user files' bytes live: streams content into object storage (never whole in memory or on
 * disk), deduplicates it per user, counts references, enforces size and quota. The API uses it for
 * uploads, the worker for calculation inputs and outputs.
 */
@Injectable()
export class FileStorageService {
  private readonly logger = new Logger(FileStorageService.name);
  private readonly limits: FilesConfig;

  constructor(
    private readonly storage: S3StorageAdapter,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly usage: UsageService,
    config: AppConfig,
  ) {
    this.limits = config.files;
  }

  /** FILES_USER_QUOTA_BYTES, or the user's own quota (user_limits.storage_quota_bytes). */
  quotaOf(userId: string, manager?: EntityManager): Promise<number> {
    return this.usage.storageQuotaFor(userId, manager);
  }

  get maxFileBytes(): number {
    return this.limits.maxSizeBytes;
  }

  /** A new object key: never derived from user input. */
  newObjectKey(userId: string): string {
    return `users/${userId}/objects/${randomUUID()}`;
  }

  /** Bytes of object storage the user's live files take (each distinct content once). */
  async usedBytes(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = await manager.query<{ used: string }[]>(
      `SELECT COALESCE(SUM(size_bytes), 0) AS used FROM storage_objects WHERE user_id = $1`,
      [userId],
    );
    return Number(row.used);
  }

  /** Refuses early when the user has no room left at all, before any byte is read. */
  async assertRoomFor(userId: string, sizeBytes = 1): Promise<void> {
    if (sizeBytes > this.limits.maxSizeBytes) throw new FileTooLargeProblem(this.limits.maxSizeBytes);
    const [used, quota] = await Promise.all([this.usedBytes(userId), this.quotaOf(userId)]);
    if (used + sizeBytes > quota) throw new QuotaExceededProblem(quota, used);
  }

  /**
   * Streams `source` to a fresh object, hashing and counting on the way. At most `maxBytes` (default:
   * the file size limit and what is left of the quota) are accepted; on any failure nothing is left
   * in storage, multipart parts included.
   */
  async stage(userId: string, source: Readable, contentType: string, maxBytes?: number): Promise<StagedObject> {
    const quota = await this.quotaOf(userId);
    const room = quota - (await this.usedBytes(userId));
    const limit = maxBytes ?? Math.min(this.limits.maxSizeBytes, Math.max(room, 0));
    const key = this.newObjectKey(userId);
    const meter = new MeasuringStream(limit);
    const upload = this.storage.startUpload(key, meter, contentType);
    let sha256: string;
    try {
      [, { sha256 }] = await Promise.all([pipeline(source, meter), upload.done]);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      await this.deleteQuietly(key);
      if (error instanceof ByteLimitExceeded || meter.sizeBytes > limit) {
        if (maxBytes !== undefined || limit === this.limits.maxSizeBytes) throw new FileTooLargeProblem(limit);
        throw new QuotaExceededProblem(quota, quota - room);
      }
      throw error;
    }
    return { key, sha256, sizeBytes: meter.sizeBytes };
  }

  /**
   * Turns staged bytes into a user file: reuses the user's object with the same content if there is
   * one (and drops the staged copy), otherwise adopts the staged object, within the quota. `extra`
   * runs in the same transaction (e.g. to consume a pending upload).
   */
  async commit(
    userId: string,
    staged: StagedObject,
    metadata: NewFileMetadata,
    extra?: (manager: EntityManager) => Promise<void>,
    options: { enforceQuota?: boolean } = {},
  ): Promise<UserFile> {
    let stagedCopyIsDuplicate = false;
    try {
      const file = await this.dataSource.transaction(async (manager) => {
        // One commit at a time per user, so that two uploads cannot both fit in the last free bytes.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('retort:files:' || $1, 0))`, [userId]);
        let object = await manager
          .getRepository(StorageObject)
          .createQueryBuilder('object')
          .setLock('pessimistic_write')
          .where('object.user_id = :userId AND object.sha256 = :sha256 AND object.size_bytes = :size', {
            userId,
            sha256: staged.sha256,
            size: staged.sizeBytes,
          })
          .getOne();
        if (object) {
          stagedCopyIsDuplicate = true;
        } else {
          if (options.enforceQuota !== false) {
            const used = await this.usedBytes(userId, manager);
            const quota = await this.quotaOf(userId, manager);
            if (used + staged.sizeBytes > quota) {
              throw new QuotaExceededProblem(quota, used);
            }
          }
          object = await manager.getRepository(StorageObject).save({
            userId,
            sha256: staged.sha256,
            sizeBytes: staged.sizeBytes,
            s3Bucket: this.storage.bucket,
            s3Key: staged.key,
          });
        }
        if (extra) await extra(manager);
        return manager.getRepository(UserFile).save({
          userId,
          filename: metadata.filename,
          originalFilename: metadata.filename,
          contentType: metadata.contentType,
          description: metadata.description ?? null,
          isPublic: metadata.isPublic ?? false,
          sizeBytes: staged.sizeBytes,
          sha256: staged.sha256,
          storageObjectId: object.id,
          deletedAt: null,
        });
      });
      if (stagedCopyIsDuplicate) await this.deleteQuietly(staged.key);
      return file;
    } catch (error) {
      await this.deleteQuietly(staged.key);
      throw error;
    }
  }

  /** Stage then commit: the whole path for a stream whose metadata is known up front (worker outputs). */
  async store(userId: string, source: Readable, metadata: NewFileMetadata, maxBytes?: number): Promise<UserFile> {
    const staged = await this.stage(userId, source, metadata.contentType, maxBytes);
    return this.commit(userId, staged, metadata, undefined, { enforceQuota: maxBytes === undefined });
  }

  /** A file by id, deleted or not (the worker reads its calculations' inputs with it). */
  async findFile(id: string): Promise<UserFile> {
    return this.dataSource.getRepository(UserFile).findOneByOrFail({ id });
  }

  /** Streams a live file's bytes, or one range of them. */
  async read(file: UserFile, range?: { start: number; end: number }): Promise<ObjectRead> {
    const object = await this.objectOf(file);
    return this.storage.read(object.s3Key, range ? `bytes=${range.start}-${range.end}` : undefined);
  }

  presignDownload(file: UserFile, contentDisposition: string): Promise<string> {
    return this.objectOf(file).then((object) =>
      this.storage.presignDownload(object.s3Key, this.limits.downloadUrlTtlS, {
        filename: file.filename,
        contentDisposition,
        contentType: file.contentType,
      }),
    );
  }

  /**
   * Marks a file deleted (keeping its metadata) and releases its object; the object and its bytes go
   * when no live file references them any more. Runs inside the caller's transaction; returns the
   * key to delete from storage once that transaction has committed.
   */
  async release(manager: EntityManager, file: UserFile): Promise<string | null> {
    const objectId = file.storageObjectId;
    await manager.update(UserFile, { id: file.id }, { deletedAt: new Date(), storageObjectId: null });
    if (!objectId) return null;
    const object = await manager
      .getRepository(StorageObject)
      .createQueryBuilder('object')
      .setLock('pessimistic_write')
      .where('object.id = :objectId', { objectId })
      .getOne();
    if (!object) return null;
    const references = await manager.count(UserFile, { where: { storageObjectId: objectId } });
    if (references > 0) return null;
    await manager.delete(StorageObject, { id: objectId });
    return object.s3Key;
  }

  async deleteQuietly(key: string): Promise<void> {
    try {
      await this.storage.delete(key);
    } catch (error) {
      // The object is unreferenced; it costs space but breaks nothing. Say so loudly enough to sweep it.
      this.logger.error({ err: error, key }, 'could not delete an unreferenced object from storage');
    }
  }

  private async objectOf(file: UserFile): Promise<StorageObject> {
    const object = file.storageObjectId
      ? await this.dataSource.getRepository(StorageObject).findOneBy({ id: file.storageObjectId })
      : null;
    if (!object) throw ProblemException.of(FileProblems.fileDeleted, `File ${file.id} has been deleted.`);
    return object;
  }
}
