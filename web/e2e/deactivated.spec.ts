import { expect, test } from '@playwright/test';

const keycloak = (process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const realm = process.env.KEYCLOAK_REALM ?? 'retort';

async function token(body: Record<string, string>, realmName = realm): Promise<string> {
  const response = await fetch(`${keycloak}/realms/${realmName}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams(body),
  });
  if (!response.ok) throw new Error(`token for ${body.username} answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

const adminToken = () =>
  token(
    {
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN_USER ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
    },
    'master',
  );

test('a deactivated account gets a page that says so', async ({ page }) => {
  const username = `leaver-${Date.now()}`;
  const password = `${username}-password`;
  const users = `${keycloak}/admin/realms/${realm}/users`;
  const admin = { Authorization: `Bearer ${await adminToken()}`, 'Content-Type': 'application/json' };
  const created = await fetch(users, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      username,
      enabled: true,
      email: `${username}@retort.example`,
      emailVerified: true,
      firstName: 'Lea',
      lastName: 'Ver',
      credentials: [{ type: 'password', value: password, temporary: false }],
    }),
  });
  expect(created.status).toBe(201);
  const id = created.headers.get('location')!.split('/').pop()!;
  try {
    await page.goto('/files');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('#kc-login').click();
    await expect(page.getByRole('heading', { name: 'Files', level: 1 })).toBeVisible();

    // Disabled in Keycloak, then an admin's sync deactivates the account in Retort.
    expect(
      (await fetch(`${users}/${id}`, { method: 'PUT', headers: admin, body: JSON.stringify({ enabled: false }) }))
        .status,
    ).toBe(204);
    const ada = await token({
      grant_type: 'password',
      client_id: 'retort-cli',
      username: 'ada',
      password: 'ada-dev-password',
    });
    const sync = await page.request.post('/api/v1/admin/users/sync', { headers: { Authorization: `Bearer ${ada}` } });
    expect(sync.status()).toBe(200);

    // The browser's token is still valid: the API answers 403 and the app explains.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Your account is deactivated' })).toBeVisible();
  } finally {
    await fetch(`${users}/${id}`, { method: 'DELETE', headers: admin });
  }
});
