import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { RequestOrigin } from '../audit/audit.service';
import { Origin } from '../audit/origin.decorator';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { ApiProblems } from '../common/openapi';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CurrentUser } from '../users/current-user.decorator';
import { Principal } from '../users/principal';
import { BatchesService } from './batches.service';
import {
  BatchDto,
  BatchPageDto,
  BatchResultsDto,
  BatchResultsQueryDto,
  CodeBatchRequestDto,
  CreateBatchDto,
  ListBatchesQueryDto,
  ToolBatchRequestDto,
} from './dto/batch.dto';

@ApiTags('batches')
@ApiAuthenticated()
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Post()
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Submit a parameter sweep: one calculation per generated parameter set',
    description:
      'The sweep generates parameter sets (grid, zip or list); each is merged over `parameters` and validated ' +
      'against the version’s schema before anything is created (422 names each offending combination). All ' +
      'calculations are created in one transaction and enqueued together. 503 when the queue is unavailable ' +
      '(the batch is kept and enqueued once it is back).',
  })
  @ApiExtraModels(ToolBatchRequestDto, CodeBatchRequestDto)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(ToolBatchRequestDto) }, { $ref: getSchemaPath(CodeBatchRequestDto) }] },
  })
  @ApiAcceptedResponse({ type: BatchDto })
  @ApiProblems(403, 422, 503)
  async create(
    @CurrentUser() principal: Principal,
    @Body() body: CreateBatchDto,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BatchDto> {
    const view = await this.batches.create(principal, body, origin);
    res.location(`batches/${view.batch.id}`);
    return this.batches.toDto(view);
  }

  @Get()
  @ApiOperation({ summary: 'Your batches (admins: everyone’s), newest first, with their counts' })
  @ApiOkResponse({ type: BatchPageDto })
  async list(@CurrentUser() principal: Principal, @Query() query: ListBatchesQueryDto): Promise<BatchPageDto> {
    const page = await this.batches.list(principal, query);
    return { items: page.items.map((view) => this.batches.toDto(view)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A batch: counts per status, progress and an estimate of the time left' })
  @ApiOkResponse({ type: BatchDto })
  @ApiProblems(404)
  async get(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Batch')) id: string,
  ): Promise<BatchDto> {
    return this.batches.toDto(await this.batches.get(principal, id));
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Cancel every unfinished calculation: queued ones now, running ones stopped by their workers',
    description: '409 when every calculation has already finished.',
  })
  @ApiAcceptedResponse({ type: BatchDto })
  @ApiProblems(404, 409)
  async cancel(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Batch')) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<BatchDto> {
    return this.batches.toDto(await this.batches.cancel(principal, id, origin));
  }

  @Post(':id/rerun-failed')
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Run the failed and timed-out calculations again, in the same batch',
    description:
      'Each new calculation takes the index of the one it reruns and replaces it in the counts and the results. ' +
      'Only the batch’s owner may (403 otherwise); 409 when none failed; 422 when the version is now deprecated or ' +
      'an input is gone.',
  })
  @ApiAcceptedResponse({ type: BatchDto })
  @ApiProblems(403, 404, 409, 422, 503)
  async rerunFailed(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Batch')) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<BatchDto> {
    return this.batches.toDto(await this.batches.rerunFailed(principal, id, origin));
  }

  @Get(':id/results')
  @ApiOperation({
    summary: 'The results table: one row per calculation with its parameters, scalar results, status and usage',
    description:
      '`format=csv` streams RFC 4180 CSV with a header row (for a DataFrame); `format=json` (the default) ' +
      'answers the columns and the rows. Result fields are flattened to `result.a.b`; lists and other ' +
      'non-scalars are skipped. A calculation rerun by rerun-failed is replaced by its rerun.',
  })
  @ApiOkResponse({
    description: 'The table',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(BatchResultsDto) } },
      'text/csv': { schema: { type: 'string', example: 'index,id,status,parameters.x,result.y\n0,…,completed,1,2\n' } },
    },
  })
  @ApiExtraModels(BatchResultsDto)
  @ApiProblems(404)
  async results(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Batch')) id: string,
    @Query() query: BatchResultsQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const batch = await this.batches.find(principal, id);
    const table = await this.batches.resultsTable(batch);
    if ((query.format ?? 'json') === 'json') {
      const rows: BatchResultsDto['rows'] = [];
      for await (const row of table.rows) rows.push(row);
      res.json({ columns: table.columns, rows } satisfies BatchResultsDto);
      return;
    }
    res.type('text/csv; charset=utf-8');
    res.attachment(`batch-${batch.id}.csv`);
    await pipeline(
      Readable.from(table.rows),
      stringify({ header: true, columns: table.columns, cast: { boolean: (value) => String(value) } }),
      res,
    );
  }
}
