import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { ApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { RateLimiter } from './rate-limiter';
import { RolesGuard } from './roles.guard';
import { TokenVerifier } from './token-verifier';

/** Authentication for the API process: the guards are global, so every route is protected by default. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), UsersModule],
  providers: [
    TokenVerifier,
    ApiKeysService,
    RateLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule {}
