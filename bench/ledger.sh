#!/usr/bin/env bash
# Benchmark: `civic-tracker ledger verify` recomputing the public ledger's chain from the
# database (issue 18: a million entries in under 10 s).
#
#   bench/ledger.sh                                # SQLite, 200,000 demo problems
#   BACKEND=postgres bench/ledger.sh               # the same on PostgreSQL
#   PROBLEMS=20000 RUNS=1 bench/ledger.sh          # a quicker look
#   BIN=target/release/civic-tracker bench/ledger.sh   # that binary, no build
#
# Needs: for PostgreSQL, a server on 127.0.0.1:5432 (trust auth, as on the dev machines).
# It builds the release binary, fills a throw-away database with `civic-tracker demo
# --problems $PROBLEMS` (200,000 problems make about 1.15 million public entries: each
# problem's history through the service's own writers, so every public event is in the
# log), then runs `civic-tracker ledger verify` $RUNS times (3), printing its answer, wall
# time and peak memory each time.
# Then (unless BACKFILL=0) the upgrade of a database that had no ledger: it drops the
# ledger's tables and forgets their two migrations, times `civic-tracker migrate` (which
# back-fills the log from the existing history, in event order) and verifies the result.
set -euo pipefail
cd "$(dirname "$0")/.."
PROBLEMS=${PROBLEMS:-200000}
RUNS=${RUNS:-3}
BACKEND=${BACKEND:-sqlite}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
WORK=$(mktemp -d)
PGDB=ct_bench_ledger_$$
cleanup() {
  if [ "$BACKEND" = postgres ]; then
    psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/civic-tracker
fi
if [ "$BACKEND" = postgres ]; then
  psql "$PGURL/postgres" -qc "CREATE DATABASE $PGDB" >/dev/null
  export CIVIC_DATABASE_URL="$PGURL/$PGDB"
else
  export CIVIC_DATABASE_URL="sqlite://$WORK/ct.db?mode=rwc"
fi
export CIVIC_MAIL__FILE_DIR="$WORK/mail"
echo "demo: $PROBLEMS problems on $BACKEND"
/usr/bin/time -f "demo: %e s, peak %M KB" "$BIN" demo --problems "$PROBLEMS" 2>&1 >/dev/null \
  | grep -E '^demo' || true
for run in $(seq "$RUNS"); do
  /usr/bin/time -f "verify $run: %e s wall, %U s user, peak %M KB" "$BIN" ledger verify
done
if [ "${BACKFILL:-1}" = 1 ]; then
  reset="DROP TABLE redactions; DROP TABLE ledger_texts; DROP TABLE ledger_checkpoints; \
DROP TABLE ledger_entries; DELETE FROM seaql_migrations \
WHERE version IN ('m20261205_000001_ledger', 'm20261205_100001_redactions');"
  if [ "$BACKEND" = postgres ]; then
    psql "$CIVIC_DATABASE_URL" -qc "$reset DROP FUNCTION ledger_append_only() CASCADE; \
DROP FUNCTION ledger_texts_redact_only() CASCADE;" >/dev/null
    psql "$CIVIC_DATABASE_URL" -qc "VACUUM ANALYZE problem_events" >/dev/null
  else
    sqlite3 "$WORK/ct.db" "$reset"
  fi
  /usr/bin/time -f "back-fill (migrate): %e s wall, %U s user, peak %M KB" "$BIN" migrate >/dev/null
  /usr/bin/time -f "verify after the back-fill: %e s wall, %U s user, peak %M KB" "$BIN" ledger verify
fi
