#!/usr/bin/env bash
# The first-run path with no database configured: the server starts its embedded PostgreSQL,
# answers /health, keeps its data across a restart and stops the database with it.
# Usage: .ci/embedded-smoke.sh <server dir holding parley-server.jar and libs/>   (run as any user)
set -euo pipefail
dir="$1"
java="${JAVA_HOME:?JAVA_HOME must point at a JDK 25}/bin/java"
data="$(mktemp -d -t parley-smoke-XXXXXX)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log="$data/server.log"
who="$(id -un)"
pid=""

fail() {
  echo "embedded-smoke ($who): $*" >&2
  [ -f "$log" ] && tail -n 40 "$log" >&2
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  exit 1
}

start() {
  PARLEY_DATA_DIR="$data" PARLEY_PORT="$port" "$java" -jar "$dir/parley-server.jar" >>"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"UP"'; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || fail "server exited during start"
    sleep 1
  done
  fail "no healthy /health within 120 s"
}

stop() {
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -0 "$pid" 2>/dev/null && fail "server did not stop within 60 s"
  pid=""
  if pgrep -f -- "-D $data/pg" >/dev/null; then
    fail "the embedded PostgreSQL is still running after the server stopped"
  fi
}

api() {
  curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -X POST \
    "http://127.0.0.1:$port/api/v1/auth/$1" -d "$2"
}

start
code=$(api register '{"orgName":"Smoke","name":"Smoke Test","email":"smoke@example.com","password":"smoke-test-pass"}')
[ "$code" = 201 ] || fail "register answered $code"
stop

start
code=$(api login '{"email":"smoke@example.com","password":"smoke-test-pass"}')
[ "$code" = 200 ] || fail "login after restart answered $code: the data did not survive"
stop

[ -f "$data/pg/PG_VERSION" ] || fail "no PostgreSQL cluster in $data/pg"
rm -rf "$data"
echo "embedded-smoke ($who): start, /health UP, restart with data kept, clean stop: ok"
