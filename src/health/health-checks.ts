import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';
import { RedisAdapter } from '../queue/redis.adapter';
import { S3StorageAdapter } from '../storage/s3-storage.adapter';

export const CHECK_TIMEOUT_MS = 3000;
export const CHECK_CACHE_MS = 2000;

/** Readiness checks shared by the API and the worker: each dependency they cannot work without. */
@Injectable()
export class CoreHealthChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly typeOrm: TypeOrmHealthIndicator,
    private readonly redis: RedisAdapter,
    private readonly storage: S3StorageAdapter,
    private readonly config: AppConfig,
  ) {}

  all(): Array<() => PromiseLike<HealthIndicatorResult>> {
    return [
      () => this.typeOrm.pingCheck('postgres').withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(() => this.redis.ping())
          .withTimeout(CHECK_TIMEOUT_MS)
          .cacheFor(CHECK_CACHE_MS),
      () =>
        this.indicators
          .check('storage')
          .attempt(async ({ signal }) => {
            await this.storage.checkBucket(signal);
            return { bucket: this.storage.bucket };
          })
          .withTimeout(CHECK_TIMEOUT_MS)
          .cacheFor(CHECK_CACHE_MS),
      () =>
        this.indicators
          .check('keycloak')
          .attempt(async ({ signal }) => {
            const response = await fetch(this.config.keycloak.jwksUri, { signal });
            if (!response.ok) throw new Error(`JWKS answered HTTP ${response.status}`);
            const jwks = (await response.json()) as { keys?: unknown[] };
            if (!jwks.keys?.length) throw new Error('JWKS has no keys');
            return { keys: jwks.keys.length };
          })
          .withTimeout(CHECK_TIMEOUT_MS)
          .cacheFor(CHECK_CACHE_MS),
    ];
  }
}
