import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Page, paginate } from '../common/pagination';
import { AuditEvent } from './audit-event.entity';
import { ListAuditQueryDto } from './dto/list-audit-query.dto';

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  target?: { type: string; id: string };
  metadata?: Record<string, unknown>;
  origin?: RequestOrigin;
}

/** Audit actions, `<domain>.<verb>`: filterable and stable. */
export const AuditAction = {
  ApiKeyCreated: 'api-key.created',
  ApiKeyRevoked: 'api-key.revoked',
  UsersSynced: 'users.synced',
  ToolCreated: 'tool.created',
  ToolVersionPublished: 'tool-version.published',
  ToolVersionDeprecated: 'tool-version.deprecated',
  CalculationSubmitted: 'calculation.submitted',
  CalculationCancelled: 'calculation.cancelled',
  BatchSubmitted: 'batch.submitted',
  BatchCancelled: 'batch.cancelled',
  UsageThresholdReached: 'usage.threshold-reached',
  UserLimitsUpdated: 'user-limits.updated',
} as const;

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Records an event; inside `manager`'s transaction when given (it then commits or rolls back with it). */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const events = manager ? manager.getRepository(AuditEvent) : this.events;
    // insert() types jsonb columns as deep-partial entities; an audit record is exactly this shape.
    const event: Partial<AuditEvent> = {
      actorUserId: entry.actorUserId,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      metadata: entry.metadata ?? {},
      ip: entry.origin?.ip ?? null,
      userAgent: entry.origin?.userAgent?.slice(0, 500) ?? null,
    };
    await events.save(events.create(event));
  }

  list(query: ListAuditQueryDto): Promise<Page<AuditEvent>> {
    const builder = this.events.createQueryBuilder('event');
    if (query.action) builder.andWhere('event.action = :action', { action: query.action });
    if (query.actorId) builder.andWhere('event.actor_user_id = :actorId', { actorId: query.actorId });
    if (query.targetType) builder.andWhere('event.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) builder.andWhere('event.target_id = :targetId', { targetId: query.targetId });
    if (query.from) builder.andWhere('event.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('event.created_at < :to', { to: query.to });
    return paginate(builder, query);
  }
}
