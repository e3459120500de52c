import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { Page, paginate } from '../common/pagination';
import { NotFoundProblem } from '../common/problem.exception';
import { ListNotificationsQueryDto } from './dto/notification.dto';
import { Notification, NotificationKind } from './notification.entity';

const TITLE_MAX = 300;

/** In-app notifications: written by other modules (inside their own transaction when given one), read by their user. */
@Injectable()
export class NotificationsService {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  /** Records a notification for `userId`; with `manager`, as part of the caller's transaction. */
  async notify(
    userId: string,
    kind: NotificationKind,
    title: string,
    data: Record<string, unknown> = {},
    manager?: EntityManager,
  ): Promise<Notification> {
    const repository = manager ? manager.getRepository(Notification) : this.notifications;
    return repository.save(repository.create({ userId, kind, title: title.slice(0, TITLE_MAX), data, readAt: null }));
  }

  list(userId: string, query: ListNotificationsQueryDto): Promise<Page<Notification>> {
    const builder = this.notifications
      .createQueryBuilder('notification')
      .where('notification.user_id = :userId', { userId });
    if (query.unread === true) builder.andWhere('notification.read_at IS NULL');
    if (query.unread === false) builder.andWhere('notification.read_at IS NOT NULL');
    return paginate(builder, query);
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.countBy({ userId, readAt: IsNull() });
  }

  /** Marks one notification read; reading it again keeps the first time. */
  async markRead(userId: string, id: string): Promise<Notification> {
    await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: new Date() });
    const notification = await this.notifications.findOneBy({ id, userId });
    if (!notification) throw new NotFoundProblem('Notification', id);
    return notification;
  }

  /** Marks every unread notification read; answers how many were. */
  async markAllRead(userId: string): Promise<number> {
    const result = await this.notifications.update({ userId, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }
}
