import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { UserFile } from '../user-file.entity';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class FileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty({ description: 'Display name (sanitised); can be changed' }) filename!: string;
  @ApiProperty({ description: 'The name it was uploaded with (sanitised)' }) originalFilename!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ example: 'text/csv' }) contentType!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256!: string;
  @ApiProperty() isPublic!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() uploadedAt!: Date;
  @ApiProperty() updatedAt!: Date;

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
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The text fields of a multipart upload, validated once the parts have arrived. */
export class UploadFieldsDto {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  isPublic?: boolean;
}

/** The OpenAPI shape of POST /files (the handler reads the stream itself). */
export class UploadFileFormDto {
  @ApiProperty({ type: 'string', format: 'binary' }) file!: unknown;
  @ApiPropertyOptional({ maxLength: 1000 }) description?: string;
  @ApiPropertyOptional({ default: false }) isPublic?: boolean;
}

export class UpdateFileDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  filename?: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
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
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ description: 'Exact content type, or a `type/*` family', example: 'text/*' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  contentType?: string;

  @ApiPropertyOptional({
    enum: FileScope,
    default: FileScope.Mine,
    description: "`mine`: your files; `public`: everyone's public files; `all`: every file (admins only)",
  })
  @IsOptional()
  @IsIn(Object.values(FileScope))
  scope?: FileScope;
}

export class ContentQueryDto {
  @ApiPropertyOptional({ description: 'Answer 302 to a short-lived presigned URL instead of streaming' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  redirect?: boolean;

  @ApiPropertyOptional({ description: 'Content-Disposition inline rather than attachment' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  inline?: boolean;
}

export class UserStatsDto {
  @ApiProperty({ description: 'Live files' }) totalFiles!: number;
  @ApiProperty({ description: 'Sum of the sizes of your live files' }) totalStorageBytes!: number;
  @ApiProperty({ description: 'Bytes counted against your quota (identical contents stored once)' })
  storedBytes!: number;
  @ApiProperty() quotaBytes!: number;
  @ApiProperty() totalCalculations!: number;
  @ApiProperty() completedCalculations!: number;
}
