import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { Optional } from '../../common/validation';
import { BUDGET_PERIODS, BudgetPeriod } from '../../common/budget-periods';
import { USAGE_SORTS, UsageSort } from '../usage.repository';
import { Granularity, GRANULARITIES } from '../usage.service';

// A calendar day from 0001-01-01 (PostgreSQL's date has no year 0); IsISO8601 strict refuses 02-30.
const DAY = /^(?!0000)\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_PATTERN = DAY.source;
const DAY_MESSAGE = '$property must be a calendar day such as 2026-01-31';

/** An optional query parameter holding a UTC calendar day (`YYYY-MM-DD`). */
const UtcDay = (example: string, description?: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date', pattern: DAY_PATTERN, example, description }),
    Optional(),
    IsISO8601({ strict: true }, { message: DAY_MESSAGE }),
    Matches(DAY, { message: DAY_MESSAGE }),
  );

export class UsageRangeQueryDto {
  @UtcDay('2026-01-01', 'First UTC day (inclusive); default: the first day of this month')
  from?: string;

  @UtcDay('2026-01-31', 'Last UTC day (inclusive); default: today')
  to?: string;

  @ApiPropertyOptional({
    enum: GRANULARITIES,
    default: 'day',
    description: 'The series has a point per UTC day or per UTC month',
  })
  @Optional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;
}

export class StatsQueryDto {
  @UtcDay('2026-01-01', 'First UTC day of the compute figures (inclusive); default: the first day of this month')
  from?: string;

  @UtcDay('2026-01-31', 'Last UTC day of the compute figures (inclusive); default: today')
  to?: string;
}

export class AdminUsageQueryDto extends PageQueryDto {
  @UtcDay('2026-01-01')
  from?: string;

  @UtcDay('2026-01-31')
  to?: string;

  @ApiPropertyOptional({
    enum: USAGE_SORTS,
    default: 'userId',
    description: 'Order of the users (coreSeconds: reserved core-seconds, what budgets count)',
  })
  @Optional()
  @IsIn(USAGE_SORTS)
  sort?: UsageSort;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    description: 'Default: ascending for userId and username, descending for the figures',
  })
  @Optional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description: 'csv: every user of the range in one text/csv download (limit and cursor are ignored)',
  })
  @Optional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class UsageTotalsDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Calculations that ran code' }) calculations!: number;
  @ApiProperty({ minimum: 0, description: 'CPU time measured' }) cpuSeconds!: number;
  @ApiProperty({ minimum: 0, description: 'Wall time of the code' }) wallSeconds!: number;
  @ApiProperty({ minimum: 0, description: 'CPUs reserved × wall time: what budgets count' })
  reservedCoreSeconds!: number;
  @ApiProperty({ minimum: 0, description: 'Memory limit in GiB × wall time' }) reservedGbSeconds!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Bytes of output files stored' }) outputBytes!: number;
}

export class UsagePointDto extends UsageTotalsDto {
  @ApiProperty({ example: '2026-01-31', description: 'The UTC day (YYYY-MM-DD) or month (YYYY-MM)' })
  period!: string;
  @ApiProperty({ minimum: 0, description: 'Bytes of files held × days held, in the period' })
  storageByteDays!: number;
}

export class UsageReportTotalsDto extends UsageTotalsDto {
  @ApiProperty({ minimum: 0, description: 'Bytes of files held × days held, in the range up to today' })
  storageByteDays!: number;
}

export class DailyUsageDto extends UsageTotalsDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-01-31', description: 'UTC day' }) day!: string;
}

export class BudgetStatusDto {
  @ApiProperty({ enum: BUDGET_PERIODS, example: 'daily' }) period!: BudgetPeriod;
  @ApiProperty({ type: String, format: 'date', description: 'First UTC day of the period' }) periodStart!: string;
  @ApiProperty({ description: 'When the period ends and the budget starts again' }) resetsAt!: Date;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'Core-seconds; null: unlimited' })
  budgetCoreSeconds!: number | null;
  @ApiProperty({ minimum: 0 }) spentCoreSeconds!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'Spent, in percent of the budget' })
  percent!: number | null;
}

export class UsageAlertDto {
  @ApiProperty({ enum: BUDGET_PERIODS }) budget!: BudgetPeriod;
  @ApiProperty({ type: String, format: 'date' }) periodStart!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, example: 70, description: 'Percent of the budget' })
  threshold!: number;
  @ApiProperty({ minimum: 0 }) spentCoreSeconds!: number;
  @ApiProperty({ minimum: 0 }) budgetCoreSeconds!: number;
  @ApiProperty() createdAt!: Date;
}

export class UsageReportDto {
  @ApiProperty({ type: String, format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date' }) to!: string;
  @ApiProperty({ enum: GRANULARITIES }) granularity!: Granularity;
  @ApiProperty({ type: [DailyUsageDto], description: 'Days with usage, oldest first' }) days!: DailyUsageDto[];
  @ApiProperty({
    type: [UsagePointDto],
    description: 'Every day or month of the range up to today, oldest first, zeros included',
  })
  series!: UsagePointDto[];
  @ApiProperty({ type: UsageReportTotalsDto }) totals!: UsageReportTotalsDto;
  @ApiProperty({ description: 'False: an administrator has suspended your computing' }) usageEnabled!: boolean;
  @ApiProperty({ type: [BudgetStatusDto], description: 'Today’s and this month’s budget' })
  budgets!: BudgetStatusDto[];
  @ApiProperty({ type: [UsageAlertDto], description: 'Thresholds reached in periods starting in the range' })
  alerts!: UsageAlertDto[];
}

export class UserUsageDto extends UsageTotalsDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
}

export class UserUsagePageDto {
  @ApiProperty({ type: String, format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date' }) to!: string;
  @ApiProperty({ type: [UserUsageDto], description: 'Users with usage in the range, by user id' })
  items!: UserUsageDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}

export class StatusCountDto {
  @ApiProperty({ example: 'completed' }) status!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) count!: number;
}

export class ToolStatsDto {
  @ApiProperty({ example: 'fit-curve', description: 'Tool name; ad-hoc for users’ own code' }) tool!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) calculations!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) completed!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Failed or timed out' }) failed!: number;
  @ApiProperty({ minimum: 0, description: 'Reserved core-seconds charged, all time' }) reservedCoreSeconds!: number;
}

export class ComputeStatsDto extends UsageTotalsDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Users who used compute in the range' }) users!: number;
}

export class StorageStatsDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) files!: number;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 }) bytes!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Users holding files' }) users!: number;
}

export class PlatformStatsDto {
  @ApiProperty({ type: String, format: 'date', description: 'First day of the compute figures' }) from!: string;
  @ApiProperty({ type: String, format: 'date', description: 'Last day of the compute figures' }) to!: string;
  @ApiProperty({ type: [StatusCountDto], description: 'All calculations by status, all time' })
  byStatus!: StatusCountDto[];
  @ApiProperty({ type: [ToolStatsDto], description: 'All calculations by tool, all time, most used first' })
  byTool!: ToolStatsDto[];
  @ApiProperty({ type: ComputeStatsDto, description: 'Compute used in the range' }) compute!: ComputeStatsDto;
  @ApiProperty({ type: StorageStatsDto, description: 'Files held now' }) storage!: StorageStatsDto;
}
