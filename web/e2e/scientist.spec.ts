import { expect, test } from '@playwright/test';
import { SCREENSHOTS, signIn } from './helpers';

const CSV = ['x,y', ...Array.from({ length: 30 }, (_, i) => `${i},${(2.5 * i + 1 + Math.sin(i)).toFixed(3)}`)].join(
  '\n',
);

test.describe('a scientist in the browser', () => {
  test('uploads a CSV, runs linear-regression through the generated form, watches it live and gets the plot', async ({
    page,
  }) => {
    const filename = `measurements-${Date.now()}.csv`;
    await signIn(page, 'alice');

    // Upload (several files at once, each with its own progress bar).
    await expect(page.getByRole('heading', { name: 'Files' })).toBeVisible();
    await page.locator('input[type=file]').setInputFiles([
      { name: filename, mimeType: 'text/csv', buffer: Buffer.from(CSV) },
      { name: `notes-${Date.now()}.txt`, mimeType: 'text/plain', buffer: Buffer.from('first run\n') },
    ]);
    await expect(page.getByRole('progressbar', { name: `Upload of ${filename}` })).toBeVisible();
    const files = page.getByRole('table', { name: 'Files' });
    await expect(files.getByText(filename)).toBeVisible();
    await expect(page.getByLabel('Uploads').getByText('Uploaded', { exact: true })).toHaveCount(2);

    await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}files.png` });

    // Preview the CSV as a table.
    await files
      .getByRole('row', { name: new RegExp(filename) })
      .getByRole('button', { name: 'Preview' })
      .click();
    const preview = page.getByRole('table', { name: 'CSV preview' });
    await expect(preview.getByRole('columnheader', { name: 'x' })).toBeVisible();
    await expect(preview.getByRole('row')).toHaveCount(21);
    await page.waitForTimeout(400); // the dialog's opening transition, for the screenshot
    await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}file-preview.png` });
    await page.keyboard.press('Escape');

    // The tool's page and its generated form.
    await page.getByRole('link', { name: 'Tools' }).click();
    await page.getByRole('link', { name: 'Linear regression on a CSV file' }).click();
    await expect(page.getByRole('heading', { name: 'Linear regression on a CSV file' })).toBeVisible();
    // The form is generated from the version's JSON Schema, defaults filled in.
    await expect(page.getByRole('textbox', { name: 'xColumn' })).toHaveValue('x');
    await expect(page.getByRole('textbox', { name: 'title' })).toHaveValue('Linear regression');
    await page.getByRole('combobox', { name: 'Input: data' }).click();
    await page.getByRole('option', { name: new RegExp(filename) }).click();
    await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}tool-form.png`, fullPage: true });
    await page.getByRole('button', { name: 'Run calculation' }).click();

    // Live: the status follows the SSE stream until it completes.
    await expect(page).toHaveURL(/\/calculations\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('calculation-status')).toHaveText(/completed/, { timeout: 90_000 });
    await expect(page.getByRole('table', { name: 'Result' })).toContainText('slope');
    const plot = page.getByRole('img', { name: /plot\.png/ });
    await expect(plot).toBeVisible();
    expect(await plot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    await expect(page.getByLabel('Resource usage')).toBeVisible();
    await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}calculation.png`, fullPage: true });

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download plot.png' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/plot.*\.png$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(1, 4).toString()).toBe('PNG');

    // Edit and rerun: the form starts from this calculation.
    await page.getByRole('link', { name: 'Edit and rerun' }).click();
    await expect(page.getByRole('combobox', { name: 'Input: data' })).toHaveValue(new RegExp(filename));
    await page.getByRole('textbox', { name: 'title' }).fill('Second look');
    await page.getByRole('button', { name: 'Run calculation' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/\(rerun\)$/);
    await expect(page.getByTestId('calculation-status')).toHaveText(/completed/, { timeout: 90_000 });

    // It is in the history.
    await page.getByRole('link', { name: 'Calculations', exact: true }).click();
    await expect(
      page.getByRole('table', { name: 'Calculations' }).getByText('linear-regression').first(),
    ).toBeVisible();
    await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}calculations.png` });
  });

  test('uploads a large file straight to storage through a presigned URL', async ({ page }) => {
    const filename = `large-${Date.now()}.bin`;
    const bytes = Buffer.alloc(17 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE(i, i);
    await signIn(page, 'alice');
    const direct = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith('/api/v1/files/uploads'),
    );
    await page
      .locator('input[type=file]')
      .setInputFiles([{ name: filename, mimeType: 'application/octet-stream', buffer: bytes }]);
    await direct;
    await expect(page.getByLabel('Uploads').getByText('Uploaded', { exact: true })).toBeVisible({ timeout: 60_000 });
    const row = page.getByRole('table', { name: 'Files' }).getByRole('row', { name: new RegExp(filename) });
    await expect(row).toContainText('17.0 MiB');
  });

  test('cancels a long calculation while it runs', async ({ page }) => {
    test.setTimeout(240_000);
    await signIn(page, 'alice', '/calculations/new-code');
    await expect(page.getByRole('heading', { name: 'Run your own code' })).toBeVisible();
    await page.getByLabel('Calculation name').fill('A long sleep');
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await editor.fill(
      'import time\n\ndef run(params):\n    print("sleeping", flush=True)\n    time.sleep(600)\n    return 1\n',
    );
    await page.getByLabel('Parameters (JSON)').fill('{}');
    await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}code-editor.png` });
    await page.getByRole('button', { name: 'Run code' }).click();
    await expect(page).toHaveURL(/\/calculations\/[0-9a-f-]{36}$/);
    // A sandbox can take a while to start on a busy machine.
    await expect(page.getByTestId('calculation-status')).toHaveText(/running/, { timeout: 150_000 });
    await expect(page.getByTestId('calculation-log')).toContainText('sleeping', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('calculation-status')).toHaveText(/cancelled/, { timeout: 60_000 });
  });

  test('creates an API key, sees its secret once, and revokes it', async ({ page }) => {
    const name = `notebook-${Date.now()}`;
    await signIn(page, 'alice', '/api-keys');
    await page.getByLabel('Key name').fill(name);
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('api-key-secret');
    await expect(secret).toHaveText(/\S{20,}/);
    const key = (await secret.textContent())!.trim();
    // The key works against the API.
    const me = await page.request.get('/api/v1/users/me', { headers: { 'X-API-Key': key } });
    expect(me.status()).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(secret).toBeHidden();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await expect(row.getByText('revoked')).toBeVisible();
    const after = await page.request.get('/api/v1/users/me', { headers: { 'X-API-Key': key } });
    expect(after.status()).toBe(401);
  });
});
