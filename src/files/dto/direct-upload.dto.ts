import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/validation';

export class CreateDirectUploadDto {
  @ApiProperty({ example: 'mesh.vtk', minLength: 1, maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  filename!: string;

  // The maximum (FILES_MAX_SIZE_BYTES) is set on the document at start-up.
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    example: 104857600,
    description:
      'Exact size of the file in bytes; the object is checked against it. At most the configured file size limit.',
  })
  @IsInt()
  @Min(0)
  sizeBytes!: number;

  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description: 'SHA-256 of the content (lower-case hex); checked on completion',
  })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hexadecimal digits' })
  sha256!: string;

  @ApiPropertyOptional({ example: 'application/octet-stream', maxLength: 255 })
  @Optional()
  @IsString()
  @MaxLength(255)
  contentType?: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Tetrahedral mesh of the bracket' })
  @Optional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean()
  isPublic?: boolean;
}

export class PresignedPartDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 }) partNumber!: number;
  @ApiProperty({ description: 'PUT this part’s bytes here' }) url!: string;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 }) sizeBytes!: number;
}

export class DirectUploadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Complete the upload before this instant' }) expiresAt!: Date;
  @ApiProperty({ enum: ['single', 'multipart'] }) mode!: 'single' | 'multipart';
  @ApiPropertyOptional({ description: 'single: PUT the whole file here' }) url?: string;
  @ApiPropertyOptional({
    description: 'single: headers the PUT must carry (they are part of the signature)',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  headers?: Record<string, string>;
  @ApiPropertyOptional({ type: [PresignedPartDto], description: 'multipart: PUT each part to its URL' })
  parts?: PresignedPartDto[];
}
