import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNumberWithDecimals } from '../../common/decimal-places';
import { PageQueryDto } from '../../common/pagination';
import { Optional } from '../../common/validation';
import { ToolInputSpec, ToolOutputSpec, ToolVersion } from '../tool-version.entity';
import { Tool } from '../tool.entity';
import { SANDBOX_FILE_NAME } from '../../sandbox/sandbox-file-name';

export const TOOL_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// semver.org's regular expression as semver.valid() takes it unchanged: no build metadata (it is
// dropped), numbers within 15 digits (safe integers).
const SEMVER =
  /^(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;
const TAG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CONTENT_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/([a-z0-9][a-z0-9!#$&^_.+-]*|\*)$/;

class ToolFieldsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Cantilever beam' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Deflection and stress of a cantilever under a point load' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', pattern: TAG.source, maxLength: 50 },
    example: ['mechanics', 'beam'],
    maxItems: 20,
    uniqueItems: true,
  })
  @Optional()
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

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Cantilever beam', description: 'Default: the name' })
  declare displayName?: string;
}

export class UpdateToolDto extends ToolFieldsDto {
  @ApiPropertyOptional({ description: 'Inactive tools are hidden from the catalogue and start no calculation' })
  @Optional()
  @IsBoolean()
  isActive?: boolean;
}

export class ListToolsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Case-insensitive search in name, display name, description and tags',
    maxLength: 100,
  })
  @Optional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ description: 'Only tools with this tag', maxLength: 50, example: 'mechanics' })
  @Optional()
  @IsString()
  @MaxLength(50)
  tag?: string;
}

/** A file a version declares, under /work/inputs or /work/outputs. */
class ToolFileDto {
  @ApiProperty({ example: 'data.csv', pattern: SANDBOX_FILE_NAME.source })
  @IsString()
  @Matches(SANDBOX_FILE_NAME, { message: 'name must be a plain file name (letters, digits, . _ -)' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class ToolInputDto extends ToolFileDto implements ToolInputSpec {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', pattern: CONTENT_TYPE_PATTERN.source },
    maxItems: 20,
    example: ['text/csv', 'text/*'],
    description: 'Accepted content types (`type/*` for a family); empty: any',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(CONTENT_TYPE_PATTERN, { each: true, message: 'each content type must look like type/subtype or type/*' })
  contentTypes: string[] = [];

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  required: boolean = true;
}

export class ToolOutputDto extends ToolFileDto implements ToolOutputSpec {
  @ApiPropertyOptional({ example: 'image/png', pattern: CONTENT_TYPE_PATTERN.source })
  @Optional()
  @IsString()
  @Matches(CONTENT_TYPE_PATTERN, { message: 'contentType must look like type/subtype' })
  contentType?: string;
}

// The maxima (LIMITS_MAX_*) are set on the document at start-up, from the configuration.
export class LimitsDto {
  @ApiProperty({ type: 'integer', minimum: 16, example: 512, description: 'Memory (and memory+swap) limit in MiB' })
  @IsInt()
  @Min(16)
  memoryMb!: number;

  @ApiProperty({
    minimum: 0.01,
    multipleOf: 0.01,
    example: 1,
    description: 'CPU limit (fractions allowed, two decimals at most)',
  })
  @IsNumberWithDecimals(2)
  @Min(0.01)
  @Max(9999)
  cpus!: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 300, description: 'Wall-clock limit in seconds' })
  @IsInt()
  @Min(1)
  timeoutS!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    example: 104857600,
    description: 'Total bytes of output files',
  })
  @IsInt()
  @Min(1)
  maxOutputBytes!: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 16,
    example: 1024,
    description:
      'MiB: everything the code may write (/work, /tmp, /dev/shm); also counted in memory. Default: SANDBOX_DISK_MB',
  })
  @Optional()
  @IsInt()
  @Min(16)
  diskMb?: number;
}

/** The limits a published version carries (as they were allowed when it was published). */
export class VersionLimitsDto {
  @ApiProperty({ type: 'integer', example: 512, description: 'MiB' }) memoryMb!: number;
  @ApiProperty({ example: 1 }) cpus!: number;
  @ApiProperty({ type: 'integer', example: 300, description: 'Seconds' }) timeoutS!: number;
  @ApiProperty({ type: 'integer', format: 'int64', example: 104857600 }) maxOutputBytes!: number;
  @ApiProperty({ type: 'integer', example: 1024, description: 'MiB: everything the code may write' }) diskMb!: number;
}

export class PublishVersionDto {
  @ApiProperty({
    example: '1.0.0',
    pattern: SEMVER.source,
    maxLength: 64,
    description: 'Semantic version (no "v"), unique per tool',
  })
  @IsString()
  @MaxLength(64)
  version!: string; // the service checks it is semantic (422 with the other semantic errors)

  @ApiProperty({
    example: 'retort/sandbox-python-scientific:1.0.0',
    minLength: 1,
    maxLength: 255,
    description: 'Must match one of the allowed images (TOOLS_ALLOWED_IMAGES)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  image!: string;

  @ApiProperty({
    minLength: 1,
    example: 'def run(params):\n    return {"twice": 2 * params["x"]}\n',
    description: 'Python source of main.py, defining run(params); at most the configured code size',
  })
  @IsString()
  @IsNotEmpty()
  code!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
    description: 'JSON Schema (draft 2020-12) for the parameters; its root is an object schema',
  })
  @IsObject()
  parametersSchema!: Record<string, unknown>;

  @ApiPropertyOptional({ type: [ToolInputDto], maxItems: 50, description: 'Names must be unique' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ToolInputDto)
  inputs: ToolInputDto[] = [];

  @ApiPropertyOptional({ type: [ToolOutputDto], maxItems: 50, description: 'Names must be unique' })
  @Optional()
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
  @Optional()
  @IsBoolean()
  network: boolean = false;

  // No `default` in the document: generated clients would make the field required.
  @ApiPropertyOptional({
    description:
      'The same parameters and inputs always give the same result and outputs: calculations then reuse a completed ' +
      'one of the same work by default (see `reuse`). Default: false',
  })
  @Optional()
  @IsBoolean()
  deterministic?: boolean;

  @ApiPropertyOptional({ maxLength: 5000, example: 'First release' })
  @Optional()
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
  @ApiProperty({ description: 'Calculations reuse a completed one of the same work by default' })
  deterministic!: boolean;
  @ApiProperty({ type: VersionLimitsDto }) limits!: VersionLimitsDto;
  @ApiProperty({ type: String, nullable: true }) changelog!: string | null;
  @ApiProperty() createdAt!: Date;

  static from(version: ToolVersion): ToolVersionSummaryDto {
    return {
      id: version.id,
      version: version.version,
      image: version.image,
      deprecated: version.deprecated,
      network: version.sandbox.network,
      deterministic: version.deterministic,
      limits: {
        memoryMb: version.sandbox.memoryMb,
        cpus: version.sandbox.cpus,
        timeoutS: version.sandbox.timeoutS,
        maxOutputBytes: version.sandbox.maxOutputBytes,
        diskMb: version.sandbox.diskMb,
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
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) publishedBy!: string | null;

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
  @ApiProperty({ example: 'cantilever-beam' }) name!: string;
  @ApiProperty({ example: 'Cantilever beam' }) displayName!: string;
  @ApiProperty({ description: 'Empty when none was given' }) description!: string;
  @ApiProperty({ type: [String], example: ['mechanics', 'beam'] }) tags!: string[];
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() isActive!: boolean;
  // Dates, or already their ISO strings when read for a list: both serialise the same.
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date | string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date | string;

  /** The select list (alias `tool`) whose rows are ToolDtos as they are: the catalogue reads them so. */
  static readonly COLUMNS = `tool.id, tool.name, tool.display_name AS "displayName", tool.description, tool.tags,
    tool.author_id AS "authorId", tool.is_active AS "isActive", tool.created_at AS "createdAt",
    tool.updated_at AS "updatedAt"`;

  static from(tool: Tool): ToolDto {
    const { id, name, displayName, description, tags, authorId, isActive, createdAt, updatedAt } = tool;
    return { id, name, displayName, description, tags, authorId, isActive, createdAt, updatedAt };
  }
}

export class ToolDetailDto extends ToolDto {
  @ApiProperty({
    type: ToolVersionDto,
    nullable: true,
    description: 'The highest non-deprecated version (what a calculation runs by default); null if none',
  })
  latestVersion!: ToolVersionDto | null;
}

export class ToolPageDto {
  @ApiProperty({ type: [ToolDto] }) items!: ToolDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}

export class ToolVersionPageDto {
  @ApiProperty({ type: [ToolVersionSummaryDto] }) items!: ToolVersionSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}
