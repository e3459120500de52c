import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';

/**
 * Documents in OpenAPI that a controller takes either credential the global AuthGuard accepts:
 * a Keycloak access token or an API key.
 */
export const ApiAuthenticated = (): ClassDecorator & MethodDecorator =>
  applyDecorators(ApiBearerAuth(), ApiSecurity('api-key'));
