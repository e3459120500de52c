#!/usr/bin/env bash
# Installs web/'s dependencies when node_modules is missing or older than the lock file (a re-run
# reuses them). `npm install --no-save` keeps the locked versions; `npm ci` refuses npm 11 lock files
# that lack other platforms' optional packages (as scripts/test-ci.sh explains).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The project's own Node (the root npm install puts it in node_modules/.bin).
export PATH="$PWD/../node_modules/.bin:$PATH"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  printf '[web] installing web/ dependencies\n' >&2
  npm install --no-save --no-audit --no-fund --loglevel=error
fi
