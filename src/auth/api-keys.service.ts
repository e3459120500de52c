import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AuditAction, AuditService, RequestOrigin } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { NotFoundProblem, ProblemException, UnauthorizedProblem, ValidationProblem } from '../common/problem.exception';
import type { User } from '../users/user.entity';
import { ApiKey } from './api-key.entity';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-secret';
import { RateLimiter } from './rate-limiter';
import { isAdmin, Principal } from '../users/principal';
import { AuthProblems } from './auth.problems';

const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly audit: AuditService,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async create(
    userId: string,
    input: { name: string; expiresAt?: Date },
    origin: RequestOrigin,
  ): Promise<{ apiKey: ApiKey; key: string }> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new ValidationProblem([{ path: 'expiresAt', message: 'expiresAt must be in the future' }]);
    }
    const generated = generateApiKey();
    const apiKey = await this.keys.save(
      this.keys.create({
        userId,
        name: input.name,
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        expiresAt: input.expiresAt ?? null,
      }),
    );
    await this.audit.record({
      actorUserId: userId,
      action: AuditAction.ApiKeyCreated,
      target: { type: 'api-key', id: apiKey.id },
      metadata: { name: apiKey.name, prefix: apiKey.prefix, expiresAt: apiKey.expiresAt },
      origin,
    });
    return { apiKey, key: generated.key };
  }

  list(userId: string, page: PageQueryDto): Promise<Page<ApiKey>> {
    return paginate(this.keys.createQueryBuilder('key').where('key.user_id = :userId', { userId }), page);
  }

  /** Revoking is idempotent; someone else's key is a 404, as if it did not exist. */
  /** The owner revokes their key; an admin revokes anyone's (a leaked key, a departed user). Audited. */
  async revoke(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    const actorUserId = principal.user.id;
    const apiKey = await this.keys.findOneBy(isAdmin(principal) ? { id } : { id, userId: actorUserId });
    if (!apiKey) throw new NotFoundProblem('API key', id);
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (result.affected) {
      await this.audit.record({
        actorUserId,
        action: AuditAction.ApiKeyRevoked,
        target: { type: 'api-key', id },
        metadata: { name: apiKey.name, prefix: apiKey.prefix, ownerId: apiKey.userId },
        origin,
      });
    }
  }

  /**
   * Checks a presented key: shape, existence, secret (constant time), revocation, expiry, rate.
   * The owner comes in the same query: every API-key request needs it.
   */
  async authenticate(presented: string): Promise<ApiKey & { owner: User }> {
    const parsed = parseApiKey(presented);
    if (!parsed) throw new UnauthorizedProblem('the API key is malformed');
    const apiKey = (await this.keys
      .createQueryBuilder('key')
      .addSelect('key.secretHash')
      .innerJoinAndSelect('key.owner', 'owner')
      .where('key.prefix = :prefix', { prefix: parsed.prefix })
      .getOne()) as (ApiKey & { owner: User }) | null;
    if (!apiKey || !secretMatches(parsed.secret, apiKey.secretHash)) {
      throw new UnauthorizedProblem('the API key is not valid');
    }
    if (apiKey.revokedAt) throw new UnauthorizedProblem('the API key has been revoked');
    if (apiKey.expiresAt && apiKey.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedProblem('the API key has expired');
    }
    await this.enforceRateLimit(apiKey);
    await this.touch(apiKey);
    return apiKey;
  }

  private async enforceRateLimit(apiKey: ApiKey): Promise<void> {
    const { perMinute, perDay } = this.config.apiKeyRateLimits;
    const decision = await this.rateLimiter.hit(`api-key:${apiKey.id}`, [
      { name: 'minute', limit: perMinute, seconds: 60 },
      { name: 'day', limit: perDay, seconds: 86_400 },
    ]);
    if (!decision.allowed) {
      throw ProblemException.of(
        AuthProblems.rateLimited,
        `This API key has used its allowance (${perMinute} requests per minute, ${perDay} per day); ` +
          `retry in ${decision.retryAfterS} s.`,
      ).withHeader('Retry-After', String(decision.retryAfterS));
    }
  }

  /** last_used_at at minute resolution: one write per key per minute at most. */
  private async touch(apiKey: ApiKey): Promise<void> {
    const now = Date.now();
    if (apiKey.lastUsedAt && now - apiKey.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    await this.keys.update({ id: apiKey.id }, { lastUsedAt: new Date(now) });
  }
}
