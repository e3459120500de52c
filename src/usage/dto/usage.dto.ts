import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { Optional } from '../../common/validation';
import { BUDGET_PERIODS, BudgetPeriod } from '../usage-figures';

// A calendar day from 0001-01-01 (PostgreSQL's date has no year 0); IsISO8601 strict refuses 02-30.
const DAY = /^(?!0000)\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_PATTERN = DAY.source;
const DAY_MESSAGE = '$property must be a calendar day such as 2026-01-31';

export class UsageRangeQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    pattern: DAY_PATTERN,
    example: '2026-01-01',
    description: 'First UTC day (inclusive); default: the first day of this month',
  })
  @Optional()
  @IsISO8601({ strict: true }, { message: DAY_MESSAGE })
  @Matches(DAY, { message: DAY_MESSAGE })
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    pattern: DAY_PATTERN,
    example: '2026-01-31',
    description: 'Last UTC day (inclusive); default: today',
  })
  @Optional()
  @IsISO8601({ strict: true }, { message: DAY_MESSAGE })
  @Matches(DAY, { message: DAY_MESSAGE })
  to?: string;
}

export class AdminUsageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date', pattern: DAY_PATTERN, example: '2026-01-01' })
  @Optional()
  @IsISO8601({ strict: true }, { message: DAY_MESSAGE })
  @Matches(DAY, { message: DAY_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', pattern: DAY_PATTERN, example: '2026-01-31' })
  @Optional()
  @IsISO8601({ strict: true }, { message: DAY_MESSAGE })
  @Matches(DAY, { message: DAY_MESSAGE })
  to?: string;
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
  @ApiProperty({ type: [DailyUsageDto], description: 'Days with usage, oldest first' }) days!: DailyUsageDto[];
  @ApiProperty({ type: UsageTotalsDto }) totals!: UsageTotalsDto;
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
