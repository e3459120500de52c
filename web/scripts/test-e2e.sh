#!/usr/bin/env bash
# The web app's checks against a live stack, for CI:
#
#   scripts/with-stack.sh --examples -- bash web/scripts/test-e2e.sh
#
# Installs Debian's Chromium if missing (Playwright never downloads a browser), installs web/'s
# dependencies when needed, fails if src/lib/api-schema.d.ts drifted from $RETORT_URL/docs-json,
# typechecks and lints, runs the Vitest suite, builds web/dist (the API under test serves it: it looks for the
# build on each request until there is one) and runs the Playwright suite in web/e2e against $RETORT_URL.
set -euo pipefail
WEB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$WEB/.." && pwd)"
cd "$WEB"
log() { printf '[web-e2e] %s\n' "$*" >&2; }
started=$SECONDS

: "${RETORT_URL:?RETORT_URL is not set: run me inside scripts/with-stack.sh}"
export CI="${CI:-true}" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The project's own Node (the root npm install puts it in node_modules/.bin).
export PATH="$ROOT/node_modules/.bin:$PATH"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH="$CHROMIUM"

if [[ ! -x "$CHROMIUM" ]]; then
  log "installing chromium (Debian package)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

bash scripts/ensure-deps.sh

log "API types vs $RETORT_URL/docs-json"
node scripts/check-api-types.mjs
log "typecheck and lint"
npm run --silent typecheck
npx eslint . --max-warnings 0
log "component tests"
npx vitest run --reporter=dot
log "build"
# with-stack.sh exports NODE_ENV=test; the bundle must still be a production one.
NODE_ENV=production npx vite build --logLevel warn
log "Playwright against $RETORT_URL"
npx playwright test
log "done in $((SECONDS - started)) s"
