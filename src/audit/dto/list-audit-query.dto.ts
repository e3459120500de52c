import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDate, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { DATE_TIME_MESSAGE, Optional, ParseDateTime } from '../../common/validation';

export class ListAuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'api-key.created', maxLength: 64 })
  @Optional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'api-key', maxLength: 64 })
  @Optional()
  @IsString()
  @MaxLength(64)
  targetType?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @Optional()
  @IsString()
  @MaxLength(255)
  targetId?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-01-31T00:00:00Z',
    description: 'Events at or after this instant (RFC 3339)',
  })
  @Optional()
  @ParseDateTime()
  @IsDate({ message: DATE_TIME_MESSAGE })
  from?: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-02-01T00:00:00Z',
    description: 'Events before this instant (RFC 3339)',
  })
  @Optional()
  @ParseDateTime()
  @IsDate({ message: DATE_TIME_MESSAGE })
  to?: Date;
}
