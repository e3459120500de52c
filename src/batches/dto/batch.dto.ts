import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject } from 'class-validator';
import { CalculationStatus } from '../../calculations/calculation-status';
import {
  CodeCalculationRequestDto,
  CreateCalculationDto,
  ToolCalculationRequestDto,
} from '../../calculations/dto/calculation.dto';
import { PageQueryDto } from '../../common/pagination';
import { Optional } from '../../common/validation';
import type { Sweep } from '../sweep';

const VALUE_LISTS = {
  type: 'object',
  minProperties: 1,
  additionalProperties: { type: 'array', minItems: 1, items: {} },
} as const;

// A documented oneOf: exactly one kind of sweep (the service checks the rest, with field paths).
const SWEEP_SCHEMA = {
  description:
    'Exactly one of: `grid` (cartesian product of the value lists), `zip` (the i-th values of equally long ' +
    'lists) or `list` (parameter sets as given). Each set is merged over `parameters` and validated against ' +
    'the version’s schema before anything is created; at most BATCHES_MAX_SIZE sets.',
  oneOf: [
    {
      type: 'object',
      properties: { grid: { ...VALUE_LISTS, example: { length_m: [1, 2, 3], load_n: [100, 200] } } },
      required: ['grid'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { zip: { ...VALUE_LISTS, example: { length_m: [1, 2], load_n: [100, 200] } } },
      required: ['zip'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        list: {
          type: 'array',
          minItems: 1,
          items: { type: 'object', additionalProperties: true },
          example: [{ length_m: 1 }, { length_m: 2, load_n: 50 }],
        },
      },
      required: ['list'],
      additionalProperties: false,
    },
  ],
};

/** What POST /batches validates: a calculation request (its `parameters` are the fixed ones) and a sweep. */
export class CreateBatchDto extends CreateCalculationDto {
  @IsObject()
  @IsNotEmpty()
  sweep!: Sweep;
}

/** A batch of a published tool. (Documentation only: the pipe validates CreateBatchDto.) */
export class ToolBatchRequestDto extends ToolCalculationRequestDto {
  @ApiProperty(SWEEP_SCHEMA as unknown as ApiPropertyOptions)
  sweep!: Sweep;
}

/** A batch of your own code. (Documentation only: the pipe validates CreateBatchDto.) */
export class CodeBatchRequestDto extends CodeCalculationRequestDto {
  @ApiProperty(SWEEP_SCHEMA as unknown as ApiPropertyOptions)
  sweep!: Sweep;
}

export class BatchStatusCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) pending!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) queued!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) running!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) completed!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) failed!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) cancelled!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) timed_out!: number;
}

export class BatchDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null for ad-hoc code' }) tool!: string | null;
  @ApiProperty({ type: String, nullable: true }) toolVersion!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The fixed parameters' })
  parameters!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The sweep as submitted' })
  sweep!: Record<string, unknown>;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Parameter sets: one current calculation each' })
  size!: number;
  @ApiProperty({
    type: BatchStatusCountsDto,
    description: 'Current calculations by status (a rerun replaces the failed one it reruns)',
  })
  counts!: BatchStatusCountsDto;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Current calculations that have finished' })
  finished!: number;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'finished / size' })
  progress!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    description: 'Mean wall-clock seconds of the finished calculations that ran; null before any has',
  })
  meanDurationS!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    description:
      'Seconds until all finish, estimated from the mean duration and the per-user concurrency; null while unknown',
  })
  etaS!: number | null;
  @ApiProperty() createdAt!: Date;
}

export class BatchPageDto {
  @ApiProperty({ type: [BatchDto] }) items!: BatchDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}

export const RESULT_FORMATS = ['json', 'csv'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

export class BatchResultsQueryDto {
  @ApiPropertyOptional({ enum: RESULT_FORMATS, default: 'json' })
  @Optional()
  @IsIn(RESULT_FORMATS)
  format?: ResultFormat;
}

export class ListBatchesQueryDto extends PageQueryDto {}

@ApiSchema({ description: 'One row per current calculation of the batch, by parameter set index' })
export class BatchResultsDto {
  @ApiProperty({
    type: [String],
    description:
      '`index`, `id`, `status`, `parameters.<name>` for each parameter, `result.<path>` for each scalar ' +
      'result field (non-scalars skipped), `cpuTimeS`, `wallTimeS`, `peakMemoryBytes`',
    example: ['index', 'id', 'status', 'parameters.length_m', 'result.deflection_m', 'cpuTimeS', 'wallTimeS'],
  })
  columns!: string[];

  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: { nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    },
    description: 'Each row maps column names to scalar values (null where a row has no value)',
  })
  rows!: Record<string, string | number | boolean | null>[];
}

/** Statuses counted in BatchDto.counts, in one place. */
export const COUNTED_STATUSES = Object.values(CalculationStatus);
