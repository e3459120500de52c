import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { QueueName } from '../queue/queue-names';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookHttpAdapter } from './webhook-http.adapter';
import { Webhook, WebhookCallbackSecret } from './webhook.entity';
import { WebhooksService } from './webhooks.service';

/** Webhooks: the API registers them, calculations emit events, the worker delivers (DeliverWebhookJob), and sweeps for lost jobs (SweepWebhookDeliveriesJob). */
@Module({
  imports: [
    NotificationsModule,
    TypeOrmModule.forFeature([Webhook, WebhookDelivery, WebhookCallbackSecret]),
    BullModule.registerQueue({ name: QueueName.Webhooks }),
  ],
  providers: [WebhooksService, WebhookHttpAdapter],
  exports: [WebhooksService],
})
export class WebhooksModule {}
