// Keycloak's Web Origins (CORS on its token endpoint) accept exact origins only, while the stack under
// test listens on a free port. Keycloak already accepts any loopback port in redirect URIs (the realm
// lists http://127.0.0.1/*); this lets the browser on this run's origin redeem its code too, by adding
// the origin to the retort-web client for the run and removing it afterwards.
const keycloak = (process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const realm = process.env.KEYCLOAK_REALM ?? 'retort';
const clientId = process.env.WEB_OIDC_CLIENT_ID ?? 'retort-web';

async function adminToken(): Promise<string> {
  const response = await fetch(`${keycloak}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN_USER ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
    }),
  });
  if (!response.ok) throw new Error(`Keycloak admin sign-in answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function updateOrigins(change: (origins: string[]) => string[]): Promise<void> {
  const token = await adminToken();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const base = `${keycloak}/admin/realms/${encodeURIComponent(realm)}/clients`;
  const found = (await (await fetch(`${base}?clientId=${encodeURIComponent(clientId)}`, { headers })).json()) as Array<{
    id: string;
    webOrigins?: string[];
  }>;
  const client = found[0];
  if (!client) throw new Error(`no client ${clientId} in realm ${realm}`);
  const webOrigins = change(client.webOrigins ?? []);
  const response = await fetch(`${base}/${client.id}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ ...client, webOrigins }),
  });
  if (!response.ok) throw new Error(`updating ${clientId}'s web origins answered ${response.status}`);
}

export async function allowOrigin(origin: string): Promise<void> {
  await updateOrigins((origins) => (origins.includes(origin) ? origins : [...origins, origin]));
}

export async function removeOrigin(origin: string): Promise<void> {
  await updateOrigins((origins) => origins.filter((item) => item !== origin));
}
