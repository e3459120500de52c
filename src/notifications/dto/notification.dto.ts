import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { Optional, QueryBoolean } from '../../common/validation';
import { Notification, NOTIFICATION_KINDS, NotificationKind } from '../notification.entity';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread (true) or only read (false) notifications' })
  @Optional()
  @QueryBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: NOTIFICATION_KINDS,
    description:
      '`usage.threshold`: a compute budget crossed a threshold; `webhook.disabled`: an endpoint kept failing',
  })
  kind!: NotificationKind;
  @ApiProperty({ example: 'You have used 90 % of your daily compute budget' }) title!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Details, by kind' })
  data!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while unread' })
  readAt!: Date | null;
  @ApiProperty() createdAt!: Date;

  static from(notification: Notification): NotificationDto {
    const { id, kind, title, data, readAt, createdAt } = notification;
    return { id, kind, title, data, readAt, createdAt };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Your unread notifications, all pages together' })
  unread!: number;
}

export class MarkedReadDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many notifications were unread' })
  marked!: number;
}
