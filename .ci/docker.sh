#!/usr/bin/env bash
# Container test: build the image offline and use it for real, then clean up.
#
#  1. docker.io and debootstrap from Debian's packages if missing; dockerd started if not running
#     (without a bridge network: every container here uses the host's loopback or no network)
#  2. base image from Debian's packages (docker/build-base.sh, root fs cached between runs in
#     $SANCTIONS_DOCKER_CACHE, default /var/cache/sanctions-screen)
#  3. wheels built on the host, `docker build --network none` (docker/build.sh); image <= 300 MB
#  4. `serve` on 127.0.0.1: HEALTHCHECK healthy, /readyz, 401 without a key, one screening with
#     a key made by `keys create` inside the container
#  5. `check` in the container on the workspace's sample files: exit codes 1, 0, 2 and a JUnit
#     report written to a mounted folder
#  6. containers and images removed, the daemon stopped if this script started it
#
# SANCTIONS_DOCKER_LISTS=DIR bakes a folder of official lists into the image instead of serving
# the embedded demo list (the checks below then only require a working screening).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAG=sanctions-screen:ci-$$
BASE=sanctions-screen-base:bookworm
NAME=sanctions-screen-ci-$$
MAX_BYTES=$((300 * 1000 * 1000))
WORK=$(mktemp -d /tmp/sanctions-docker-ci.XXXXXX)
STARTED_DOCKERD=""
PASSED=0
T0=$(date +%s)
PYTHON=python3
[ -x "$ROOT/.venv/bin/python" ] && PYTHON="$ROOT/.venv/bin/python"

log() { printf '[docker-ci %3ss] %s\n' "$(($(date +%s) - T0))" "$*"; }
ok() { PASSED=$((PASSED + 1)); log "ok: $*"; }
fail() { log "FAIL: $*"; exit 1; }

cleanup() {
  local rc=$?
  set +e
  if docker info >/dev/null 2>&1; then
    [ $rc -ne 0 ] && docker logs "$NAME" 2>&1 | tail -n 40
    docker rm -f "$NAME" >/dev/null 2>&1
    docker rmi -f "$TAG" "$BASE" >/dev/null 2>&1
    docker image prune -f --filter label=org.sanctions-screen.stage=build >/dev/null 2>&1
  fi
  if [ -n "$STARTED_DOCKERD" ]; then
    kill "$STARTED_DOCKERD" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$STARTED_DOCKERD" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$STARTED_DOCKERD" 2>/dev/null && kill -9 "$STARTED_DOCKERD" 2>/dev/null
    log "dockerd stopped"
  fi
  rm -rf "$WORK"
  log "done in $(($(date +%s) - T0)) s (exit $rc)"
  echo "docker: $PASSED passed, $((rc != 0 ? 1 : 0)) failed"
  exit $rc
}
trap cleanup EXIT

install_tools() {
  local missing=()
  { command -v dockerd && command -v docker; } >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || fail "missing ${missing[*]} and not root to install them"
  log "apt-get install ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    log "using the running docker daemon"
    return
  fi
  [ "$(id -u)" -eq 0 ] || fail "no docker daemon running and not root to start one"
  log "starting dockerd (no bridge network, no iptables)"
  dockerd --bridge=none --iptables=false >"$WORK/dockerd.log" 2>&1 &
  STARTED_DOCKERD=$!
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    kill -0 "$STARTED_DOCKERD" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 30 "$WORK/dockerd.log" >&2
  fail "dockerd did not start"
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# http METHOD URL [BODY] [HEADER] -> prints "STATUS BODY"
http() {
  "$PYTHON" - "$@" <<'PY'
import sys, urllib.error, urllib.request
method, url = sys.argv[1], sys.argv[2]
body = sys.argv[3].encode() if len(sys.argv) > 3 and sys.argv[3] else None
request = urllib.request.Request(url, data=body, method=method)
request.add_header("Content-Type", "application/json")
if len(sys.argv) > 4 and sys.argv[4]:
    name, _, value = sys.argv[4].partition(":")
    request.add_header(name.strip(), value.strip())
try:
    with urllib.request.urlopen(request, timeout=10) as response:
        print(response.status, response.read().decode())
except urllib.error.HTTPError as err:
    print(err.code, err.read().decode())
except OSError as err:
    print(0, err)
PY
}

expect_exit() {
  local want=$1; shift
  local got=0
  docker run --rm --network none "$@" >"$WORK/out.txt" 2>&1 || got=$?
  if [ "$got" -ne "$want" ]; then
    cat "$WORK/out.txt" >&2
    fail "docker run $* exited $got, expected $want"
  fi
}

install_tools
start_dockerd

log "base image"
"$ROOT/docker/build-base.sh" "$BASE"
log "image build (wheels on the host, docker build --network none)"
"$ROOT/docker/build.sh" --tag "$TAG" --base "$BASE" ${SANCTIONS_DOCKER_LISTS:+--lists "$SANCTIONS_DOCKER_LISTS"}
SIZE=$(docker image inspect -f '{{.Size}}' "$TAG")
if [ -z "${SANCTIONS_DOCKER_LISTS:-}" ]; then
  [ "$SIZE" -le "$MAX_BYTES" ] || fail "image is $SIZE bytes, over 300 MB"
  ok "image $TAG: $((SIZE / 1000 / 1000)) MB (<= 300 MB)"
else
  log "image $TAG with baked-in lists: $((SIZE / 1000 / 1000)) MB (the 300 MB bound is for the image without data)"
fi
USER_ID=$(docker run --rm --network none --entrypoint id "$TAG" -u)
[ "$USER_ID" != 0 ] || fail "the image runs as root"
ok "runs as uid $USER_ID"
SCORER=$(docker run --rm --network none --entrypoint python3 "$TAG" -c \
  'from service.matching.build import describe; print(describe())')
case "$SCORER" in
  *"compiled with mypyc"*STALE*|*"Python source"*) fail "image scorer: $SCORER" ;;
  *"compiled with mypyc"*) ok "image $SCORER" ;;
  *) fail "image scorer: $SCORER" ;;
esac

PORT=$(free_port)
log "serve on 127.0.0.1:$PORT"
docker run -d --name "$NAME" --network host \
  -e SANCTIONS_HOST=127.0.0.1 -e SANCTIONS_PORT="$PORT" \
  --health-interval 2s --health-start-period 60s "$TAG" >/dev/null
for _ in $(seq 1 120); do
  read -r CODE _ <<<"$(http GET "http://127.0.0.1:$PORT/readyz")"
  [ "$CODE" = 200 ] && break
  [ "$(docker inspect -f '{{.State.Running}}' "$NAME")" = true ] || fail "the container stopped"
  sleep 0.5
done
[ "$CODE" = 200 ] || fail "/readyz answered $CODE"
ok "/readyz 200"
for _ in $(seq 1 30); do
  HEALTH=$(docker inspect -f '{{.State.Health.Status}}' "$NAME")
  [ "$HEALTH" = healthy ] && break
  sleep 1
done
[ "$HEALTH" = healthy ] || fail "HEALTHCHECK status is $HEALTH"
ok "HEALTHCHECK (GET /healthz) healthy"

QUERY='{"queries": [{"name": "Igor Sechin", "type": "person"}]}'
read -r CODE _ <<<"$(http POST "http://127.0.0.1:$PORT/v1/screen" "$QUERY")"
[ "$CODE" = 401 ] || fail "screening without an API key answered $CODE, expected 401"
ok "POST /v1/screen without a key: 401"
KEY=$(docker exec "$NAME" sanctions-screen keys create docker-ci 2>/dev/null | tail -n 1)
[ -n "$KEY" ] || fail "keys create printed no key"
RESULT=$(http POST "http://127.0.0.1:$PORT/v1/screen" "$QUERY" "X-API-Key: $KEY")
[ "${RESULT%% *}" = 200 ] || fail "screening answered: ${RESULT:0:300}"
if [ -z "${SANCTIONS_DOCKER_LISTS:-}" ]; then
  grep -q '"demo:sechin"' <<<"$RESULT" || fail "no hit on demo:sechin: ${RESULT:0:300}"
fi
ok "POST /v1/screen with a key from 'keys create': 200, hit on demo:sechin"
docker rm -f "$NAME" >/dev/null

log "check in the container on the workspace"
FIX="$ROOT/tests/fixtures/check"
mkdir -p "$WORK/out" && chmod 777 "$WORK/out"
expect_exit 1 -v "$FIX:/workspace:ro" -v "$WORK/out:/out" "$TAG" \
  check vendors.csv customers.jsonl --junit /out/junit.xml --sarif /out/check.sarif
grep -q 'vendors.csv:4: alert' "$WORK/out.txt" || fail "check output lacks the alert on vendors.csv:4"
grep -q 'failures="' "$WORK/out/junit.xml" || fail "no JUnit report written"
grep -q '"version": "2.1.0"' "$WORK/out/check.sarif" || fail "no SARIF report written"
ok "check with alerts: exit 1, JUnit and SARIF written to the mounted folder"
if [ -z "${SANCTIONS_DOCKER_LISTS:-}" ]; then
  expect_exit 0 -v "$FIX:/workspace:ro" "$TAG" check vendors.csv --allowlist allow.yaml
  ok "check with the allow-list: exit 0"
fi
expect_exit 0 -v "$FIX:/workspace:ro" "$TAG" check vendors_clean.csv
ok "check of a clean file: exit 0"
expect_exit 2 -v "$FIX:/workspace:ro" "$TAG" check missing.csv
expect_exit 2 -v "$FIX:/workspace:ro" "$TAG" check vendors.csv --allowlist junit.xsd
ok "check of a missing file / a broken allow-list: exit 2"
log "container test passed in $(($(date +%s) - T0)) s"
