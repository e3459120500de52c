#!/usr/bin/env bash
# Brings Retort's real dependencies up on this machine, idempotently, without a container registry:
# PostgreSQL and Redis (Debian packages), MinIO (built with `go install`, binary cached), Keycloak (the
# server distribution from Maven Central, realm imported from keycloak/) and a Docker engine (Debian's
# docker.io). Whatever already answers is reused.
#
# Usage: scripts/services.sh up|down|status
# The defaults match .env.example; override any of them through the environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${RETORT_CACHE_DIR:-$HOME/.cache/retort}"
STATE_DIR="${RETORT_STATE_DIR:-$HOME/.local/state/retort}"
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"

DATABASE_HOST="${DATABASE_HOST:-127.0.0.1}"
DATABASE_PORT="${DATABASE_PORT:-5432}"
DATABASE_USER="${DATABASE_USER:-retort}"
DATABASE_PASSWORD="${DATABASE_PASSWORD:-retort}"
DATABASE_NAME="${DATABASE_NAME:-retort}"
REDIS_PORT="${REDIS_PORT:-6379}"
MINIO_PORT="${MINIO_PORT:-9000}"
MINIO_CONSOLE_PORT="${MINIO_CONSOLE_PORT:-9001}"
S3_ACCESS_KEY_ID="${S3_ACCESS_KEY_ID:-retort}"
S3_SECRET_ACCESS_KEY="${S3_SECRET_ACCESS_KEY:-retort-secret}"
S3_BUCKET="${S3_BUCKET:-retort}"
S3_REGION="${S3_REGION:-us-east-1}"
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.4}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8080}"
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9100}"
KEYCLOAK_ADMIN_USER="${KEYCLOAK_ADMIN_USER:-admin}"
KEYCLOAK_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}"
KEYCLOAK_REALM="${KEYCLOAK_REALM:-retort}"

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# wait_for NAME SECONDS COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local name="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "$name did not come up within ${seconds}s"
      return 1
    fi
    sleep 1
  done
}

APT_UPDATED=0
apt_install() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  if ((APT_UPDATED == 0)); then
    log "apt-get update"
    apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Starts a long-running program detached from this shell, with its pid and log in the state folder.
spawn() {
  local name="$1"
  shift
  nohup "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

stop_pid() {
  local name="$1" pidfile="$RUN_DIR/$1.pid"
  [[ -f "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# --- PostgreSQL ------------------------------------------------------------------------------------
pg_ready() { pg_isready -q -h "$DATABASE_HOST" -p "$DATABASE_PORT" >/dev/null 2>&1; }

postgres_up() {
  if ! pg_ready; then
    local cluster
    cluster="$(pg_lsclusters -h | awk -v port="$DATABASE_PORT" '$3 == port { print $1 " " $2; exit }')"
    if [[ -z "$cluster" ]]; then
      local version
      version="$(pg_lsclusters -h | awk 'NR == 1 { print $1 }')"
      [[ -n "$version" ]] || version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
      log "creating PostgreSQL $version cluster 'retort' on port $DATABASE_PORT"
      pg_createcluster -p "$DATABASE_PORT" "$version" retort >/dev/null
      cluster="$version retort"
    fi
    log "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster start || true
    wait_for postgres 60 pg_ready || die "PostgreSQL did not start"
  fi
  # The role may create databases: the migration test works on a scratch database of its own.
  runuser -u postgres -- psql -q -p "$DATABASE_PORT" -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DATABASE_USER') THEN
    CREATE ROLE "$DATABASE_USER" LOGIN CREATEDB PASSWORD '$DATABASE_PASSWORD';
  ELSE
    ALTER ROLE "$DATABASE_USER" LOGIN CREATEDB PASSWORD '$DATABASE_PASSWORD';
  END IF;
END \$\$;
SQL
  if ! runuser -u postgres -- psql -p "$DATABASE_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE_NAME'" | grep -q 1; then
    runuser -u postgres -- createdb -p "$DATABASE_PORT" -O "$DATABASE_USER" "$DATABASE_NAME"
  fi
}

postgres_down() {
  pg_ready || return 0
  local cluster
  cluster="$(pg_lsclusters -h 2>/dev/null | awk -v port="$DATABASE_PORT" '$3 == port { print $1 " " $2; exit }')"
  # shellcheck disable=SC2086
  [[ -n "$cluster" ]] && { log "stopping PostgreSQL"; pg_ctlcluster $cluster stop; }
}

# --- Redis -----------------------------------------------------------------------------------------
redis_ready() { redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

# BullMQ's jobs live only in Redis: an append-only file synced every second loses at most a second
# of them on a crash (snapshots alone lost minutes), and noeviction keeps Redis from dropping keys.
REDIS_DURABILITY=(appendonly yes appendfsync everysec maxmemory-policy noeviction)

# A Redis that was already running (started by hand, or by an older version of this script) gets the
# same settings at run time, written back to its config file where it has one.
redis_configure() {
  local i answer
  for ((i = 0; i < ${#REDIS_DURABILITY[@]}; i += 2)); do
    answer="$(redis-cli -p "$REDIS_PORT" config set "${REDIS_DURABILITY[i]}" "${REDIS_DURABILITY[i + 1]}" 2>&1)"
    [[ "$answer" == OK ]] || log "could not set Redis ${REDIS_DURABILITY[i]} ${REDIS_DURABILITY[i + 1]}: $answer"
  done
  # Without a config file (started with arguments only) there is nothing to rewrite.
  redis-cli -p "$REDIS_PORT" config rewrite >/dev/null 2>&1 || true
}

redis_up() {
  redis_ready && { redis_configure; return 0; }
  mkdir -p "$STATE_DIR/redis"
  log "starting Redis on port $REDIS_PORT"
  local durability=() i
  for ((i = 0; i < ${#REDIS_DURABILITY[@]}; i += 2)); do
    durability+=("--${REDIS_DURABILITY[i]}" "${REDIS_DURABILITY[i + 1]}")
  done
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE_DIR/redis" --daemonize yes \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" "${durability[@]}"
  wait_for redis 30 redis_ready || die "Redis did not start"
}

redis_down() { redis_ready && { log "stopping Redis"; redis-cli -p "$REDIS_PORT" shutdown nosave || true; }; return 0; }

# --- MinIO -----------------------------------------------------------------------------------------
minio_ready() { curl -sf "http://127.0.0.1:$MINIO_PORT/minio/health/live" >/dev/null 2>&1; }

minio_bin() {
  local bin="$CACHE_DIR/bin/minio"
  if [[ ! -x "$bin" ]]; then
    command -v go >/dev/null || die "Go is needed to build MinIO (go install github.com/minio/minio@latest)"
    log "building MinIO with go install (cached in $CACHE_DIR/bin)"
    mkdir -p "$CACHE_DIR/bin"
    GOBIN="$CACHE_DIR/bin" go install github.com/minio/minio@latest >&2
  fi
  echo "$bin"
}

minio_up() {
  if ! minio_ready; then
    local bin
    bin="$(minio_bin)"
    mkdir -p "$STATE_DIR/minio"
    log "starting MinIO on port $MINIO_PORT"
    MINIO_ROOT_USER="$S3_ACCESS_KEY_ID" MINIO_ROOT_PASSWORD="$S3_SECRET_ACCESS_KEY" MINIO_BROWSER=off \
      spawn minio "$bin" server "$STATE_DIR/minio" --address "127.0.0.1:$MINIO_PORT" \
      --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" --quiet
    wait_for minio 60 minio_ready || { tail -20 "$LOG_DIR/minio.log" >&2; die "MinIO did not start"; }
  fi
  # Create the bucket with a SigV4-signed PUT; 409 means it exists already.
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT --aws-sigv4 "aws:amz:$S3_REGION:s3" \
    --user "$S3_ACCESS_KEY_ID:$S3_SECRET_ACCESS_KEY" "http://127.0.0.1:$MINIO_PORT/$S3_BUCKET")"
  [[ "$code" == 200 || "$code" == 409 ]] || die "could not create bucket $S3_BUCKET (HTTP $code)"
}

minio_down() { stop_pid minio; }

# --- Keycloak --------------------------------------------------------------------------------------
keycloak_ready() { curl -sf "http://127.0.0.1:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM/.well-known/openid-configuration" >/dev/null 2>&1; }

# Keycloak 26 needs Java 21 or newer; use the first JDK on the machine that is new enough.
find_java_home() {
  local candidate version
  for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [[ -x "$candidate/bin/java" ]] || continue
    version="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')"
    if [[ "${version%%.*}" -ge 21 ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

keycloak_home() {
  local home="$CACHE_DIR/keycloak-$KEYCLOAK_VERSION"
  if [[ ! -x "$home/bin/kc.sh" ]]; then
    local tarball="$CACHE_DIR/dl/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
    if [[ ! -s "$tarball" ]]; then
      log "downloading org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION with Maven"
      mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
        -DoutputDirectory="$CACHE_DIR/dl" >&2
    fi
    log "unpacking Keycloak $KEYCLOAK_VERSION"
    local tmp
    tmp="$(mktemp -d "$CACHE_DIR/keycloak.XXXX")"
    tar -xzf "$tarball" -C "$tmp"
    rm -rf "$home"
    mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$home"
    rm -rf "$tmp"
  fi
  echo "$home"
}

realm_hash() { cat "$ROOT"/keycloak/*.json | sha256sum | cut -c1-16; }

keycloak_up() {
  local home="$CACHE_DIR/keycloak-$KEYCLOAK_VERSION" java_home realm_hash
  if keycloak_ready; then
    # A Keycloak this script did not start is reused as it is. One it started from an older realm
    # file is restarted, so that the new realm applies.
    [[ -f "$RUN_DIR/keycloak.pid" ]] || return 0
    [[ "$(cat "$home/data/realm.hash" 2>/dev/null)" == "$(realm_hash)" ]] && return 0
    log "keycloak/ changed since Keycloak started: restarting it"
    stop_pid keycloak
  fi
  home="$(keycloak_home)"
  java_home="$(find_java_home)" || die "Keycloak $KEYCLOAK_VERSION needs a JDK >= 21 under /usr/lib/jvm or JAVA_HOME"
  # start-dev keeps its H2 database under the distribution's data/ folder; realms come from data/import.
  local data="$home/data"
  mkdir -p "$data/import"
  # A changed realm file means a fresh development database, so that the import takes effect.
  realm_hash="$(realm_hash)"
  if [[ "$(cat "$data/realm.hash" 2>/dev/null)" != "$realm_hash" ]]; then
    log "realm definition changed: resetting Keycloak's development database"
    rm -rf "$data/h2" "$data/import"/*
    cp "$ROOT"/keycloak/*.json "$data/import/"
    echo "$realm_hash" >"$data/realm.hash"
  fi
  log "starting Keycloak $KEYCLOAK_VERSION on port $KEYCLOAK_PORT (the first start takes a minute or two)"
  JAVA_HOME="$java_home" KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN_USER" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    spawn keycloak "$home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" --import-realm
  wait_for keycloak 240 keycloak_ready || { tail -30 "$LOG_DIR/keycloak.log" >&2; die "Keycloak did not start"; }
}

keycloak_down() { stop_pid keycloak; }

# --- Docker ----------------------------------------------------------------------------------------
docker_ready() { docker info >/dev/null 2>&1; }

docker_up() {
  docker_ready && return 0
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine or unset DOCKER_HOST"
  fi
  log "starting dockerd"
  spawn dockerd dockerd
  wait_for docker 60 docker_ready || { tail -20 "$LOG_DIR/dockerd.log" >&2; die "dockerd did not start"; }
}

docker_down() { stop_pid dockerd; }

# --- Commands --------------------------------------------------------------------------------------
status() {
  local ok=0
  check() {
    local name="$1" where="$2"
    shift 2
    if "$@" >/dev/null 2>&1; then printf '  %-10s up    %s\n' "$name" "$where"; else printf '  %-10s DOWN  %s\n' "$name" "$where"; ok=1; fi
  }
  echo "Retort services:"
  check postgres "postgres://$DATABASE_USER@$DATABASE_HOST:$DATABASE_PORT/$DATABASE_NAME" pg_ready
  check redis "redis://127.0.0.1:$REDIS_PORT" redis_ready
  check minio "http://127.0.0.1:$MINIO_PORT (bucket $S3_BUCKET)" minio_ready
  check keycloak "http://127.0.0.1:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM" keycloak_ready
  check docker "${DOCKER_HOST:-unix:///var/run/docker.sock}" docker_ready
  return $ok
}

# Every Debian package the services below lack, in one apt run before anything starts: Keycloak
# boots in the background, and two apt-get processes at once would fight over dpkg's lock.
install_missing_packages() {
  local packages=(curl ca-certificates)
  pg_ready || packages+=(postgresql postgresql-client)
  redis_ready || packages+=(redis-server redis-tools)
  if [[ ! -x "$CACHE_DIR/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" && ! -s "$CACHE_DIR/dl/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz" ]]; then
    command -v mvn >/dev/null || packages+=(maven)
  fi
  docker_ready || command -v dockerd >/dev/null || packages+=(docker.io)
  apt_install "${packages[@]}"
}

up() {
  mkdir -p "$CACHE_DIR" "$RUN_DIR" "$LOG_DIR"
  install_missing_packages
  # Keycloak takes longest, so it starts first and the rest come up while it boots.
  keycloak_up &
  local keycloak_job=$!
  postgres_up
  redis_up
  minio_up
  docker_up
  wait "$keycloak_job" || die "Keycloak failed (log: $LOG_DIR/keycloak.log)"
  status
}

down() {
  keycloak_down
  minio_down
  redis_down
  postgres_down
  docker_down
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
