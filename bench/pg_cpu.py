"""CPU time of one database's PostgreSQL backends, for the mail benchmark.

    python3 bench/pg_cpu.py POSTMASTER_PID DBNAME OUT &    # ... then kill -TERM it

Every 50 ms it looks at the postmaster's children whose title names DBNAME (the backends
a client opened on it, autovacuum on it), keeping each one's last CPU time; on SIGTERM it
writes their sum in seconds to OUT. Other users of the same server (other databases) do
not count. A backend's last 50 ms before it exits can be missed.
"""
import os
import signal
import sys
import time

main, db, out = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
tck = os.sysconf("SC_CLK_TCK")
seen = {}


def sample():
    with open(f"/proc/{main}/task/{main}/children") as f:
        children = f.read().split()
    for pid in children:
        try:
            # Read each time: a backend names its database once it has started.
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if db not in f.read().replace(b"\0", b" ").split():
                    continue
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            seen[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        except OSError:
            pass


def finish(*_):
    sample()
    with open(out, "w") as f:
        f.write(f"{sum(seen.values()) / tck:.1f}\n")
    sys.exit(0)


signal.signal(signal.SIGTERM, finish)
while True:
    sample()
    time.sleep(0.05)
