import { ApiProperty } from '@nestjs/swagger';
import { AuditEvent } from '../audit-event.entity';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the system' })
  actorUserId!: string | null;
  @ApiProperty({ example: 'api-key.created' }) action!: string;
  @ApiProperty({ type: String, nullable: true, example: 'api-key' }) targetType!: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty() createdAt!: Date;

  static from(event: AuditEvent): AuditEventDto {
    const { id, actorUserId, action, targetType, targetId, metadata, ip, userAgent, createdAt } = event;
    return { id, actorUserId, action, targetType, targetId, metadata, ip, userAgent, createdAt };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}
