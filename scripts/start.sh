#!/usr/bin/env bash
# `npm start`: the whole platform on this machine, from a fresh clone (Debian, root).
#
#   1. npm dependencies (as scripts/test-ci.sh installs them), `.env` from `.env.example` if absent
#   2. the services: scripts/services.sh up (PostgreSQL, Redis, MinIO, Keycloak, Docker; idempotent)
#   3. the sandbox image (scripts/build-sandbox-images.sh), the server (npm run build) and the web
#      app (npm run web:build, when the project has one)
#   4. migrations, then the API and the worker, each under a supervisor that restarts it if it dies
#   5. the example tools (scripts/publish-example-tools.mjs, as the development tool author)
#
# It stays in the foreground: Ctrl-C (or `npm stop` from elsewhere) stops the API and the worker; the
# services and their data stay. `npm start -- --detach` returns once everything is up. Running it
# while it runs already only says so.
#
#   API_PORT, WORKER_HTTP_PORT, DATABASE_NAME, ...  as in .env.example (the environment wins over .env)
#   RETORT_RUN_DIR  pid files and logs (default: .retort/ in the checkout)
#   RETORT_ENV_FILE the settings file (default: .env in the checkout; created from .env.example when
#                   absent, except with NODE_ENV=production, which refuses to start without its secrets)
#   START_SKIP      steps to leave out, space-separated: deps services images build examples (for tests)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/run-dir.sh
source "$ROOT/scripts/lib/run-dir.sh"

detach=false
for arg in "$@"; do
  case "$arg" in
    --detach | -d) detach=true ;;
    *)
      echo "usage: npm start [-- --detach]" >&2
      exit 2
      ;;
  esac
done

log() { printf '[start] %s\n' "$*" >&2; }
skipped() { [[ " ${START_SKIP:-} " == *" $1 "* ]]; }
started=$SECONDS

# --- already running? --------------------------------------------------------------------------------
if run_alive api.supervisor || run_alive worker.supervisor; then
  load_env
  log "Retort is already running (API supervisor pid $(run_pid api.supervisor)): http://localhost:${API_PORT:-3000}/"
  log "logs: $RUN_DIR/api.log, $RUN_DIR/worker.log; stop it with: npm stop"
  exit 0
fi

# --- 1. dependencies and configuration --------------------------------------------------------------
skipped deps || bash scripts/test-ci.sh deps
export PATH="$ROOT/node_modules/.bin:$PATH"
if [[ ! -f "$ENV_FILE" ]]; then
  if [[ "${NODE_ENV:-}" == production ]]; then
    # No development defaults in production: every required setting must be given, or nothing starts.
    log "NODE_ENV=production and no $ENV_FILE: the settings come from the environment only"
  else
    cp .env.example "$ENV_FILE"
    log "created $ENV_FILE from .env.example (development defaults; edit it to change them)"
  fi
fi
load_env
# The settings .env.example marks REQUIRED, checked before anything starts (the processes check again).
missing=()
required=false
while IFS= read -r line; do
  if [[ "$line" =~ ^#\ REQUIRED ]]; then
    required=true
  elif [[ "$line" =~ ^([A-Z0-9_]+)= ]]; then
    $required && [[ -z "${!BASH_REMATCH[1]:-}" ]] && missing+=("${BASH_REMATCH[1]}")
    required=false
  fi
done <.env.example
if ((${#missing[@]})); then
  for name in "${missing[@]}"; do log "$name is required but not set"; done
  log "refusing to start: set them in the environment or in $ENV_FILE (see .env.example)"
  exit 1
fi
API_PORT="${API_PORT:-3000}"
WORKER_HTTP_PORT="${WORKER_HTTP_PORT:-3001}"

# --- 2./3. services, images, build --------------------------------------------------------------------
skipped services || bash scripts/services.sh up
skipped images || bash scripts/build-sandbox-images.sh
if ! skipped build; then
  log "building the server"
  npm run --silent build
  if node -e 'process.exit(require("./package.json").scripts?.["web:build"] ? 0 : 1)'; then
    log "building the web app"
    bash web/scripts/ensure-deps.sh
    npm run --silent web:build
  fi
fi

# --- 4. database, then the two processes under supervisors --------------------------------------------
# The database of DATABASE_NAME exists after services.sh; create it when another name is configured.
node -e '
  const { Client } = require("pg");
  const e = process.env;
  const client = new Client({ host: e.DATABASE_HOST, port: Number(e.DATABASE_PORT), user: e.DATABASE_USER,
    password: e.DATABASE_PASSWORD, database: "postgres" });
  (async () => {
    await client.connect();
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [e.DATABASE_NAME]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${e.DATABASE_NAME.replaceAll("\"", "")}"`);
  })().finally(() => client.end()).catch((error) => { console.error(error.message); process.exit(1); });
'
log "running migrations"
typeorm migration:run -d dist/src/database/typeorm-cli.data-source.js >"$RUN_DIR/migrations.log" 2>&1 || {
  cat "$RUN_DIR/migrations.log" >&2
  exit 1
}

for port in "$API_PORT" "$WORKER_HTTP_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    log "port $port is taken by another program: stop it, or set API_PORT / WORKER_HTTP_PORT"
    exit 1
  fi
done

# Restarts `name` whenever it exits, until told to stop (SIGTERM: the child gets it and is awaited).
supervise() {
  local name="$1"
  shift
  local child="" stopping=false
  trap 'stopping=true; [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null' TERM INT
  while ! $stopping; do
    printf '\n[start] %s: starting %s\n' "$(date -u +%FT%TZ)" "$*" >>"$RUN_DIR/$name.log"
    "$@" >>"$RUN_DIR/$name.log" 2>&1 &
    child=$!
    echo "$child" >"$RUN_DIR/$name.pid"
    local status=0
    wait "$child" || status=$?
    # `wait` returns early when a trapped signal arrives: wait for the child itself to end.
    while kill -0 "$child" 2>/dev/null; do wait "$child" 2>/dev/null || true; done
    $stopping && break
    printf '[start] %s: %s exited with status %s; restarting in 2 s\n' "$(date -u +%FT%TZ)" "$name" "$status" \
      >>"$RUN_DIR/$name.log"
    sleep 2
  done
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.supervisor.pid"
}

start_supervised() {
  local name="$1"
  shift
  # A session of its own: Ctrl-C in this terminal reaches this script, which stops it in order.
  setsid bash -c "$(declare -f supervise); RUN_DIR='$RUN_DIR'; supervise \"\$@\"" supervise "$name" "$@" \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$RUN_DIR/$name.supervisor.pid"
}

wait_ready() {
  local name="$1" port="$2"
  for _ in $(seq 1 240); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" == 200 ]] && return 0
    # Exiting before it was ever ready (a configuration error, say) is not worth restarting.
    run_alive "$name.supervisor" && ! grep -q "exited with status" "$RUN_DIR/$name.log" || break
    sleep 0.5
  done
  log "$name did not start; its log ends:"
  tail -n 40 "$RUN_DIR/$name.log" >&2
  bash scripts/stop.sh
  exit 1
}

# Each start begins fresh logs; the previous ones stay beside them (.1).
for name in api worker; do
  [[ -f "$RUN_DIR/$name.log" ]] && mv "$RUN_DIR/$name.log" "$RUN_DIR/$name.log.1"
done
export API_PORT WORKER_HTTP_PORT DATABASE_MIGRATIONS_RUN=false
start_supervised api node --enable-source-maps dist/src/main.js
wait_ready api "$API_PORT"
start_supervised worker node --enable-source-maps dist/src/worker.js
wait_ready worker "$WORKER_HTTP_PORT"

# --- 5. example tools ----------------------------------------------------------------------------------
if ! skipped examples; then
  if RETORT_API_URL="http://127.0.0.1:$API_PORT" node scripts/publish-example-tools.mjs >"$RUN_DIR/examples.log" 2>&1; then
    log "example tools: $(grep -c ': ' "$RUN_DIR/examples.log") published or already there"
  else
    log "could not publish the example tools (see $RUN_DIR/examples.log); the platform runs without them"
  fi
fi

cat >&2 <<EOF

  Retort is running (ready in $((SECONDS - started)) s).

    Web app         http://localhost:$API_PORT/
    API docs        http://localhost:$API_PORT/docs   (OpenAPI: /docs-json)
    Worker health   http://localhost:$WORKER_HTTP_PORT/health/ready
    Logs            $RUN_DIR/api.log
                    $RUN_DIR/worker.log

  Development users (development only):
    alice / alice-dev-password   user
    tom   / tom-dev-password     user, tool-author
    ada   / ada-dev-password     user, admin

  From Python: pip install ./clients/python, then retort login --url http://localhost:$API_PORT
  Stop: $($detach && echo "npm stop" || echo "Ctrl-C here, or npm stop")   (the services and their data stay)

EOF

$detach && exit 0
echo $$ >"$RUN_DIR/start.pid"
trap 'log "stopping"; bash scripts/stop.sh; rm -f "$RUN_DIR/start.pid"; exit 0' INT TERM HUP
# In the foreground until stopped (here, or by `npm stop` from elsewhere).
while run_alive api.supervisor || run_alive worker.supervisor; do
  sleep 1 &
  wait $! || true
done
rm -f "$RUN_DIR/start.pid"
