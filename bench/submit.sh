#!/usr/bin/env bash
# Benchmark: sustained POST /api/v1/problems throughput on PostgreSQL, next to the raw
# database ceiling measured in the same run.
#
#   bench/submit.sh                       # 8 clients, 3 rounds of 20 s per phase
#   CLIENTS=8 DURATION=30 ROUNDS=5 bench/submit.sh
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth, as on the dev machines), pgbench, wrk
# (apt-get install wrk). It builds the release binary, creates two throw-away databases,
# and prints:
#   ceiling  - pgbench transactions/s running, per transaction, the statement the service
#              runs per submission on PostgreSQL (one INSERT writing the problem, its
#              event, its outbox mail and its idempotency key), with -M prepared;
#   service  - wrk requests/s against the running service (every request a new problem
#              with its own Idempotency-Key), with its p50/p99 latency;
#   ratio    - service / ceiling, per round and the median over the rounds.
# "stored" counts the problems the service created in the round (it must equal the requests).
# The service gets $CLIENTS submission connections (database.submit_connections), as
# pgbench has $CLIENTS clients, and SERVICE_THREADS tokio worker threads (default 1: the
# service, PostgreSQL and the load generators share this machine's cores; SERVICE_THREADS=0
# leaves tokio's default, one per core).
# The service phase runs as a web-only process (`serve --no-scheduler`: no jobs, no mail
# delivery) so that both sides do the same work; WORKER=1 runs the jobs and the mail worker
# too, writing .eml files to a temp folder, to see the cost of delivery in the same process.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
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
trap 'kill $SERVER 2>/dev/null || true; psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS ct_bench_svc_$RUN WITH (FORCE)" >/dev/null; psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS ct_bench_raw_$RUN WITH (FORCE)" >/dev/null; rm -rf "$WORK"' EXIT
SERVER=""

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet

psql "$PGURL/postgres" -qc "CREATE DATABASE ct_bench_svc_$RUN" >/dev/null
psql "$PGURL/postgres" -qc "CREATE DATABASE ct_bench_raw_$RUN" >/dev/null

# --- ceiling: the same schema (migrated by the service itself), statements via pgbench ---
CIVIC_DATABASE_URL="$PGURL/ct_bench_raw_$RUN" ./target/release/civic-tracker migrate >/dev/null
CIVIC_DATABASE_URL="$PGURL/ct_bench_raw_$RUN" CIVIC_MAIL__FILE_DIR="$WORK/mail-raw" \
  ./target/release/civic-tracker user add --email seed@bench.kz --role admin >/dev/null
CTX='{"confirm_url":"http://127.0.0.1:8080/confirm/J1GqFgcfx-jcN8ysfEvJn_u7_Q2tqhU6","lang":"en","org":"League of Nur Otan Supporters","party":"Amanat","problem":{"category":"Roads and pavements","id":1,"reference":"CT-000001","region":"Astana","status":"unconfirmed","title":"Broken street light","url":"http://127.0.0.1:8080/problems/1"},"retention_days":7,"tracking_url":"http://127.0.0.1:8080/track/zWNgB27iBIdjLZuCZmNJYckjIqq6ZT_t","workspace_url":"http://127.0.0.1:8080/workspace/problems/1"}'
# The statement the service runs per submission on PostgreSQL (src/services/intake/
# postgres.rs): problem, event, outbox mail and idempotency key in one INSERT with WITH
# clauses. The service takes its ids from the sequence 64 at a time; here each
# transaction takes its own with nextval().
cat > "$WORK/submit.sql" <<SQL
\set n random(1, 2000000000)
WITH p AS (INSERT INTO problems (id, title, description, category_code, region_code, address, latitude, longitude, citizen_email, citizen_name, anonymous, status, tracking_token, confirm_token_hash, open311_token, citizen_phone, citizen_device_id, citizen_account_id, media_url, created_at, updated_at, reassign_requested, question_pending, overdue, escalated, ack_notices, resolve_notices, support_count) SELECT nextval('problems_id_seq'), 'Broken street light', 'The street light at the corner has been broken for two weeks.', 'roads', 'KZ-71', NULL, NULL, NULL, 'citizen@example.kz', 'Aigerim', false, 'unconfirmed', md5(random()::text || :n) || :client_id, md5(random()::text), NULL, NULL, NULL, NULL, NULL, now(), now(), false, false, false, false, 0, 0, 0 RETURNING id),
e AS (INSERT INTO problem_events (problem_id, created_at, actor_kind, action, to_status) SELECT id, now(), 'citizen', 'submit', 'unconfirmed' FROM p),
o AS (INSERT INTO outbox (recipient, kind, context, problem_id, state, attempts, created_at, next_attempt_at) SELECT 'citizen@example.kz', 'confirm_problem', '$CTX', id, 'pending', 0, now(), now() FROM p)
INSERT INTO idempotency_keys (key, request_hash, status_code, response_body, created_at) SELECT 'bench-' || :client_id || '-' || :n || '-' || id, md5(random()::text), 201, '{"id":1,"reference":"CT-000001","status":"unconfirmed"}', now() FROM p;
SQL
# --- the service, up for all rounds ---
THREADS_ENV=()
[ "${SERVICE_THREADS:-1}" = 0 ] || THREADS_ENV=(TOKIO_WORKER_THREADS="${SERVICE_THREADS:-1}")
env "${THREADS_ENV[@]}" CIVIC_DATABASE_URL="$PGURL/ct_bench_svc_$RUN$SSL" CIVIC_LISTEN="127.0.0.1:$PORT" \
  CIVIC_MAIL__FILE_DIR="$WORK/mail" CIVIC_DATABASE__MAX_CONNECTIONS=$CLIENTS RUST_LOG=warn \
  CIVIC_DATABASE__SUBMIT_CONNECTIONS=$CLIENTS \
  CIVIC_MAIL__DELIVER=$([ "${WORKER:-0}" = 1 ] && echo true || echo false) \
  ./target/release/civic-tracker serve $([ "${WORKER:-0}" = 1 ] || echo --no-scheduler) > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
cat > "$WORK/post.lua" <<'LUA'
local counter = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"Broken street light","description":"The street light at the corner has been broken for two weeks.","category":"roads","region":"KZ-71","email":"citizen@example.kz","display_name":"Aigerim"}'
function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = "wrk-" .. tostring(tid) .. "-" .. tostring(counter) .. "-" .. tostring(os.time())
  return wrk.format(nil, "/api/v1/problems")
end
function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f non2xx=%d\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
LUA

# Rounds alternate the two phases so that both see the same machine (disk, caches,
# neighbours); the ratio reported is the median of the rounds' ratios.
RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$DURATION" -f "$WORK/submit.sql" "$PGURL/ct_bench_raw_$RUN$SSL" > "$WORK/pgbench.txt" 2>&1
  CEILING=$(awk -F'= ' '/^tps/ {print $2}' "$WORK/pgbench.txt" | awk '{printf "%.0f", $1}')
  BEFORE=$(psql "$PGURL/ct_bench_svc_$RUN" -tAc "select count(*) from problems")
  wrk -t "${WRK_THREADS:-2}" -c "$CLIENTS" -d "${DURATION}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT" > "$WORK/wrk.txt"
  AFTER=$(psql "$PGURL/ct_bench_svc_$RUN" -tAc "select count(*) from problems")
  SERVICE=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk.txt")
  LAT=$(grep -E '^p50_ms' "$WORK/wrk.txt")
  RATIO=$(awk -v s="$SERVICE" -v c="$CEILING" 'BEGIN {printf "%.2f", s / c}')
  RATIOS+=("$RATIO")
  echo "round $round: ceiling_tps=$CEILING service_rps=$SERVICE ratio=$RATIO $LAT stored=$((AFTER - BEFORE))"
done
MEDIAN=$(printf '%s\n' "${RATIOS[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "== result: median ratio service/ceiling = $MEDIAN over $ROUNDS rounds of ${DURATION}s, $CLIENTS clients"
