import { Role } from '../common/roles';
import { User } from './user.entity';

/** Who is calling: the synced user, the roles that apply now, and how they authenticated. */
export interface Principal {
  user: User;
  roles: Role[];
  via: 'token' | 'api-key';
  apiKeyId?: string;
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}

export function isAdmin(principal: Principal): boolean {
  return hasRole(principal, Role.Admin);
}
