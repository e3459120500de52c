import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import semver from 'semver';
import { QueryFailedError, Repository } from 'typeorm';
import { RequestOrigin, AuditAction, AuditService } from '../audit/audit.service';
import { isAdmin, Principal } from '../users/principal';
import { matchesAny } from '../common/allow-list';
import { likePattern, Page, PageQueryDto, paginate } from '../common/pagination';
import { paginateLean, PreparedQueries, SqlConditions } from '../database/prepared-queries';
import { FieldError } from '../common/problem-details';
import { ForbiddenProblem, NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.exception';
import { AppConfig, ToolsConfig } from '../config/app-config';
import { SANDBOX_LIMIT_KEYS, SandboxLimits } from '../common/sandbox-limits';
import { CreateToolDto, ListToolsQueryDto, PublishVersionDto, ToolDto, UpdateToolDto } from './dto/tool.dto';
import { ParametersValidator } from './parameters-validator';
import { ToolVersion } from './tool-version.entity';
import { Tool } from './tool.entity';
import { ToolProblems } from './tool.problems';

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

/** The version a calculation runs by default: the highest non-deprecated release (pre-releases last). */
export function latestVersion(versions: ToolVersion[]): ToolVersion | null {
  const usable = versions.filter((version) => !version.deprecated);
  const releases = usable.filter((version) => !semver.prerelease(version.version));
  const pool = releases.length > 0 ? releases : usable;
  return pool.sort((a, b) => semver.rcompare(a.version, b.version))[0] ?? null;
}

/** The tool catalogue: tools, their immutable versions, who may publish what. */
@Injectable()
export class ToolsService {
  private readonly rules: ToolsConfig;
  private readonly maxLimits: SandboxLimits;
  private readonly defaultDiskMb: number;

  constructor(
    @InjectRepository(Tool) private readonly tools: Repository<Tool>,
    @InjectRepository(ToolVersion) private readonly versions: Repository<ToolVersion>,
    private readonly parameters: ParametersValidator,
    private readonly audit: AuditService,
    private readonly queries: PreparedQueries,
    config: AppConfig,
  ) {
    this.rules = config.tools;
    this.maxLimits = config.maxLimits;
    this.defaultDiskMb = Math.min(config.sandbox.defaults.diskMb, config.maxLimits.diskMb);
  }

  async create(principal: Principal, request: CreateToolDto, origin: RequestOrigin): Promise<Tool> {
    try {
      const tool = await this.tools.save(
        this.tools.create({
          name: request.name,
          displayName: request.displayName ?? request.name,
          description: request.description ?? '',
          tags: request.tags ?? [],
          authorId: principal.user.id,
          isActive: true,
        }),
      );
      await this.audit.record({
        actorUserId: principal.user.id,
        action: AuditAction.ToolCreated,
        target: { type: 'tool', id: tool.id },
        metadata: { name: tool.name },
        origin,
      });
      return tool;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw ProblemException.of(ToolProblems.toolExists, `A tool named "${request.name}" already exists.`);
      }
      throw error;
    }
  }

  async update(principal: Principal, name: string, changes: UpdateToolDto): Promise<Tool> {
    const tool = await this.findManageable(principal, name);
    if (changes.displayName !== undefined) tool.displayName = changes.displayName;
    if (changes.description !== undefined) tool.description = changes.description;
    if (changes.tags !== undefined) tool.tags = changes.tags;
    if (changes.isActive !== undefined) tool.isActive = changes.isActive;
    return this.tools.save(tool);
  }

  /** The catalogue: active tools for everyone, every tool for admins; newest first. */
  list(principal: Principal, query: ListToolsQueryDto): Promise<Page<ToolDto>> {
    const where = new SqlConditions();
    if (!isAdmin(principal)) where.and('tool.is_active');
    if (query.search) {
      const search = where.param(likePattern(query.search));
      where.and(
        `(tool.name ILIKE ${search} OR tool.display_name ILIKE ${search} OR tool.description ILIKE ${search}
          OR EXISTS (SELECT 1 FROM unnest(tool.tags) AS tag WHERE tag ILIKE ${search}))`,
      );
    }
    if (query.tag) where.and(`${where.param(query.tag)} = ANY(tool.tags)`);
    return paginateLean<ToolDto>(
      this.queries,
      { select: ToolDto.COLUMNS, table: 'tools', alias: 'tool', conditions: where },
      query,
    );
  }

  /** A tool the caller can see: active, or theirs, or any for an admin. Else 404. */
  async findVisible(principal: Principal, name: string): Promise<Tool> {
    const tool = await this.tools.findOneBy({ name });
    if (!tool || !(tool.isActive || tool.authorId === principal.user.id || isAdmin(principal))) {
      throw new NotFoundProblem('Tool', name);
    }
    return tool;
  }

  async latest(tool: Tool): Promise<ToolVersion | null> {
    return latestVersion(await this.versions.findBy({ toolId: tool.id }));
  }

  async listVersions(principal: Principal, name: string, page: PageQueryDto): Promise<Page<ToolVersion>> {
    const tool = await this.findVisible(principal, name);
    return paginate(this.versions.createQueryBuilder('version').where('version.tool_id = :id', { id: tool.id }), page);
  }

  async findVersion(
    principal: Principal,
    name: string,
    version: string,
  ): Promise<{ tool: Tool; version: ToolVersion }> {
    const tool = await this.findVisible(principal, name);
    const found = await this.versions.findOneBy({ toolId: tool.id, version });
    if (!found) throw new NotFoundProblem(`Version of tool ${name}`, version);
    return { tool, version: found };
  }

  async publish(
    principal: Principal,
    name: string,
    request: PublishVersionDto,
    origin: RequestOrigin,
  ): Promise<{ tool: Tool; version: ToolVersion }> {
    const tool = await this.findManageable(principal, name);
    const errors = this.checkVersion(principal, tool, request);
    if (errors.length > 0) throw new ValidationProblem(errors);
    try {
      const version = await this.versions.save(
        this.versions.create({
          toolId: tool.id,
          version: request.version,
          image: request.image,
          code: request.code,
          parametersSchema: request.parametersSchema,
          inputs: request.inputs.map((input) => ({ ...input })),
          outputs: request.outputs.map((output) => ({ ...output })),
          sandbox: {
            memoryMb: request.limits.memoryMb,
            cpus: request.limits.cpus,
            timeoutS: request.limits.timeoutS,
            maxOutputBytes: request.limits.maxOutputBytes,
            diskMb: request.limits.diskMb ?? this.defaultDiskMb,
            network: request.network,
          },
          changelog: request.changelog ?? null,
          deterministic: request.deterministic ?? false,
          publishedBy: principal.user.id,
          deprecated: false,
        }),
      );
      await this.audit.record({
        actorUserId: principal.user.id,
        action: AuditAction.ToolVersionPublished,
        target: { type: 'tool-version', id: version.id },
        metadata: { tool: tool.name, version: version.version, image: version.image },
        origin,
      });
      return { tool, version };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw ProblemException.of(
          ToolProblems.versionExists,
          `${tool.name} ${request.version} is already published; versions are immutable, publish a new one.`,
        );
      }
      throw error;
    }
  }

  /** Deprecated versions stay readable (and reproducible) but start no new calculation. Idempotent. */
  async deprecate(principal: Principal, name: string, version: string, origin: RequestOrigin): Promise<ToolVersion> {
    const tool = await this.findManageable(principal, name);
    const found = await this.versions.findOneBy({ toolId: tool.id, version });
    if (!found) throw new NotFoundProblem(`Version of tool ${name}`, version);
    if (found.deprecated) return found;
    await this.versions.update({ id: found.id }, { deprecated: true });
    await this.audit.record({
      actorUserId: principal.user.id,
      action: AuditAction.ToolVersionDeprecated,
      target: { type: 'tool-version', id: found.id },
      metadata: { tool: tool.name, version },
      origin,
    });
    return { ...found, deprecated: true };
  }

  /**
   * The version a new calculation would run: the one asked for, or the latest. Refuses inactive
   * tools and deprecated versions (422 on the field the caller chose).
   */
  async resolveForRun(
    principal: Principal,
    name: string,
    version?: string,
  ): Promise<{ tool: Tool; version: ToolVersion }> {
    const tool = await this.findVisible(principal, name);
    if (!tool.isActive) {
      throw new ValidationProblem([{ path: 'tool', message: `tool ${name} is inactive and starts no calculation` }]);
    }
    if (version === undefined) {
      const latest = await this.latest(tool);
      if (!latest) throw new ValidationProblem([{ path: 'tool', message: `tool ${name} has no usable version` }]);
      return { tool, version: latest };
    }
    const found = await this.versions.findOneBy({ toolId: tool.id, version });
    if (!found) throw new ValidationProblem([{ path: 'version', message: `${name} has no version ${version}` }]);
    if (found.deprecated) {
      throw new ValidationProblem([
        { path: 'version', message: `${name} ${version} is deprecated and starts no new calculation` },
      ]);
    }
    return { tool, version: found };
  }

  /** Parameters with the version's schema defaults applied, or a 422 with a path per problem. */
  validateParameters(version: ToolVersion, parameters: unknown): Record<string, unknown> {
    return this.parameters.validate(version.id, version.parametersSchema, parameters);
  }

  /** Only the tool's author or an admin manages it; others who can see it get 403. */
  private async findManageable(principal: Principal, name: string): Promise<Tool> {
    const tool = await this.findVisible(principal, name);
    if (tool.authorId !== principal.user.id && !isAdmin(principal)) {
      throw new ForbiddenProblem(`Only the author of ${name} or an administrator can change it.`);
    }
    return tool;
  }

  /** Field errors for an image outside the allow-list and code over the size cap (tools and ad-hoc code). */
  checkImageAndCode(image: string, code: string): FieldError[] {
    const errors: FieldError[] = [];
    if (!matchesAny(image, this.rules.allowedImages)) {
      errors.push({
        path: 'image',
        message: `must be one of the allowed images: ${this.rules.allowedImages.join(', ')}`,
      });
    }
    const codeBytes = Buffer.byteLength(code);
    if (codeBytes > this.rules.maxCodeBytes) {
      errors.push({ path: 'code', message: `is ${codeBytes} bytes; at most ${this.rules.maxCodeBytes} are allowed` });
    }
    return errors;
  }

  private checkVersion(principal: Principal, tool: Tool, request: PublishVersionDto): FieldError[] {
    const errors: FieldError[] = [];
    if (semver.valid(request.version) !== request.version) {
      errors.push({ path: 'version', message: 'must be a semantic version such as 1.2.0 or 2.0.0-rc.1 (no "v")' });
    }
    errors.push(...this.checkImageAndCode(request.image, request.code));
    errors.push(...this.parameters.checkSchema(request.parametersSchema));
    for (const key of SANDBOX_LIMIT_KEYS) {
      if ((request.limits[key] ?? 0) > this.maxLimits[key]) {
        errors.push({
          path: `limits.${key}`,
          message: `must be at most ${this.maxLimits[key]} (the administrators' maximum)`,
        });
      }
    }
    for (const [list, entries] of [
      ['inputs', request.inputs],
      ['outputs', request.outputs],
    ] as const) {
      const names = entries.map((entry) => entry.name);
      const duplicate = names.find((entryName, index) => names.indexOf(entryName) !== index);
      if (duplicate) errors.push({ path: list, message: `names must be unique; "${duplicate}" appears twice` });
    }
    if (request.network && !isAdmin(principal) && !this.rules.networkAllowedTools.includes(tool.name)) {
      errors.push({ path: 'network', message: `network access is not allowed for ${tool.name}; ask an administrator` });
    }
    return errors;
  }
}
