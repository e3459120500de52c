import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Origin } from '../audit/origin.decorator';
import { RequestOrigin } from '../audit/audit.service';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { ApiProblems } from '../common/openapi';
import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { ValidationProblem } from '../common/problem.exception';
import { Role, Roles } from '../common/roles';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { CurrentUser } from '../users/current-user.decorator';
import { Principal } from '../users/principal';
import { EffectiveLimits, LimitOverrides } from './effective-limits';
import { AdminUsageQueryDto, UsageRangeQueryDto, UsageReportDto, UserUsagePageDto } from './dto/usage.dto';
import { UpdateUserLimitsDto, UserLimitsDto } from './dto/user-limits.dto';
import { UsageService } from './usage.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@ApiTags('users')
@ApiAuthenticated()
@Controller('users/me/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiOperation({
    summary: 'Your compute usage by UTC day, with totals, your budgets and the alerts reached',
    description:
      'Each calculation that ran code counts once, on the day it ended: CPU and wall time, reserved ' +
      'core-seconds (CPUs × wall time, what budgets count), reserved GiB-seconds and output bytes.',
  })
  @ApiOkResponse({ type: UsageReportDto })
  report(@CurrentUser() principal: Principal, @Query() query: UsageRangeQueryDto): Promise<UsageReportDto> {
    return this.usage.report(principal.user.id, query);
  }
}

@ApiTags('admin')
@ApiAuthenticated()
@Roles(Role.Admin)
@Controller('admin')
export class AdminUsageController {
  constructor(private readonly usage: UsageService) {}

  @Get('usage')
  @ApiOperation({ summary: 'Usage per user over a range of UTC days (default: this month), by user id' })
  @ApiOkResponse({ type: UserUsagePageDto })
  perUser(@Query() query: AdminUsageQueryDto): Promise<UserUsagePageDto> {
    if (query.cursor !== undefined && !UUID.test(query.cursor)) {
      throw new ValidationProblem([{ path: 'cursor', message: 'cursor is not one this API returned' }]);
    }
    return this.usage.perUser({ ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Get('users/:id/limits')
  @ApiOperation({ summary: 'A user’s own limits (null: the default applies) and the limits that apply' })
  @ApiOkResponse({ type: UserLimitsDto })
  @ApiProblems(404)
  async limits(@Param('id', new UuidOr404Pipe('user')) id: string): Promise<UserLimitsDto> {
    return toDto(id, await this.usage.getLimits(id));
  }

  @Put('users/:id/limits')
  @ApiOperation({
    summary: 'Sets a user’s own limits, replacing the previous ones',
    description:
      'Budgets in reserved core-seconds per UTC day and month (0: unlimited), calculations running and ' +
      'queued at once, storage quota, and per-calculation ceilings (never above LIMITS_MAX_*: 422). ' +
      '`usageEnabled: false` suspends the user’s computing. Audited.',
  })
  @ApiOkResponse({ type: UserLimitsDto })
  @ApiProblems(404)
  async setLimits(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('user')) id: string,
    @Body() body: UpdateUserLimitsDto,
    @Origin() origin: RequestOrigin,
  ): Promise<UserLimitsDto> {
    const overrides: LimitOverrides = {
      usageEnabled: body.usageEnabled,
      dailyCoreSeconds: body.dailyCoreSeconds ?? null,
      monthlyCoreSeconds: body.monthlyCoreSeconds ?? null,
      maxRunning: body.maxRunning ?? null,
      maxQueued: body.maxQueued ?? null,
      storageQuotaBytes: body.storageQuotaBytes ?? null,
      maxMemoryMb: body.maxMemoryMb ?? null,
      maxCpus: body.maxCpus ?? null,
      maxTimeoutS: body.maxTimeoutS ?? null,
    };
    return toDto(id, await this.usage.setLimits(principal.user.id, id, overrides, origin));
  }
}

function toDto(userId: string, limits: { overrides: LimitOverrides; effective: EffectiveLimits }): UserLimitsDto {
  const { maxLimits, ...effective } = limits.effective;
  return {
    userId,
    overrides: limits.overrides,
    effective: {
      ...effective,
      maxMemoryMb: maxLimits.memoryMb,
      maxCpus: maxLimits.cpus,
      maxTimeoutS: maxLimits.timeoutS,
    },
  };
}
