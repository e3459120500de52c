import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../common/api-authenticated.decorator';
import { ApiProblems } from '../common/openapi';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { CurrentUser } from '../users/current-user.decorator';
import { Principal } from '../users/principal';
import { ListNotificationsQueryDto, MarkedReadDto, NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('users')
@ApiAuthenticated()
@Controller('users/me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first, with the number still unread' })
  @ApiOkResponse({ type: NotificationPageDto })
  async list(
    @CurrentUser() principal: Principal,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<NotificationPageDto> {
    const [page, unread] = await Promise.all([
      this.notifications.list(principal.user.id, query),
      this.notifications.unreadCount(principal.user.id),
    ]);
    return { items: page.items.map((item) => NotificationDto.from(item)), nextCursor: page.nextCursor, unread };
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks all your notifications read' })
  @ApiOkResponse({ type: MarkedReadDto })
  async markAllRead(@CurrentUser() principal: Principal): Promise<MarkedReadDto> {
    return { marked: await this.notifications.markAllRead(principal.user.id) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks one notification read (again: no change)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems(404)
  async markRead(
    @CurrentUser() principal: Principal,
    @Param('id', new UuidOr404Pipe('notification')) id: string,
  ): Promise<NotificationDto> {
    return NotificationDto.from(await this.notifications.markRead(principal.user.id, id));
  }
}
