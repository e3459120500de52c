import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNumberWithDecimals } from '../../common/decimal-places';
import { PageQueryDto } from '../../common/pagination';
import { DATE_TIME_MESSAGE, Optional, ParseDateTime } from '../../common/validation';
import { SANDBOX_FILE_NAME } from '../../sandbox/sandbox-file-name';
import { CalculationFileRole } from '../calculation-file.entity';
import { CalculationLog } from '../calculation-log.entity';
import { CalculationStatus } from '../calculation-status';
import { Calculation } from '../calculation.entity';
import type { CalculationSummaryRow } from '../calculation.repository';
import { LIMITS_EXCEEDED, LimitExceeded } from '../limit-exceeded';

export class CalculationInputDto {
  @ApiProperty({ format: 'uuid', description: 'A file you can read (yours or a public one)' })
  @IsUUID()
  fileId!: string;

  @ApiPropertyOptional({
    description: 'Name under /work/inputs: a declared input of the tool; for ad-hoc code, the file name by default',
    example: 'data.csv',
    pattern: SANDBOX_FILE_NAME.source,
  })
  @Optional()
  @IsString()
  @Matches(SANDBOX_FILE_NAME, { message: 'as must be a plain file name (letters, digits, . _ -)' })
  as?: string;
}

// The maxima (LIMITS_MAX_*) are set on the document at start-up, from the configuration.
export class RequestedLimitsDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 16, example: 512, description: 'MiB' })
  @Optional()
  @IsInt()
  @Min(16)
  memoryMb?: number;

  @ApiPropertyOptional({ minimum: 0.01, multipleOf: 0.01, example: 1, description: 'CPUs, two decimals at most' })
  @Optional()
  @IsNumberWithDecimals(2)
  @Min(0.01)
  cpus?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, example: 300, description: 'Seconds' })
  @Optional()
  @IsInt()
  @Min(1)
  timeoutS?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 16,
    example: 1024,
    description: 'MiB: everything the code may write (/work, /tmp, /dev/shm); also counted in memory',
  })
  @Optional()
  @IsInt()
  @Min(16)
  diskMb?: number;
}

/** What both kinds of submission share. */
class CalculationFieldsDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Beam, 2 m, 1 kN' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Steel, rectangular section' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    default: {},
    example: { length_m: 2, load_n: 1000 },
    description: 'Validated against the tool version’s parameters schema (defaults applied)',
  })
  @Optional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Complete at once from a completed calculation of yours with the same image, code, parameters (key order and ' +
      'number formatting aside) and input names and contents: same result, outputs linked, no compute. Default: ' +
      'true for a tool version that declares itself deterministic, false otherwise (ad-hoc code included). ' +
      'Single calculations only: a batch ignores it.',
  })
  @Optional()
  @IsBoolean()
  reuse?: boolean;

  @ApiPropertyOptional({
    format: 'uri',
    maxLength: 2000,
    pattern: '^https?://',
    example: 'https://ci.example.org/hooks/retort-run-42',
    description:
      'POSTed once when the calculation ends (`calculation.completed`, `.failed`, `.timed_out`, `.cancelled`), ' +
      'signed like a webhook delivery with your callback secret (GET /webhooks/callback-secret). Its host must ' +
      'resolve to public addresses only. Single calculations only: a batch ignores it.',
  })
  @Optional()
  @IsString()
  @MaxLength(2000)
  @Matches(/^https?:\/\//, { message: 'callbackUrl must start with http:// or https://' })
  callbackUrl?: string;

  @ApiPropertyOptional({ type: [CalculationInputDto], maxItems: 50, description: 'Each file at most once' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique((input: CalculationInputDto) => input?.fileId, { message: 'inputs must name each file at most once' })
  @ValidateNested({ each: true })
  @Type(() => CalculationInputDto)
  inputs?: CalculationInputDto[];

  @ApiPropertyOptional({
    type: RequestedLimitsDto,
    description: 'Each at most the tool version’s limit (ad-hoc code: the administrators’ maximum); default: those',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => RequestedLimitsDto)
  limits?: RequestedLimitsDto;
}

/** Run a published tool. (Documentation only: the pipe validates CreateCalculationDto.) */
export class ToolCalculationRequestDto extends CalculationFieldsDto {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'cantilever-beam', description: 'The tool’s name' })
  tool!: string;

  @ApiPropertyOptional({ maxLength: 64, example: '1.0.0', description: 'Default: the latest non-deprecated version' })
  version?: string;
}

/** Run your own Python code. (Documentation only: the pipe validates CreateCalculationDto.) */
export class CodeCalculationRequestDto extends CalculationFieldsDto {
  @ApiProperty({
    minLength: 1,
    example: 'def run(params):\n    return {"sum": params["a"] + params["b"]}\n',
    description: 'Python source of main.py, defining run(params); at most the configured code size',
  })
  code!: string;

  @ApiPropertyOptional({
    maxLength: 255,
    example: 'retort/sandbox-python-scientific:1.0.0',
    description: 'Sandbox image (default: the scientific image); must be an allowed image',
  })
  image?: string;
}

/**
 * What POST /calculations validates: either `tool` (and `version`) or `code` (and `image`); the
 * service refuses both or neither with 422. The document shows it as a oneOf of the two requests.
 */
export class CreateCalculationDto extends CalculationFieldsDto {
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  tool?: string;

  @Optional()
  @IsString()
  @MaxLength(64)
  version?: string;

  @Optional()
  @IsString()
  @IsNotEmpty()
  code?: string;

  @Optional()
  @IsString()
  @MaxLength(255)
  image?: string;
}

export class ListCalculationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CalculationStatus })
  @Optional()
  @IsIn(Object.values(CalculationStatus))
  status?: CalculationStatus;

  @ApiPropertyOptional({ description: 'Tool name', maxLength: 64, example: 'cantilever-beam' })
  @Optional()
  @IsString()
  @MaxLength(64)
  tool?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Created at or after (RFC 3339)',
    example: '2026-01-31T00:00:00Z',
  })
  @Optional()
  @ParseDateTime()
  @IsDate({ message: DATE_TIME_MESSAGE })
  from?: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Created before (RFC 3339)',
    example: '2026-02-01T00:00:00Z',
  })
  @Optional()
  @ParseDateTime()
  @IsDate({ message: DATE_TIME_MESSAGE })
  to?: Date;
}

export class LimitsAppliedDto {
  @ApiProperty({ type: 'integer', example: 512, description: 'MiB' }) memoryMb!: number;
  @ApiProperty({ example: 1 }) cpus!: number;
  @ApiProperty({ type: 'integer', example: 300, description: 'Seconds' }) timeoutS!: number;
  @ApiProperty({ type: 'integer', format: 'int64', example: 104857600 }) maxOutputBytes!: number;
  @ApiProperty({ type: 'integer', example: 1024, description: 'MiB: everything the code may write' })
  diskMb!: number;
  @ApiProperty() network!: boolean;
}

export class CalculationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CalculationStatus }) status!: CalculationStatus;
  @ApiProperty({ type: String, nullable: true, description: 'null for ad-hoc code' }) tool!: string | null;
  @ApiProperty({ type: String, nullable: true }) toolVersion!: string | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Fraction reported by the code' })
  progress!: number | null;
  // A Date, or already its ISO string when read for a list: both serialise the same.
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date | string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: Date | string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds' }) executionTimeS!: number | null;

  static from(calculation: Calculation): CalculationSummaryDto {
    return CalculationSummaryDto.fromRow({
      ...calculation,
      tool: calculation.toolVersion?.tool?.name ?? null,
      toolVersion: calculation.toolVersion?.version ?? null,
    });
  }

  static fromRow(calculation: CalculationSummaryRow): CalculationSummaryDto {
    return {
      id: calculation.id,
      ownerId: calculation.userId,
      name: calculation.name,
      status: calculation.status,
      tool: calculation.tool,
      toolVersion: calculation.toolVersion,
      progress: calculation.progress,
      createdAt: calculation.createdAt,
      completedAt: calculation.completedAt,
      executionTimeS: calculation.executionTimeS,
    };
  }
}

export class CalculationInputFileDto {
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty() name!: string;
}

export class CalculationDto extends CalculationSummaryDto {
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty() image!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'sha256:4f5e…',
    description: 'The id of the image its sandbox ran, recorded when it started (a tag can move; this cannot)',
  })
  imageDigest!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'sha256:4f5e…',
    description: 'An exact rerun’s image id: the image it runs, whatever `image`’s tag points to now',
  })
  pinnedImage!: string | null;
  @ApiProperty() code!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) parameters!: Record<string, unknown>;
  @ApiProperty({ type: [CalculationInputFileDto] }) inputs!: CalculationInputFileDto[];
  @ApiProperty({ type: LimitsAppliedDto }) limits!: LimitsAppliedDto;
  @ApiProperty({ type: String, nullable: true }) progressMessage!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) queuedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: Date | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds from queued to started' })
  queueWaitS!: number | null;
  // Any JSON value (or null): no `type`, which the document post-processing removes.
  @ApiProperty({ nullable: true, description: 'The JSON value run(params) returned; null until it has' })
  result!: unknown;
  @ApiProperty({ type: String, nullable: true }) errorMessage!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) exitCode!: number | null;
  @ApiProperty({
    type: String,
    enum: LIMITS_EXCEEDED,
    nullable: true,
    description: 'The limit that ended the calculation (its error message names the value); null when none did',
    example: 'disk',
  })
  limitExceeded!: LimitExceeded | null;
  @ApiProperty({ type: Number, nullable: true, description: 'CPU seconds, from the engine' })
  cpuTimeS!: number | null;
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    nullable: true,
    description: 'Peak memory in bytes, from the engine',
  })
  peakMemoryBytes!: number | null;
  @ApiProperty() outputsTruncated!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) rerunOf!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The completed calculation that ran, whose result and outputs this one reused without running',
  })
  reusedFrom!: string | null;
  @ApiProperty({ type: String, format: 'uri', nullable: true, description: 'Where its ending is POSTed' })
  callbackUrl!: string | null;

  static fromCalculation(calculation: Calculation): CalculationDto {
    const inputs = (calculation.files ?? [])
      .filter((link) => link.role === CalculationFileRole.Input)
      .map((link) => ({ fileId: link.fileId, name: link.name ?? '' }));
    return {
      ...CalculationSummaryDto.from(calculation),
      description: calculation.description,
      image: calculation.image,
      imageDigest: calculation.imageDigest ?? null,
      pinnedImage: calculation.pinnedImage ?? null,
      code: calculation.code,
      parameters: calculation.parameters,
      inputs,
      limits: {
        memoryMb: calculation.sandbox.memoryMb,
        cpus: calculation.sandbox.cpus,
        timeoutS: calculation.sandbox.timeoutS,
        maxOutputBytes: calculation.sandbox.maxOutputBytes,
        diskMb: calculation.sandbox.diskMb,
        network: calculation.sandbox.network,
      },
      progressMessage: calculation.progressMessage,
      queuedAt: calculation.queuedAt,
      startedAt: calculation.startedAt,
      queueWaitS:
        calculation.queuedAt && calculation.startedAt
          ? (calculation.startedAt.getTime() - calculation.queuedAt.getTime()) / 1000
          : null,
      result: calculation.result ?? null,
      errorMessage: calculation.errorMessage,
      exitCode: calculation.exitCode,
      limitExceeded: calculation.limitExceeded ?? null,
      cpuTimeS: calculation.cpuTimeS,
      peakMemoryBytes: calculation.peakMemoryBytes,
      outputsTruncated: calculation.outputsTruncated,
      rerunOf: calculation.rerunOf,
      reusedFrom: calculation.reusedFrom ?? null,
      callbackUrl: calculation.callbackUrl ?? null,
    };
  }
}

export class RerunCalculationDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'Run the very image the original ran (by its id), not what its tag points to now; 409 when that image ' +
      'is no longer on the workers’ engine, or none was recorded',
  })
  @Optional()
  @IsBoolean()
  exact?: boolean;
}

export class CalculationPageDto {
  @ApiProperty({ type: [CalculationSummaryDto] }) items!: CalculationSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}

export class CalculationLogsDto {
  @ApiProperty() stdout!: string;
  @ApiProperty() stderr!: string;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, description: 'Bytes written, kept or not' })
  stdoutBytes!: number;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 }) stderrBytes!: number;
  @ApiProperty() stdoutTruncated!: boolean;
  @ApiProperty() stderrTruncated!: boolean;

  static from(log: CalculationLog | null): CalculationLogsDto {
    return {
      stdout: log?.stdout ?? '',
      stderr: log?.stderr ?? '',
      stdoutBytes: log?.stdoutBytes ?? 0,
      stderrBytes: log?.stderrBytes ?? 0,
      stdoutTruncated: log?.stdoutTruncated ?? false,
      stderrTruncated: log?.stderrTruncated ?? false,
    };
  }
}

export class RecentCalculationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CalculationStatus }) status!: CalculationStatus;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds' }) executionTimeS!: number | null;
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
}

export class RecentCalculationPageDto {
  @ApiProperty({ type: [RecentCalculationDto] }) items!: RecentCalculationDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}
