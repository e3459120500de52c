import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { Optional, QueryBoolean } from '../../common/validation';

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Matches part of the username, email or display name', maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ description: 'Only active (true) or inactive (false) users' })
  @Optional()
  @QueryBoolean()
  @IsBoolean()
  active?: boolean;
}
