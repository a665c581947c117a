#!/usr/bin/env bash
# The browser test: a demo database on SQLite, the service on a spare port, and
# dashboard.mjs, languages.mjs, daily_use.mjs, photos.mjs and election.mjs (on a
# simulated voting day) in Debian's headless Chromium (languages, daily_use and photos
# deliver the outbox with `$BIN jobs run outbox` to read mail from $WORK/mail). Screenshots go
# to target/browser/.
#
#   tests/browser/run.sh          # after `cargo build`; needs /usr/bin/chromium and npm
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PORT=${PORT:-18095}
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
BIN=${BIN:-$ROOT/target/debug/civic-tracker}
[ -x "$BIN" ] || cargo build --quiet
# The base URL is this server's: forms check the browser's Origin against it, and mail
# links point to it.
export CIVIC_DATABASE_URL="sqlite://$WORK/browser.db?mode=rwc" CIVIC_MAIL__FILE_DIR="$WORK/mail" \
  CIVIC_BASE_URL="http://127.0.0.1:$PORT" \
  CIVIC_MAIL__DELIVER=false CIVIC_APP__DEFAULT_LANGUAGE=en RUST_LOG=warn
"$BIN" demo --problems 600 >/dev/null
# A voting day (yesterday in Almaty: all its polling hours have passed) for election.mjs.
ELECTION=$("$BIN" demo --election --stations 200 --reports 1500 \
  --voting-day "$(TZ=Asia/Almaty date -d yesterday +%F)" 2>/dev/null)
CIVIC_LISTEN="127.0.0.1:$PORT" "$BIN" serve --no-scheduler > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
cd tests/browser
npm ci --no-audit --no-fund --silent
export BASE_URL="http://127.0.0.1:$PORT" OUT="$ROOT/target/browser" BIN ELECTION
node dashboard.mjs
node languages.mjs
node daily_use.mjs
node photos.mjs
node election.mjs
