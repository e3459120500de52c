#!/usr/bin/env bash
# Schemathesis against the live API, every check enabled: the compiled API and a worker on free ports,
# on a scratch database and queue prefix of their own, seeded, then fuzzed anonymously and as alice
# (user), tom (tool author) and ada (admin). Fails on any 5xx, undocumented status code, response that
# violates its schema, or valid request rejected. Needs the services of scripts/services.sh.
#
#   FUZZ_MAX_EXAMPLES  examples per operation and phase (default 20); FUZZ_SEED (default 20261130)
#   FUZZ_USERS         which runs, in order (default "anonymous alice peers tom ada"; "peers" is alice
#                      and tom in one run, for the object-level authorization check)
#   FUZZ_KEEP_LOGS=1   keep the log directory of a passing run too
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SCHEMATHESIS_VERSION=4.32.5
CACHE_DIR="${RETORT_CACHE_DIR:-$HOME/.cache/retort}"
VENV="$CACHE_DIR/schemathesis-venv"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-20}"
SEED="${FUZZ_SEED:-20261130}"
read -r -a USERS <<<"${FUZZ_USERS:-anonymous alice peers tom ada}"
log() { printf '[fuzz-api] %s\n' "$*" >&2; }
started=$SECONDS

# --- schemathesis, pinned, in a cached venv ---------------------------------------------------------
if [[ "$("$VENV/bin/schemathesis" --version 2>/dev/null)" != *"version $SCHEMATHESIS_VERSION" ]]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
  fi
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# --- the platform under test (scripts/lib/stack.sh) ---------------------------------------------
STACK_LOG_PREFIX=fuzz-api STACK_NAME=retort_fuzz
# shellcheck source=lib/stack.sh
source "$ROOT/scripts/lib/stack.sh"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stack_down
  if [[ $status -eq 0 && "${FUZZ_KEEP_LOGS:-}" != 1 ]]; then
    rm -rf "${STACK_LOG_DIR:-}"
  else
    log "logs and reports: $STACK_LOG_DIR (api.log, worker.log, seed.log, <run>/schemathesis.log, <run>/junit.xml)"
  fi
  log "finished in $((SECONDS - started)) s, exit $status"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export NODE_ENV=test LOG_LEVEL="${FUZZ_LOG_LEVEL:-warn}"
# Fuzzing sends thousands of requests a minute; API keys made during the run must not hit 429.
export API_KEY_RATE_PER_MINUTE=1000000 API_KEY_RATE_PER_DAY=100000000
# One sandbox at a time, killed quickly at the end: fuzzed ad-hoc code queues up, it does not pile up.
export WORKER_CONCURRENCY=1 SHUTDOWN_GRACE_MS=1000 USER_SYNC_ENABLED=false
# Fuzzed sweeps stay small: a grid of generated lists would otherwise queue thousands of sandboxes.
export BATCHES_MAX_SIZE=20
STACK_LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/retort-fuzz.XXXXXX")"
stack_up
API_URL="$RETORT_URL"
LOG_DIR="$STACK_LOG_DIR"
log "seeding"

RETORT_API_URL="$API_URL" node scripts/fuzz-api-seed.mjs >"$LOG_DIR/seed.log" 2>&1 || {
  cat "$LOG_DIR/seed.log" >&2
  exit 1
}

# --- schemathesis, once per identity --------------------------------------------------------------
# No cache: schemathesis would otherwise replay the previous run's failures first, and a run must
# depend on nothing but the code and the seed. One SSE event per stream: the first is the current
# status, and a queued calculation's stream stays open until it ends, holding a request 15 s.
cat >"$LOG_DIR/schemathesis.toml" <<'TOML'
max-stream-events = 1

[cache]
enabled = false
TOML
# The "peers" run: alice and tom in one run, so that object_level_authorization can replay one's reads
# of their own objects as the other. Web Fuzzing Commons sign-ins, through the same password grant.
wfc_user() {
  printf '{"name": "%s", "loginEndpointAuth": {"externalEndpointURL": "%s", "verb": "POST",' "$1" \
    "$KEYCLOAK_URL/realms/$KEYCLOAK_REALM/protocol/openid-connect/token"
  printf ' "contentType": "application/x-www-form-urlencoded",'
  printf ' "payloadRaw": "grant_type=password&client_id=retort-cli&username=%s&password=%s-dev-password",' "$1" "$1"
  printf ' "token": {"extractFrom": "body", "extractSelector": "/access_token", "sendIn": "header",'
  printf ' "sendName": "Authorization", "sendTemplate": "Bearer {token}"}}}'
}
printf '{"auth": [%s, %s]}\n' "$(wfc_user alice)" "$(wfc_user tom)" >"$LOG_DIR/wfc-auth.json"
cat "$LOG_DIR/schemathesis.toml" - >"$LOG_DIR/schemathesis-peers.toml" <<TOML
[auth.wfc]
path = "$LOG_DIR/wfc-auth.json"
peers = ["alice", "tom"]
refresh_interval = 240
TOML
failed=()
for user in "${USERS[@]}"; do
  run_dir="$LOG_DIR/$user"
  mkdir -p "$run_dir"
  run_started=$SECONDS
  config="$LOG_DIR/schemathesis.toml"
  [[ "$user" == peers ]] && config="$LOG_DIR/schemathesis-peers.toml"
  set +e
  (cd "$run_dir" && FUZZ_USER="$user" FUZZ_FILTERED_LOG="$run_dir/filtered.tsv" \
    SCHEMATHESIS_HOOKS="$ROOT/scripts/fuzz-api-hooks.py" \
    "$VENV/bin/schemathesis" --config-file "$config" run "$API_URL/docs-json" \
    --checks all \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --generation-deterministic \
    --workers 1 \
    --continue-on-failure \
    --request-timeout 15 \
    --no-color \
    --report junit --report-dir "$run_dir" --report-junit-path "$run_dir/junit.xml" \
    >"$run_dir/schemathesis.log" 2>&1)
  code=$?
  set -e
  stack_api_alive || {
    log "the API process died during the $user run; its log ends:"
    tail -n 40 "$LOG_DIR/api.log" >&2
    exit 1
  }
  cases="$(grep -A1 '^Test cases:' "$run_dir/schemathesis.log" | tail -n 1 | sed 's/^ *//' || true)"
  log "$user: exit $code in $((SECONDS - run_started)) s: ${cases:-no test cases}"
  if [[ -s "$run_dir/filtered.tsv" ]]; then
    log "$user: schema-valid requests rightly refused (scripts/fuzz-api-hooks.py), by operation and reason:"
    sort "$run_dir/filtered.tsv" | uniq -c | sort -rn | sed 's/^/    /' >&2
  fi
  if [[ $code -ne 0 ]]; then
    failed+=("$user")
    # Schemathesis's own summary (failures by check), then the first failures in full.
    sed -n '/^Failures:/,/^For more information/p;/^Errors:/,/^$/p' "$run_dir/schemathesis.log" >&2 || true
    sed -n '/^=* FAILURES =*$\|^=* ERRORS =*$/,$p' "$run_dir/schemathesis.log" | head -n 150 >&2 || true
    log "$user: every failure in $run_dir/schemathesis.log"
  fi
done

if ((${#failed[@]})); then
  log "schemathesis failed for: ${failed[*]}"
  exit 1
fi
log "schemathesis passed for: ${USERS[*]}"
