#!/usr/bin/env bash
# Runs a command against a throw-away Retort (scripts/lib/stack.sh): the compiled API and a worker on
# free ports, on a scratch database and queue prefix, torn down afterwards. Exits with the command's
# status. Needs the services of scripts/services.sh.
#
#   scripts/with-stack.sh [--examples] [--keep-logs] -- COMMAND [ARGS...]
#
#   --examples    publish examples/tools/* first (as the development tool author)
#   --keep-logs   keep the log directory (api.log, worker.log) of a passing run too
# The command sees RETORT_URL (the API's base URL), RETORT_STACK_LOGS, DATABASE_NAME, QUEUE_PREFIX
# and .env.example's defaults. STACK_API_PORT fixes the API's port.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_LOG_PREFIX=with-stack
# shellcheck source=lib/stack.sh
source "$ROOT/scripts/lib/stack.sh"

examples=false
keep_logs=false
while (($#)); do
  case "$1" in
    --examples) examples=true ;;
    --keep-logs) keep_logs=true ;;
    --) shift && break ;;
    *) break ;;
  esac
  shift
done
(($#)) || {
  echo "usage: scripts/with-stack.sh [--examples] [--keep-logs] -- COMMAND [ARGS...]" >&2
  exit 2
}

export NODE_ENV="${NODE_ENV:-test}" LOG_LEVEL="${LOG_LEVEL:-warn}" USER_SYNC_ENABLED="${USER_SYNC_ENABLED:-false}"
started=$SECONDS
finish() {
  local status=$?
  trap - EXIT INT TERM
  stack_down
  if [[ $status -eq 0 && $keep_logs == false && -n "${STACK_LOG_DIR:-}" ]]; then
    rm -rf "$STACK_LOG_DIR"
  elif [[ -n "${STACK_LOG_DIR:-}" ]]; then
    stack_log "logs: $STACK_LOG_DIR"
  fi
  stack_log "finished in $((SECONDS - started)) s, exit $status"
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stack_up
if $examples; then
  RETORT_API_URL="$RETORT_URL" node "$ROOT/scripts/publish-example-tools.mjs" >"$STACK_LOG_DIR/examples.log" 2>&1 || {
    cat "$STACK_LOG_DIR/examples.log" >&2
    exit 1
  }
fi
status=0
"$@" || status=$?
stack_api_alive || {
  stack_log "the API process died during the command; its log ends:"
  tail -n 40 "$STACK_LOG_DIR/api.log" >&2
  ((status)) || status=1
}
exit "$status"
