import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenProblem, UnauthorizedProblem } from '../common/problem.exception';
import { UsersService } from '../users/users.service';
import { API_KEY_PREFIX } from './api-key-secret';
import { ApiKeysService } from './api-keys.service';
import { AuthenticatedRequest } from '../users/current-user.decorator';
import { KNOWN_ROLES, Role } from '../common/roles';
import { Principal } from '../users/principal';
import { IS_PUBLIC } from '../common/public.decorator';
import { TokenVerifier } from './token-verifier';

/**
 * Registered globally: every route needs a Keycloak access token (`Authorization: Bearer <jwt>`) or
 * an API key (`X-API-Key: rtk_…`, or as the Bearer value) unless it is marked @Public().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credential = this.credentialOf(request);
    request.principal =
      credential.kind === 'api-key' ? await this.fromApiKey(credential.value) : await this.fromToken(credential.value);
    return true;
  }

  private credentialOf(request: AuthenticatedRequest): { kind: 'api-key' | 'token'; value: string } {
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) return { kind: 'api-key', value: apiKey.trim() };
    const authorization = request.headers.authorization;
    if (!authorization) {
      throw new UnauthorizedProblem(
        'Authentication required: send a Bearer access token or an X-API-Key header.',
        null,
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw new UnauthorizedProblem('The Authorization header must be "Bearer <token>".', 'invalid_request');
    }
    return { kind: match[1].startsWith(API_KEY_PREFIX) ? 'api-key' : 'token', value: match[1] };
  }

  private async fromToken(token: string): Promise<Principal> {
    const identity = await this.tokens.verify(token);
    const user = await this.users.syncFromToken(identity);
    if (!user.isActive) throw new ForbiddenProblem('This account is deactivated. Contact an administrator.');
    return { user, roles: identity.roles, via: 'token' };
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const apiKey = await this.apiKeys.authenticate(key);
    const user = apiKey.owner;
    if (!user.isActive) throw new ForbiddenProblem('The owner of this API key is deactivated.');
    const roles = user.roles.filter((role): role is Role => KNOWN_ROLES.includes(role));
    return { user, roles, via: 'api-key', apiKeyId: apiKey.id };
  }
}
