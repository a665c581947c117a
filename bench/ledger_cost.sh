#!/usr/bin/env bash
# Benchmark: what appending to the public ledger costs filings (issue 18: less than 10 % of
# the submission benchmark's throughput), as an A/B of two release builds on PostgreSQL:
#   base    - the last commit before the ledger ($BASE, default 9a0e9b3), built once into
#             target/bench-base from a temporary worktree;
#   ledger  - this checkout.
# Each gets its own throw-away database filled by its own `demo --problems 2000` (so both
# have the demo's representatives and routing rules) and runs as `serve --no-scheduler`
# with the same settings. Two workloads, $CLIENTS clients each (wrk, bench/post.lua):
#   api      - POST /api/v1/problems, what bench/submit.sh measures: a filing waits for
#              the citizen's confirmation, so it appends nothing;
#   open311  - POST /open311/v2/requests.json with a trusted api_key: confirmed and routed
#              in the request, so it appends two entries (under the ledger's lock).
# Rounds alternate which build goes first; each prints both builds' req/s and p99 and the
# ratio ledger/base; the last line gives the median ratio per workload.
#
#   bench/ledger_cost.sh                          # 8 clients, 6 rounds of 10 s
#   CLIENTS=16 DURATION=5 ROUNDS=10 bench/ledger_cost.sh
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth), wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-6}
BASE=${BASE:-9a0e9b3}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
SOCKET="?host=${PGSOCKET:-/var/run/postgresql}"
RUN=$$
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for side in base ledger; do
    psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS ct_cost_${side}_$RUN WITH (FORCE)" >/dev/null 2>&1 || true
  done
  git worktree remove --force "$WORK/src" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --release --quiet
if [ ! -x target/bench-base/release/civic-tracker ] \
  || [ "$(cat target/bench-base/commit 2>/dev/null)" != "$(git rev-parse "$BASE")" ]; then
  echo "building $BASE into target/bench-base (once)"
  git worktree add --detach --quiet "$WORK/src" "$BASE"
  cargo build --release --quiet --manifest-path "$WORK/src/Cargo.toml" --target-dir target/bench-base
  git rev-parse "$BASE" > target/bench-base/commit
fi
# Both run from the temporary folder: each with its own built-in configuration (this
# checkout's config/default.toml has sections the base does not know).
declare -A BIN=([base]=$PWD/target/bench-base/release/civic-tracker [ledger]=$PWD/target/release/civic-tracker)
POST_LUA=$PWD/bench/post.lua
declare -A PORT=([base]=18091 [ledger]=18092)
declare -A KEY

for side in base ledger; do
  db="$PGURL/ct_cost_${side}_$RUN"
  psql "$PGURL/postgres" -qc "CREATE DATABASE ct_cost_${side}_$RUN" >/dev/null
  export CIVIC_DATABASE_URL="$db$SOCKET" CIVIC_MAIL__FILE_DIR="$WORK/mail-$side"
  mkdir -p "$WORK/$side"
  cd "$WORK/$side"
  "${BIN[$side]}" demo --problems 2000 >/dev/null
  KEY[$side]=$("${BIN[$side]}" token create --email admin@demo.example.kz --open311 --trusted)
  CIVIC_LISTEN="127.0.0.1:${PORT[$side]}" CIVIC_DATABASE__MAX_CONNECTIONS=$CLIENTS \
    CIVIC_DATABASE__SUBMIT_CONNECTIONS=$CLIENTS CIVIC_LIMITS__ENABLED=false \
    CIVIC_MAIL__DELIVER=false RUST_LOG=warn \
    "${BIN[$side]}" serve --no-scheduler > "$WORK/server-$side.log" 2>&1 &
  PIDS+=($!)
  cd - >/dev/null
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:${PORT[$side]}/healthz" >/dev/null && break; sleep 0.2; done
done
unset CIVIC_DATABASE_URL

entries() { psql "$PGURL/ct_cost_ledger_$RUN" -tAc "SELECT count(*) FROM ledger_entries"; }
phase() { # $1 side, $2 workload, $3 seconds; sets RPS and P99
  local key=""
  [ "$2" = open311 ] && key=${KEY[$1]}
  psql "$PGURL/postgres" -qc CHECKPOINT
  OPEN311_KEY=$key wrk -t 2 -c "$CLIENTS" -d "$3s" --latency -s "$POST_LUA" \
    "http://127.0.0.1:${PORT[$1]}" > "$WORK/wrk.txt"
  if ! grep -q 'non2xx=0' "$WORK/wrk.txt"; then
    echo "$1 $2: some requests failed" >&2; cat "$WORK/wrk.txt" >&2; exit 1
  fi
  RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk.txt")
  P99=$(sed -nE 's/.*p99_ms=([0-9.]+).*/\1/p' "$WORK/wrk.txt")
}

for w in api open311; do phase base "$w" 3; phase ledger "$w" 3; done # warm-up
declare -A RATIOS=([api]="" [open311]="")
for round in $(seq 1 "$ROUNDS"); do
  for w in api open311; do
    before=$(entries)
    if [ $((round % 2)) = 1 ]; then order="base ledger"; else order="ledger base"; fi
    declare -A R=() L=()
    for side in $order; do phase "$side" "$w" "$DURATION"; R[$side]=$RPS; L[$side]=$P99; done
    ratio=$(awk -v a="${R[ledger]}" -v b="${R[base]}" 'BEGIN {printf "%.3f", a / b}')
    RATIOS[$w]="${RATIOS[$w]} $ratio"
    echo "round $round $w: base ${R[base]} req/s (p99 ${L[base]} ms), ledger ${R[ledger]} req/s (p99 ${L[ledger]} ms), ratio $ratio, entries appended $(($(entries) - before))"
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {printf "median %s (lowest %s, highest %s)", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo "== result, ledger/base req/s: api $(median "${RATIOS[api]}"); open311 (trusted) $(median "${RATIOS[open311]}"); $ROUNDS rounds of ${DURATION}s, $CLIENTS clients"
