import { expect, type Page } from '@playwright/test';

export const USERS = {
  alice: { username: 'alice', password: 'alice-dev-password' },
  tom: { username: 'tom', password: 'tom-dev-password' },
  ada: { username: 'ada', password: 'ada-dev-password' },
} as const;

/** Signs in through Keycloak's own login page, as a person would. */
export async function signIn(page: Page, who: keyof typeof USERS, path = '/files'): Promise<void> {
  const user = USERS[who];
  await page.goto(path);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/realms\/.+\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('#kc-login').click();
  await expect(page.getByTestId('signed-in-user')).toHaveText(/.+/, { timeout: 30_000 });
}

/**
 * Where screenshots go: docs/screenshots (the README's) with UPDATE_SCREENSHOTS=1, else test-results,
 * so that a CI run leaves the checkout clean.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? new URL('../../docs/screenshots/', import.meta.url).pathname
  : new URL('../test-results/screenshots/', import.meta.url).pathname;
