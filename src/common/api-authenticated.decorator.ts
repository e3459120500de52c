import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { ApiProblems, AUTHENTICATED_PROBLEMS } from './openapi';

/**
 * Documents in OpenAPI that a controller takes either credential the global AuthGuard accepts:
 * a Keycloak access token or an API key, and the errors every authenticated route can answer
 * (401, 403 for a deactivated account, 429 past an API key's rate, 503 when a dependency is down).
 */
export const ApiAuthenticated = (): ClassDecorator & MethodDecorator =>
  applyDecorators(ApiBearerAuth(), ApiSecurity('api-key'), ApiProblems(...AUTHENTICATED_PROBLEMS));
