#!/usr/bin/env bash
# Benchmark: every public read at a million problems (issue 17).
#
#   bench/reads.sh                              # 1,000,000 problems, 16 clients, 10 s per read
#   KEEP_DB=ct_reads bench/reads.sh             # seed once into ct_reads, reuse it next time
#   PROBLEMS=100000 DURATION=5s bench/reads.sh  # a quicker look
#   UNCACHED=1 KEEP_DB=ct_reads bench/reads.sh  # every request built afresh
#
# The service keeps lists, pages and Open311 answers for `dashboard.max_age_seconds`
# (src/services/queries/recent.rs), so a read repeated by 16 clients is mostly answered from
# memory, as it would be when a link goes round. UNCACHED=1 sets that to 0 and measures
# what each request costs when it is built (the reads that need the dashboards' memo, the
# home page, /api/v1/stats and the dashboards, are left out then: without it they count
# afresh on every request).
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth), wrk (`apt-get install wrk`), python3,
# curl. It builds the release binary and, on a PostgreSQL database (a throw-away one, or
# $KEEP_DB, seeded only when it does not hold $PROBLEMS problems yet):
#   1. `civic-tracker demo --problems $PROBLEMS`, then VACUUM ANALYZE;
#   2. starts `civic-tracker serve --no-scheduler` and, while it counts the dashboards'
#      figures at start-up, times /api/v1/stats and / (target: answered within 100 ms,
#      "being counted" or figures);
#   3. for each read below (the demo's titles are English: its searches look for English
#      words, plus one Kazakh word that matches nothing), wrk with $CLIENTS connections for $DURATION: p50/p95/p99 and
#      req/s (target: p95 under 50 ms; searches under 100 ms). Deep pages are keyset
#      pages 50,000 problems into the list (their cursor is read from the database);
#   4. downloads /export/problems.csv and .json, rows/s and the server's peak memory
#      (target: over 50,000 rows/s, flat memory);
# and prints one table.
set -euo pipefail
cd "$(dirname "$0")/.."
PROBLEMS=${PROBLEMS:-1000000}
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-10s}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=${KEEP_DB:-ct_bench_reads_$$}
PORT=${PORT:-18093}
WORK=$(mktemp -d)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  if [ -z "${KEEP_DB:-}" ]; then
    psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --release --quiet
BIN=./target/release/civic-tracker
export CIVIC_MAIL__DELIVER=false CIVIC_MAIL__FILE_DIR="$WORK/mail" RUST_LOG=warn
# One client address asking as fast as it can: no rate limits.
export CIVIC_LIMITS__ENABLED=false
export CIVIC_DATABASE_URL="$PGURL/$DB"
[ -n "${UNCACHED:-}" ] && export CIVIC_DASHBOARD__MAX_AGE_SECONDS=0
sql() { psql -At "$CIVIC_DATABASE_URL" -c "$1"; }

if ! psql "$PGURL/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
fi
have=$(sql "SELECT count(*) FROM problems" 2>/dev/null || echo 0)
if [ "$have" -lt "$PROBLEMS" ]; then
  [ "$have" -eq 0 ] || { echo "$DB holds $have problems, fewer than $PROBLEMS: drop it first" >&2; exit 1; }
  echo "seeding $PROBLEMS problems into $DB ..."
  $BIN demo --problems "$PROBLEMS" 2>&1 | tr '\r' '\n' | grep -E '^demo data' || true
  sql "VACUUM ANALYZE" >/dev/null
fi

serve() {
  CIVIC_LISTEN="127.0.0.1:$PORT" $BIN serve --no-scheduler > "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }
once() { curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT$1"; }

serve
# Right after start-up the figures are being counted: nothing may wait for them.
read -r stats_code stats_s <<<"$(once /api/v1/stats)"
read -r home_code home_s <<<"$(once /)"
# Then let the counting finish before measuring.
for _ in $(seq 1 600); do [ "$(once /api/v1/stats | cut -d' ' -f1)" = 200 ] && break; sleep 0.5; done

# Cursors 50,000 problems deep, and a problem and a representative to look at.
deep=$(sql "SELECT id FROM problems WHERE status <> 'unconfirmed' ORDER BY id DESC OFFSET 50000 LIMIT 1")
deep_region=$(sql "SELECT id FROM problems WHERE status <> 'unconfirmed' AND region_code = 'KZ-71' ORDER BY id DESC OFFSET 20000 LIMIT 1")
deep_support=$(sql "SELECT support_count || '.' || id FROM problems WHERE status <> 'unconfirmed' ORDER BY support_count DESC, id DESC OFFSET 50000 LIMIT 1")
open311_deep=$(sql "SELECT id FROM problems WHERE status <> 'unconfirmed' AND confirmed_at >= now() - interval '89 days' ORDER BY confirmed_at DESC, id DESC OFFSET 20000 LIMIT 1")
problem=$(sql "SELECT id FROM problems WHERE status <> 'unconfirmed' ORDER BY id LIMIT 1 OFFSET 500000")
rep=$(sql "SELECT representative_id FROM problems WHERE representative_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
category=$(sql "SELECT category_code FROM problems GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
month=$(date -u -d '-60 days' +%Y-%m)
title=$(sql "SELECT title FROM problems WHERE region_code = 'KZ-71' AND category_code = '$category' ORDER BY id DESC LIMIT 1")
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

READS=(
  "/"
  "/problems"
  "/problems?region=KZ-71"
  "/problems?region=KZ-71&cursor=$deep_region"
  "/problems?category=$category&status=closed"
  "/problems?sort=support"
  "/problems?sort=support&cursor=$deep_support"
  "/problems?page=50"
  "/problems?overdue=true&region=KZ-75"
  "/problems?verdict=fixed"
  "/problems?received_from=$month-01&received_to=$month-28"
  "/problems?representative=$rep"
  "/problems/$problem"
  "/api/v1/problems?per_page=50"
  "/api/v1/problems?per_page=50&cursor=$deep"
  "/api/v1/problems?region=KZ-71&status=in_progress"
  "/api/v1/stats"
  "/feeds/problems.atom"
  "/feeds/problems.atom?cursor=$deep"
  "/open311/v2/requests.json"
  "/open311/v2/requests.json?page_size=50&cursor=$open311_deep"
  "/open311/v2/requests.xml?service_code=$category&status=open"
  "/dashboard/representatives/$rep"
  "/dashboard/regions"
  "/api/v1/problems/similar?title=$(enc "$title")&region=KZ-71&category=$category"
  "/api/v1/problems?q=pothole"
  "/api/v1/problems?q=$(enc "hot water")&region=KZ-71"
  "/problems?q=heating"
  "/api/v1/problems?q=$(enc "жолдар")"
  "/open311/v2/requests.json?q=bus&page_size=50"
)

table="$WORK/table"
printf '%-70s %6s %7s %7s %7s %8s %6s\n' "read ($CLIENTS clients, $DURATION)" first p50 p95 p99 "req/s" errors > "$table"
for path in "${READS[@]}"; do
  if [ -n "${UNCACHED:-}" ]; then
    case $path in /|/api/v1/stats|/dashboard*) continue ;; esac
  fi
  read -r code first <<<"$(once "$path")"
  line=$(wrk -t2 -c"$CLIENTS" -d"$DURATION" --latency -s bench/p95.lua "http://127.0.0.1:$PORT$path" | grep '^RESULT')
  python3 - "$path" "$code" "$first" "$line" >> "$table" <<'EOF'
import sys
path, code, first, line = sys.argv[1:]
kv = dict(x.split('=') for x in line.split()[1:])
shown = path if len(path) <= 70 else path[:67] + '...'
errors = int(kv['non2xx_or_errors']) + (0 if code == '200' else 1)
print(f"{shown:<70} {float(first)*1000:5.0f}ms {float(kv['p50_ms']):6.1f} {float(kv['p95_ms']):6.1f} {float(kv['p99_ms']):6.1f} {float(kv['rps']):8.0f} {errors:6d}")
EOF
  tail -1 "$table"
done

# Exports: rows per second and the server's memory while they stream.
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$SERVER/status"; }
exports=""
for path in "/export/problems.csv" "/export/problems.json" "/export/problems.csv?region=KZ-71"; do
  before=$(rss)
  rm -f "$WORK/rss"
  ( while kill -0 "$SERVER" 2>/dev/null; do rss >> "$WORK/rss"; sleep 0.2; done ) &
  sampler=$!
  start=$(date +%s.%N)
  curl -sf "http://127.0.0.1:$PORT$path" -o "$WORK/export"
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  kill "$sampler" 2>/dev/null || true
  case $path in
    *.json*) rows=$(grep -c '"reference"' "$WORK/export") ;;
    *) rows=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open('$WORK/export', newline=''))) - 1)") ;;
  esac
  peak=$(sort -n "$WORK/rss" | tail -1)
  exports+=$(python3 -c "print(f'{\"$path\":<40} {$rows:>9,} rows in {$secs:5.1f} s = {$rows / $secs:>9,.0f} rows/s; server memory {$before} MB before, {$peak} MB peak')")$'\n'
done
stop

echo
echo "== $PROBLEMS problems on PostgreSQL ($(sql "SELECT count(*) FROM problem_events") events)"
echo "while the figures were being counted at start-up: /api/v1/stats $stats_code in $(python3 -c "print(f'{$stats_s*1000:.0f}')") ms, / $home_code in $(python3 -c "print(f'{$home_s*1000:.0f}')") ms (target: 100 ms)"
cat "$table"
echo
printf '%s' "$exports"
