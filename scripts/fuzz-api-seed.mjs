#!/usr/bin/env node
// Seeds a fresh Retort API for scripts/fuzz-api.sh, so that lists are not empty and responses with
// every shape get validated: the example tools (published by tom), a file per user (one public),
// an API key per user, and a tool calculation plus an ad-hoc one by alice, waited for.
//
//   RETORT_API_URL                 the API under test
//   KEYCLOAK_URL, KEYCLOAK_REALM   where the development users sign in (retort-cli password grant)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { devPasswordToken } from './dev-sign-in.mjs';

const api = process.env.RETORT_API_URL.replace(/\/+$/, '');
const keycloak = process.env.KEYCLOAK_URL.replace(/\/+$/, '');
const realm = process.env.KEYCLOAK_REALM;

// The realm is shared with other test runs: retry a locked-out sign-in for up to a minute.
const token = (username) =>
  devPasswordToken({ keycloak, realm, username, password: `${username}-dev-password`, attempts: 20 });

async function call(user, method, path, body, expected) {
  const init = { method, headers: { Authorization: `Bearer ${tokens[user]}` } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${api}/api/v1${path}`, init);
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${user}: ${method} ${path}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function upload(user, name, content, type, isPublic) {
  const form = new FormData();
  form.append('description', `fuzz seed: ${name}`);
  form.append('isPublic', String(isPublic));
  form.append('file', new Blob([content], { type }), name);
  return call(user, 'POST', '/files', form, 201);
}

const users = ['alice', 'tom', 'ada'];
const tokens = Object.fromEntries(await Promise.all(users.map(async (user) => [user, await token(user)])));

const published = spawnSync(process.execPath, [join(import.meta.dirname, 'publish-example-tools.mjs')], {
  env: { ...process.env, RETORT_TOKEN: tokens.tom },
  stdio: 'inherit',
});
if (published.status !== 0) throw new Error(`publishing the example tools failed (${published.status})`);

const csv = 'x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n';
const files = {};
for (const user of users) {
  files[user] = await upload(user, `${user}-data.csv`, csv, 'text/csv', user === 'alice');
  await upload(user, `${user}-notes.txt`, `notes of ${user}\n`, 'text/plain', false);
  await call(user, 'POST', '/api-keys', { name: `fuzz seed ${user}` }, 201);
}

const submitted = [
  await call(
    'alice',
    'POST',
    '/calculations',
    { name: 'seed: regression', tool: 'linear-regression', parameters: {}, inputs: [{ fileId: files.alice.id }] },
    202,
  ),
  await call('alice', 'POST', '/calculations', { name: 'seed: ad hoc', code: 'print("hello from the seed")' }, 202),
];

// Finished calculations have logs, outputs, usage and a result; wait for them, but not forever.
const deadline = Date.now() + 120_000;
for (const calculation of submitted) {
  for (;;) {
    const current = await call('alice', 'GET', `/calculations/${calculation.id}`, undefined, 200);
    if (['completed', 'failed', 'cancelled', 'timed_out'].includes(current.status)) {
      console.log(`seed calculation ${calculation.id}: ${current.status}`);
      break;
    }
    if (Date.now() > deadline) {
      console.log(`seed calculation ${calculation.id}: still ${current.status}, going on`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
console.log('seeded: 3 tools, 6 files, 3 API keys, 2 calculations');
