import { ApiProperty } from '@nestjs/swagger';

/** A user's files, storage and calculations in numbers. */
export class UserStatsDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Live files' }) totalFiles!: number;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, description: 'Sum of the sizes of your live files' })
  totalStorageBytes!: number;
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    description: 'Bytes counted against your quota (identical contents stored once)',
  })
  storedBytes!: number;
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 }) quotaBytes!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) totalCalculations!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) completedCalculations!: number;
}
