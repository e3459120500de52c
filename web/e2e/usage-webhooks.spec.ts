import { expect, test } from '@playwright/test';
import pg from 'pg';
import { SCREENSHOTS, signIn, USERS } from './helpers';

// Issue #16 in the browser: notifications, budgets, webhooks, the administrators' statistics and limits.

const keycloak = (process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const realm = process.env.KEYCLOAK_REALM ?? 'retort';

/** The run's scratch database (scripts/with-stack.sh exports its name and .env.example's settings). */
async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USER ?? 'retort',
    password: process.env.DATABASE_PASSWORD ?? 'retort',
    database: process.env.DATABASE_NAME ?? 'retort',
  });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function bearer(who: keyof typeof USERS): Promise<string> {
  const response = await fetch(`${keycloak}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'retort-cli', ...USERS[who] }),
  });
  if (!response.ok) throw new Error(`token for ${who} answered ${response.status}`);
  return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
}

test('a scientist sees a notification in the bell and marks it read', async ({ page }) => {
  await signIn(page, 'alice', '/usage');
  const title = `You have used 70 % of your daily compute budget (e2e ${Date.now()})`;
  const [row] = await sql<{ id: string }>(
    `INSERT INTO notifications (user_id, kind, title, data)
     SELECT id, 'usage.threshold', $1, '{"threshold":70,"budget":"daily"}' FROM users WHERE username = 'alice'
     RETURNING id`,
    [title],
  );
  expect(row?.id).toBeTruthy();
  await page.reload();
  const bell = page.getByRole('button', { name: /^Notifications: \d+ unread$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  const dropdown = page.getByRole('dialog', { name: 'Notifications' });
  await expect(dropdown.getByText(title)).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}notifications.png` });
  await dropdown.getByRole('button', { name: `Mark read: ${title}` }).click();
  await expect(dropdown.getByRole('button', { name: `Mark read: ${title}` })).toHaveCount(0);
  await expect(dropdown.getByText(title)).toBeVisible();
  const [stored] = await sql<{ read_at: Date | null }>('SELECT read_at FROM notifications WHERE id = $1', [row.id]);
  expect(stored.read_at).not.toBeNull();
  // The notification leads to the usage page, which shows the budgets.
  await dropdown.getByText(title).click();
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
  await expect(page.getByTestId('budget-daily')).toContainText("Today's budget");
  await expect(page.getByTestId('budget-monthly')).toContainText("This month's budget");
});

test('a webhook is created, its secret shown once, then disabled and deleted', async ({ page }) => {
  const url = `https://8.8.8.8/retort-e2e-${Date.now()}`;
  await signIn(page, 'alice', '/webhooks');
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  await page.getByLabel('Endpoint URL').fill(url);
  // Only an event this run never produces: nothing is sent to the address.
  await page.getByLabel('Calculation completed').uncheck();
  await page.getByLabel('Calculation failed').uncheck();
  await page.getByLabel('Budget threshold reached').check();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const dialog = page.getByRole('dialog', { name: "Your webhook's signing secret" });
  await expect(dialog.getByText('This is the only time the secret is shown')).toBeVisible();
  const secret = (await dialog.getByTestId('webhook-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
  await expect(dialog.getByRole('button', { name: 'Copy secret' })).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}webhook-secret.png` });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  // Never again: not on the page, not in the list the API answers.
  const table = page.getByRole('table', { name: 'Webhooks' });
  const row = table.getByRole('row').filter({ hasText: url });
  await expect(row).toContainText('usage.threshold');
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);

  // The switch shows what the API stored: it flips once the PATCH is answered.
  await row.getByRole('switch', { name: `Enabled: ${url}` }).click({ force: true });
  await expect(row.getByRole('switch', { name: `Enabled: ${url}` })).not.toBeChecked();
  await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Deliveries of ${url}` }).click();
  await expect(page.getByRole('dialog', { name: `Deliveries to ${url}` }).getByText('Nothing sent yet.')).toBeVisible();
  await page.keyboard.press('Escape');
  await row.getByRole('button', { name: `Delete ${url}` }).click();
  await page.getByRole('button', { name: 'Delete webhook' }).click();
  await expect(table.getByRole('row').filter({ hasText: url })).toHaveCount(0);
});

test('an admin opens statistics and the usage table, and suspends a user after a confirmation', async ({
  page,
  browser,
}) => {
  await signIn(page, 'ada', '/admin/stats');
  await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Calculations by status' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Calculations by tool' })).toBeVisible();
  await expect(page.getByText('Bytes held')).toBeVisible();
  await expect(page.getByText(/Compute figures for \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/)).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}admin-statistics.png`, fullPage: true });

  await page.getByRole('link', { name: 'Admin: usage' }).click();
  await expect(page.getByRole('heading', { name: 'Usage by user', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Sort by User' }).click();
  await expect(page.getByRole('button', { name: 'Sort by User, ascending' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^retort-usage-.*\.csv$/);
  const csv = await new Response((await file.createReadStream()) as unknown as ReadableStream).text();
  expect(csv.split('\n')[0]).toMatch(/username/);

  // The kill switch for tom, then tom sees it on his usage page.
  const admin = { Authorization: await bearer('ada') };
  try {
    await page.getByRole('link', { name: 'Admin: users' }).click();
    await page.getByRole('button', { name: 'Sync from Keycloak now' }).click();
    await page.getByLabel('Search users').fill('tom');
    await page.getByRole('button', { name: 'Limits of tom' }).click();
    const dialog = page.getByRole('dialog', { name: 'Limits of tom' });
    await dialog.getByLabel('Daily budget (core-seconds, 0: unlimited)').fill('7200');
    await dialog.getByRole('switch', { name: /Computing enabled/ }).uncheck({ force: true });
    await dialog.getByLabel('Also cancel their queued calculations and stop the running ones').check();
    await dialog.getByRole('button', { name: 'Save…' }).click();
    await expect(
      dialog.getByText("Suspend tom's computing and cancel their queued and running calculations?"),
    ).toBeVisible();
    await dialog.getByRole('button', { name: 'Suspend computing' }).click();
    await expect(page.getByText(/Limits of tom saved\. 0 cancelled, 0 being stopped\./)).toBeVisible();

    const tom = await browser.newContext();
    const tomPage = await tom.newPage();
    await signIn(tomPage, 'tom', '/usage');
    await expect(tomPage.getByText('An administrator has suspended your computing')).toBeVisible();
    await expect(tomPage.getByTestId('budget-daily')).toContainText('of 2.00 core-h');
    await tomPage.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}usage.png`, fullPage: true });
    await tom.close();
  } finally {
    const users = await page.request.get('/api/v1/admin/users?search=tom', { headers: admin });
    const tomId = ((await users.json()) as { items: Array<{ id: string; username: string }> }).items.find(
      (user) => user.username === 'tom',
    )?.id;
    if (tomId) {
      await page.request.put(`/api/v1/admin/users/${tomId}/limits`, { headers: admin, data: { usageEnabled: true } });
    }
  }
});
