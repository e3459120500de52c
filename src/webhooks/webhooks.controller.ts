import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { ApiProblems } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { CurrentUser } from '../users/current-user.decorator';
import { Principal } from '../users/principal';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookPageDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiAuthenticated()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Registers an endpoint for events; the signing secret is in this answer only',
    description:
      'Events: `calculation.completed`, `calculation.failed`, `calculation.timed_out`, `calculation.cancelled` ' +
      '(your calculations ending so), `usage.threshold` (a compute budget crossing a threshold), ' +
      '`batch.completed` (every calculation of a batch has ended). Each delivery is a POST of `{id, type, createdAt, data}` signed in ' +
      '`Retort-Signature`, retried with exponential backoff; redirects are not followed.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  async create(@CurrentUser() principal: Principal, @Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const webhook = await this.webhooks.create(principal, body.url, body.events);
    return { ...WebhookDto.from(webhook), secret: webhook.secret };
  }

  @Get()
  @ApiOperation({ summary: 'Your webhooks, newest first (without their secrets)' })
  @ApiOkResponse({ type: WebhookPageDto })
  async list(@CurrentUser() principal: Principal, @Query() query: PageQueryDto): Promise<WebhookPageDto> {
    const page = await this.webhooks.list(principal, query);
    return { items: page.items.map((webhook) => WebhookDto.from(webhook)), nextCursor: page.nextCursor };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Removes a webhook and its delivery log; pending deliveries are dropped' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async remove(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('webhook')) id: string,
  ): Promise<void> {
    await this.webhooks.remove(principal, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'A webhook’s deliveries, newest first: status, attempts, last answer, latency' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblems(404)
  async deliveries(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('webhook')) id: string,
    @Query() query: PageQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    const page = await this.webhooks.deliveriesOf(principal, id, query);
    return { items: page.items.map((delivery) => WebhookDeliveryDto.from(delivery)), nextCursor: page.nextCursor };
  }
}
