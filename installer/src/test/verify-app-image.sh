#!/usr/bin/env bash
# Starts the packaged desktop app the way an agent's machine would — no JAVA_HOME, no Java on the
# PATH, a fresh home folder — and passes once its sign-in window is on screen.
#   verify-app-image.sh <app-image dir>     (needs a display: run the build under xvfb-run in CI)
set -euo pipefail

image=${1:?usage: verify-app-image.sh <app-image dir>}
launcher="$image/bin/Parley"
[ -x "$launcher" ] || { echo "verify-app-image: no launcher at $launcher" >&2; exit 1; }
if [ -z "${DISPLAY:-}" ]; then
  echo "verify-app-image: no display; run the build under xvfb-run to check the packaged app starts." >&2
  exit 1
fi
command -v xwininfo >/dev/null || { echo "verify-app-image: xwininfo (x11-utils) is needed" >&2; exit 1; }

home=$(mktemp -d -t parley-app-XXXXXX)
log="$home/app.log"
env -i HOME="$home" PATH=/usr/bin:/bin DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" \
    PARLEY_SERVER_URL=http://parley.invalid:8080 "$launcher" >"$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true; rm -rf "$home"' EXIT

for _ in $(seq 1 120); do
  if ! kill -0 "$app" 2>/dev/null; then
    echo "verify-app-image: the packaged app exited before showing a window:" >&2
    cat "$log" >&2
    exit 1
  fi
  if xwininfo -root -tree | grep -q '"Parley — sign in"'; then
    echo "verify-app-image: the packaged app shows its sign-in window (bundled runtime: $image/lib/runtime)"
    exit 0
  fi
  sleep 0.5
done
echo "verify-app-image: no sign-in window after 60 s:" >&2
cat "$log" >&2
exit 1
