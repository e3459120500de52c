import KcAdminClient from '@keycloak/keycloak-admin-client';
import { testConfig } from './app';
import { passwordToken } from './keycloak';

/** Keycloak's master admin (dev credentials from scripts/services.sh), for test fixtures only. */
export async function keycloakAdmin(): Promise<KcAdminClient> {
  const { keycloak } = testConfig();
  const client = new KcAdminClient({ baseUrl: keycloak.url, realmName: 'master' });
  await client.auth({ grantType: 'password', clientId: 'admin-cli', username: 'admin', password: 'admin' });
  client.setConfig({ realmName: keycloak.realm });
  return client;
}

/** A realm user of its own for a test that changes users (disable, delete). */
export async function createRealmUser(
  admin: KcAdminClient,
  username: string,
  password: string,
): Promise<{ id: string }> {
  const { id } = await admin.users.create({
    username,
    enabled: true,
    email: `${username}@retort.example`,
    emailVerified: true,
    firstName: 'Test',
    lastName: username,
    credentials: [{ type: 'password', value: password, temporary: false }],
  });
  return { id };
}

export interface RealmUser {
  admin: KcAdminClient;
  id: string;
  username: string;
  password: string;
  /** An access token obtained right after the user was created. */
  token: string;
}

/**
 * Runs `use` with a fresh realm user and removes that user afterwards, even when the test failed
 * (or already deleted it).
 */
export async function withRealmUser<T>(prefix: string, use: (user: RealmUser) => Promise<T>): Promise<T> {
  const admin = await keycloakAdmin();
  const username = `${prefix}-${Date.now()}`;
  const password = `${prefix}-password-123`;
  const { id } = await createRealmUser(admin, username, password);
  try {
    return await use({ admin, id, username, password, token: await passwordToken(username, password) });
  } finally {
    await admin.users.del({ id }).catch(() => undefined);
  }
}
