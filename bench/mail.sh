#!/usr/bin/env bash
# Benchmark: a mail backlog drained to a local SMTP server, next to that server's own
# ceiling measured in the same run (issue 16: at least 70 % of it).
#
#   bench/mail.sh                              # 20,000 mails over 4 connections
#   MAILS=5000 CONNECTIONS=8 bench/mail.sh
#   BIN=/tmp/civic-tracker.old KEEP=/tmp/run1 bench/mail.sh   # another binary, no build;
#                                              # keep the sink's arrivals and first mail
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth, as on the dev machines) and python3 with
# aiosmtpd (`pip install aiosmtpd`). It builds the release binary, creates one throw-away
# database, files one problem through the API, starts an aiosmtpd sink, and copies the
# problem's confirmation mail MAILS times in the outbox, all written at one instant (a
# backlog after a burst). Then it prints:
#   service - mails/s from `civic-tracker jobs run outbox` (mail.connections = CONNECTIONS)
#             emptying the outbox into the sink, from the process's start to its exit;
#             its peak RSS and CPU time;
#   latency - p50 and p99 from a mail's outbox row to its arrival at the sink (the sink's
#             clock, which is this machine's); with a backlog written at once this is
#             mostly the wait in the queue;
#   lanes   - the median time between two mails on one connection, and how much of the
#             connections' time went in gaps over three times that (waiting for the database);
#   cpu     - CPU seconds during the drain of the service, of PostgreSQL (the backends on
#             the benchmark's database: other users of the server do not count, nor does
#             its WAL writer) with its transactions, and of the sink, with the share of the
#             drain the sink ran and the share it waited for a CPU (the rest it had
#             nothing to do);
#   ceiling - mails/s of a plain SMTP client (Python's smtplib, one thread and one
#             persistent connection each) sending the same message, as the sink received
#             it, MAILS times over the same number of connections; its and the sink's CPU
#             (the sink's run and wait shares include Python's start, about 0.1 s);
#   ratio   - service / ceiling.
# It checks that the sink received exactly MAILS messages from the service and that the
# outbox holds MAILS sent rows and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
MAILS=${MAILS:-20000}
C=${CONNECTIONS:-4}
SMTP_PORT=${SMTP_PORT:-18125}
HTTP_PORT=${HTTP_PORT:-18126}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=bench_mail_$$
WORK=$(mktemp -d)
SERVER= SINK= PGCPU=
cleanup() {
  [ -n "$PGCPU" ] && kill "$PGCPU" 2>/dev/null || true
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  [ -n "$SINK" ] && kill "$SINK" 2>/dev/null || true
  psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/civic-tracker
fi
psql "$PGURL/postgres" -qc "CREATE DATABASE $DB"
export CIVIC_DATABASE_URL="$PGURL/$DB" CIVIC_MAIL__FILE_DIR="$WORK/files" \
  CIVIC_SECURITY__PEPPER_FILE="$WORK/pepper" CIVIC_BASE_URL="http://127.0.0.1:$HTTP_PORT" \
  RUST_LOG=warn
sql() { psql "$PGURL/$DB" -qtAc "$1"; }

# One real confirmation mail, through the API (a web-only process delivers nothing).
CIVIC_LISTEN="127.0.0.1:$HTTP_PORT" "$BIN" serve --no-scheduler > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -sf -o /dev/null -H 'content-type: application/json' "http://127.0.0.1:$HTTP_PORT/api/v1/problems" \
  -d '{"title":"Broken street light","description":"The street light at the corner has been broken for two weeks.","category":"roads","region":"KZ-75","email":"citizen@example.kz","display_name":"Aigerim"}'
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
python3 bench/smtp_sink.py "$SMTP_PORT" "$WORK" &
SINK=$!
for _ in $(seq 1 50); do [ -f "$WORK/count" ] && break; sleep 0.1; done

# The backlog: MAILS copies of that mail, the original included, written at one instant.
sql "INSERT INTO outbox (recipient, kind, context, problem_id, state, attempts, created_at, next_attempt_at, priority)
     SELECT recipient, kind, context, problem_id, state, attempts, now(), now(), priority
     FROM outbox CROSS JOIN generate_series(2, $MAILS) WHERE id = (SELECT min(id) FROM outbox);
     UPDATE outbox SET created_at = now(), next_attempt_at = now() WHERE id = (SELECT min(id) FROM outbox)"
sql "ANALYZE outbox"
[ "$(sql "SELECT count(*) FROM outbox WHERE state = 'pending'")" = "$MAILS" ]
created=$(sql "SELECT extract(epoch FROM max(created_at)) FROM outbox")

# CPU time of a process in clock ticks, the nanoseconds the sink's threads ran and waited
# to run, and (bench/pg_cpu.py) the CPU of the local PostgreSQL's backends on $DB.
TCK=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
PGMAIN=$(pgrep -o -x postgres || true)
sched() { cat /proc/"$SINK"/task/*/schedstat | awk '{ r += $1; w += $2 } END { print r, w }'; }
secs() { python3 -c "print(f'{($2 - $1) / $TCK:.1f}')"; }

# The service: one `outbox` job run empties the backlog.
[ -n "$PGMAIN" ] && { python3 bench/pg_cpu.py "$PGMAIN" "$DB" "$WORK/pgcpu" & PGCPU=$!; }
commits() { psql "$PGURL/postgres" -qtAc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB'"; }
commits0=$(commits)
sink0=$(ticks "$SINK"); read -r run0 wait0 <<< "$(sched)"
start=$(date +%s.%N)
CIVIC_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" CIVIC_MAIL__CONNECTIONS=$C \
  /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "$BIN" jobs run outbox > "$WORK/job.out"
end=$(date +%s.%N)
sink1=$(ticks "$SINK"); read -r run1 wait1 <<< "$(sched)"
sleep 0.5  # the backends' statistics reach pg_stat_database as they exit
commits1=$(commits)
pg_db=n/a
if [ -n "$PGMAIN" ]; then
  kill -TERM "$PGCPU"; wait "$PGCPU" || true; PGCPU=
  pg_db=$(cat "$WORK/pgcpu")
fi
received=$(cat "$WORK/count")
sent=$(sql "SELECT count(*) FROM outbox WHERE state = 'sent'")
left=$(sql "SELECT count(*) FROM outbox WHERE state <> 'sent'")
[ "$received" = "$MAILS" ] || { echo "the sink received $received of $MAILS"; exit 1; }
[ "$sent" = "$MAILS" ] && [ "$left" = 0 ] || { echo "outbox: $sent sent, $left not"; exit 1; }
service=$(python3 -c "print(f'{$MAILS / ($end - $start):.1f}')")
read -r rss_kb user_s sys_s < "$WORK/rss"
rss_mb=$(python3 -c "print(f'{$rss_kb / 1024:.0f}')")
read -r _ p50 _ p99 _ first _ gap _ stalls <<< \
  "$(python3 bench/mail_stats.py "$WORK/arrivals" "$MAILS" "$created" "$start" "$end")"
sink_run=$(python3 -c "print(f'{100 * ($run1 - $run0) / 1e9 / ($end - $start):.0f}')")
sink_wait=$(python3 -c "print(f'{100 * ($wait1 - $wait0) / 1e9 / ($end - $start):.0f}')")

# The ceiling: the same message, the same number of connections, a plain client.
sink2=$(ticks "$SINK"); read -r run2 wait2 <<< "$(sched)"
cstart=$(date +%s.%N)
ceiling=$(/usr/bin/time -f '%U %S' -o "$WORK/client" \
  python3 bench/smtp_client.py "$SMTP_PORT" "$WORK/first.eml" "$MAILS" "$C")
cend=$(date +%s.%N)
sink3=$(ticks "$SINK"); read -r run3 wait3 <<< "$(sched)"
csink_run=$(python3 -c "print(f'{100 * ($run3 - $run2) / 1e9 / ($cend - $cstart):.0f}')")
csink_wait=$(python3 -c "print(f'{100 * ($wait3 - $wait2) / 1e9 / ($cend - $cstart):.0f}')")
read -r cuser_s csys_s < "$WORK/client"
ratio=$(python3 -c "print(f'{$service / $ceiling:.2f}')")
echo "mails $MAILS  connections $C  message $(wc -c < "$WORK/first.eml") bytes  load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "service  $service mails/s  (peak RSS ${rss_mb} MB, CPU ${user_s} s user + ${sys_s} s system)"
echo "latency  p50 ${p50} s  p99 ${p99} s  (outbox row to the sink; first mail ${first} s after the start)"
echo "lanes    ${gap} ms between mails on a connection (median), ${stalls} % of the time in longer gaps"
echo "cpu      drain: service $(python3 -c "print(f'{$user_s + $sys_s:.1f}')") s, postgres ${pg_db} s in $((commits1 - commits0)) transactions, sink $(secs "$sink0" "$sink1") s (ran ${sink_run} %, waited for a CPU ${sink_wait} %)"
echo "ceiling  $ceiling mails/s  (smtplib, same message, same connections; CPU client $(python3 -c "print(f'{$cuser_s + $csys_s:.1f}')") s, sink $(secs "$sink2" "$sink3") s, ran ${csink_run} %, waited ${csink_wait} %)"
echo "ratio    $ratio"
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$WORK/arrivals" "$WORK/first.eml" "$KEEP/"; fi
