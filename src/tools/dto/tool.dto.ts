import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ToolInputSpec, ToolOutputSpec, ToolVersion } from '../tool-version.entity';
import { Tool } from '../tool.entity';

export const TOOL_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TAG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// A file name in /work/inputs or /work/outputs: no path, no leading dot.
export const SANDBOX_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const CONTENT_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/([a-z0-9][a-z0-9!#$&^_.+-]*|\*)$/;

class ToolFieldsDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['mechanics', 'beam'], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  @Matches(TAG, { each: true, message: 'each tag must be lower-case letters, digits and single dashes' })
  tags?: string[];
}

export class CreateToolDto extends ToolFieldsDto {
  @ApiProperty({ example: 'cantilever-beam', pattern: TOOL_NAME.source, maxLength: 64 })
  @IsString()
  @MaxLength(64)
  @Matches(TOOL_NAME, { message: 'name must be lower-case letters, digits and single dashes (a slug)' })
  name!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  declare displayName: string;
}

export class UpdateToolDto extends ToolFieldsDto {
  @ApiPropertyOptional({ description: 'Inactive tools are hidden from the catalogue and start no calculation' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class ListToolsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive search in name, display name, description and tags' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ description: 'Only tools with this tag' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;
}

/** A file a version declares, under /work/inputs or /work/outputs. */
class ToolFileDto {
  @ApiProperty({ example: 'data', pattern: SANDBOX_FILE_NAME.source })
  @IsString()
  @Matches(SANDBOX_FILE_NAME, { message: 'name must be a plain file name (letters, digits, . _ -)' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class ToolInputDto extends ToolFileDto implements ToolInputSpec {
  @ApiPropertyOptional({ type: [String], example: ['text/csv', 'text/*'], description: 'Empty: any' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(CONTENT_TYPE_PATTERN, { each: true, message: 'each content type must look like type/subtype or type/*' })
  contentTypes: string[] = [];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  required: boolean = true;
}

export class ToolOutputDto extends ToolFileDto implements ToolOutputSpec {
  @ApiPropertyOptional({ example: 'image/png' })
  @IsOptional()
  @Matches(CONTENT_TYPE_PATTERN, { message: 'contentType must look like type/subtype' })
  contentType?: string;
}

export class LimitsDto {
  @ApiProperty({ example: 512, description: 'Memory (and memory+swap) limit' })
  @IsInt()
  @Min(16)
  memoryMb!: number;

  @ApiProperty({ example: 1, description: 'CPU limit (fractions allowed)' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(9999)
  cpus!: number;

  @ApiProperty({ example: 300, description: 'Wall-clock limit in seconds' })
  @IsInt()
  @Min(1)
  timeoutS!: number;

  @ApiProperty({ example: 104857600, description: 'Total bytes of output files' })
  @IsInt()
  @Min(1)
  maxOutputBytes!: number;

  @ApiPropertyOptional({
    example: 1024,
    description:
      'Everything the code may write (/work, /tmp, /dev/shm); also counted in memory. Default: SANDBOX_DISK_MB',
  })
  @IsOptional()
  @IsInt()
  @Min(16)
  diskMb?: number;
}

export class PublishVersionDto {
  @ApiProperty({ example: '1.0.0', description: 'Semantic version, unique per tool' })
  @IsString()
  @MaxLength(64)
  version!: string;

  @ApiProperty({ example: 'retort/sandbox-python-scientific:1.0.0' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  image!: string;

  @ApiProperty({ description: 'Python source of main.py, defining run(params)' })
  @IsString()
  @IsNotEmpty()
  code!: string;

  @ApiProperty({ description: 'JSON Schema (draft 2020-12) for the parameters; its root is an object schema' })
  @IsObject()
  parametersSchema!: Record<string, unknown>;

  @ApiPropertyOptional({ type: [ToolInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ToolInputDto)
  inputs: ToolInputDto[] = [];

  @ApiPropertyOptional({ type: [ToolOutputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ToolOutputDto)
  outputs: ToolOutputDto[] = [];

  @ApiProperty({ type: LimitsDto, description: 'Defaults for calculations; each within the admin maxima' })
  @IsObject()
  @ValidateNested()
  @Type(() => LimitsDto)
  limits!: LimitsDto;

  @ApiPropertyOptional({ default: false, description: 'Network access; only where an admin allows it' })
  @IsOptional()
  @IsBoolean()
  network: boolean = false;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  changelog?: string;
}

export class ToolVersionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() version!: string;
  @ApiProperty() image!: string;
  @ApiProperty() deprecated!: boolean;
  @ApiProperty() network!: boolean;
  @ApiProperty({ type: LimitsDto }) limits!: LimitsDto;
  @ApiPropertyOptional({ nullable: true, type: String }) changelog!: string | null;
  @ApiProperty() createdAt!: Date;

  static from(version: ToolVersion): ToolVersionSummaryDto {
    return {
      id: version.id,
      version: version.version,
      image: version.image,
      deprecated: version.deprecated,
      network: version.network,
      limits: {
        memoryMb: version.memoryMb,
        cpus: version.cpus,
        timeoutS: version.timeoutS,
        maxOutputBytes: version.maxOutputBytes,
        diskMb: version.diskMb,
      },
      changelog: version.changelog,
      createdAt: version.createdAt,
    };
  }
}

export class ToolVersionDto extends ToolVersionSummaryDto {
  @ApiProperty() tool!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) parametersSchema!: Record<string, unknown>;
  @ApiProperty({ type: [ToolInputDto] }) inputs!: ToolInputSpec[];
  @ApiProperty({ type: [ToolOutputDto] }) outputs!: ToolOutputSpec[];
  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String }) publishedBy!: string | null;

  static fromVersion(toolName: string, version: ToolVersion): ToolVersionDto {
    return {
      ...ToolVersionSummaryDto.from(version),
      tool: toolName,
      code: version.code,
      parametersSchema: version.parametersSchema,
      inputs: version.inputs,
      outputs: version.outputs,
      publishedBy: version.publishedBy,
    };
  }
}

export class ToolDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() isActive!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(tool: Tool): ToolDto {
    const { id, name, displayName, description, tags, authorId, isActive, createdAt, updatedAt } = tool;
    return { id, name, displayName, description, tags, authorId, isActive, createdAt, updatedAt };
  }
}

export class ToolDetailDto extends ToolDto {
  @ApiPropertyOptional({
    type: ToolVersionDto,
    nullable: true,
    description: 'The highest non-deprecated version (what a calculation runs by default)',
  })
  latestVersion!: ToolVersionDto | null;
}

export class ToolPageDto {
  @ApiProperty({ type: [ToolDto] }) items!: ToolDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ToolVersionPageDto {
  @ApiProperty({ type: [ToolVersionSummaryDto] }) items!: ToolVersionSummaryDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
