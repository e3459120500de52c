import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { ApiProblems } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { CurrentUser } from '../users/current-user.decorator';
import { Principal } from '../users/principal';
import {
  CallbackSecretDto,
  CreatedWebhookDto,
  CreateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookPageDto,
  UpdateWebhookDto,
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
      '`batch.completed` (every calculation of a batch has ended). ' +
      'Each delivery is a POST of `{type, timestamp, data}` signed to the Standard Webhooks scheme ' +
      '(`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried with exponential backoff for more ' +
      'than a day by default; redirects are not followed (a 3xx is a failed attempt). An endpoint whose ' +
      'every attempt failed for `WEBHOOKS_DISABLE_AFTER_HOURS` is disabled and you are notified.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiProblems(422)
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

  @Get('callback-secret')
  @ApiOperation({
    summary: "The secret that signs your calculations' one-off callbacks (callbackUrl); made on first use",
  })
  @ApiOkResponse({ type: CallbackSecretDto })
  async callbackSecret(@CurrentUser() principal: Principal): Promise<CallbackSecretDto> {
    return { secret: await this.webhooks.callbackSecret(principal.user.id) };
  }

  @Get('callback-deliveries')
  @ApiOperation({
    summary: "Your calculations' callbacks (callbackUrl), newest first: status, attempts, last answer, latency",
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  async callbackDeliveries(
    @CurrentUser() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    const page = await this.webhooks.callbackDeliveriesOf(principal, query);
    return { items: page.items.map((delivery) => WebhookDeliveryDto.from(delivery)), nextCursor: page.nextCursor };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Enables (clearing its failure streak) or disables a webhook' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(404, 422)
  async update(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('webhook')) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return WebhookDto.from(await this.webhooks.setEnabled(principal, id, body.enabled));
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

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Sends a delivered or failed delivery again, as a new series of attempts with the same webhook-id',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(404, 409)
  async redeliver(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('webhook')) id: string,
    @Param('deliveryId', new UuidOr404Pipe('webhook delivery')) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(await this.webhooks.redeliver(principal, id, deliveryId));
  }
}
