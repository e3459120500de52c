#!/usr/bin/env node
// Publishes examples/tools/* through the Retort API. Idempotent: a tool that exists is updated, a
// version that exists is left alone (versions are immutable; a changed main.py needs a new version).
//
//   RETORT_API_URL   API base URL (default http://127.0.0.1:3000)
//   RETORT_API_KEY   an API key, or RETORT_TOKEN an access token; without either, for development
//                    only, signs in as the realm's tool author through the retort-cli password grant
//                    (KEYCLOAK_URL, KEYCLOAK_REALM, RETORT_USERNAME, RETORT_PASSWORD).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devPasswordToken } from './dev-sign-in.mjs';

const root = join(import.meta.dirname, '..', 'examples', 'tools');
const api = (process.env.RETORT_API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');

async function credentials() {
  if (process.env.RETORT_API_KEY) return { 'X-API-Key': process.env.RETORT_API_KEY };
  if (process.env.RETORT_TOKEN) return { Authorization: `Bearer ${process.env.RETORT_TOKEN}` };
  const token = await devPasswordToken({
    keycloak: process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080',
    realm: process.env.KEYCLOAK_REALM ?? 'retort',
    username: process.env.RETORT_USERNAME ?? 'tom',
    password: process.env.RETORT_PASSWORD ?? 'tom-dev-password',
  });
  return { Authorization: `Bearer ${token}` };
}

async function call(headers, method, path, body) {
  const response = await fetch(`${api}/api/v1${path}`, {
    method,
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function fail(what, answer) {
  throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
}

const headers = await credentials();
for (const directory of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
  const manifest = JSON.parse(readFileSync(join(root, directory.name, 'tool.json'), 'utf8'));
  const code = readFileSync(join(root, directory.name, 'main.py'), 'utf8');
  const { name, displayName, description, tags, version } = manifest;

  const created = await call(headers, 'POST', '/tools', { name, displayName, description, tags });
  if (created.status === 409) {
    const updated = await call(headers, 'PATCH', `/tools/${name}`, { displayName, description, tags });
    if (updated.status !== 200) fail(`updating ${name}`, updated);
  } else if (created.status !== 201) {
    fail(`creating ${name}`, created);
  }

  const published = await call(headers, 'POST', `/tools/${name}/versions`, { ...version, code });
  if (published.status === 201) {
    console.log(`${name} ${version.version}: published`);
  } else if (published.status === 409) {
    const existing = await call(headers, 'GET', `/tools/${name}/versions/${version.version}`);
    if (existing.status !== 200) fail(`reading ${name} ${version.version}`, existing);
    const same = existing.body.code === code;
    console.log(`${name} ${version.version}: already published${same ? '' : ' (main.py differs: bump the version)'}`);
  } else {
    fail(`publishing ${name} ${version.version}`, published);
  }
}
