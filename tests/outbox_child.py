"""A console process that dies with SIGKILL at a chosen step of delivering one reply.

Run as ``python -m tests.outbox_child DESK STEP BODY``; used by the kill -9 tests.
No hook exists in the product for this: the child composes the real Outbox,
Deliverer and LocalBackend and kills itself from a subclass or wrapper.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from api_client.backend import Outgoing
from api_client.backends.local import LocalBackend
from api_client.models import Message
from console.core.db import open_store
from console.core.delivery import Deliverer
from console.core.outbox import Outbox, OutboxEntry


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class DyingBackend(LocalBackend):
    async def post_message(self, ticket_id: str, outgoing: Outgoing) -> Message:
        message = await super().post_message(ticket_id, outgoing)
        die()  # the helpdesk accepted it; we never hear back
        return message


class DyingOutbox(Outbox):
    def mark_sent(self, entry_id: int, remote_id: str | None) -> OutboxEntry:
        die()  # the answer arrived; the process dies before recording it
        return super().mark_sent(entry_id, remote_id)


async def main(path: str, step: str, body: str) -> None:
    conn = open_store(path)
    outbox_type = DyingOutbox if step == "before_mark_sent" else Outbox
    outbox = outbox_type(conn, "local")
    outbox.enqueue_message(1, body=body)
    if step == "after_enqueue":
        die()
    if step == "after_claim":
        outbox.claim()
        die()
    backend_type = DyingBackend if step == "after_remote" else LocalBackend
    backend = backend_type("local", {"path": path, "agent": "giulia"})
    await Deliverer(outbox, backend).drain()
    print("finished without dying", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
