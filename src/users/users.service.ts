import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { likePattern, Page, paginate } from '../common/pagination';
import { NotFoundProblem } from '../common/problem.exception';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { User } from './user.entity';
import { PreparedQueries } from '../database/prepared-queries';

/** The profile fields Keycloak owns; Retort keeps a copy. */
export interface KeycloakProfile {
  keycloakId: string;
  username: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  roles: string[];
}

const PROFILE_FIELDS = ['username', 'email', 'firstName', 'lastName', 'displayName'] as const;

/** The profile as the users table stores it: values cut to the column sizes, roles sorted. */
function normalise(profile: KeycloakProfile): KeycloakProfile {
  return {
    keycloakId: profile.keycloakId,
    username: profile.username.slice(0, 100),
    email: profile.email?.slice(0, 255) ?? null,
    firstName: profile.firstName?.slice(0, 100) ?? null,
    lastName: profile.lastName?.slice(0, 100) ?? null,
    displayName: profile.displayName?.slice(0, 200) ?? null,
    roles: [...profile.roles].sort(),
  };
}

/** Query parameters $1..$7 of both upserts. */
function profileParameters(profile: KeycloakProfile): Array<string | string[] | null> {
  const { keycloakId, username, email, firstName, lastName, displayName, roles } = profile;
  return [keycloakId, username, email, firstName, lastName, displayName, roles];
}

@Injectable()
export class UsersService {
  private readonly lastLoginIntervalMs: number;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly queries: PreparedQueries,
    config: AppConfig,
  ) {
    this.lastLoginIntervalMs = config.auth.lastLoginIntervalS * 1000;
  }

  /**
   * Just-in-time sync on an authenticated request: creates the user on first sight, updates changed
   * profile fields, and records last_login at most once per interval. Reads first so that the usual
   * request writes nothing; the write is one upsert, so concurrent first requests create one row.
   */
  async syncFromToken(identity: KeycloakProfile, now = new Date()): Promise<User> {
    const profile = normalise(identity);
    // Every authenticated request comes here: a prepared statement, not the ORM's query building.
    const [existing] = await this.queries.entities(
      User,
      `SELECT ${this.queries.selectList(User, 'u')} FROM users u WHERE u.keycloak_id = $1`,
      [profile.keycloakId],
    );
    if (existing && !this.profileChanged(existing, profile) && !this.lastLoginStale(existing, now)) {
      return existing;
    }
    await this.users.query(
      `INSERT INTO users (keycloak_id, username, email, first_name, last_name, display_name, roles, last_login)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (keycloak_id) DO UPDATE SET
         username = EXCLUDED.username,
         email = EXCLUDED.email,
         first_name = EXCLUDED.first_name,
         last_name = EXCLUDED.last_name,
         display_name = EXCLUDED.display_name,
         roles = EXCLUDED.roles,
         last_login = CASE
           WHEN users.last_login IS NULL OR users.last_login < now() - make_interval(secs => $8) THEN now()
           ELSE users.last_login END,
         updated_at = CASE
           WHEN (users.username, users.email, users.first_name, users.last_name, users.display_name, users.roles)
             IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.email, EXCLUDED.first_name, EXCLUDED.last_name,
                               EXCLUDED.display_name, EXCLUDED.roles) THEN now()
           ELSE users.updated_at END`,
      [...profileParameters(profile), this.lastLoginIntervalMs / 1000],
    );
    return this.users.findOneByOrFail({ keycloakId: profile.keycloakId });
  }

  /** Full sync from the Keycloak Admin API: profile and active flag; never touches last_login. */
  async upsertFromKeycloak(profile: KeycloakProfile, enabled: boolean): Promise<'created' | 'updated' | 'unchanged'> {
    const rows: Array<{ inserted: boolean }> = await this.users.query(
      `INSERT INTO users (keycloak_id, username, email, first_name, last_name, display_name, roles, is_active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (keycloak_id) DO UPDATE SET
         username = EXCLUDED.username, email = EXCLUDED.email, first_name = EXCLUDED.first_name,
         last_name = EXCLUDED.last_name, display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
         is_active = EXCLUDED.is_active, updated_at = now()
       WHERE (users.username, users.email, users.first_name, users.last_name, users.display_name, users.roles,
              users.is_active)
         IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.email, EXCLUDED.first_name, EXCLUDED.last_name,
                           EXCLUDED.display_name, EXCLUDED.roles, EXCLUDED.is_active)
       RETURNING (xmax = 0) AS inserted`,
      [...profileParameters(normalise(profile)), enabled],
    );
    if (rows.length === 0) return 'unchanged';
    return rows[0].inserted ? 'created' : 'updated';
  }

  /** Users Keycloak no longer has are kept (their data stays) but can no longer sign in. */
  async deactivateAllExcept(keycloakIds: string[]): Promise<number> {
    const result: [unknown[], number] = await this.users.query(
      `UPDATE users SET is_active = false, updated_at = now()
       WHERE is_active AND NOT (keycloak_id = ANY($1::varchar[]))`,
      [keycloakIds],
    );
    return result[1];
  }

  async findById(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundProblem('user', id);
    return user;
  }

  list(query: ListUsersQueryDto): Promise<Page<User>> {
    const builder = this.users.createQueryBuilder('user');
    if (query.search) {
      builder.andWhere(
        `(user.username ILIKE :pattern OR user.email ILIKE :pattern OR user.display_name ILIKE :pattern)`,
        { pattern: likePattern(query.search) },
      );
    }
    if (query.active !== undefined) builder.andWhere('user.is_active = :active', { active: query.active });
    return paginate(builder, query);
  }

  /** `profile` is normalised: compared as stored, so an over-long name does not write on every request. */
  private profileChanged(user: User, profile: KeycloakProfile): boolean {
    const sameRoles = user.roles.join(',') === profile.roles.join(',');
    return !sameRoles || PROFILE_FIELDS.some((field) => user[field] !== profile[field]);
  }

  private lastLoginStale(user: User, now: Date): boolean {
    return !user.lastLogin || now.getTime() - user.lastLogin.getTime() >= this.lastLoginIntervalMs;
  }
}
