"""The mail benchmark's ceiling: a plain SMTP client sending one message N times over C
connections (one thread and one persistent connection each), as fast as the server takes.

    python3 bench/smtp_client.py PORT MESSAGE.eml N C      # prints mails/s
"""
import smtplib
import sys
import threading
import time

port, path, n, c = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
message = open(path, "rb").read()


def send(count):
    with smtplib.SMTP("127.0.0.1", port) as s:
        s.ehlo()
        for _ in range(count):
            s.sendmail("no-reply@civic-tracker.local", ["citizen@example.kz"], message)


shares = [n // c + (1 if i < n % c else 0) for i in range(c)]
threads = [threading.Thread(target=send, args=(k,)) for k in shares]
start = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{n / (time.monotonic() - start):.1f}")
