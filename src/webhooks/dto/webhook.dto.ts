import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
    description:
      'http(s); its host must resolve to public addresses only (no loopback, private, link-local, ' +
      'multicast or reserved address) unless the operator allowed it',
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

export class UpdateWebhookDto {
  @ApiProperty({ description: 'true re-enables a disabled webhook (and clears its failure streak); false disables it' })
  @IsBoolean()
  enabled!: boolean;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] } }) events!: WebhookEvent[];
  @ApiProperty({ description: 'false once disabled (by its owner, or for failing too long): nothing is sent' })
  enabled!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt!: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Since when every attempt failed; null after a success',
  })
  failingSince!: Date | null;
  @ApiProperty() createdAt!: Date;

  static from(webhook: Webhook): WebhookDto {
    const { id, url, events, disabledAt, failingSince, createdAt } = webhook;
    return { id, url, events, enabled: disabledAt === null, disabledAt, failingSince, createdAt };
  }
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    description:
      'Signs every delivery (Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256 of ' +
      '"<webhook-id>.<webhook-timestamp>.<body>">` keyed with the base64 after `whsec_`). Shown only now.',
    pattern: '^whsec_',
  })
  secret!: string;
}

export class CallbackSecretDto {
  @ApiProperty({
    description: "Signs your calculations' one-off callbacks (callbackUrl), like a webhook secret",
    pattern: '^whsec_',
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
  @ApiProperty({
    type: String,
    format: 'uri',
    nullable: true,
    description: "A calculation callback's destination; null for a webhook's delivery (sent to the webhook's URL)",
  })
  url!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The body sent: `{type, timestamp, data}`; the delivery id is its `webhook-id`',
  })
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
      url: delivery.url,
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
