import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('an expired session says so and signs in again without a password while Keycloak remembers the user', async ({
  page,
}) => {
  await signIn(page, 'alice', '/api-keys');
  // Nothing of the session is in localStorage; the tokens are in sessionStorage, not in the URL.
  expect(await page.evaluate(() => Object.keys(window.localStorage))).toEqual([]);
  expect(page.url()).not.toMatch(/token|code=/);
  // Age the stored tokens as if the tab had been left alone past their lifetime.
  await page.evaluate(() => {
    for (const key of Object.keys(window.sessionStorage).filter((name) => name.startsWith('oidc.user:'))) {
      const user = JSON.parse(window.sessionStorage.getItem(key)!) as Record<string, unknown>;
      window.sessionStorage.setItem(key, JSON.stringify({ ...user, expires_at: 1 }));
    }
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your session has expired' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in again' }).click();
  // Back where the user was.
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/api-keys$/);
});

test('signing out ends the Keycloak session too', async ({ page }) => {
  await signIn(page, 'alice');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Keycloak asks for the password again.
  await expect(page.locator('#username')).toBeVisible();
});
