import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { User } from '../user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiPropertyOptional({ nullable: true }) email!: string | null;
  @ApiPropertyOptional({ nullable: true }) firstName!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastName!: string | null;
  @ApiPropertyOptional({ nullable: true }) displayName!: string | null;
  @ApiProperty() isActive!: boolean;
  @ApiPropertyOptional({ nullable: true }) lastLogin!: Date | null;
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
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
