import { ApiProperty } from '@nestjs/swagger';
import { User } from '../user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ type: String, nullable: true, example: 'alice@example.org' }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty() isActive!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLogin!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(user: User): UserDto {
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      displayName: user.displayName,
      isActive: user.isActive,
      lastLogin: user.lastLogin,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
  }
}

/** An admin's view also shows the Keycloak identity it mirrors. */
export class AdminUserDto extends UserDto {
  @ApiProperty() keycloakId!: string;

  static override from(user: User): AdminUserDto {
    return { ...UserDto.from(user), keycloakId: user.keycloakId };
  }
}

export class MeDto extends UserDto {
  @ApiProperty({ type: [String], example: ['user', 'tool-author'] }) roles!: string[];
  @ApiProperty({ enum: ['token', 'api-key'] }) authenticatedWith!: 'token' | 'api-key';
}

export class UserPageDto {
  @ApiProperty({ type: [AdminUserDto] }) items!: AdminUserDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor!: string | null;
}

export class UserSyncSummaryDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Users Keycloak listed' }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) created!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) updated!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) unchanged!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) disabledInKeycloak!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Users no longer in Keycloak, now inactive' })
  deactivatedMissing!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) durationMs!: number;
}
