#!/usr/bin/env bash
# The Open311 client test: a demo database on SQLite, the service on a spare port, and
# client_check.py driving it with the published `georeport` library (installed from PyPI
# into target/open311-venv).
#
#   tests/open311/run.sh          # after `cargo build`; needs python3 with venv and pip
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PORT=${PORT:-18096}
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
BIN=${BIN:-$ROOT/target/debug/civic-tracker}
[ -x "$BIN" ] || cargo build --quiet
VENV=$ROOT/target/open311-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -r tests/open311/requirements.txt
export CIVIC_DATABASE_URL="sqlite://$WORK/open311.db?mode=rwc" CIVIC_MAIL__FILE_DIR="$WORK/mail" \
  CIVIC_MAIL__DELIVER=false RUST_LOG=warn
"$BIN" demo --problems 600 >/dev/null
CIVIC_LISTEN="127.0.0.1:$PORT" "$BIN" serve --no-scheduler > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
BASE_URL="http://127.0.0.1:$PORT" "$VENV/bin/python" tests/open311/client_check.py
