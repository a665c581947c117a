#!/usr/bin/env bash
# Benchmark: search (`q=`) on 1,000,000 problems on PostgreSQL (issue 17).
#
#   bench/search.sh                                  # 1,000,000 problems, 16 clients, 10 s
#   DB=ct_search_1m KEEP=1 bench/search.sh           # reuse (and keep) a database already filled
#   PROBLEMS=100000 DURATION=5s bench/search.sh      # a quicker look
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth) and wrk. It builds the release binary,
# fills a throw-away database with `civic-tracker demo --problems $PROBLEMS` (unless $DB
# already has problems) and gives 1 problem in 10,000 the rare Kazakh word «жолдарды»;
# then serves it and runs wrk with $CLIENTS connections for $DURATION against
# /api/v1/problems for one common word, two words, the rare word (searched as «жолдар») and
# a common word with a region filter, printing p50/p95/p99 (target: p95 at most 100 ms),
# and EXPLAIN ANALYZE of the first search's query.
set -euo pipefail
cd "$(dirname "$0")/.."
PROBLEMS=${PROBLEMS:-1000000}
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-10s}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=${DB:-ct_bench_search_$$}
PORT=${PORT:-18093}
WORK=$(mktemp -d)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --release --quiet
BIN=./target/release/civic-tracker
export CIVIC_DATABASE_URL="$PGURL/$DB" CIVIC_MAIL__DELIVER=false CIVIC_MAIL__FILE_DIR="$WORK/mail"
# No rate limits; and no background recount of the dashboards' figures during the runs.
export RUST_LOG=warn CIVIC_LIMITS__ENABLED=false CIVIC_DASHBOARD__MAX_AGE_SECONDS=100000
psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" 2>/dev/null || true
$BIN migrate >/dev/null
if [ "$(psql "$PGURL/$DB" -Atc 'SELECT count(*) FROM problems')" = 0 ]; then
  $BIN demo --problems "$PROBLEMS" >/dev/null
fi
psql "$PGURL/$DB" -qc "UPDATE problems SET title = title || ' жолдарды'
  WHERE id % 10000 = 7 AND title NOT LIKE '%жолдарды'"
psql "$PGURL/$DB" -qc "VACUUM ANALYZE problems"
echo "problems: $(psql "$PGURL/$DB" -Atc 'SELECT count(*) FROM problems')"

CIVIC_LISTEN="127.0.0.1:$PORT" $BIN serve --no-scheduler > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
# The start-up count of the dashboards' figures first (a few seconds on 1,000,000 problems).
for _ in $(seq 1 120); do
  [ "$(psql "$PGURL/$DB" -Atc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB'
        AND state <> 'idle' AND pid <> pg_backend_pid()")" = 0 ] && break
  sleep 1
done

for query in "q=street" "q=hot+water" "q=%D0%B6%D0%BE%D0%BB%D0%B4%D0%B0%D1%80" "q=bus&region=KZ-75"; do
  url="http://127.0.0.1:$PORT/api/v1/problems?$query"
  total=$(curl -sf "$url" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  line=$(wrk -t2 -c"$CLIENTS" -d"$DURATION" --latency -s bench/p95.lua "$url" | grep '^RESULT')
  printf '%-45s total %5s  %s\n' "$query" "$total" "${line#RESULT }"
done

psql "$PGURL/$DB" -c "EXPLAIN ANALYZE SELECT id, support_count,
    ts_rank(search, to_tsquery('simple', 'street:*'))::float8
  FROM (SELECT id, support_count, search FROM problems WHERE status <> 'unconfirmed'
        AND search @@ to_tsquery('simple', 'street:*') ORDER BY id DESC LIMIT 1001) c"
