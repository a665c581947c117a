#!/usr/bin/env bash
# Benchmark: a mail backlog drained to a local SMTP server, next to that server's own
# ceiling measured in the same run (issue 16: at least 70 % of it).
#
#   bench/mail.sh                              # 20,000 mails over 4 connections
#   MAILS=5000 CONNECTIONS=8 bench/mail.sh
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth, as on the dev machines) and python3 with
# aiosmtpd (`pip install aiosmtpd`). It builds the release binary, creates one throw-away
# database, files one problem through the API, copies its confirmation mail MAILS times in
# the outbox (a backlog after a burst), and starts an aiosmtpd sink. Then it prints:
#   service - mails/s from `civic-tracker jobs run outbox` (mail.connections = CONNECTIONS)
#             emptying the outbox into the sink, and that process's peak RSS;
#   ceiling - mails/s of a plain SMTP client (Python's smtplib, one thread and one
#             persistent connection each) sending the same message, as the sink received
#             it, MAILS times over the same number of connections;
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
SERVER= SINK=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  [ -n "$SINK" ] && kill "$SINK" 2>/dev/null || true
  psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cargo build --release --quiet
BIN=$PWD/target/release/civic-tracker
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
sql "INSERT INTO outbox (recipient, kind, context, problem_id, state, attempts, created_at, next_attempt_at, priority)
     SELECT recipient, kind, context, problem_id, state, attempts, created_at, next_attempt_at, priority
     FROM outbox CROSS JOIN generate_series(2, $MAILS) WHERE id = (SELECT min(id) FROM outbox)"
sql "ANALYZE outbox"
[ "$(sql "SELECT count(*) FROM outbox WHERE state = 'pending'")" = "$MAILS" ]

python3 bench/smtp_sink.py "$SMTP_PORT" "$WORK" &
SINK=$!
for _ in $(seq 1 50); do [ -f "$WORK/count" ] && break; sleep 0.1; done

# The service: one `outbox` job run empties the backlog.
start=$(date +%s.%N)
CIVIC_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" CIVIC_MAIL__CONNECTIONS=$C \
  /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "$BIN" jobs run outbox > "$WORK/job.out"
end=$(date +%s.%N)
sleep 0.5
received=$(cat "$WORK/count")
sent=$(sql "SELECT count(*) FROM outbox WHERE state = 'sent'")
left=$(sql "SELECT count(*) FROM outbox WHERE state <> 'sent'")
[ "$received" = "$MAILS" ] || { echo "the sink received $received of $MAILS"; exit 1; }
[ "$sent" = "$MAILS" ] && [ "$left" = 0 ] || { echo "outbox: $sent sent, $left not"; exit 1; }
service=$(python3 -c "print(f'{$MAILS / ($end - $start):.1f}')")
read -r rss_kb user_s sys_s < "$WORK/rss"
rss_mb=$(python3 -c "print(f'{$rss_kb / 1024:.0f}')")

# The ceiling: the same message, the same number of connections, a plain client.
ceiling=$(python3 bench/smtp_client.py "$SMTP_PORT" "$WORK/first.eml" "$MAILS" "$C")
ratio=$(python3 -c "print(f'{$service / $ceiling:.2f}')")
echo "mails $MAILS  connections $C  message $(wc -c < "$WORK/first.eml") bytes"
echo "service  $service mails/s  (peak RSS ${rss_mb} MB, CPU ${user_s} s user + ${sys_s} s system)"
echo "ceiling  $ceiling mails/s  (smtplib, same message, same connections)"
echo "ratio    $ratio"
