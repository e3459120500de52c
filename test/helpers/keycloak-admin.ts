import KcAdminClient from '@keycloak/keycloak-admin-client';
import { testConfig } from './app';

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
