import { expect, test } from '@playwright/test';
import { SCREENSHOTS, signIn } from './helpers';

test('a tool author creates a tool and publishes a version with a live form preview', async ({ page }) => {
  const name = `greeter-${Date.now()}`;
  await signIn(page, 'tom', '/author/new-tool');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByLabel('Display name').fill('Greeter');
  await page.getByLabel('Description').fill('Says hello.');
  await page.getByRole('button', { name: 'Create tool' }).click();
  await expect(page).toHaveURL(new RegExp(`/tools/${name}/publish$`));
  // The schema editor's live preview renders the generated form.
  const preview = page.getByLabel('Form preview');
  await expect(preview.getByLabel(/name/i).first()).toHaveValue('world');
  await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}publish-version.png`, fullPage: true });
  await page.getByRole('button', { name: 'Publish version' }).click();
  await expect(page).toHaveURL(new RegExp(`/tools/${name}$`));
  await expect(page.getByRole('heading', { name: 'Run 1.0.0' })).toBeVisible();
  // Its parameters form is the one the schema describes.
  await expect(page.getByRole('textbox', { name: /name/ }).last()).toHaveValue('world');
  await page.getByRole('button', { name: 'Deprecate 1.0.0' }).click();
  await expect(page.getByText('This version is deprecated')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run calculation' })).toHaveCount(0);
});

test('an admin sees the users and the audit log', async ({ page }) => {
  await signIn(page, 'ada', '/admin/users');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  // Users appear on their first request or with a sync from Keycloak.
  await page.getByRole('button', { name: 'Sync from Keycloak now' }).click();
  await expect(page.getByText(/Synced \d+ users/)).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Users' }).getByRole('cell', { name: 'alice', exact: true }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Admin: audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Audit events' }).getByRole('row').nth(1)).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}admin-audit.png` });
});

test('a user who is not an admin sees no admin navigation', async ({ page }) => {
  await signIn(page, 'alice');
  await expect(page.getByRole('link', { name: 'Files' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Admin: users' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New tool' })).toHaveCount(0);
});
