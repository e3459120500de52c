import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDate, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DATE_TIME_MESSAGE, Optional, ParseDateTime } from '../../common/validation';
import { ApiKey } from '../api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CI pipeline', minLength: 1, maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2027-01-01T00:00:00Z',
    description:
      'When the key stops working (RFC 3339, must be in the future); leave it out for a key that does not expire',
  })
  @Optional()
  @ParseDateTime()
  @IsDate({ message: DATE_TIME_MESSAGE })
  expiresAt?: Date;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CI pipeline' }) name!: string;
  @ApiProperty({ example: 'rtk_AbC123xYz789', description: 'Identifies the key; not secret' }) prefix!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Minute resolution' })
  lastUsedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: never expires' })
  expiresAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: Date | null;

  static from(key: ApiKey): ApiKeyDto {
    const { id, name, prefix, createdAt, lastUsedAt, expiresAt, revokedAt } = key;
    return { id, name, prefix, createdAt, lastUsedAt, expiresAt, revokedAt };
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret key. Shown once: store it now.' }) key!: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}
