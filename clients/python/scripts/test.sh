#!/usr/bin/env bash
# The Python client's whole check: mypy --strict, the pytest suite against the real stack (client,
# CLI as subprocesses, the example notebook through nbclient), and the wheel and sdist building.
# Needs RETORT_URL (an API with the example tools published) and the development users' Keycloak:
#
#   scripts/with-stack.sh --examples -- bash clients/python/scripts/test.sh
#
# The virtualenv is cached in ${RETORT_CACHE_DIR:-$HOME/.cache/retort}/python-client-venv-<hash of
# pyproject.toml>, so a change of dependencies makes a new one. PYTEST_ARGS adds pytest arguments.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"
log() { printf '[python-client] %s\n' "$*" >&2; }
started=$SECONDS

if [[ -z "${RETORT_URL:-}" ]]; then
  log "RETORT_URL is not set: run me as scripts/with-stack.sh --examples -- bash clients/python/scripts/test.sh"
  exit 2
fi

# --- a cached virtualenv keyed by the dependencies ------------------------------------------------
CACHE_DIR="${RETORT_CACHE_DIR:-$HOME/.cache/retort}"
PYTHON="${PYTHON:-python3}"
key="$( (cat pyproject.toml; "$PYTHON" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-16)"
VENV="$CACHE_DIR/python-client-venv-$key"
if [[ ! -x "$VENV/bin/python" || ! -f "$VENV/.complete" ]]; then
  if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    log "installing python3-venv"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
  fi
  log "creating $VENV"
  rm -rf "$VENV"
  mkdir -p "$CACHE_DIR"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -e '.[dev]'
  touch "$VENV/.complete"
else
  # The same dependencies: only (re)link this checkout, which is fast and needs no network.
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null ||
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -e .
fi
# Virtualenvs of other dependency sets stay while in use (other checkouts); unused for a week, they go.
touch "$VENV"
find "$CACHE_DIR" -maxdepth 1 -name 'python-client-venv-*' -mtime +7 -exec rm -rf {} + 2>/dev/null || true
export PATH="$VENV/bin:$PATH"
log "venv ready ($((SECONDS - started)) s)"

# --- checks -----------------------------------------------------------------------------------------
mypy
log "mypy passed ($((SECONDS - started)) s)"

# A CI run has no terminal: progress bars still draw (to the captured stderr), never prompt.
read -r -a extra <<<"${PYTEST_ARGS:-}"
pytest -p no:cacheprovider "${extra[@]}"
log "pytest passed ($((SECONDS - started)) s)"

out="$(mktemp -d "${TMPDIR:-/tmp}/retort-wheel.XXXXXX")"
trap 'rm -rf "$out"' EXIT
# No build isolation: hatchling is in the venv, so a warm run needs no network.
python -m build --no-isolation --outdir "$out" . >"$out/build.log" 2>&1 || {
  cat "$out/build.log" >&2
  exit 1
}
python - "$out" <<'PY'
import pathlib, sys, zipfile
wheel = next(pathlib.Path(sys.argv[1]).glob("retort_client-*.whl"))
names = zipfile.ZipFile(wheel).namelist()
assert "retort/py.typed" in names and "retort/cli.py" in names, names
entry_points = next(n for n in names if n.endswith("entry_points.txt"))
assert "retort = retort.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode(), "no console script"
PY
ls "$out"/retort_client-*.tar.gz >/dev/null
log "wheel and sdist built: $(cd "$out" && ls retort_client-*) ($((SECONDS - started)) s)"
log "all passed in $((SECONDS - started)) s"
