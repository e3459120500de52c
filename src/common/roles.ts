import { SetMetadata } from '@nestjs/common';

export enum Role {
  User = 'user',
  ToolAuthor = 'tool-author',
  Admin = 'admin',
}

export const KNOWN_ROLES: readonly string[] = Object.values(Role);

export const REQUIRED_ROLES = 'retort:required-roles';

/**
 * Restricts a controller or route to callers holding at least one of the roles. `admin` passes
 * every role check.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);
