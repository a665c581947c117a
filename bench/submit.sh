#!/usr/bin/env bash
# Benchmark: sustained POST /api/v1/problems throughput on PostgreSQL, next to the raw
# database ceiling measured in the same run.
#
#   bench/submit.sh                       # 8 clients, 20 rounds of 5 s per phase
#   CLIENTS=8 DURATION=10 ROUNDS=10 bench/submit.sh
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth, as on the dev machines), pgbench, wrk
# (apt-get install wrk). It builds the release binary, creates one throw-away database,
# and prints:
#   ceiling  - pgbench transactions/s running, per transaction, the statement the service
#              runs per submission on PostgreSQL (one INSERT writing the problem, its
#              event, its outbox mail and its idempotency key), with -M prepared;
#   service  - wrk requests/s against the running service (every request a new problem
#              with its own Idempotency-Key), with its p50/p99 latency;
#   ratio    - service / ceiling, per round, and their median, lowest and highest.
# "stored" counts the problems the service created in the round (it must equal the requests).
# Both phases write into the same database, so that both see the same table sizes; the
# phases alternate, and their order flips every round (the later phase of a round meets
# bigger tables). Before each phase PostgreSQL checkpoints, so that no checkpoint's
# writes land on one side by chance. A short unmeasured warm-up of each phase comes first.
# Short phases pair better: on a shared machine the neighbours' load changes within
# seconds, and the two phases of a round should see the same neighbours.
# The service gets $CLIENTS submission connections (database.submit_connections), as
# pgbench has $CLIENTS clients, and tokio's default worker threads (one per core), as it
# ships; SERVICE_THREADS=N sets N.
# The service phase runs as a web-only process (`serve --no-scheduler`: no jobs, no mail
# delivery) so that both sides do the same work; WORKER=1 runs the jobs and the mail worker
# too, writing .eml files to a temp folder, to see the cost of delivery in the same process.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-20}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
# Both sides reach PostgreSQL the same way: by default through its Unix socket (as a
# service on the database's host would; TRANSPORT=tcp uses 127.0.0.1 without TLS).
if [ "${TRANSPORT:-unix}" = unix ]; then
  SSL="?host=${PGSOCKET:-/var/run/postgresql}"
else
  SSL="?sslmode=${PGSSLMODE:-disable}"
fi
PORT=${PORT:-18080}
RUN=$$
WORK=$(mktemp -d)
DB="$PGURL/ct_bench_$RUN"
trap 'kill $SERVER 2>/dev/null || true; psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS ct_bench_$RUN WITH (FORCE)" >/dev/null; rm -rf "$WORK"' EXIT
SERVER=""

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet

psql "$PGURL/postgres" -qc "CREATE DATABASE ct_bench_$RUN" >/dev/null

# --- ceiling: the service's own schema and reference data, statements via pgbench ---
CTX='{"confirm_url":"http://127.0.0.1:8080/confirm/J1GqFgcfx-jcN8ysfEvJn_u7_Q2tqhU6","lang":"en","org":"League of Nur Otan Supporters","party":"Amanat","problem":{"category":"Roads and pavements","id":1,"reference":"CT-000001","region":"Astana","status":"unconfirmed","title":"Broken street light","url":"http://127.0.0.1:8080/problems/1"},"retention_days":7,"tracking_url":"http://127.0.0.1:8080/track/zWNgB27iBIdjLZuCZmNJYckjIqq6ZT_t","workspace_url":"http://127.0.0.1:8080/workspace/problems/1"}'
# The statement the service runs per submission on PostgreSQL (src/services/intake/
# postgres.rs): problem, event, outbox mail and idempotency key in one INSERT with WITH
# clauses. The service takes its ids from the sequence 64 at a time; here each
# transaction takes its own with nextval() (the same sequence: both write the same table).
cat > "$WORK/submit.sql" <<SQL
\set n random(1, 2000000000)
WITH p AS (INSERT INTO problems (id, title, description, category_code, region_code, address, latitude, longitude, citizen_email, citizen_name, anonymous, status, tracking_token, confirm_token_hash, open311_token, citizen_phone, citizen_device_id, citizen_account_id, media_url, created_at, updated_at, reassign_requested, question_pending, overdue, escalated, ack_notices, resolve_notices, support_count) SELECT nextval('problems_id_seq'), 'Broken street light', 'The street light at the corner has been broken for two weeks.', 'roads', 'KZ-71', NULL, NULL, NULL, 'citizen@example.kz', 'Aigerim', false, 'unconfirmed', md5(random()::text || :n) || :client_id, md5(random()::text), NULL, NULL, NULL, NULL, NULL, now(), now(), false, false, false, false, 0, 0, 0 RETURNING id),
e AS (INSERT INTO problem_events (problem_id, created_at, actor_kind, action, to_status) SELECT id, now(), 'citizen', 'submit', 'unconfirmed' FROM p),
o AS (INSERT INTO outbox (recipient, kind, context, problem_id, state, attempts, created_at, next_attempt_at) SELECT 'citizen@example.kz', 'confirm_problem', '$CTX', id, 'pending', 0, now(), now() FROM p)
INSERT INTO idempotency_keys (key, request_hash, status_code, response_body, created_at) SELECT 'bench-' || :client_id || '-' || :n || '-' || id, md5(random()::text), 201, '{"id":1,"reference":"CT-000001","status":"unconfirmed"}', now() FROM p;
SQL
# --- the service, up for all rounds ---
THREADS_ENV=()
[ -z "${SERVICE_THREADS:-}" ] || [ "$SERVICE_THREADS" = 0 ] || THREADS_ENV=(TOKIO_WORKER_THREADS="$SERVICE_THREADS")
env "${THREADS_ENV[@]}" CIVIC_DATABASE_URL="$DB$SSL" CIVIC_LISTEN="127.0.0.1:$PORT" \
  CIVIC_MAIL__FILE_DIR="$WORK/mail" CIVIC_DATABASE__MAX_CONNECTIONS=$CLIENTS RUST_LOG=warn \
  CIVIC_DATABASE__SUBMIT_CONNECTIONS=$CLIENTS \
  CIVIC_LIMITS__ENABLED=false \
  CIVIC_MAIL__DELIVER=$([ "${WORKER:-0}" = 1 ] && echo true || echo false) \
  ./target/release/civic-tracker serve $([ "${WORKER:-0}" = 1 ] || echo --no-scheduler) > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

ceiling_phase() { # $1 seconds; sets CEILING (tx/s)
  psql "$PGURL/postgres" -qc CHECKPOINT
  pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$1" -f "$WORK/submit.sql" "$DB$SSL" > "$WORK/pgbench.txt" 2>&1
  CEILING=$(awk -F'= ' '/^tps/ {print $2}' "$WORK/pgbench.txt" | awk '{printf "%.0f", $1}')
}
service_phase() { # $1 seconds; sets SERVICE (req/s), P99, LAT and STORED
  psql "$PGURL/postgres" -qc CHECKPOINT
  local before after
  before=$(psql "$DB" -tAc "select count(*) from problems")
  wrk -t "${WRK_THREADS:-2}" -c "$CLIENTS" -d "$1s" --latency -s bench/post.lua "http://127.0.0.1:$PORT" > "$WORK/wrk.txt"
  after=$(psql "$DB" -tAc "select count(*) from problems")
  STORED=$((after - before))
  SERVICE=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk.txt")
  LAT=$(grep -E '^p50_ms' "$WORK/wrk.txt")
  P99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$LAT")
}

# Warm-up (connections, caches, prepared statements), not counted.
ceiling_phase 3
service_phase 3
RATIOS=()
P99S=()
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then ceiling_phase "$DURATION"; service_phase "$DURATION"
  else service_phase "$DURATION"; ceiling_phase "$DURATION"; fi
  RATIO=$(awk -v s="$SERVICE" -v c="$CEILING" 'BEGIN {printf "%.2f", s / c}')
  RATIOS+=("$RATIO")
  P99S+=("$P99")
  echo "round $round: ceiling_tps=$CEILING service_rps=$SERVICE ratio=$RATIO $LAT stored=$STORED"
done
summary() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "median %s (lowest %s, highest %s)", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo "== result: ratio service/ceiling $(summary "${RATIOS[@]}"); p99 ms $(summary "${P99S[@]}"); $ROUNDS rounds of ${DURATION}s, $CLIENTS clients"
