#!/usr/bin/env bash
# Build the sanctions-screen image offline: wheels built on the host, `docker build --network none`.
#
#   docker/build.sh [--tag TAG] [--base IMAGE] [--lists DIR] [--wheels DIR]
#
#   --tag     image tag (default sanctions-screen:latest)
#   --base    base image with python3 (default: sanctions-screen-base:bookworm, made by
#             docker/build-base.sh when missing)
#   --lists   a folder of official list files to bake into the image (default: none; the
#             container then serves the embedded demo list unless lists are mounted or fetched)
#   --wheels  use these prebuilt wheels instead of running `pip wheel` on the repository
#
# The build context is assembled in a temporary folder: Dockerfile, docker/, watchlists/, the
# wheels (dist/) and the lists (lists/), so list data can come from anywhere on the host.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAG=sanctions-screen:latest
BASE=sanctions-screen-base:bookworm
LISTS=""
WHEELS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) TAG=$2; shift 2 ;;
    --base) BASE=$2; shift 2 ;;
    --lists) LISTS=$2; shift 2 ;;
    --wheels) WHEELS=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
log() { printf '[build] %s\n' "$*" >&2; }

PYTHON=python3
[ -x "$ROOT/.venv/bin/python" ] && PYTHON="$ROOT/.venv/bin/python"
CTX=$(mktemp -d /tmp/sanctions-image.XXXXXX)
trap 'rm -rf "$CTX"' EXIT

# pip, quietly (its notes about extra index locations that do not exist are dropped).
pip_q() {
  "$PYTHON" -m pip "$@" --quiet --disable-pip-version-check 2> >(grep -v -e 'is ignored' \
    -e 'BuildBackendWarning' -e '^ *$' -e '^  ' >&2)
}

# The wheels: the project's own, built now, and its dependencies', cached between runs in
# $SANCTIONS_DOCKER_CACHE/wheels-<hash of pyproject.toml> together with the build backend, so a
# warm run builds the project wheel without asking the package index. Debug symbols are
# stripped from the dependencies' C extensions once, when the cache is made (strip_wheels.py).
build_wheels() {
  local dest=$1 cache key
  key=$(cat "$ROOT/pyproject.toml" "$ROOT/docker/strip_wheels.py" | sha256sum | cut -c1-16)
  cache="${SANCTIONS_DOCKER_CACHE:-/var/cache/sanctions-screen}/wheels-$key"
  if [ ! -f "$cache/.complete" ]; then
    log "pip wheel $ROOT and its dependencies (cache: $cache)"
    rm -rf "$cache" && mkdir -p "$cache"
    pip_q wheel "$ROOT" -w "$cache"
    # The build backend (setuptools, and mypy, which compiles the scorer) with what it needs,
    # apart from the runtime wheels so that none of it reaches the image.
    # shellcheck disable=SC2046
    pip_q download -d "$cache/build" $("$PYTHON" -c 'import sys, tomllib
print(" ".join(tomllib.load(open(sys.argv[1], "rb"))["build-system"]["requires"]))' \
      "$ROOT/pyproject.toml")
    rm -f "$cache"/sanctions_screen-*.whl
    "$PYTHON" "$ROOT/docker/strip_wheels.py" "$cache"
    touch "$cache/.complete"
  fi
  log "pip wheel $ROOT (build backend and dependencies from $cache)"
  pip_q wheel --no-deps --no-index --find-links "$cache" --find-links "$cache/build" "$ROOT" \
    -w "$dest"
  find "$cache" -maxdepth 1 -name '*.whl' -exec cp {} "$dest/" \;
}

mkdir -p "$CTX/dist" "$CTX/lists"
if [ -n "$WHEELS" ]; then
  cp "$WHEELS"/*.whl "$CTX/dist/"
else
  build_wheels "$CTX/dist"
fi
cp "$ROOT/Dockerfile" "$CTX/"
cp -r "$ROOT/docker" "$ROOT/watchlists" "$CTX/"
find "$CTX/watchlists" -name '.cache' -prune -exec rm -rf {} +
if [ -n "$LISTS" ]; then
  [ -d "$LISTS" ] || { echo "--lists $LISTS: not a directory" >&2; exit 2; }
  log "baking the lists of $LISTS into the image"
  cp -r "$LISTS"/. "$CTX/lists/"
  rm -rf "$CTX/lists/.cache" "$CTX/lists/.staging"
fi

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
  if [ "$BASE" = sanctions-screen-base:bookworm ]; then
    "$ROOT/docker/build-base.sh" "$BASE"
  else
    echo "base image $BASE not found (no registry is used: build or load it first)" >&2
    exit 2
  fi
fi

log "docker build --network none -t $TAG (base $BASE)"
DOCKER_BUILDKIT=0 docker build --quiet --network none --force-rm \
  --build-arg "BASE_IMAGE=$BASE" --build-arg LIST_DATA=lists \
  -t "$TAG" "$CTX" 2> >(grep -v -e 'legacy builder is deprecated' -e 'BuildKit is currently' \
  -e 'environment-variable' -e '^ *$' >&2) >/dev/null
docker image prune -f --filter label=org.sanctions-screen.stage=build >/dev/null
log "built $TAG: $(docker image inspect -f '{{.Size}}' "$TAG") bytes"
