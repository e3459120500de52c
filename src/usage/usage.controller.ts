import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Origin } from '../audit/origin.decorator';
import { RequestOrigin } from '../audit/audit.service';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { ApiProblems } from '../common/openapi';
import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { Role, Roles } from '../common/roles';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { CurrentUser } from '../users/current-user.decorator';
import { Principal } from '../users/principal';
import { LimitOverrides } from './effective-limits';
import {
  AdminUsageQueryDto,
  PlatformStatsDto,
  StatsQueryDto,
  UsageRangeQueryDto,
  UsageReportDto,
  UserUsageDto,
  UserUsagePageDto,
} from './dto/usage.dto';
import { UpdateUserLimitsDto, UserLimitsDto } from './dto/user-limits.dto';
import { LimitsView, UsageService } from './usage.service';

const CSV_COLUMNS: (keyof UserUsageDto)[] = [
  'userId',
  'username',
  'calculations',
  'cpuSeconds',
  'wallSeconds',
  'reservedCoreSeconds',
  'reservedGbSeconds',
  'outputBytes',
];

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
      'core-seconds (CPUs × wall time, what budgets count), reserved GiB-seconds and output bytes. ' +
      '`series` has every day (or month, `granularity=month`) of the range up to today, with the storage ' +
      'your files held in byte-days. `budgets` compares today’s and this month’s spending with your budgets.',
  })
  @ApiOkResponse({ type: UsageReportDto })
  @ApiProblems(422)
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
  @ApiOperation({
    summary: 'Usage per user over a range of UTC days (default: this month), sortable, as JSON pages or CSV',
    description:
      '`sort` orders the users (ties by user id), `order` asc or desc. `format=csv` answers every user of ' +
      'the range as one RFC 4180 CSV download with a header row.',
  })
  @ApiOkResponse({
    description: 'A page of users, or the CSV export',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(UserUsagePageDto) } },
      'text/csv': {
        schema: {
          type: 'string',
          example:
            'userId,username,calculations,cpuSeconds,wallSeconds,reservedCoreSeconds,reservedGbSeconds,outputBytes\n',
        },
      },
    },
  })
  @ApiExtraModels(UserUsagePageDto)
  @ApiProblems(422)
  async perUser(@Query() query: AdminUsageQueryDto, @Res() res: Response): Promise<void> {
    if ((query.format ?? 'json') === 'json') {
      res.json(await this.usage.perUser({ ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE }));
      return;
    }
    const pages = this.usage.allPerUser(query);
    // The first page before any header: a refused range is still a problem+json answer.
    const first = await pages.next();
    res.type('text/csv; charset=utf-8');
    res.attachment(`usage-${query.from ?? 'month'}-${query.to ?? 'today'}.csv`);
    async function* rows() {
      if (!first.done) yield* first.value;
      for await (const page of pages) yield* page;
    }
    await pipeline(Readable.from(rows()), stringify({ header: true, columns: CSV_COLUMNS }), res);
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Platform statistics for the administrators’ dashboard',
    description:
      'Calculations by status and by tool (all time), compute used in a range of UTC days (default: this ' +
      'month) and the files held now.',
  })
  @ApiOkResponse({ type: PlatformStatsDto })
  @ApiProblems(422)
  stats(@Query() query: StatsQueryDto): Promise<PlatformStatsDto> {
    return this.usage.stats(query);
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
      '`usageEnabled: false` suspends the user’s computing; with `cancelRunning: true` it also cancels the ' +
      'user’s queued calculations and stops the running ones (the kill switch). Audited.',
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
    return toDto(id, await this.usage.setLimits(principal.user.id, id, overrides, origin, body.cancelRunning ?? false));
  }
}

function toDto(userId: string, limits: LimitsView): UserLimitsDto {
  const { maxLimits, ...effective } = limits.effective;
  return {
    userId,
    ...(limits.cancelled !== undefined ? { cancelled: limits.cancelled } : {}),
    overrides: limits.overrides,
    effective: {
      ...effective,
      maxMemoryMb: maxLimits.memoryMb,
      maxCpus: maxLimits.cpus,
      maxTimeoutS: maxLimits.timeoutS,
    },
  };
}
