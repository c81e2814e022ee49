"""Another console on the same embedded desk: writes new tickets at a steady pace.

Run as ``python -m tests.supervisor_child DESK COUNT RATE`` (RATE writes a second);
prints ``wrote <ticket id>`` after each commit, so the parent can time how long
its dashboard takes to show the write. Used by the two-process supervisor tests.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

from api_client.backends.local.desk import Desk
from api_client.models import Channel
from console.core.db import open_store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def main(path: str, count: int, rate: float) -> None:
    desk = Desk(open_store(path))
    customer = desk.create_customer("Child writer")
    pace = 1.0 / rate
    started = time.monotonic()
    for n in range(count):
        time.sleep(max(0.0, started + (n + 1) * pace - time.monotonic()))
        ticket = desk.create_ticket(
            subject=f"from another process {n}",
            customer_id=customer,
            channel=Channel.CHAT,
            created_at=NOW,
        )
        print(f"wrote {ticket}", flush=True)
    desk.conn.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
