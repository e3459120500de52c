import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { SCREENSHOTS, signIn } from './helpers';

async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; targets: string[] }>> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact!,
      targets: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }));
}

test('the main pages have no serious or critical accessibility violations', async ({ page }) => {
  await signIn(page, 'alice');
  const pages: Array<[string, string]> = [
    ['/files', 'Files'],
    ['/tools', 'Tools'],
    ['/tools/linear-regression', 'Linear regression on a CSV file'],
    ['/calculations', 'Calculations'],
    ['/calculations/new-code', 'Run your own code'],
    ['/api-keys', 'API keys'],
    ['/usage', 'Usage'],
    ['/webhooks', 'Webhooks'],
    ['/profile', 'Profile'],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
  }
  await page.goto('/tools');
  await expect(page.getByRole('heading', { name: 'Tools', level: 1 })).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}tools.png` });
});

test('the sign-in page is accessible too', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('works at phone width and from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'alice');
  // The navigation folds into a menu button.
  await expect(page.getByRole('link', { name: 'Tools' })).not.toBeInViewport();
  await page.getByRole('button', { name: 'Toggle navigation' }).click();
  await page.getByRole('link', { name: 'Tools' }).click();
  await expect(page.getByRole('heading', { name: 'Tools', level: 1 })).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: `${SCREENSHOTS}phone-tools.png` });
  // Keyboard: the search field is reachable with Tab and typing filters the catalogue.
  const search = page.getByRole('textbox', { name: 'Search tools' });
  for (let i = 0; i < 15 && !(await search.evaluate((element) => element === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(search).toBeFocused();
  await page.keyboard.type('monte');
  await expect(page.getByRole('link', { name: /Monte Carlo/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Linear regression/ })).toBeHidden();
});
