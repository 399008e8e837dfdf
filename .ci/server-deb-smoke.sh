#!/usr/bin/env bash
# Installs the server .deb the way an office server would get it, then checks what the package
# promises: the parley user, /var/lib/parley, /etc/parley/parley.env, the systemd unit — and that
# the installed launcher (bundled runtime, no system Java) serves /health as that user with the
# unit's settings. Purges the package afterwards. Run as root on a machine without the package.
#   .ci/server-deb-smoke.sh <parley-server_*.deb>
set -euo pipefail
deb=$(readlink -f "${1:?usage: server-deb-smoke.sh <parley-server .deb>}")
pid=""

fail() {
  echo "server-deb-smoke: $*" >&2
  [ -f /tmp/parley-deb-smoke.log ] && tail -n 40 /tmp/parley-deb-smoke.log >&2
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  exit 1
}

dpkg -s parley-server >/dev/null 2>&1 && fail "parley-server is already installed here; refusing to purge it"
apt-get install -y -qq "$deb" >/dev/null

getent passwd parley >/dev/null || fail "no parley user"
[ "$(stat -c %U /var/lib/parley)" = parley ] || fail "/var/lib/parley is not owned by parley"
[ -f /etc/parley/parley.env ] || fail "no /etc/parley/parley.env"
unit=/lib/systemd/system/parley-server.service
[ -f "$unit" ] || fail "no $unit"
grep -q '^User=parley$' "$unit" || fail "the unit does not run as parley"
grep -q '^EnvironmentFile=-/etc/parley/parley.env$' "$unit" || fail "the unit does not read /etc/parley/parley.env"

# What systemd would do (containers have no systemd): the unit's command, user and environment.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
echo "PARLEY_PORT=$port" >> /etc/parley/parley.env
(
  cd /var/lib/parley
  set -a
  eval "$(sed -n 's/^Environment=//p' "$unit")"
  . /etc/parley/parley.env
  set +a
  exec runuser -u parley -- env -u JAVA_HOME PATH=/usr/bin:/bin "$exec_start"
) >/tmp/parley-deb-smoke.log 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"UP"'; then
    break
  fi
  kill -0 "$pid" 2>/dev/null || fail "the installed server exited during start"
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health" | grep -q '"UP"' || fail "no healthy /health within 120 s"
[ -d /var/lib/parley/pg ] || fail "the embedded database is not in /var/lib/parley"
pkill -TERM -u parley -f "$exec_start" || true
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
pid=""

apt-get purge -y -qq parley-server >/dev/null
[ ! -e "$unit" ] || fail "purge left $unit behind"
[ ! -e /etc/parley ] || fail "purge left /etc/parley behind"
[ -d /var/lib/parley ] || fail "purge deleted the data in /var/lib/parley"
rm -rf /var/lib/parley
userdel parley
rm -f /tmp/parley-deb-smoke.log
echo "server-deb-smoke: installed, served /health as parley from /var/lib/parley, purged"
