import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsInt, IsNumber, Max, Min } from 'class-validator';
import { IsNumberWithDecimals } from '../../common/decimal-places';
import { Optional, OptionalNullable } from '../../common/validation';

const LARGE = 1e15;
const COUNT_MAX = 1_000_000;

/**
 * A user's limits, replacing what was set (the whole state: `usageEnabled` is required); a field
 * left out or null takes the configured default.
 * The per-calculation ceilings' maxima (LIMITS_MAX_*) are set on the document at start-up.
 */
export class UpdateUserLimitsDto {
  @ApiProperty({ description: 'False suspends the user’s computing: submissions are refused' })
  @IsDefined({ message: '$property is required: true, or false to suspend the user’s computing' })
  @IsBoolean()
  usageEnabled!: boolean;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: LARGE,
    description: 'Core-seconds per UTC day; 0: unlimited',
  })
  @OptionalNullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(LARGE)
  dailyCoreSeconds?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: LARGE,
    description: 'Core-seconds per UTC month; 0: unlimited',
  })
  @OptionalNullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(LARGE)
  monthlyCoreSeconds?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: COUNT_MAX,
    description: 'Calculations running at once',
  })
  @OptionalNullable()
  @IsInt()
  @Min(1)
  @Max(COUNT_MAX)
  maxRunning?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: COUNT_MAX,
    description: 'Calculations waiting in the queue; 0: unlimited',
  })
  @OptionalNullable()
  @IsInt()
  @Min(0)
  @Max(COUNT_MAX)
  maxQueued?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    nullable: true,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Storage quota in bytes',
  })
  @OptionalNullable()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  storageQuotaBytes?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 16,
    description: 'Largest memory limit a calculation may ask for, MiB',
  })
  @OptionalNullable()
  @IsInt()
  @Min(16)
  maxMemoryMb?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0.01,
    multipleOf: 0.01,
    description: 'Most CPUs a calculation may ask for',
  })
  @OptionalNullable()
  @IsNumberWithDecimals(2)
  @Min(0.01)
  maxCpus?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    description: 'Longest wall-clock limit a calculation may ask for, seconds',
  })
  @OptionalNullable()
  @IsInt()
  @Min(1)
  maxTimeoutS?: number | null;

  @ApiPropertyOptional({
    description:
      'With `usageEnabled: false` (the kill switch): also cancel the user’s queued calculations and stop ' +
      'the running ones (they end as cancelled, charged for what they ran). Default false.',
  })
  @Optional()
  @IsBoolean()
  cancelRunning?: boolean;
}

export class UserLimitOverridesDto {
  @ApiProperty() usageEnabled!: boolean;
  @ApiProperty({ type: Number, nullable: true }) dailyCoreSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) monthlyCoreSeconds!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxRunning!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxQueued!: number | null;
  @ApiProperty({ type: 'integer', format: 'int64', nullable: true }) storageQuotaBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxMemoryMb!: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxCpus!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxTimeoutS!: number | null;
}

export class EffectiveLimitsDto {
  @ApiProperty() usageEnabled!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'null: unlimited' }) dailyCoreSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null: unlimited' }) monthlyCoreSeconds!: number | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) maxRunning!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null: unlimited' }) maxQueued!: number | null;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 }) storageQuotaBytes!: number;
  @ApiProperty({ type: 'integer', minimum: 16 }) maxMemoryMb!: number;
  @ApiProperty({ minimum: 0.01 }) maxCpus!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) maxTimeoutS!: number;
}

export class CancelledCalculationsDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Not yet running: cancelled at once' })
  cancelled!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Running: their workers were asked to stop them' })
  stopping!: number;
}

export class UserLimitsDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: UserLimitOverridesDto, description: 'What an administrator set; null: the default' })
  overrides!: UserLimitOverridesDto;
  @ApiProperty({ type: EffectiveLimitsDto, description: 'What applies' }) effective!: EffectiveLimitsDto;
  @ApiPropertyOptional({
    type: CancelledCalculationsDto,
    nullable: true,
    description: 'Only in the answer to a PUT: what `cancelRunning` cancelled; null when it was not asked',
  })
  cancelled?: CancelledCalculationsDto | null;
}
