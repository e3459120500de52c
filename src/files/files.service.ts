import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { isAdmin, Principal } from '../users/principal';
import { likePattern, likePrefix, Page } from '../common/pagination';
import { paginateLean, PreparedQueries, SqlConditions } from '../database/prepared-queries';
import { findNulCharacter } from '../common/nul-characters.pipe';
import { ForbiddenProblem, NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.exception';
import { AppConfig } from '../config/app-config';
import { FileDto, FileScope, ListFilesQueryDto, UpdateFileDto, UploadFieldsDto } from './dto/file.dto';
import { FileStorageService, FileTooLargeProblem } from './file-storage.service';
import { normaliseContentType, sanitizeFilename } from './file-names';
import { readMultipartFile, UploadRequest } from './multipart-upload';
import { UserFile } from './user-file.entity';
import { FileProblems } from './file.problems';

// Multipart framing and text fields around the file part; a body larger than the limit plus this
// cannot hold an acceptable file.
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/**
 * Something outside this module that may still need a file (the calculations that read it). Asked
 * inside the deletion's transaction, which holds the file's row lock.
 */
export interface FileUsage {
  /** How many unfinished things use the file; a deletion is refused while any do. */
  unfinishedUsesOf(fileId: string, manager: EntityManager): Promise<number>;
}

/** What a user's live files and stored bytes come to. */
export interface FileUsageTotals {
  files: number;
  bytes: number;
  storedBytes: number;
  quotaBytes: number;
}

/** User files: who may see and change them, listing, uploads through the API, deletion. */
@Injectable()
export class FilesService {
  private readonly idleTimeoutMs: number;
  // Registered by the modules that use files (which import this one, so the dependency points one way).
  private readonly usages: FileUsage[] = [];

  constructor(
    @InjectRepository(UserFile) private readonly files: Repository<UserFile>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorageService,
    private readonly queries: PreparedQueries,
    config: AppConfig,
  ) {
    this.idleTimeoutMs = config.files.uploadIdleTimeoutS * 1000;
  }

  /** Lets deletions ask `usage` whether a file is still needed. */
  registerUsage(usage: FileUsage): void {
    this.usages.push(usage);
  }

  /**
   * Locks live files against deletion until the caller's transaction ends (a deletion waits, then sees
   * them used); how many of `ids` are live.
   */
  async lockLive(manager: EntityManager, ids: string[]): Promise<number> {
    const live = await manager
      .getRepository(UserFile)
      .createQueryBuilder('file')
      .select('file.id')
      .setLock('pessimistic_read')
      .where('file.id IN (:...ids) AND file.deleted_at IS NULL', { ids })
      .getMany();
    return live.length;
  }

  /** The live files among `ids` (no access check: for records that already link them). */
  findLive(ids: string[]): Promise<UserFile[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.files
      .createQueryBuilder('file')
      .where('file.id IN (:...ids) AND file.deleted_at IS NULL', { ids })
      .getMany();
  }

  /** Streams a multipart upload into storage; the file part never sits whole in memory or on disk. */
  async upload(principal: Principal, upload: UploadRequest): Promise<UserFile> {
    const userId = principal.user.id;
    const declaredLength = Number(upload.headers['content-length'] ?? NaN);
    try {
      if (declaredLength > this.storage.maxFileBytes + MULTIPART_OVERHEAD_BYTES) {
        throw new FileTooLargeProblem(this.storage.maxFileBytes);
      }
      await this.storage.assertRoomFor(userId);
    } catch (error) {
      // Refused before reading the body: answer, then hang up rather than read gigabytes for nothing.
      upload.closeConnection();
      throw error;
    }
    const { result, fields } = await readMultipartFile(
      upload,
      async (file) => ({
        staged: await this.storage.stage(userId, file.stream, normaliseContentType(file.mimeType)),
        filename: sanitizeFilename(file.filename),
        contentType: normaliseContentType(file.mimeType),
      }),
      { idleTimeoutMs: this.idleTimeoutMs },
    );
    const metadata = plainToInstance(UploadFieldsDto, fields);
    const errors = await validate(metadata, { forbidUnknownValues: false });
    const unknown = Object.keys(fields).filter((name) => !['description', 'isPublic'].includes(name));
    const nul = findNulCharacter(fields);
    if (errors.length > 0 || unknown.length > 0 || nul) {
      await this.storage.deleteQuietly(result.staged.key);
      throw new ValidationProblem([
        ...errors.map((error) => ({
          path: error.property,
          message: Object.values(error.constraints ?? {}).join('; '),
        })),
        ...unknown.map((name) => ({ path: name, message: 'is not a known field' })),
        ...(nul ? [nul] : []),
      ]);
    }
    return this.storage.commit(userId, result.staged, {
      filename: result.filename,
      contentType: result.contentType,
      description: metadata.description,
      isPublic: metadata.isPublic,
    });
  }

  async list(principal: Principal, query: ListFilesQueryDto): Promise<Page<FileDto>> {
    const scope = query.scope ?? FileScope.Mine;
    if (scope === FileScope.All && !isAdmin(principal)) {
      throw new ForbiddenProblem('Only administrators can list every file.');
    }
    const where = new SqlConditions().and('file.deleted_at IS NULL');
    if (scope === FileScope.Mine) where.and(`file.user_id = ${where.param(principal.user.id)}`);
    if (scope === FileScope.Public) where.and('file.is_public');
    if (query.name) where.and(`file.filename ILIKE ${where.param(likePattern(query.name))}`);
    if (query.contentType?.endsWith('/*')) {
      where.and(`file.content_type LIKE ${where.param(likePrefix(query.contentType.slice(0, -1).toLowerCase()))}`);
    } else if (query.contentType) {
      where.and(`file.content_type = ${where.param(query.contentType.toLowerCase())}`);
    }
    return paginateLean<FileDto>(
      this.queries,
      {
        select: FileDto.COLUMNS,
        table: 'user_files',
        alias: 'file',
        conditions: where,
        sortColumn: 'uploaded_at',
        sortProperty: 'uploadedAt',
      },
      query,
    );
  }

  /** A live file the caller may read: their own, a public one, or any for an admin. Else 404. */
  async findReadable(principal: Principal, id: string): Promise<UserFile> {
    const file = await this.files.findOneBy({ id });
    if (!file || file.deletedAt || !this.canRead(principal, file)) throw new NotFoundProblem('File', id);
    return file;
  }

  canRead(principal: Principal, file: UserFile): boolean {
    return file.userId === principal.user.id || file.isPublic || isAdmin(principal);
  }

  async update(principal: Principal, id: string, changes: UpdateFileDto): Promise<UserFile> {
    const file = await this.findWritable(principal, id);
    if (changes.filename !== undefined) file.filename = sanitizeFilename(changes.filename);
    if (changes.description !== undefined) file.description = changes.description;
    if (changes.isPublic !== undefined) file.isPublic = changes.isPublic;
    return this.files.save(file);
  }

  /**
   * Deletes a file: its metadata stays (marked deleted) for the calculations that used it; its bytes
   * go with the last file that references them. Refused while a calculation that uses it is active.
   */
  async remove(principal: Principal, id: string): Promise<void> {
    await this.findWritable(principal, id);
    const keyToDelete = await this.dataSource.transaction(async (manager) => {
      // Locks the row: a calculation being submitted with this file waits, then sees it deleted.
      const file = await manager
        .getRepository(UserFile)
        .createQueryBuilder('file')
        .setLock('pessimistic_write')
        .where('file.id = :id AND file.deleted_at IS NULL', { id })
        .getOne();
      if (!file) return null;
      let active = 0;
      for (const usage of this.usages) active += await usage.unfinishedUsesOf(id, manager);
      if (active > 0) {
        throw ProblemException.of(
          FileProblems.fileInUse,
          `File ${id} is used by ${active} calculation(s) that have not finished; cancel them or wait.`,
          { activeCalculations: active },
        );
      }
      return this.storage.release(manager, file);
    });
    if (keyToDelete) await this.storage.deleteQuietly(keyToDelete);
  }

  async totalsOf(userId: string): Promise<FileUsageTotals> {
    const [row] = await this.dataSource.query<{ files: number; bytes: string; stored: string }[]>(
      `SELECT
         (SELECT count(*)::int FROM user_files WHERE user_id = $1 AND deleted_at IS NULL) AS files,
         (SELECT COALESCE(SUM(size_bytes), 0) FROM user_files WHERE user_id = $1 AND deleted_at IS NULL) AS bytes,
         (SELECT COALESCE(SUM(size_bytes), 0) FROM storage_objects WHERE user_id = $1) AS stored`,
      [userId],
    );
    const quotaBytes = await this.storage.quotaOf(userId);
    return { files: row.files, bytes: Number(row.bytes), storedBytes: Number(row.stored), quotaBytes };
  }

  /** Only the owner (or an admin) changes a file; others who can see it get 403, the rest 404. */
  private async findWritable(principal: Principal, id: string): Promise<UserFile> {
    const file = await this.findReadable(principal, id);
    if (file.userId !== principal.user.id && !isAdmin(principal)) {
      throw new ForbiddenProblem('Only the owner of a file can change or delete it.');
    }
    return file;
  }
}
