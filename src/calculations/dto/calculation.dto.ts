import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { SANDBOX_FILE_NAME } from '../../tools/dto/tool.dto';
import { CalculationFileRole } from '../calculation-file.entity';
import { CalculationLog } from '../calculation-log.entity';
import { CalculationStatus } from '../calculation-status';
import { Calculation } from '../calculation.entity';
import { LIMITS_EXCEEDED, LimitExceeded } from '../limit-exceeded';

export class CalculationInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  fileId!: string;

  @ApiPropertyOptional({
    description: 'Name under /work/inputs: a declared input of the tool; for ad-hoc code, the file name by default',
    example: 'data',
  })
  @IsOptional()
  @Matches(SANDBOX_FILE_NAME, { message: 'as must be a plain file name (letters, digits, . _ -)' })
  as?: string;
}

export class RequestedLimitsDto {
  @ApiPropertyOptional({ example: 512 })
  @IsOptional()
  @IsInt()
  @Min(16)
  memoryMb?: number;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  cpus?: number;

  @ApiPropertyOptional({ example: 300 })
  @IsOptional()
  @IsInt()
  @Min(1)
  timeoutS?: number;

  @ApiPropertyOptional({ example: 1024, description: 'Everything the code may write (/work, /tmp, /dev/shm)' })
  @IsOptional()
  @IsInt()
  @Min(16)
  diskMb?: number;
}

export class CreateCalculationDto {
  @ApiProperty({ maxLength: 200, example: 'Beam, 2 m, 1 kN' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ description: 'Tool name; or give `code` for ad-hoc Python' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tool?: string;

  @ApiPropertyOptional({ description: 'Tool version; default: the latest non-deprecated one' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  version?: string;

  @ApiPropertyOptional({ description: 'Ad-hoc mode: Python source of main.py, defining run(params)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  code?: string;

  @ApiPropertyOptional({ description: 'Ad-hoc mode: sandbox image (default: the scientific image)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  image?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, default: {} })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [CalculationInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CalculationInputDto)
  inputs?: CalculationInputDto[];

  @ApiPropertyOptional({ type: RequestedLimitsDto, description: 'Each at most the tool’s (or the admin) maximum' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequestedLimitsDto)
  limits?: RequestedLimitsDto;
}

export class ListCalculationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CalculationStatus })
  @IsOptional()
  @IsIn(Object.values(CalculationStatus))
  status?: CalculationStatus;

  @ApiPropertyOptional({ description: 'Tool name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tool?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class LimitsAppliedDto {
  @ApiProperty() memoryMb!: number;
  @ApiProperty() cpus!: number;
  @ApiProperty() timeoutS!: number;
  @ApiProperty() maxOutputBytes!: number;
  @ApiProperty() diskMb!: number;
  @ApiProperty() network!: boolean;
}

export class CalculationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CalculationStatus }) status!: CalculationStatus;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null for ad-hoc code' }) tool!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) toolVersion!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) progress!: number | null;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) completedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) executionTimeS!: number | null;

  static from(calculation: Calculation): CalculationSummaryDto {
    return {
      id: calculation.id,
      ownerId: calculation.userId,
      name: calculation.name,
      status: calculation.status,
      tool: calculation.toolVersion?.tool?.name ?? null,
      toolVersion: calculation.toolVersion?.version ?? null,
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
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() image!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) parameters!: Record<string, unknown>;
  @ApiProperty({ type: [CalculationInputFileDto] }) inputs!: CalculationInputFileDto[];
  @ApiProperty({ type: LimitsAppliedDto }) limits!: LimitsAppliedDto;
  @ApiPropertyOptional({ nullable: true, type: String }) progressMessage!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) queuedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) startedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'From queued to started' })
  queueWaitS!: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'The JSON run(params) returned' }) result!: unknown;
  @ApiPropertyOptional({ nullable: true, type: String }) errorMessage!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) exitCode!: number | null;
  @ApiProperty({
    type: String,
    enum: LIMITS_EXCEEDED,
    nullable: true,
    description: 'The limit that ended the calculation (its error message names the value); null when none did',
    example: 'disk',
  })
  limitExceeded!: LimitExceeded | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'CPU seconds, from the engine' })
  cpuTimeS!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Peak memory, from the engine' })
  peakMemoryBytes!: number | null;
  @ApiProperty() outputsTruncated!: boolean;
  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String }) rerunOf!: string | null;

  static fromCalculation(calculation: Calculation): CalculationDto {
    const inputs = (calculation.files ?? [])
      .filter((link) => link.role === CalculationFileRole.Input)
      .map((link) => ({ fileId: link.fileId, name: link.name ?? '' }));
    return {
      ...CalculationSummaryDto.from(calculation),
      description: calculation.description,
      image: calculation.image,
      code: calculation.code,
      parameters: calculation.parameters,
      inputs,
      limits: {
        memoryMb: calculation.memoryMb,
        cpus: calculation.cpus,
        timeoutS: calculation.timeoutS,
        maxOutputBytes: calculation.maxOutputBytes,
        diskMb: calculation.diskMb,
        network: calculation.network,
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
    };
  }
}

export class CalculationPageDto {
  @ApiProperty({ type: [CalculationSummaryDto] }) items!: CalculationSummaryDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CalculationLogsDto {
  @ApiProperty() stdout!: string;
  @ApiProperty() stderr!: string;
  @ApiProperty({ description: 'Bytes written, kept or not' }) stdoutBytes!: number;
  @ApiProperty() stderrBytes!: number;
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
  @ApiPropertyOptional({ nullable: true, type: Number }) executionTimeS!: number | null;
  @ApiProperty() username!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) displayName!: string | null;
}

export class RecentCalculationPageDto {
  @ApiProperty({ type: [RecentCalculationDto] }) items!: RecentCalculationDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
