import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { CurrentUser } from '../users/current-user.decorator';
import { Principal } from '../users/principal';
import { ApiProblems } from '../common/openapi';
import { ProblemException } from '../common/problem.exception';
import { TakesMultipart } from '../common/request-bounds';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { parseByteRange } from './byte-range';
import { DirectUploadsService } from './direct-uploads.service';
import { CreateDirectUploadDto, DirectUploadDto } from './dto/direct-upload.dto';
import {
  ContentQueryDto,
  FileDto,
  FilePageDto,
  ListFilesQueryDto,
  UpdateFileDto,
  UploadFileFormDto,
} from './dto/file.dto';
import { contentDisposition } from './file-names';
import { FileStorageService } from './file-storage.service';
import { FilesService } from './files.service';
import { FileProblems } from './file.problems';

const ETAG_HEADER = { required: true, description: 'The SHA-256 of the content, quoted', schema: { type: 'string' } };
const CONTENT_HEADERS = {
  ETag: ETAG_HEADER,
  'Accept-Ranges': { required: true, schema: { type: 'string', enum: ['bytes'] } },
  'Content-Disposition': { required: true, description: 'RFC 6266, with the file name', schema: { type: 'string' } },
};

@ApiTags('files')
@ApiAuthenticated()
@Controller('files')
export class FilesController {
  constructor(
    private readonly files: FilesService,
    private readonly uploads: DirectUploadsService,
    private readonly storage: FileStorageService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Upload a file (multipart/form-data), streamed to storage',
    description:
      'The `file` part is streamed to object storage while its SHA-256 and size are computed. ' +
      'Identical content you already have is stored once. 413 past the size limit or your quota.',
  })
  @TakesMultipart()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileFormDto })
  @ApiCreatedResponse({ type: FileDto })
  @ApiProblems(400, 408, 413, 415, 422)
  async upload(@CurrentUser() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const file = await this.files.upload(principal, {
      body: req,
      headers: req.headers,
      isMultipart: Boolean(req.is('multipart/form-data')),
      closeConnection: () => res.setHeader('Connection', 'close'),
    });
    res.location(`files/${file.id}`);
    return FileDto.from(file);
  }

  @Get()
  @ApiOperation({ summary: 'Files, newest first: yours by default, or everyone’s public ones' })
  @ApiOkResponse({ type: FilePageDto })
  async list(@CurrentUser() principal: Principal, @Query() query: ListFilesQueryDto): Promise<FilePageDto> {
    return this.files.list(principal, query);
  }

  @Post('uploads')
  @Idempotent()
  @ApiOperation({
    summary: 'Start a direct upload to storage: presigned PUT URL(s) for the bytes',
    description: 'Up to 64 MiB: one URL. Larger: one URL per part. Then call complete; size and SHA-256 are checked.',
  })
  @ApiCreatedResponse({ type: DirectUploadDto })
  @ApiProblems(413)
  createUpload(@CurrentUser() principal: Principal, @Body() body: CreateDirectUploadDto): Promise<DirectUploadDto> {
    return this.uploads.create(principal.user.id, body);
  }

  @Post('uploads/:id/complete')
  @Idempotent()
  @ApiOperation({
    summary: 'Finish a direct upload: verify the object, then create the file',
    description:
      '409 while nothing has been uploaded or another request is completing it; 410 once expired; ' +
      '422 (and the upload discarded) when size or SHA-256 do not match; 413 when it no longer fits your quota.',
  })
  @ApiCreatedResponse({ type: FileDto })
  @ApiProblems(404, 409, 410, 413, 422)
  async completeUpload(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Upload')) id: string,
  ): Promise<FileDto> {
    return FileDto.from(await this.uploads.complete(principal.user.id, id));
  }

  @Delete('uploads/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Abandon one of your unfinished direct uploads: its parts and object are removed',
    description: '404 when there is no such unfinished upload of yours (someone else’s, completed, or abandoned).',
  })
  @ApiNoContentResponse()
  @ApiProblems(404)
  cancelUpload(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('Upload')) id: string,
  ): Promise<void> {
    return this.uploads.cancel(principal.user.id, id);
  }

  @Get(':id')
  @ApiOkResponse({ type: FileDto })
  @ApiProblems(404)
  async get(@CurrentUser() principal: Principal, @Param('id', new UuidOr404Pipe('File')) id: string): Promise<FileDto> {
    return FileDto.from(await this.files.findReadable(principal, id));
  }

  @Get(':id/content')
  @ApiOperation({
    summary: 'Download the bytes (Range supported), or a 302 to a short-lived presigned URL',
  })
  @ApiResponse({
    status: 200,
    description: 'The whole file, with its own content type',
    headers: CONTENT_HEADERS,
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({
    status: 206,
    description: 'The requested byte range (a single range; other Range headers get the whole file)',
    headers: { ...CONTENT_HEADERS, 'Content-Range': { required: true, schema: { type: 'string' } } },
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({
    status: 302,
    description: '`redirect=true`: a short-lived presigned URL to download from',
    headers: { Location: { required: true, schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match matched the ETag', headers: { ETag: ETAG_HEADER } })
  @ApiProblems(404, 410, 416)
  async content(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('File')) id: string,
    @Query() query: ContentQueryDto,
    @Headers('range') rangeHeader: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.files.findReadable(principal, id);
    const disposition = contentDisposition(file.filename, query.inline ? 'inline' : 'attachment');
    if (query.redirect) {
      res.redirect(302, await this.storage.presignDownload(file, disposition));
      return;
    }
    const etag = `"${file.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Content-Disposition', disposition);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
      res.status(304).end();
      return;
    }
    const range = parseByteRange(rangeHeader, file.sizeBytes);
    if (range === 'unsatisfiable') {
      throw ProblemException.of(
        FileProblems.rangeNotSatisfiable,
        `The file has ${file.sizeBytes} bytes; the requested range starts past its end.`,
      ).withHeader('Content-Range', `bytes */${file.sizeBytes}`);
    }
    const object = await this.storage.read(file, range ?? undefined);
    res.status(range ? 206 : 200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(object.contentLength));
    if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`);
    // A client that goes away mid-download ends the pipeline, which releases the S3 stream.
    await pipeline(object.body, res).catch(() => undefined);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, describe, publish or unpublish a file (owner or admin)' })
  @ApiBody({ type: UpdateFileDto, required: false, description: 'Only the fields to change; none changes nothing' })
  @ApiOkResponse({ type: FileDto })
  @ApiProblems(404)
  async update(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('File')) id: string,
    @Body() body: UpdateFileDto,
  ): Promise<FileDto> {
    return FileDto.from(await this.files.update(principal, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a file (409 while an unfinished calculation uses it)' })
  @ApiNoContentResponse()
  @ApiProblems(404, 409)
  remove(@CurrentUser() principal: Principal, @Param('id', new UuidOr404Pipe('File')) id: string): Promise<void> {
    return this.files.remove(principal, id);
  }
}
