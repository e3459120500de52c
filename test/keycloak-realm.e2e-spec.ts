import { decodeJwt } from 'jose';
import { testConfig } from './helpers/app';
import { DEMO_USERS, passwordToken, serviceAccountToken } from './helpers/keycloak';

describe('keycloak/ realm (real Keycloak)', () => {
  const config = testConfig();

  it.each(Object.entries(DEMO_USERS))('issues %s a token for the API with the right realm roles', async (_, user) => {
    const claims = decodeJwt(await passwordToken(user.username, user.password));
    expect(claims.iss).toBe(config.keycloak.issuer);
    expect([claims.aud].flat()).toContain(config.keycloak.audience);
    expect(claims.typ).toBe('Bearer');
    expect(claims.preferred_username).toBe(user.username);
    const roles = (claims.realm_access as { roles: string[] }).roles;
    expect(roles).toEqual(expect.arrayContaining(user.roles));
    for (const role of ['tool-author', 'admin'].filter((name) => !(user.roles as readonly string[]).includes(name))) {
      expect(roles).not.toContain(role);
    }
  });

  it('refuses a wrong password', async () => {
    await expect(passwordToken('alice', 'not-her-password')).rejects.toThrow(/401|invalid_grant/);
  });

  it('lets the sync service account list users through the Admin REST API', async () => {
    const token = await serviceAccountToken();
    const response = await fetch(`${config.keycloak.url}/admin/realms/${config.keycloak.realm}/users?max=50`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const users = (await response.json()) as Array<{ username: string }>;
    expect(users.map((user) => user.username)).toEqual(expect.arrayContaining(['alice', 'tom', 'ada']));
  });

  it('does not let the sync service account change users', async () => {
    const token = await serviceAccountToken();
    const response = await fetch(`${config.keycloak.url}/admin/realms/${config.keycloak.realm}/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'intruder', enabled: true }),
    });
    expect(response.status).toBe(403);
  });
});
