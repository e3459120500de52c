# shellcheck shell=bash
# A throw-away Retort for tests: the compiled API and a worker on free ports, on a scratch PostgreSQL
# database and queue prefix of their own. Sourced by scripts/with-stack.sh and scripts/fuzz-api.sh;
# needs the services of scripts/services.sh. The caller sets ROOT and may set, before stack_up:
#   STACK_API_PORT    the API's port (default: a free one)
#   STACK_LOG_DIR     where api.log and worker.log go (default: a new temporary directory)
#   STACK_NAME        the prefix of the scratch database's name (default retort_stack)
# and any of the platform's own variables (WORKER_CONCURRENCY, LOG_LEVEL, ...). stack_up exports
# RETORT_URL, RETORT_STACK_LOGS, DATABASE_NAME and QUEUE_PREFIX; stack_down undoes everything.

stack_log() { printf '[%s] %s\n' "${STACK_LOG_PREFIX:-stack}" "$*" >&2; }

# The project's own Node (npm installs it into node_modules/.bin), as `npm run` would use.
export PATH="$ROOT/node_modules/.bin:$PATH"

# Configuration: the environment, then .env.example's defaults (as the tests do).
stack_load_defaults() {
  local line
  while IFS= read -r line; do
    if [[ "$line" =~ ^([A-Z0-9_]+)=(.*)$ && -z "${!BASH_REMATCH[1]+set}" ]]; then
      export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
    fi
  done <"$ROOT/.env.example"
}

stack_free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

# Administrative SQL on the `postgres` database with the app's credentials (no psql needed).
stack_admin_sql() {
  node -e '
    const { Client } = require("pg");
    const e = process.env;
    const client = new Client({ host: e.DATABASE_HOST, port: Number(e.DATABASE_PORT), user: e.DATABASE_USER,
      password: e.DATABASE_PASSWORD, database: "postgres" });
    client.connect().then(() => client.query(process.argv[1])).finally(() => client.end())
      .catch((error) => { console.error(error.message); process.exit(1); });
  ' "$1"
}

# SIGTERM, then SIGKILL after 10 s.
stack_stop_process() {
  local pid="$1" name="$2"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  stack_log "$name (pid $pid) ignored SIGTERM for 10 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# Waits for /health/ready to answer 200, or for the process to die (then shows its log).
stack_wait_ready() {
  local port="$1" pid="$2" name="$3"
  for _ in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || {
      stack_log "$name exited before it was ready; its log:"
      tail -n 50 "$STACK_LOG_DIR/$name.log" >&2
      return 1
    }
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" == 200 ]] && return 0
    sleep 0.25
  done
  stack_log "$name not ready after 60 s"
  return 1
}

STACK_API_PID=""
STACK_WORKER_PID=""
STACK_DATABASE=""

stack_up() {
  stack_load_defaults
  [[ -f "$ROOT/dist/src/main.js" && -f "$ROOT/dist/src/worker.js" ]] || (cd "$ROOT" && npm run build)
  STACK_LOG_DIR="${STACK_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/retort-stack.XXXXXX")}"
  mkdir -p "$STACK_LOG_DIR"
  local api_port="${STACK_API_PORT:-$(stack_free_port)}" worker_port
  worker_port="$(stack_free_port)"
  STACK_DATABASE="${STACK_NAME:-retort_stack}_$(date +%s)_$RANDOM"
  stack_admin_sql "CREATE DATABASE \"$STACK_DATABASE\""
  export DATABASE_NAME="$STACK_DATABASE" QUEUE_PREFIX="$STACK_DATABASE"
  export RETORT_URL="http://127.0.0.1:$api_port" RETORT_STACK_LOGS="$STACK_LOG_DIR"

  (cd "$ROOT" && API_HOST=127.0.0.1 API_PORT="$api_port" DATABASE_MIGRATIONS_RUN=true \
    exec node --enable-source-maps dist/src/main.js) >"$STACK_LOG_DIR/api.log" 2>&1 &
  STACK_API_PID=$!
  stack_wait_ready "$api_port" "$STACK_API_PID" api
  (cd "$ROOT" && WORKER_HTTP_PORT="$worker_port" exec node --enable-source-maps dist/src/worker.js) \
    >"$STACK_LOG_DIR/worker.log" 2>&1 &
  STACK_WORKER_PID=$!
  stack_wait_ready "$worker_port" "$STACK_WORKER_PID" worker
  stack_log "API $RETORT_URL (pid $STACK_API_PID), worker pid $STACK_WORKER_PID, database $STACK_DATABASE, logs $STACK_LOG_DIR"
}

# True while the API process is alive.
stack_api_alive() { [[ -n "$STACK_API_PID" ]] && kill -0 "$STACK_API_PID" 2>/dev/null; }

stack_down() {
  stack_stop_process "$STACK_WORKER_PID" worker
  stack_stop_process "$STACK_API_PID" API
  STACK_WORKER_PID=""
  STACK_API_PID=""
  [[ -n "$STACK_DATABASE" ]] || return 0
  # Sandboxes of this installation still on the engine: no later worker of it will ever reap them.
  # Named (for whoever looks into a leak), then removed.
  if command -v docker >/dev/null 2>&1; then
    local left
    left="$(docker ps -aq --filter "label=retort.installation=$STACK_DATABASE" 2>/dev/null || true)"
    if [[ -n "$left" ]]; then
      # shellcheck disable=SC2086 # one id per word
      stack_log "sandboxes left by this stack: $(docker inspect --format '{{.Name}}' $left | tr '\n' ' ')"
      # shellcheck disable=SC2086
      docker rm -f $left >/dev/null 2>&1 || stack_log "could not remove them"
    fi
  fi
  stack_admin_sql "DROP DATABASE IF EXISTS \"$STACK_DATABASE\" WITH (FORCE)" || stack_log "could not drop database $STACK_DATABASE"
  # The queue prefix is the database's name: remove its BullMQ keys too.
  node -e '
    const Redis = require("ioredis");
    const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    (async () => {
      await redis.connect();
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${process.argv[1]}:*`, "COUNT", 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
    })().finally(() => redis.disconnect()).catch((error) => console.error(error.message));
  ' "$STACK_DATABASE" || true
  STACK_DATABASE=""
}
