#!/usr/bin/env bash
# Benchmark: the scheduled jobs at scale on PostgreSQL.
#
#   bench/schedule.sh                    # 1,000,000 problems, 500 coordinators
#   PROBLEMS=200000 bench/schedule.sh    # a quicker look
#   SLA_ONLY=1 bench/schedule.sh         # only the sweeps (first and steady), not the digests
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth, as on the dev machines) and GNU time
# (/usr/bin/time). It builds the release binary, creates a throw-away database, fills it in
# SQL (generate_series: this measures the jobs, not the generator) with:
#   - $PROBLEMS problems over the last year: 20% open with a representative (created in the
#     last 60 days, so many are past their deadlines), 2% new or rejected, 5% resolved,
#     68% closed, 5% duplicates; deadlines of 3 and 21 days after the assignment;
#   - their counted events (confirm, route, acknowledge, resolve, the citizens' verdicts),
#     with elapsed times; supporters on one open problem in twenty;
#   - 300 representatives, $COORDINATORS coordinators with 1-3 regions each, 2 admins;
# then runs, each as `civic-tracker jobs run` under /usr/bin/time (wall time and peak
# memory of the whole process, start-up included) with mail delivery off:
#   digest-daily   - builds and queues every coordinator's and admin's daily digest
#                    (target: under 30 s and 300 MB with 1,000,000 problems);
#   sla (first)    - the first sweep over the open problems with no notice sent yet: it marks
#                    every overdue problem, writes their events and the reminder and
#                    escalation mails;
#   sla (steady)   - the next sweep, as every 15 minutes: nothing new to send
#                    (target for the sweep over 200,000 open problems: under 5 s);
# then, with overdue problems marked (the digests list the oldest of each scope), every job
# again against the memory ceiling ($CEILING_MB, 300 MB) for three mixes of digest scopes:
#   1-3 regions    - the coordinators above;
#   one region     - $ONE_REGION coordinators and admins (521), one region each (admins:
#                    all), as the 1,000,000-problem database of issue 17 had them;
#   all regions    - the same recipients, every one with every region;
# and rep-summary, purge and outbox (which delivers every queued mail to files).
set -euo pipefail
cd "$(dirname "$0")/.."
PROBLEMS=${PROBLEMS:-1000000}
COORDINATORS=${COORDINATORS:-500}
ONE_REGION=${ONE_REGION:-521}
CEILING_MB=${CEILING_MB:-300}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=ct_bench_sched_$$
WORK=$(mktemp -d)
trap 'psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; rm -rf "$WORK"' EXIT

cargo build --release --quiet
psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
export CIVIC_DATABASE_URL="$PGURL/$DB"
export CIVIC_MAIL__DELIVER=false
export CIVIC_MAIL__FILE_DIR="$WORK/mail"
export RUST_LOG=warn
# Migrates and loads the reference data (regions, categories, holidays).
./target/release/civic-tracker user add --email admin1@bench.kz --role admin >/dev/null
./target/release/civic-tracker user add --email admin2@bench.kz --role admin >/dev/null

echo "generating $PROBLEMS problems..."
start=$(date +%s)
psql -q "$CIVIC_DATABASE_URL" <<SQL
INSERT INTO users (email, name, position, role, active, created_at, updated_at, digest_daily, digest_weekly)
SELECT 'rep' || g || '@bench.kz', 'Representative ' || g, 'Deputy', 'representative', true, now(), now(), true, true
FROM generate_series(1, 300) g;
INSERT INTO users (email, name, position, role, active, created_at, updated_at, digest_daily, digest_weekly)
SELECT 'coord' || g || '@bench.kz', 'Coordinator ' || g, NULL, 'coordinator', true, now(), now(), true, true
FROM generate_series(1, $COORDINATORS) g;
WITH r AS (SELECT code, (row_number() OVER (ORDER BY position)) - 1 AS i FROM regions)
INSERT INTO user_regions (user_id, region_code)
SELECT DISTINCT u.id, r.code FROM users u JOIN r
  ON r.i IN (u.id % 20, (u.id * 7) % 20, CASE WHEN u.id % 3 = 0 THEN (u.id * 13) % 20 ELSE u.id % 20 END)
WHERE u.role = 'coordinator';

CREATE TEMP TABLE reps AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM users WHERE role = 'representative';
CREATE TEMP TABLE cats AS SELECT code, row_number() OVER (ORDER BY position) - 1 AS i FROM categories;
CREATE TEMP TABLE regs AS SELECT code, row_number() OVER (ORDER BY position) - 1 AS i FROM regions;

CREATE TEMP TABLE gen AS
SELECT g,
  CASE WHEN r < 0.01 THEN 'new' WHEN r < 0.06 THEN 'assigned' WHEN r < 0.11 THEN 'acknowledged'
       WHEN r < 0.19 THEN 'in_progress' WHEN r < 0.21 THEN 'reopened' WHEN r < 0.22 THEN 'rejected'
       WHEN r < 0.27 THEN 'resolved' WHEN r < 0.95 THEN 'closed' ELSE 'duplicate' END AS status,
  random() AS r2
FROM (SELECT g, random() AS r FROM generate_series(1, $PROBLEMS) g) s;

INSERT INTO problems (title, description, category_code, region_code, citizen_email, anonymous,
  status, verdict, representative_id, reassign_requested, question_pending, tracking_token,
  created_at, confirmed_at, updated_at, assigned_at, ack_due_at, resolve_due_at,
  acknowledged_at, resolved_at, closed_at, overdue, escalated, ack_notices, resolve_notices)
SELECT 'Problem ' || g, 'A generated problem, number ' || g || ', with a description long enough.',
  (SELECT code FROM cats WHERE i = g % (SELECT count(*) FROM cats)),
  (SELECT code FROM regs WHERE i = (g * 7) % 20),
  'citizen' || g || '@example.kz', false, status,
  CASE WHEN status = 'closed' THEN (CASE WHEN r2 < 0.6 THEN 'fixed' WHEN r2 < 0.9 THEN 'no_answer' ELSE 'closed_by_coordinator' END)
       WHEN status = 'reopened' THEN 'not_fixed' END,
  CASE WHEN status IN ('new', 'rejected') THEN NULL ELSE (SELECT id FROM reps WHERE i = g % 300) END,
  false, false, 'bench-' || g,
  created, created + interval '1 hour', created, created + interval '1 hour',
  created + interval '3 days 1 hour', created + interval '21 days 1 hour',
  CASE WHEN status IN ('acknowledged', 'in_progress', 'reopened', 'resolved', 'closed') THEN created + interval '1 hour' + (r2 * 3) * interval '1 day' END,
  CASE WHEN status IN ('resolved', 'closed') THEN created + interval '1 hour' + (1 + r2 * 20) * interval '1 day' END,
  CASE WHEN status IN ('closed', 'duplicate') THEN created + interval '25 days' END,
  false, false, 0, 0
FROM (SELECT g, status, r2,
        CASE WHEN status IN ('new', 'assigned', 'acknowledged', 'in_progress', 'reopened', 'rejected')
             THEN now() - random() * interval '60 days'
             ELSE now() - interval '1 day' - random() * interval '364 days' END AS created
      FROM gen) s;

INSERT INTO problem_events (problem_id, created_at, actor_kind, action, from_status, to_status)
SELECT id, confirmed_at, 'citizen', 'confirm', 'unconfirmed', 'new' FROM problems;
INSERT INTO problem_events (problem_id, created_at, actor_kind, action, from_status, to_status, representative_id)
SELECT id, assigned_at, 'system', 'route', 'new', 'assigned', representative_id FROM problems WHERE representative_id IS NOT NULL;
INSERT INTO problem_events (problem_id, created_at, actor_kind, actor_user_id, action, from_status, to_status, elapsed_seconds)
SELECT id, acknowledged_at, 'user', representative_id, 'acknowledge', 'assigned', 'acknowledged', extract(epoch FROM acknowledged_at - assigned_at)::bigint
FROM problems WHERE acknowledged_at IS NOT NULL;
INSERT INTO problem_events (problem_id, created_at, actor_kind, actor_user_id, action, from_status, to_status, elapsed_seconds)
SELECT id, resolved_at, 'user', representative_id, 'resolve', 'in_progress', 'resolved', extract(epoch FROM resolved_at - assigned_at)::bigint
FROM problems WHERE resolved_at IS NOT NULL;
INSERT INTO problem_events (problem_id, created_at, actor_kind, action, from_status, to_status)
SELECT id, closed_at, CASE verdict WHEN 'fixed' THEN 'citizen' ELSE 'system' END,
  CASE verdict WHEN 'fixed' THEN 'confirm_fixed' ELSE 'close_no_answer' END, 'resolved', 'closed'
FROM problems WHERE verdict IN ('fixed', 'no_answer');
-- One open problem in twenty has 1-20 supporters: the digests list the most supported.
UPDATE problems SET support_count = 1 + (id / 20) % 20
WHERE id % 20 = 0 AND status IN ('new', 'assigned', 'acknowledged', 'in_progress', 'reopened');
VACUUM ANALYZE;
SQL
echo "generated in $(( $(date +%s) - start )) s:"
psql -qAt "$CIVIC_DATABASE_URL" -c "SELECT count(*) || ' problems, ' || count(*) FILTER (WHERE status IN ('assigned','acknowledged','in_progress','reopened')) || ' open with a representative' FROM problems"
psql -qAt "$CIVIC_DATABASE_URL" -c "SELECT count(*) || ' events' FROM problem_events"

measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" ./target/release/civic-tracker "$@" > "$WORK/out" 2>&1 || { cat "$WORK/out"; exit 1; }
  read -r secs kb < "$WORK/time"
  local mb=$(( kb / 1024 )) verdict="under $CEILING_MB MB"
  (( mb < CEILING_MB )) || { verdict="OVER $CEILING_MB MB"; OVER=1; }
  printf '%-28s %7.2f s wall, %5d MB peak (%s) | %s\n' "$label" "$secs" "$mb" "$verdict" \
    "$(grep -v '^\s*$' "$WORK/out" | tail -1)"
}
OVER=0
AT="$(TZ=Asia/Almaty date +%Y-%m-%d)T08:00:00+05:00"
echo "jobs (the job's own time in parentheses):"
[[ -n ${SLA_ONLY:-} ]] || measure "digest-daily" jobs run digest-daily --at "$AT"
psql -qAt "$CIVIC_DATABASE_URL" -c "SELECT count(*) || ' digests queued, ' || pg_size_pretty(sum(length(context))) || ' of mail data' FROM outbox WHERE kind = 'digest'"
measure "sla (first)" jobs run sla
psql -qAt "$CIVIC_DATABASE_URL" -c "SELECT count(*) FILTER (WHERE overdue) || ' overdue, ' || count(*) FILTER (WHERE escalated) || ' escalated' FROM problems"
measure "sla (steady)" jobs run sla
if [[ -n ${SLA_ONLY:-} ]]; then
  (( OVER == 0 )) && echo "both sweeps under $CEILING_MB MB" || echo "a sweep went over $CEILING_MB MB"
  exit "$OVER"
fi
measure "citizen-check" jobs run citizen-check

# Digests once problems are overdue, for each mix of scopes; every job against the ceiling.
sql() { psql -qAt "$CIVIC_DATABASE_URL" -c "$1"; }
digests() {
  measure "digest-daily ($1)" jobs run digest-daily --at "$AT" --force
  measure "digest-weekly ($1)" jobs run digest-weekly --at "$AT" --force
}
echo "digests with overdue problems listed (ceiling $CEILING_MB MB):"
digests "1-3 regions"
# One region each: $ONE_REGION recipients with the two admins; coordinators cycle through
# the regions.
sql "UPDATE users SET active = false WHERE role = 'coordinator'"
sql "INSERT INTO users (email, name, position, role, active, created_at, updated_at, digest_daily, digest_weekly)
     SELECT 'one' || g || '@bench.kz', 'One region ' || g, NULL, 'coordinator', true, now(), now(), true, true
     FROM generate_series(1, $ONE_REGION - 2) g"
sql "WITH r AS (SELECT code, (row_number() OVER (ORDER BY position)) - 1 AS i FROM regions)
     INSERT INTO user_regions (user_id, region_code)
     SELECT u.id, r.code FROM users u JOIN r ON r.i = u.id % (SELECT count(*) FROM regions)
     WHERE u.email LIKE 'one%@bench.kz'"
echo "$(sql "SELECT count(*) FROM users WHERE active AND role IN ('coordinator', 'admin')") recipients, one region each (admins: all)"
digests "one region"
sql "DELETE FROM user_regions WHERE user_id IN (SELECT id FROM users WHERE email LIKE 'one%@bench.kz')"
digests "all regions"
measure "rep-summary" jobs run rep-summary --at "$AT" --force
measure "purge" jobs run purge
sql "SELECT count(*) || ' mails queued, ' || pg_size_pretty(sum(length(context))) || ' of mail data' FROM outbox WHERE state = 'pending'"
measure "outbox (to files)" jobs run outbox
(( OVER == 0 )) && echo "every job under $CEILING_MB MB" || echo "some job went over $CEILING_MB MB"

# Open data: the CSV export of every public problem through the running service (web-only),
# timing the download and sampling the server's resident memory while it streams.
PORT=${PORT:-18081}
CIVIC_LISTEN="127.0.0.1:$PORT" ./target/release/civic-tracker serve --no-scheduler > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$SERVER/status"; }
before=$(rss); peak=$before
( while kill -0 $SERVER 2>/dev/null; do rss >> "$WORK/rss"; sleep 0.2; done ) &
SAMPLER=$!
start=$(date +%s.%N)
bytes=$(curl -sf "http://127.0.0.1:$PORT/export/problems.csv" | wc -c)
secs=$(echo "$(date +%s.%N) - $start" | bc)
kill $SAMPLER 2>/dev/null || true
peak=$(sort -n "$WORK/rss" | tail -1)
rows=$(( $(curl -sf "http://127.0.0.1:$PORT/export/problems.csv" | wc -l) - 1 ))
printf '%-14s %7.2f s, %d MB, %d rows; server memory %d MB before, %d MB peak while streaming\n' \
  "export csv" "$secs" $(( bytes / 1048576 )) "$rows" "$before" "$peak"
