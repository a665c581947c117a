"""An SMTP sink for the mail benchmark: aiosmtpd, accepting every message, counting them.

    python3 bench/smtp_sink.py PORT OUT_DIR

Writes OUT_DIR/first.eml (the first message, as received) and keeps OUT_DIR/count
(messages received so far) up to date every 0.2 s.
"""
import asyncio
import pathlib
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.count == 0:
            (self.out / "first.eml").write_bytes(envelope.original_content or envelope.content)
        self.count += 1
        return "250 OK"


async def main():
    port, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    sink = Sink(out)
    controller = Controller(sink, hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    try:
        while True:
            (out / "count").write_text(str(sink.count))
            await asyncio.sleep(0.2)
    finally:
        controller.stop()


asyncio.run(main())
