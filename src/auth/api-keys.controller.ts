import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { RequestOrigin } from '../audit/audit.service';
import { ApiProblems } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { ForbiddenProblem } from '../common/problem.exception';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { ApiKeysService } from './api-keys.service';
import { CurrentUser } from '../users/current-user.decorator';
import { Origin } from '../audit/origin.decorator';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { Principal } from '../users/principal';

@ApiTags('api-keys')
@ApiAuthenticated()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key; the secret is in this answer only',
    description: 'Needs an access token (403 with an API key). `expiresAt`, when given, must be in the future.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(
    @CurrentUser() principal: Principal,
    @Body() body: CreateApiKeyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<CreatedApiKeyDto> {
    // A leaked key must not be able to mint more keys: creating one takes an interactive sign-in.
    if (principal.via !== 'token') throw new ForbiddenProblem('API keys can only be created with an access token.');
    const { apiKey, key } = await this.apiKeys.create(principal.user.id, body, origin);
    return { ...ApiKeyDto.from(apiKey), key };
  }

  @Get()
  @ApiOperation({ summary: 'Your API keys, newest first (never their secrets)' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  async list(@CurrentUser() principal: Principal, @Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    const page = await this.apiKeys.list(principal.user.id, query);
    return { items: page.items.map((key) => ApiKeyDto.from(key)), nextCursor: page.nextCursor };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (idempotent): yours, or anyone’s for an admin' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  revoke(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('API key')) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.apiKeys.revoke(principal, id, origin);
  }
}
