import { testConfig } from './app';

/** The development users of keycloak/retort-realm.json (dev-only passwords, documented in README). */
export const DEMO_USERS = {
  user: { username: 'alice', password: 'alice-dev-password', roles: ['user'] },
  toolAuthor: { username: 'tom', password: 'tom-dev-password', roles: ['user', 'tool-author'] },
  admin: { username: 'ada', password: 'ada-dev-password', roles: ['user', 'admin'] },
} as const;

async function tokenRequest(form: Record<string, string>): Promise<string> {
  const { keycloak } = testConfig();
  const response = await fetch(`${keycloak.url}/realms/${keycloak.realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`token request failed: HTTP ${response.status} ${body.error ?? ''}`);
  }
  return body.access_token;
}

/** An access token for a realm user, through the development-only password grant of `retort-cli`. */
export function passwordToken(username: string, password: string): Promise<string> {
  return tokenRequest({ grant_type: 'password', client_id: 'retort-cli', username, password, scope: 'openid' });
}

export function serviceAccountToken(): Promise<string> {
  const { keycloak } = testConfig();
  return tokenRequest({
    grant_type: 'client_credentials',
    client_id: keycloak.syncClientId,
    client_secret: keycloak.syncClientSecret ?? '',
  });
}

export type DemoTokens = Record<'alice' | 'tom' | 'ada', string>;

/** Fresh access tokens for the three development users: a user, a tool author, an admin. */
export async function demoTokens(): Promise<DemoTokens> {
  const [alice, tom, ada] = await Promise.all(
    [DEMO_USERS.user, DEMO_USERS.toolAuthor, DEMO_USERS.admin].map((user) =>
      passwordToken(user.username, user.password),
    ),
  );
  return { alice, tom, ada };
}
