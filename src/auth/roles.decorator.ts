import { SetMetadata } from '@nestjs/common';
import { Role } from './principal';

export const REQUIRED_ROLES = 'retort:required-roles';

/**
 * Restricts a controller or route to callers holding at least one of the roles. `admin` passes
 * every role check.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);
