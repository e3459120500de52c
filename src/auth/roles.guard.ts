import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenProblem } from '../common/problem.exception';
import { AuthenticatedRequest } from '../users/current-user.decorator';
import { isAdmin } from '../users/principal';
import { Role } from '../common/roles';
import { REQUIRED_ROLES } from '../common/roles';

/** Runs after AuthGuard: a route with @Roles() needs one of them (admin passes every check). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) return false;
    if (isAdmin(principal) || required.some((role) => principal.roles.includes(role))) return true;
    throw new ForbiddenProblem(`This action needs the role ${required.map((role) => `"${role}"`).join(' or ')}.`);
  }
}
