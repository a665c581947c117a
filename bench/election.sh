#!/usr/bin/env bash
# Benchmark: a simulated voting day and its live page (issue 20).
#
#   bench/election.sh                                          # 10,000 stations, 50,000 reports
#   STATIONS=2000 REPORTS=10000 DURATION=10s bench/election.sh # a quicker look
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth), wrk (`apt-get install wrk`), python3,
# curl and GNU time. It builds the release binary and, on a throw-away PostgreSQL database:
#   1. `civic-tracker demo --election --stations $STATIONS --reports $REPORTS` for
#      yesterday's voting day (all 13 polling hours lie in the past), under /usr/bin/time,
#      then VACUUM ANALYZE;
#   2. starts `civic-tracker serve --no-scheduler`, times the first request of
#      /elections/{id} (the one that counts the picture), then runs wrk with $CLIENTS (16)
#      connections for $DURATION on the live page, a station search by address and by
#      number, and a station's page: p50/p95/p99 and req/s (target: p95 under 50 ms);
# then the same on SQLite with $SQLITE_STATIONS / $SQLITE_REPORTS.
set -euo pipefail
cd "$(dirname "$0")/.."
STATIONS=${STATIONS:-10000}
REPORTS=${REPORTS:-50000}
SQLITE_STATIONS=${SQLITE_STATIONS:-2000}
SQLITE_REPORTS=${SQLITE_REPORTS:-10000}
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-20s}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=ct_bench_election_$$
PORT=${PORT:-18097}
WORK=$(mktemp -d)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

# SKIP_BUILD=1: use the release binary already built.
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
BIN=./target/release/civic-tracker
export CIVIC_MAIL__DELIVER=false CIVIC_MAIL__FILE_DIR="$WORK/mail" RUST_LOG=warn
# The benchmark is one client address asking as fast as it can: no rate limits.
export CIVIC_LIMITS__ENABLED=false
# Yesterday in Almaty: the whole voting day has passed.
DAY=$(TZ=Asia/Almaty date -d yesterday +%F)

serve() {
  CIVIC_LISTEN="127.0.0.1:$PORT" $BIN serve --no-scheduler > "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

# Prints one line for a URL path: the first request's time, then wrk's p50/p95/p99 and req/s.
load() {
  local path=$1 first line
  first=$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$path")
  line=$(wrk -t2 -c"$CLIENTS" -d"$DURATION" --latency -s bench/p95.lua "http://127.0.0.1:$PORT$path" | grep '^RESULT')
  echo "$line" | python3 -c "
import sys
kv = dict(x.split('=') for x in sys.stdin.read().split()[1:])
print(f\"{'$path':<44} first {float('$first')*1000:7.1f} ms | p50 {float(kv['p50_ms']):6.1f} p95 {float(kv['p95_ms']):6.1f} p99 {float(kv['p99_ms']):6.1f} ms | {float(kv['rps']):7.0f} req/s | errors {kv['non2xx_or_errors']}\")
"
}

# Seeds a voting day, serves it and loads its pages. $1: stations, $2: reports.
run() {
  local stations=$1 reports=$2 id
  id=$( { /usr/bin/time -f "demo: %e s wall, %M KB peak" \
          $BIN demo --election --stations "$stations" --reports "$reports" --voting-day "$DAY" \
          2> >(tr '\r' '\n' | grep -E '^(demo|election demo)' >&2); } )
  echo "election $id: $stations stations, $reports reports, voting day $DAY"
  if [[ $CIVIC_DATABASE_URL == postgres* ]]; then
    psql -q "$CIVIC_DATABASE_URL" -c "VACUUM ANALYZE" >/dev/null
  fi
  serve
  # A station with reports, and words of an address the demo gives its stations.
  load "/elections/$id"
  load "/elections/$id/stations?q=%D0%B0%D0%B1%D0%B0%D0%B9+12"
  load "/elections/$id/stations?q=$((stations / 2))"
  load "/elections/$id/stations/$((stations / 3))"
  stop
}

echo "== PostgreSQL, $STATIONS stations, $REPORTS reports"
psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
export CIVIC_DATABASE_URL="$PGURL/$DB"
run "$STATIONS" "$REPORTS"

echo "== SQLite, $SQLITE_STATIONS stations, $SQLITE_REPORTS reports"
export CIVIC_DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"
run "$SQLITE_STATIONS" "$SQLITE_REPORTS"
