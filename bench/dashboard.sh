#!/usr/bin/env bash
# Benchmark: the dashboards at scale (issue 4).
#
#   bench/dashboard.sh                                   # 1,000,000 problems; 100,000 on SQLite
#   PROBLEMS=100000 SQLITE_PROBLEMS=20000 DURATION=10s bench/dashboard.sh   # a quicker look
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth), pgbench, wrk (`apt-get install wrk`),
# python3 and GNU time. It builds the release binary and, on a throw-away PostgreSQL
# database:
#   1. `civic-tracker demo --problems $PROBLEMS` under /usr/bin/time (target: under 5 min);
#   2. starts `civic-tracker serve --no-scheduler`, prints how long counting each standard
#      period took at start-up, and for the overview and the league table (last 30 days)
#      plus the 365-day overview and /api/v1/stats times one first request (building that
#      view from the counts) and then runs wrk with $CLIENTS (16) connections for
#      $DURATION, reporting p50/p95/p99 (target: p95 under 50 ms);
#   3. in the same run, runs the naive SQL the overview and the league table would need per
#      request (bench/naive_overview.sql, bench/naive_league.sql) with pgbench, one client
#      and $CLIENTS clients, and prints p95(naive) / p95(service);
#   4. downloads /export/problems.csv, timing it and sampling the server's memory
#      (target: over 50,000 rows/s with flat memory);
# then the same pages on SQLite with $SQLITE_PROBLEMS problems (target: p95 under 100 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
PROBLEMS=${PROBLEMS:-1000000}
SQLITE_PROBLEMS=${SQLITE_PROBLEMS:-100000}
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-20s}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=ct_bench_dash_$$
PORT=${PORT:-18091}
WORK=$(mktemp -d)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --release --quiet
BIN=./target/release/civic-tracker
export CIVIC_MAIL__DELIVER=false CIVIC_MAIL__FILE_DIR="$WORK/mail" RUST_LOG=warn
# The benchmark is one client address asking as fast as it can: no rate limits.
export CIVIC_LIMITS__ENABLED=false

serve() {
  RUST_LOG=warn,civic_tracker::services::stats=info CIVIC_LISTEN="127.0.0.1:$PORT" \
    $BIN serve --no-scheduler > "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
}
# The service counts the standard periods at start-up; prints how long each took.
counted() {
  for _ in $(seq 1 1500); do
    [ "$(grep -c 'dashboard figures counted' "$WORK/server.log")" -ge 4 ] && break
    sleep 0.2
  done
  grep 'dashboard figures counted' "$WORK/server.log" | sed -E 's/\x1b\[[0-9;]*m//g' \
    | sed -E 's/.*days=([0-9]+).*elapsed_ms=([0-9]+).*/counting the last \1 days at start-up: \2 ms/'
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

# Prints "first=<s> p50=.. p95=.. p99=.. rps=.. errors=.." for one URL path.
load() {
  local path=$1 first line
  first=$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$path")
  line=$(wrk -t2 -c"$CLIENTS" -d"$DURATION" --latency -s bench/p95.lua "http://127.0.0.1:$PORT$path" | grep '^RESULT')
  echo "$line" | python3 -c "
import sys
kv = dict(x.split('=') for x in sys.stdin.read().split()[1:])
print(f\"{'$path':<44} first {float('$first')*1000:7.0f} ms | p50 {float(kv['p50_ms']):6.1f} p95 {float(kv['p95_ms']):6.1f} p99 {float(kv['p99_ms']):6.1f} ms | {float(kv['rps']):7.0f} req/s | errors {kv['non2xx_or_errors']}\")
print(kv['p95_ms'], file=open('$WORK/p95' + '$path'.replace('/', '_').replace('?', '_').replace('=', '_').replace('&', '_'), 'w'))
"
}
p95_of() { cat "$WORK/p95$(echo "$1" | tr '/?=&' '____')"; }

# p95 latency (ms) of a pgbench script with N clients, from the per-transaction log.
naive() {
  local file=$1 clients=$2
  rm -f "$WORK"/pgbench_log.*
  (cd "$WORK" && pgbench -n -c "$clients" -j 2 -T "${DURATION%s}" -f "$OLDPWD/$file" -l --log-prefix=pgbench_log "$PGURL/$DB" >/dev/null 2>&1)
  cat "$WORK"/pgbench_log.* | python3 -c "
import sys
lat = sorted(int(l.split()[2]) for l in sys.stdin if l.strip())
print(f'{lat[int(len(lat) * 0.95) - 1] / 1000:.1f} {lat[len(lat) // 2] / 1000:.1f} {len(lat)}')
"
}

echo "== PostgreSQL, $PROBLEMS problems"
psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
export CIVIC_DATABASE_URL="$PGURL/$DB"
/usr/bin/time -f 'demo: %e s wall, %M KB peak' $BIN demo --problems "$PROBLEMS" 2>&1 \
  | tr '\r' '\n' | grep -E '^(demo|deadlines)' || true
psql -q "$CIVIC_DATABASE_URL" -c "VACUUM ANALYZE" >/dev/null
psql -At "$CIVIC_DATABASE_URL" -c "SELECT 'rows: ' || (SELECT count(*) FROM problems) || ' problems, ' || (SELECT count(*) FROM problem_events) || ' events, ' || (SELECT count(*) FROM problems WHERE status IN ('new','assigned','acknowledged','in_progress','reopened','rejected')) || ' open'"

serve
counted
for path in "/dashboard?period=30" "/dashboard/representatives?period=30" "/dashboard?period=365" "/api/v1/stats?period=30"; do
  load "$path"
done
stop

for what in overview league; do
  read -r n1_p95 n1_p50 n1_count <<<"$(naive "bench/naive_$what.sql" 1)"
  read -r n16_p95 n16_p50 n16_count <<<"$(naive "bench/naive_$what.sql" "$CLIENTS")"
  case $what in overview) path="/dashboard?period=30";; league) path="/dashboard/representatives?period=30";; esac
  service=$(p95_of "$path")
  python3 -c "print(f'naive SQL {\"$what\":<9} 1 client: p50 {$n1_p50:7.1f} p95 {$n1_p95:7.1f} ms | $CLIENTS clients: p50 {$n16_p50:7.1f} p95 {$n16_p95:7.1f} ms ($n16_count runs) | p95 naive/service at $CLIENTS clients: {$n16_p95 / max($service, 0.001):.0f}x')"
done

serve
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$SERVER/status"; }
before=$(rss)
( while kill -0 "$SERVER" 2>/dev/null; do rss >> "$WORK/rss"; sleep 0.2; done ) &
start=$(date +%s.%N)
rows=$(( $(curl -sf "http://127.0.0.1:$PORT/export/problems.csv" | wc -l) - 1 ))
secs=$(echo "$(date +%s.%N) - $start" | bc)
peak=$(sort -n "$WORK/rss" | tail -1)
python3 -c "print(f'export csv: {$rows} rows in {$secs:.1f} s = {$rows / $secs:,.0f} rows/s; server memory {$before} MB before, {$peak} MB peak')"
stop

echo "== SQLite, $SQLITE_PROBLEMS problems"
export CIVIC_DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"
/usr/bin/time -f 'demo: %e s wall, %M KB peak' $BIN demo --problems "$SQLITE_PROBLEMS" 2>&1 \
  | tr '\r' '\n' | grep -E '^demo' || true
serve
counted
for path in "/dashboard?period=30" "/dashboard/representatives?period=30" "/dashboard?period=365" "/api/v1/stats?period=30"; do
  load "$path"
done
stop
