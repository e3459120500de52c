#!/usr/bin/env bash
# Builds the sandbox images that calculations run in.
#
# Where a container registry is reachable the images build FROM the upstream Debian image. Where it
# is not (air-gapped machines, CI here), a Debian base is bootstrapped with debootstrap, imported with
# `docker import`, and the same Dockerfile builds on top of it.
#
# Usage: scripts/build-sandbox-images.sh [--force]
#   SANDBOX_IMAGE_VERSION  tag of the built images (default: VERSION file in sandbox-images/)
#   SANDBOX_BASE_IMAGE     base to build from (default: debian:bookworm-slim, or the local bootstrap)
#   RETORT_CACHE_DIR       where the bootstrapped rootfs tarball is cached (default: ~/.cache/retort)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${SANDBOX_IMAGE_VERSION:-$(cat "$ROOT/sandbox-images/VERSION")}"
CACHE_DIR="${RETORT_CACHE_DIR:-$HOME/.cache/retort}"
SUITE="bookworm"
UPSTREAM_BASE="debian:${SUITE}-slim"
LOCAL_BASE="retort/debian-base:${SUITE}"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { printf '[build-sandbox-images] %s\n' "$*" >&2; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

bootstrap_local_base() {
  if image_exists "$LOCAL_BASE" && [[ $FORCE -eq 0 ]]; then
    log "reusing $LOCAL_BASE"
    return
  fi
  local tarball="$CACHE_DIR/debian-base-${SUITE}.tar"
  if [[ ! -s "$tarball" || $FORCE -eq 1 ]]; then
    command -v debootstrap >/dev/null || {
      log "installing debootstrap"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
    local rootfs
    rootfs="$(mktemp -d)"
    # shellcheck disable=SC2064
    trap "rm -rf '$rootfs'" EXIT
    log "debootstrapping Debian $SUITE (minbase) into $rootfs"
    debootstrap --variant=minbase "$SUITE" "$rootfs" >"$CACHE_DIR/debootstrap.log" 2>&1 || {
      tail -20 "$CACHE_DIR/debootstrap.log" >&2
      exit 1
    }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    mkdir -p "$CACHE_DIR"
    tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
    trap - EXIT
  fi
  log "importing $tarball as $LOCAL_BASE"
  docker import "$tarball" "$LOCAL_BASE" >/dev/null
}

choose_base() {
  if [[ -n "${SANDBOX_BASE_IMAGE:-}" ]]; then
    echo "$SANDBOX_BASE_IMAGE"
  elif image_exists "$UPSTREAM_BASE" || docker pull -q "$UPSTREAM_BASE" >/dev/null 2>&1; then
    echo "$UPSTREAM_BASE"
  else
    log "no registry reachable for $UPSTREAM_BASE; bootstrapping a local base"
    bootstrap_local_base
    echo "$LOCAL_BASE"
  fi
}

mkdir -p "$CACHE_DIR"
for dir in "$ROOT"/sandbox-images/*/; do
  name="$(basename "$dir")"
  [[ -f "$dir/Dockerfile" ]] || continue
  tag="retort/sandbox-${name}:${VERSION}"
  # The version tag says which contract an image implements; the content hash says whether the image
  # on this engine was built from the files in this checkout, so an edited runner is rebuilt.
  hash="$(cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  built_hash="$(docker image inspect -f '{{ index .Config.Labels "io.retort.content-hash" }}' "$tag" 2>/dev/null || true)"
  if [[ "$built_hash" == "$hash" && $FORCE -eq 0 ]]; then
    log "$tag is up to date (use --force to rebuild)"
    continue
  fi
  base="$(choose_base)"
  log "building $tag from $base"
  docker build -q --build-arg "BASE_IMAGE=$base" --label "org.opencontainers.image.version=$VERSION" \
    --label "io.retort.content-hash=$hash" \
    -t "$tag" "$dir" >/dev/null
  log "built $tag"
done
