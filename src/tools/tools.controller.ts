import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequestOrigin } from '../audit/audit.service';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { CurrentUser } from '../users/current-user.decorator';
import { Origin } from '../audit/origin.decorator';
import { Principal } from '../users/principal';
import { Role } from '../common/roles';
import { Roles } from '../common/roles';
import { ApiProblems } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { Idempotent } from '../idempotency/idempotent.decorator';
import {
  CreateToolDto,
  ListToolsQueryDto,
  PublishVersionDto,
  ToolDetailDto,
  ToolDto,
  ToolPageDto,
  ToolVersionDto,
  ToolVersionPageDto,
  ToolVersionSummaryDto,
  UpdateToolDto,
} from './dto/tool.dto';
import { ToolsService } from './tools.service';

@ApiTags('tools')
@ApiAuthenticated()
@Controller('tools')
export class ToolsController {
  constructor(private readonly tools: ToolsService) {}

  @Post()
  @Idempotent()
  @Roles(Role.ToolAuthor)
  @ApiOperation({
    summary: 'Create a tool (tool authors and admins); publish versions next',
    description: 'The display name defaults to the name. 409 when the name is taken.',
  })
  @ApiCreatedResponse({ type: ToolDto })
  @ApiProblems(409)
  async create(
    @CurrentUser() principal: Principal,
    @Body() body: CreateToolDto,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ToolDto> {
    const tool = await this.tools.create(principal, body, origin);
    res.location(`tools/${tool.name}`);
    return ToolDto.from(tool);
  }

  @Get()
  @ApiOperation({ summary: 'The catalogue, newest first: search name, display name, description and tags' })
  @ApiOkResponse({ type: ToolPageDto })
  async list(@CurrentUser() principal: Principal, @Query() query: ListToolsQueryDto): Promise<ToolPageDto> {
    return this.tools.list(principal, query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'A tool with its latest usable version' })
  @ApiOkResponse({ type: ToolDetailDto })
  @ApiProblems(404)
  async get(@CurrentUser() principal: Principal, @Param('name') name: string): Promise<ToolDetailDto> {
    const tool = await this.tools.findVisible(principal, name);
    const latest = await this.tools.latest(tool);
    return { ...ToolDto.from(tool), latestVersion: latest ? ToolVersionDto.fromVersion(tool.name, latest) : null };
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Change display name, description, tags or active flag (author or admin)' })
  @ApiBody({ type: UpdateToolDto, required: false, description: 'Only the fields to change; none changes nothing' })
  @ApiOkResponse({ type: ToolDto })
  @ApiProblems(404)
  async update(
    @CurrentUser() principal: Principal,
    @Param('name') name: string,
    @Body() body: UpdateToolDto,
  ): Promise<ToolDto> {
    return ToolDto.from(await this.tools.update(principal, name, body));
  }

  @Get(':name/versions')
  @ApiOperation({ summary: 'Published versions, newest first' })
  @ApiOkResponse({ type: ToolVersionPageDto })
  @ApiProblems(404)
  async versions(
    @CurrentUser() principal: Principal,
    @Param('name') name: string,
    @Query() query: PageQueryDto,
  ): Promise<ToolVersionPageDto> {
    const page = await this.tools.listVersions(principal, name, query);
    return { items: page.items.map((version) => ToolVersionSummaryDto.from(version)), nextCursor: page.nextCursor };
  }

  @Post(':name/versions')
  @Idempotent()
  @ApiOperation({
    summary: 'Publish an immutable version (the tool’s author or an admin)',
    description:
      '422 for an image outside the allow-list, code over the size cap, limits over the maxima. 409 when the version exists.',
  })
  @ApiCreatedResponse({ type: ToolVersionDto })
  @ApiProblems(404, 409)
  async publish(
    @CurrentUser() principal: Principal,
    @Param('name') name: string,
    @Body() body: PublishVersionDto,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ToolVersionDto> {
    const { tool, version } = await this.tools.publish(principal, name, body, origin);
    res.location(`tools/${tool.name}/versions/${version.version}`);
    return ToolVersionDto.fromVersion(tool.name, version);
  }

  @Get(':name/versions/:version')
  @ApiOkResponse({ type: ToolVersionDto })
  @ApiProblems(404)
  async version(
    @CurrentUser() principal: Principal,
    @Param('name') name: string,
    @Param('version') version: string,
  ): Promise<ToolVersionDto> {
    const found = await this.tools.findVersion(principal, name, version);
    return ToolVersionDto.fromVersion(found.tool.name, found.version);
  }

  @Post(':name/versions/:version/deprecate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deprecate a version: still readable, starts no new calculation (idempotent)' })
  @ApiOkResponse({ type: ToolVersionSummaryDto })
  @ApiProblems(404)
  async deprecate(
    @CurrentUser() principal: Principal,
    @Param('name') name: string,
    @Param('version') version: string,
    @Origin() origin: RequestOrigin,
  ): Promise<ToolVersionSummaryDto> {
    return ToolVersionSummaryDto.from(await this.tools.deprecate(principal, name, version, origin));
  }
}
