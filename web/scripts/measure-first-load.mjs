#!/usr/bin/env node
// First load of the web app in headless Chromium with a cold cache: navigation timings, first
// contentful paint and the JavaScript transferred (gzip) before the app is interactive.
//   RETORT_URL=http://127.0.0.1:3000 node scripts/measure-first-load.mjs
import { chromium } from '@playwright/test';

const url = process.env.RETORT_URL ?? 'http://127.0.0.1:3000';
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
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
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
    const interactive = await page.evaluate(() => performance.now());
    runs.push({ ...timing, signInVisible: interactive, jsBytes });
    await context.close();
  }
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
}
