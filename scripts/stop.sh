#!/usr/bin/env bash
# `npm stop`: stops the API and the worker that `npm start` started (its pid files), gracefully
# (SIGTERM, then SIGKILL after SHUTDOWN_GRACE_MS plus 10 s). The services and their data stay.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/run-dir.sh
source "$ROOT/scripts/lib/run-dir.sh"
load_env
log() { printf '[stop] %s\n' "$*" >&2; }

stopped=()
for name in worker api; do
  if run_alive "$name.supervisor"; then
    kill -TERM "$(run_pid "$name.supervisor")" 2>/dev/null || true
    stopped+=("$name")
  elif run_alive "$name"; then
    # A child whose supervisor is gone: stop it directly.
    kill -TERM "$(run_pid "$name")" 2>/dev/null || true
    stopped+=("$name")
  fi
done

grace_s=$(((${SHUTDOWN_GRACE_MS:-30000} + 999) / 1000 + 10))
for _ in $(seq 1 $((grace_s * 10))); do
  alive=false
  for name in worker api; do
    run_alive "$name.supervisor" && alive=true
    run_alive "$name" && alive=true
  done
  $alive || break
  sleep 0.1
done
for name in worker api; do
  for process in "$name" "$name.supervisor"; do
    if run_alive "$process"; then
      log "$process (pid $(run_pid "$process")) did not stop in ${grace_s} s: SIGKILL"
      kill -KILL "$(run_pid "$process")" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR/$process.pid"
  done
done

if ((${#stopped[@]})); then
  log "stopped: ${stopped[*]} (services and data untouched)"
else
  log "Retort was not running"
fi
