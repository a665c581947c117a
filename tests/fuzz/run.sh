#!/usr/bin/env bash
# The API fuzz test: a small demo database on SQLite, the service on a spare port, its served
# OpenAPI document (/api/v1/openapi.json) validated as OpenAPI 3.1 by openapi-spec-validator,
# then every operation in it fuzzed by schemathesis with an admin's bearer token. Both tools
# come unmodified from PyPI (tests/fuzz/requirements.txt) into target/fuzz-venv. Fails on
# any validation error, any 5xx, and any answer the document does not describe (status,
# content type, body schema, headers).
#
#   tests/fuzz/run.sh                   # after `cargo build`; needs python3 with venv and pip
#   MAX_EXAMPLES=20 tests/fuzz/run.sh   # quicker (default 100 per operation and phase)
#   SEED=1234 tests/fuzz/run.sh         # the same inputs again (each run prints its seed)
#   CHECKS=all FUZZ_ARGS="--include-path-regex actions" tests/fuzz/run.sh   # explore
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PORT=${PORT:-18097}
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
BIN=${BIN:-$ROOT/target/debug/civic-tracker}
[ -x "$BIN" ] || cargo build --quiet
VENV=$ROOT/target/fuzz-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -r tests/fuzz/requirements.txt
export CIVIC_DATABASE_URL="sqlite://$WORK/fuzz.db?mode=rwc" CIVIC_MAIL__FILE_DIR="$WORK/mail" \
  CIVIC_MAIL__DELIVER=false RUST_LOG=warn
# hypothesis (schemathesis' generator) keeps its examples there, not in the work tree.
export HYPOTHESIS_STORAGE_DIRECTORY="$ROOT/target/fuzz/hypothesis"

# The fuzzer sends a few thousand requests in a few minutes from one address; rate limits
# ([limits] in the configuration) would answer most of them 429.
export CIVIC_LIMITS__ENABLED=false
"$BIN" migrate >/dev/null
# Problems 1-40 and users 1-61 (tests/fuzz/schemathesis.toml uses those ids).
"$BIN" demo --problems 40 >/dev/null
"$BIN" user add --email fuzz@example.kz --role admin --name Fuzzer >/dev/null
export CIVIC_FUZZ_TOKEN
CIVIC_FUZZ_TOKEN=$("$BIN" token create --email fuzz@example.kz)

CIVIC_LISTEN="127.0.0.1:$PORT" "$BIN" serve --no-scheduler > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/api/v1/openapi.json"
if ! curl -sf "$URL" -o "$WORK/openapi.json"; then
  echo "the service does not serve $URL" >&2
  cat "$WORK/server.log" >&2
  exit 1
fi

status=0
"$VENV/bin/openapi-spec-validator" --schema 3.1 --validation-errors all "$WORK/openapi.json" \
  || status=1

# No 5xx, and every answer as documented; also that an operation with a security scheme
# refuses requests without valid credentials, and that other methods are a 405 naming the
# allowed ones. One worker: the machine has two cores, and hypothesis' generation is not
# safe across threads here (it failed with an internal error).
checks=(not_a_server_error status_code_conformance content_type_conformance
  response_schema_conformance response_headers_conformance
  ignored_auth unsupported_method allow_header_conformance missing_required_header)
CHECKS=${CHECKS:-$(IFS=,; echo "${checks[*]}")}
# shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
"$VENV/bin/schemathesis" --no-color --config-file tests/fuzz/schemathesis.toml run "$URL" \
  --checks "$CHECKS" --max-examples "${MAX_EXAMPLES:-100}" ${SEED:+--seed "$SEED"} \
  --workers 1 --request-timeout 30 ${FUZZ_ARGS:-} \
  || status=1

if [ "$status" != 0 ]; then
  echo "== the service's log (errors and warnings)"
  tail -n 50 "$WORK/server.log"
fi
exit "$status"
