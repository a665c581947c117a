"""An SMTP sink for the mail benchmark: aiosmtpd, accepting every message, counting them.

    python3 bench/smtp_sink.py PORT OUT_DIR

Writes OUT_DIR/first.eml (the first message, as received), keeps OUT_DIR/count (messages
received so far) up to date every 0.2 s, and appends to OUT_DIR/arrivals one line per
message, "UNIX_TIME CLIENT_PORT", at the same pace (for latencies and, per connection, the
gaps between messages). Recording an arrival is an append to a list: it costs the sink
nothing next to handling the message.
"""
import asyncio
import pathlib
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out
        self.count = 0
        self.arrivals = []

    async def handle_DATA(self, server, session, envelope):
        self.arrivals.append((time.time(), session.peer[1]))
        if self.count == 0:
            (self.out / "first.eml").write_bytes(envelope.original_content or envelope.content)
        self.count += 1
        return "250 OK"


async def main():
    port, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    sink = Sink(out)
    controller = Controller(sink, hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    written = 0
    try:
        with open(out / "arrivals", "a") as arrivals:
            while True:
                # The handler runs on the controller's thread and only appends.
                new = sink.arrivals[written:]
                written += len(new)
                arrivals.writelines(f"{t:.6f} {p}\n" for t, p in new)
                arrivals.flush()
                (out / "count").write_text(str(sink.count))
                await asyncio.sleep(0.2)
    finally:
        controller.stop()


asyncio.run(main())
