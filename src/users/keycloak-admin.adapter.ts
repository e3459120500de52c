import { Injectable } from '@nestjs/common';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { AppConfig } from '../config/app-config';

export interface KeycloakUser {
  id: string;
  username: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  enabled: boolean;
}

export class KeycloakSyncNotConfigured extends Error {
  constructor() {
    super('KEYCLOAK_SYNC_CLIENT_SECRET is not set: user sync through the Admin API is unavailable');
  }
}

/**
 * The Keycloak Admin REST API, through the `retort-sync` service account (view-users and
 * query-users on realm-management). Read-only by design.
 */
@Injectable()
export class KeycloakAdminAdapter {
  constructor(private readonly config: AppConfig) {}

  /** A client authenticated for one sync run; tokens are short-lived, so each run signs in anew. */
  private async session(): Promise<KcAdminClient> {
    const { url, realm, syncClientId, syncClientSecret } = this.config.keycloak;
    if (!syncClientSecret) throw new KeycloakSyncNotConfigured();
    const client = new KcAdminClient({ baseUrl: url, realmName: realm, timeout: 10_000 });
    await client.auth({ grantType: 'client_credentials', clientId: syncClientId, clientSecret: syncClientSecret });
    return client;
  }

  /** Every user of the realm (service accounts excluded), page by page. */
  async *users(pageSize = 100): AsyncGenerator<KeycloakUser[]> {
    const client = await this.session();
    for (let first = 0; ; first += pageSize) {
      const page = await client.users.find({ first, max: pageSize, briefRepresentation: true });
      const users = page
        .filter((user) => user.id && user.username && !user.username.startsWith('service-account-'))
        .map((user) => ({
          id: user.id!,
          username: user.username!,
          email: user.email ?? null,
          firstName: user.firstName ?? null,
          lastName: user.lastName ?? null,
          enabled: user.enabled !== false,
        }));
      if (users.length > 0) yield users;
      if (page.length < pageSize) return;
    }
  }

  /** Ids of the users that hold a realm role directly. */
  async usersWithRole(role: string, pageSize = 100): Promise<Set<string>> {
    const client = await this.session();
    const ids = new Set<string>();
    for (let first = 0; ; first += pageSize) {
      const page = await client.roles.findUsersWithRole({
        name: role,
        first,
        max: pageSize,
        briefRepresentation: true,
      });
      for (const user of page) if (user.id) ids.add(user.id);
      if (page.length < pageSize) return ids;
    }
  }
}
