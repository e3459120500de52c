import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService, RequestOrigin } from '../audit/audit.service';
import { isNetworkError } from '../common/dependency-errors';
import { ProblemException } from '../common/problem.exception';
import { KeycloakAdminAdapter, KeycloakSyncNotConfigured } from './keycloak-admin.adapter';
import { UsersService } from './users.service';
import { HttpProblems } from '../common/http.problems';
import { UserProblems } from './user.problems';

export interface UserSyncSummary {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  disabledInKeycloak: number;
  deactivatedMissing: number;
  durationMs: number;
}

// One sync at a time across every API and worker process.
const LOCK_KEY = 'retort:user-sync';

/**
 * Full sync from Keycloak: creates and updates users, marks those disabled or deleted in Keycloak as
 * inactive. Never deletes a user or their data.
 */
@Injectable()
export class UserSyncService {
  private readonly logger = new Logger(UserSyncService.name);

  constructor(
    private readonly keycloak: KeycloakAdminAdapter,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async run(actorUserId: string | null, origin?: RequestOrigin): Promise<UserSyncSummary> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
        LOCK_KEY,
      ])) as Array<{ locked: boolean }>;
      if (!locked) throw ProblemException.of(UserProblems.syncInProgress, 'A user sync is already running; try later.');
      try {
        const summary = await this.syncAll();
        await this.audit.record({ actorUserId, action: AuditAction.UsersSynced, metadata: { ...summary }, origin });
        this.logger.log({ ...summary }, 'user sync finished');
        return summary;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private async syncAll(): Promise<UserSyncSummary> {
    try {
      return await this.syncAllUnguarded();
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      if (error instanceof KeycloakSyncNotConfigured) {
        throw ProblemException.of(UserProblems.syncNotConfigured, `${error.message}. Set it and restart the API.`);
      }
      if (isNetworkError(error)) {
        throw ProblemException.of(
          HttpProblems.dependencyUnavailable,
          'Keycloak cannot be reached for the user sync; try again shortly.',
          { dependency: 'keycloak' },
        ).withHeader('Retry-After', '30');
      }
      this.logger.error({ err: error }, 'user sync failed');
      const reason = error instanceof Error ? error.message : 'unknown error';
      throw ProblemException.of(
        UserProblems.identityProviderError,
        `Keycloak's Admin API failed during the sync (${reason}). The sync client needs the realm-management ` +
          `roles view-users, query-users and view-realm.`,
      );
    }
  }

  private async syncAllUnguarded(): Promise<UserSyncSummary> {
    const started = Date.now();
    const [authors, admins] = await Promise.all([
      this.keycloak.usersWithRole('tool-author'),
      this.keycloak.usersWithRole('admin'),
    ]);
    const summary = { total: 0, created: 0, updated: 0, unchanged: 0, disabledInKeycloak: 0, deactivatedMissing: 0 };
    const seen: string[] = [];
    for await (const page of this.keycloak.users()) {
      for (const user of page) {
        seen.push(user.id);
        summary.total += 1;
        if (!user.enabled) summary.disabledInKeycloak += 1;
        // Every realm user holds `user` through the realm's default roles.
        const roles = [
          'user',
          ...(authors.has(user.id) ? ['tool-author'] : []),
          ...(admins.has(user.id) ? ['admin'] : []),
        ];
        const outcome = await this.users.upsertFromKeycloak(
          {
            keycloakId: user.id,
            username: user.username,
            email: user.email,
            firstName: user.firstName,
            lastName: user.lastName,
            displayName: [user.firstName, user.lastName].filter(Boolean).join(' ') || null,
            roles,
          },
          user.enabled,
        );
        summary[outcome] += 1;
      }
    }
    // An empty answer is far likelier a misconfiguration than a realm without users.
    if (seen.length === 0) {
      throw ProblemException.of(UserProblems.syncEmpty, 'Keycloak returned no users; no user was deactivated.');
    }
    summary.deactivatedMissing = await this.users.deactivateAllExcept(seen);
    return { ...summary, durationMs: Date.now() - started };
  }
}
