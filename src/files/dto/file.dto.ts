import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { Optional, OptionalNullable, QueryBoolean } from '../../common/validation';
import { UserFile } from '../user-file.entity';

export class FileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty({ description: 'Display name (sanitised); can be changed' }) filename!: string;
  @ApiProperty({ description: 'The name it was uploaded with (sanitised)' }) originalFilename!: string;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, example: 2048 }) sizeBytes!: number;
  @ApiProperty({ example: 'text/csv' }) contentType!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256!: string;
  @ApiProperty() isPublic!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Load cases for the bracket' }) description!: string | null;
  // Dates, or already their ISO strings when read for a list: both serialise the same.
  @ApiProperty({ type: String, format: 'date-time' }) uploadedAt!: Date | string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date | string;

  /** The select list (alias `file`) whose rows are FileDtos as they are: the list reads them so. */
  static readonly COLUMNS = `file.id, file.user_id AS "ownerId", file.filename, file.original_filename AS "originalFilename",
    file.size_bytes::float8 AS "sizeBytes", file.content_type AS "contentType", file.sha256, file.is_public AS "isPublic",
    file.description, file.uploaded_at AS "uploadedAt", file.updated_at AS "updatedAt"`;

  static from(file: UserFile): FileDto {
    return {
      id: file.id,
      ownerId: file.userId,
      filename: file.filename,
      originalFilename: file.originalFilename,
      sizeBytes: file.sizeBytes,
      contentType: file.contentType,
      sha256: file.sha256,
      isPublic: file.isPublic,
      description: file.description,
      uploadedAt: file.uploadedAt,
      updatedAt: file.updatedAt,
    };
  }
}

export class FilePageDto {
  @ApiProperty({ type: [FileDto] }) items!: FileDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}

/** The text fields of a multipart upload, validated once the parts have arrived. */
export class UploadFieldsDto {
  @Optional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @Optional()
  @QueryBoolean()
  @IsBoolean()
  isPublic?: boolean;
}

/** The OpenAPI shape of POST /files (the handler reads the stream itself). */
export class UploadFileFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The content; at most the configured file size' })
  file!: unknown;
  @ApiPropertyOptional({ maxLength: 1000 }) description?: string;
  @ApiPropertyOptional({ type: 'string', enum: ['true', 'false'], default: 'false' }) isPublic?: string;
}

export class UpdateFileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 255, example: 'results.csv' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  filename?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, description: 'null removes the description' })
  @OptionalNullable()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  isPublic?: boolean;
}

export enum FileScope {
  Mine = 'mine',
  Public = 'public',
  All = 'all',
}

export class ListFilesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of the file name', maxLength: 255 })
  @Optional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ description: 'Exact content type, or a `type/*` family', example: 'text/*', maxLength: 255 })
  @Optional()
  @IsString()
  @MaxLength(255)
  contentType?: string;

  @ApiPropertyOptional({
    enum: FileScope,
    default: FileScope.Mine,
    description: "`mine`: your files; `public`: everyone's public files; `all`: every file (admins only)",
  })
  @Optional()
  @IsIn(Object.values(FileScope))
  scope?: FileScope;
}

export class ContentQueryDto {
  @ApiPropertyOptional({
    description: 'Answer 302 to a short-lived presigned URL instead of streaming',
    default: false,
  })
  @Optional()
  @QueryBoolean()
  @IsBoolean()
  redirect?: boolean;

  @ApiPropertyOptional({ description: 'Content-Disposition inline rather than attachment', default: false })
  @Optional()
  @QueryBoolean()
  @IsBoolean()
  inline?: boolean;
}
