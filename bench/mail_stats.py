"""The mail benchmark's latency and lane figures, from the sink's arrivals.

    python3 bench/mail_stats.py ARRIVALS N CREATED_AT START END

ARRIVALS holds "UNIX_TIME CLIENT_PORT" lines (bench/smtp_sink.py); the first N are the
service's. CREATED_AT is when the backlog's outbox rows were written (one instant: a burst),
START and END the drain's process start and exit (all Unix times). Prints one line:

    p50 P50_S p99 P99_S first FIRST_S gap GAP_MS stalls STALL_PCT

p50/p99: seconds from a mail's outbox row to its arrival at the sink; first: from the start
of the process to the first arrival; gap: the median time between two mails on one
connection; stalls: the time connections spent in gaps over three times that median, as a
share of their time between first and last mail (a lane waiting for the database shows here).
"""
import statistics
import sys

path, n = sys.argv[1], int(sys.argv[2])
created, start, end = (float(x) for x in sys.argv[3:6])
rows = []
with open(path) as f:
    for line in f:
        t, port = line.split()
        rows.append((float(t), port))
rows = rows[:n]
times = sorted(t for t, _ in rows)
lat = [t - created for t in times]


def pct(p):
    return lat[min(len(lat) - 1, int(p * len(lat)))]


lanes = {}
for t, port in rows:
    lanes.setdefault(port, []).append(t)
gaps, spans = [], 0.0
for ts in lanes.values():
    ts.sort()
    gaps += [b - a for a, b in zip(ts, ts[1:])]
    spans += ts[-1] - ts[0]
median = statistics.median(gaps) if gaps else 0.0
stalled = sum(g for g in gaps if g > 3 * median)
print(
    f"p50 {pct(0.50):.2f} p99 {pct(0.99):.2f} first {times[0] - start:.3f} "
    f"gap {median * 1000:.2f} stalls {100 * stalled / spans if spans else 0:.1f}"
)
