#!/usr/bin/env node
// The web app's API types come from the running API's OpenAPI document. Without --write: fails when
// the committed src/lib/api-schema.d.ts differs from what $RETORT_URL/docs-json generates (drift).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const target = fileURLToPath(new URL('../src/lib/api-schema.d.ts', import.meta.url));
const base = process.env.RETORT_URL ?? 'http://127.0.0.1:3000';
const write = process.argv.includes('--write');

const response = await fetch(`${base}/docs-json`);
if (!response.ok) {
  console.error(`GET ${base}/docs-json answered ${response.status}`);
  process.exit(2);
}
const spec = await response.json();
const header = "// Generated from the API's /docs-json by web/scripts/check-api-types.mjs --write. Do not edit.\n";
const generated = header + astToString(await openapiTS(spec, { alphabetize: true }));

if (write) {
  await writeFile(target, generated);
  console.log(`wrote ${target}`);
} else {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== generated) {
    console.error(
      `web/src/lib/api-schema.d.ts is out of date with ${base}/docs-json: run \`npm run api:types\` in web/ and commit it.`,
    );
    process.exit(1);
  }
  console.log('API types match the served OpenAPI document');
}
