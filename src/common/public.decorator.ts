import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'retort:is-public';

/**
 * Marks a controller or route as reachable without authentication. Everything else requires a valid
 * token or API key: the guard is global, so a new route is protected by default.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
