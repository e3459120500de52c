import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

export class CreateDirectUploadDto {
  @ApiProperty({ example: 'mesh.vtk', maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  filename!: string;

  @ApiProperty({ description: 'Exact size of the file; the object is checked against it' })
  @IsInt()
  @Min(0)
  sizeBytes!: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the content; checked on completion' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hexadecimal digits' })
  sha256!: string;

  @ApiPropertyOptional({ example: 'application/octet-stream', maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  contentType?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;
}

export class PresignedPartDto {
  @ApiProperty() partNumber!: number;
  @ApiProperty({ description: 'PUT this part’s bytes here' }) url!: string;
  @ApiProperty() sizeBytes!: number;
}

export class DirectUploadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ enum: ['single', 'multipart'] }) mode!: 'single' | 'multipart';
  @ApiPropertyOptional({ description: 'single: PUT the whole file here' }) url?: string;
  @ApiPropertyOptional({
    description: 'Headers the PUT must carry (they are part of the signature)',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  headers?: Record<string, string>;
  @ApiPropertyOptional({ type: [PresignedPartDto], description: 'multipart: PUT each part to its URL' })
  parts?: PresignedPartDto[];
}
