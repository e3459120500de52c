import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';
import { WebhookDelivery } from '../webhook-delivery.entity';
import { WEBHOOK_EVENTS, WebhookEvent } from '../webhook-events';
import { Webhook } from '../webhook.entity';

export class CreateWebhookDto {
  @ApiProperty({
    format: 'uri',
    maxLength: 2000,
    example: 'https://ci.example.org/hooks/retort',
    pattern: '^https?://',
    description: 'http(s); its host may not resolve to a link-local, metadata or loopback address',
  })
  @IsString()
  @MaxLength(2000)
  @Matches(/^https?:\/\//, { message: 'url must start with http:// or https://' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true })
  url!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...WEBHOOK_EVENTS] },
    minItems: 1,
    maxItems: WEBHOOK_EVENTS.length,
    uniqueItems: true,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique({ message: 'events must name each event once' })
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] } }) events!: WebhookEvent[];
  @ApiProperty() createdAt!: Date;

  static from(webhook: Webhook): WebhookDto {
    return { id: webhook.id, url: webhook.url, events: webhook.events, createdAt: webhook.createdAt };
  }
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    description:
      'Signs every delivery: `Retort-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. Shown only now.',
  })
  secret!: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] }) items!: WebhookDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) event!: WebhookEvent;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The body sent' })
  payload!: Record<string, unknown>;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) attempts!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'HTTP status of the last attempt' })
  responseStatus!: number | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 500 }) responseExcerpt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0 }) latencyMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: Date | null;

  static from(delivery: WebhookDelivery): WebhookDeliveryDto {
    const { id, event, payload, status, attempts, responseStatus, responseExcerpt, latencyMs, error } = delivery;
    return {
      id,
      event,
      payload,
      status,
      attempts,
      responseStatus,
      responseExcerpt,
      latencyMs,
      error,
      createdAt: delivery.createdAt,
      deliveredAt: delivery.deliveredAt,
    };
  }
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items!: WebhookDeliveryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}
