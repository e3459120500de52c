#!/usr/bin/env bash
# One command from a clean clone to a passing test suite: installs what is missing, brings the real
# services up (scripts/services.sh), builds the sandbox image, then runs every test (unit and e2e).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[test-ci] %s\n' "$*" >&2; }

if ! command -v npm >/dev/null; then
  log "installing Node.js and npm from Debian (the project then brings its own Node 24 via npm)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

# Install only when node_modules does not match the lock file (a re-run reuses it). This is
# `npm install --no-save` rather than `npm ci`: npm 11 writes lock files without the other platforms'
# optional native packages (@swc/core-*, ...) and `npm ci` then refuses them as out of sync
# (npm/cli#4828). `--no-save` still installs the locked versions and never rewrites the lock file.
lock_hash="$(sha256sum package.json package-lock.json | sha256sum | cut -c1-16)"
if [[ "$(cat node_modules/.retort-lock-hash 2>/dev/null)" != "$lock_hash" ]]; then
  log "npm install (locked versions)"
  npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >node_modules/.retort-lock-hash
fi

# `scripts/test-ci.sh deps` stops here: CI installs first, lints, then runs the whole thing.
[[ "${1:-}" == "deps" ]] && exit 0

bash scripts/services.sh up
bash scripts/build-sandbox-images.sh
npm test
# The web app in Debian's Chromium (Playwright) against a live platform, its API types against the served spec.
bash scripts/with-stack.sh --examples -- bash web/scripts/test-e2e.sh
# The Python client, its CLI and the example notebook against a live platform with the example tools.
bash scripts/with-stack.sh --examples -- bash clients/python/scripts/test.sh
# The live API against its own OpenAPI document: schemathesis, every check, as each role (~1 min).
bash scripts/fuzz-api.sh
