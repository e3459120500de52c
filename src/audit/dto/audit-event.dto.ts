import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditEvent } from '../audit-event.entity';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) actorUserId!: string | null;
  @ApiProperty() action!: string;
  @ApiPropertyOptional({ nullable: true }) targetType!: string | null;
  @ApiPropertyOptional({ nullable: true }) targetId!: string | null;
  @ApiProperty({ type: Object }) metadata!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true }) ip!: string | null;
  @ApiPropertyOptional({ nullable: true }) userAgent!: string | null;
  @ApiProperty() createdAt!: Date;

  static from(event: AuditEvent): AuditEventDto {
    const { id, actorUserId, action, targetType, targetId, metadata, ip, userAgent, createdAt } = event;
    return { id, actorUserId, action, targetType, targetId, metadata, ip, userAgent, createdAt };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
