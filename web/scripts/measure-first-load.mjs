#!/usr/bin/env node
// First load of the web app in headless Chromium with a cold cache: navigation timings, first
// contentful paint, the sign-in button, the JavaScript transferred (the API does not compress), and
// a signed-in reload of /files with the HTTP cache disabled until its table has rows.
//   RETORT_URL=http://127.0.0.1:3000 node scripts/measure-first-load.mjs
import { chromium } from '@playwright/test';
import { allowOrigin, removeOrigin } from '../e2e/keycloak-origin.ts';

const url = process.env.RETORT_URL ?? 'http://127.0.0.1:3000';
// Keycloak's CORS needs this origin for the signed-in measurement (as in the e2e suite).
const origin = new URL(url).origin;
await allowOrigin(origin);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let jsBytes = 0;
    page.on('response', async (response) => {
      if (response.url().endsWith('.js')) jsBytes += Number((await response.allHeaders())['content-length'] ?? 0);
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const interactive = await page.evaluate(() => performance.now());
    await page.waitForLoadState('load');
    const timing = await page.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation');
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        ttfb: nav.responseStart,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        fcp: fcp?.startTime,
      };
    });
    runs.push({ ...timing, signInVisible: interactive, jsBytes });
    await context.close();
  }
  // Signed in: /files reloaded with the HTTP cache disabled, until the files table shows.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#username').fill(process.env.RETORT_USER ?? 'alice');
  await page.locator('#password').fill(process.env.RETORT_PASSWORD ?? 'alice-dev-password');
  await page.locator('#kc-login').click();
  await page.getByRole('table', { name: 'Files' }).waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const filesPage = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${url}/files`);
    await page.getByRole('table', { name: 'Files' }).getByRole('row').nth(1).waitFor();
    filesPage.push(await page.evaluate(() => performance.now()));
  }
  await context.close();
  filesPage.sort((a, b) => a - b);
  console.log(JSON.stringify({ signedInFilesPageReady: Math.round(filesPage[2]) }));

  const median = (key) => runs.map((run) => run[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  console.log(
    JSON.stringify(
      Object.fromEntries(
        ['ttfb', 'fcp', 'domContentLoaded', 'load', 'signInVisible', 'jsBytes'].map((key) => [
          key,
          Math.round(median(key)),
        ]),
      ),
    ),
  );
} finally {
  await browser.close();
  await removeOrigin(origin);
}
