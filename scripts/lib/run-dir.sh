# shellcheck shell=bash
# Shared by scripts/start.sh and scripts/stop.sh: where `npm start` keeps pid files and logs, and the
# configuration it runs with. The caller sets ROOT.

RUN_DIR="${RETORT_RUN_DIR:-$ROOT/.retort}"
mkdir -p "$RUN_DIR"

ENV_FILE="${RETORT_ENV_FILE:-$ROOT/.env}"

run_pid() { cat "$RUN_DIR/$1.pid" 2>/dev/null; }

# True while the process recorded in $RUN_DIR/<name>.pid is alive.
run_alive() {
  local pid
  pid="$(run_pid "$1")" && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# Exports the settings of ENV_FILE (.env), except those the environment already has (the environment wins).
load_env() {
  local line
  [[ -f "$ENV_FILE" ]] || return 0
  while IFS= read -r line || [[ -n "$line" ]]; do
    if [[ "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ && -z "${!BASH_REMATCH[1]+set}" ]]; then
      local name="${BASH_REMATCH[1]}" value="${BASH_REMATCH[2]}"
      # Quotes around a whole value, as dotenv files allow.
      if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
      export "$name=$value"
    fi
  done <"$ENV_FILE"
}
