import { Body, Controller, Get, HttpCode, MessageEvent, Param, Post, Query, Res, Sse } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { map, Observable } from 'rxjs';
import { RequestOrigin } from '../audit/audit.service';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { CurrentUser } from '../users/current-user.decorator';
import { Origin } from '../audit/origin.decorator';
import { Principal } from '../users/principal';
import { Role } from '../common/roles';
import { Roles } from '../common/roles';
import { ApiProblems } from '../common/openapi';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { FileDto } from '../files/dto/file.dto';
import { CalculationsService } from './calculations.service';
import {
  CalculationDto,
  CalculationLogsDto,
  CalculationPageDto,
  CalculationSummaryDto,
  CodeCalculationRequestDto,
  CreateCalculationDto,
  ListCalculationsQueryDto,
  RecentCalculationPageDto,
  RerunCalculationDto,
  ToolCalculationRequestDto,
} from './dto/calculation.dto';

class OutputFileDto extends FileDto {
  @ApiProperty({ example: 'plot.png', description: 'Path under /work/outputs' })
  name!: string;
}

@ApiTags('calculations')
@ApiAuthenticated()
@Controller('calculations')
export class CalculationsController {
  constructor(private readonly calculations: CalculationsService) {}

  @Post()
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Submit a calculation: a tool (version, parameters, inputs) or your own Python code',
    description:
      'Answers 202 with the calculation queued; follow it with GET …/:id or the SSE stream …/:id/events. ' +
      'Give `tool` (and optionally `version`) or `code` (and optionally `image`), not both. ' +
      '403 when ad-hoc code is disabled; 503 when the queue is unavailable.',
  })
  @ApiExtraModels(ToolCalculationRequestDto, CodeCalculationRequestDto)
  @ApiBody({
    schema: {
      oneOf: [{ $ref: getSchemaPath(ToolCalculationRequestDto) }, { $ref: getSchemaPath(CodeCalculationRequestDto) }],
    },
  })
  @ApiAcceptedResponse({ type: CalculationDto })
  async submit(
    @CurrentUser() principal: Principal,
    @Body() body: CreateCalculationDto,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CalculationDto> {
    const calculation = await this.calculations.submit(principal, body, origin);
    res.location(`calculations/${calculation.id}`);
    return CalculationDto.fromCalculation(calculation);
  }

  @Get()
  @ApiOperation({ summary: 'Your calculations (admins: everyone’s), newest first; filter by status, tool, dates' })
  @ApiOkResponse({ type: CalculationPageDto })
  async list(
    @CurrentUser() principal: Principal,
    @Query() query: ListCalculationsQueryDto,
  ): Promise<CalculationPageDto> {
    const page = await this.calculations.list(principal, query);
    return { items: page.items.map((item) => CalculationSummaryDto.fromRow(item)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: CalculationDto })
  @ApiProblems(404)
  async get(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Calculation')) id: string,
  ): Promise<CalculationDto> {
    return CalculationDto.fromCalculation(await this.calculations.get(principal, id));
  }

  @Get(':id/logs')
  @ApiOperation({ summary: 'stdout and stderr (each kept up to a cap; truncation says so)' })
  @ApiOkResponse({ type: CalculationLogsDto })
  @ApiProblems(404)
  async logs(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Calculation')) id: string,
  ): Promise<CalculationLogsDto> {
    return CalculationLogsDto.from(await this.calculations.logs(principal, id));
  }

  @Get(':id/outputs')
  @ApiOperation({ summary: 'Output files, stored as your files (download them through /files/:id/content)' })
  @ApiOkResponse({ type: [OutputFileDto] })
  @ApiProblems(404)
  async outputs(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Calculation')) id: string,
  ): Promise<OutputFileDto[]> {
    const outputs = await this.calculations.outputs(principal, id);
    return outputs.map(({ file, name }) => ({ ...FileDto.from(file), name }));
  }

  @Get(':id/provenance')
  @ApiOperation({
    summary: 'How the result was produced: an RO-Crate metadata document (JSON-LD, Process Run Crate profile)',
    description:
      'A CreateAction with the tool version (image, code sha256) as instrument, the inputs and parameters as ' +
      'object, the outputs as result (each file with its sha256), the owner as agent, start and end times, ' +
      'status, limits, measured usage and the worker that ran it.',
  })
  @ApiOkResponse({
    description: 'ro-crate-metadata.json of the calculation',
    schema: {
      type: 'object',
      required: ['@context', '@graph'],
      properties: {
        '@context': {
          type: 'array',
          description: 'The RO-Crate 1.1 context, then the Workflow Run and Retort terms the crate uses',
          items: {},
          minItems: 1,
          example: [
            'https://w3id.org/ro/crate/1.1/context',
            { exitCode: 'https://w3id.org/ro/terms/workflow-run#exitCode' },
          ],
        },
        '@graph': { type: 'array', items: { type: 'object', additionalProperties: true } },
      },
    },
  })
  @ApiProblems(404)
  provenance(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Calculation')) id: string,
  ): Promise<Record<string, unknown>> {
    return this.calculations.provenance(principal, id);
  }

  @Get(':id/crate.zip')
  @ApiOperation({
    summary: 'The provenance as an RO-Crate zip: ro-crate-metadata.json with the output (and input) files',
    description:
      'The same metadata as …/provenance, with the bytes of the outputs under outputs/ and of the inputs you may ' +
      'still read under inputs/ (streamed from storage). Files deleted since are described, not included.',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: 'A zip archive (RO-Crate, Process Run Crate profile)',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(404)
  async crateZip(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Calculation')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const zip = await this.calculations.crateZip(principal, id);
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="calculation-${id}.crate.zip"`);
    res.setHeader('Cache-Control', 'private, no-cache');
    // Headers are out once bytes flow: a storage failure midway cuts the download (the zip is then
    // incomplete, which any unzip reports), and a client that goes away releases the S3 stream.
    await pipeline(zip, res).catch(() => undefined);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel: queued → cancelled now; running → SIGTERM, SIGKILL after a grace; finished → 409' })
  @ApiAcceptedResponse({ type: CalculationDto })
  @ApiProblems(404, 409)
  async cancel(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Calculation')) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<CalculationDto> {
    return CalculationDto.fromCalculation(await this.calculations.cancel(principal, id, origin));
  }

  @Post(':id/rerun')
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Run it again as a new calculation (same version, code, parameters, inputs, limits)',
    description:
      'The image is what the version’s tag points to now; `exact: true` runs the very image the original ran, by ' +
      'its id. 409 when an exact rerun’s image is no longer on the workers’ engine, or none was recorded; ' +
      '422 when its version is now deprecated or an input file is gone.',
  })
  @ApiBody({ type: RerunCalculationDto, required: false })
  @ApiAcceptedResponse({ type: CalculationDto })
  @ApiProblems(404, 409, 422)
  async rerun(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Calculation')) id: string,
    @Body() body: RerunCalculationDto,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CalculationDto> {
    const calculation = await this.calculations.rerun(principal, id, origin, body?.exact ?? false);
    res.location(`calculations/${calculation.id}`);
    return CalculationDto.fromCalculation(calculation);
  }

  @Sse(':id/events')
  @ApiOperation({
    summary: 'Server-Sent Events: `status`, `progress` and `log` events until the calculation finishes',
    description: 'The first event is the current status. Authenticate with the Authorization or X-API-Key header.',
  })
  @ApiOkResponse({
    description: 'An event stream; each event’s `data` is a JSON object whose `type` is the event name',
    content: {
      'text/event-stream': {
        schema: {
          type: 'object',
          properties: {
            event: { type: 'string', enum: ['status', 'progress', 'log'] },
            data: { type: 'string', description: 'JSON' },
            id: { type: 'string' },
          },
          required: ['data'],
        },
      },
    },
  })
  @ApiProblems(404)
  async events(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Calculation')) id: string,
  ): Promise<Observable<MessageEvent>> {
    await this.calculations.get(principal, id);
    return this.calculations.stream(principal, id).pipe(map((event) => ({ type: event.type, data: event })));
  }
}

@ApiTags('admin')
@ApiAuthenticated()
@Roles(Role.Admin)
@Controller('admin/calculations')
export class AdminCalculationsController {
  constructor(private readonly calculations: CalculationsService) {}

  @Get('recent')
  @ApiOperation({
    summary: 'Recent calculations of every user, with user names (the original recent_calculations view)',
  })
  @ApiOkResponse({ type: RecentCalculationPageDto })
  recent(@Query() query: ListCalculationsQueryDto): Promise<RecentCalculationPageDto> {
    return this.calculations.recent(query);
  }
}
