"""kill -9 at each step of delivering a reply ends with exactly one copy on the helpdesk."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from api_client.backends.local import LocalBackend
from api_client.backends.local.desk import Desk
from api_client.models import AuthorRole, Channel
from console.core.db import open_store
from console.core.delivery import Deliverer
from console.core.outbox import Outbox, OutboxState

ROOT = Path(__file__).resolve().parents[2]


async def _deliver(outbox: Outbox, path: Path) -> None:
    backend = LocalBackend("local", {"path": str(path), "agent": "giulia"})
    await Deliverer(outbox, backend).drain()
    await backend.aclose()


@pytest.mark.parametrize(
    "step", ["after_enqueue", "after_claim", "after_remote", "before_mark_sent"]
)
def test_kill_9_at_each_step_leaves_exactly_one_copy(tmp_path: Path, step: str) -> None:
    path = tmp_path / "desk.sqlite3"
    conn = open_store(path)
    desk = Desk(conn, "local")
    desk.ensure_agent("giulia", "Giulia Rossi")
    customer = desk.create_customer("Marco", contacts=[(Channel.EMAIL, "m@example.it")])
    ticket = desk.create_ticket(subject="Reso", customer_id=customer, channel=Channel.EMAIL)
    desk.add_message(
        ticket, body="Vorrei un reso", author_role=AuthorRole.CUSTOMER, author_name="Marco"
    )
    body = f"Reso autorizzato ({step})"

    child = subprocess.run(
        [sys.executable, "-m", "tests.outbox_child", str(path), step, body],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr

    # The next console on this desk starts, reconciles what was left, and delivers.
    outbox = Outbox(conn, "local")
    asyncio.run(_deliver(outbox, path))

    copies = conn.execute("SELECT count(*) FROM messages WHERE body = ?", (body,)).fetchone()[0]
    assert copies == 1
    (entry,) = outbox.entries()
    assert entry.state is OutboxState.SENT
    assert entry.remote_id is not None


def test_a_reply_keeps_its_author_whoever_delivers_it(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    conn = open_store(path)
    desk = Desk(conn, "local")
    giulia = desk.ensure_agent("giulia", "Giulia Rossi")
    desk.ensure_agent("hans", "Hans Müller")
    customer = desk.create_customer("Marco")
    ticket = desk.create_ticket(subject="Reso", customer_id=customer, channel=Channel.EMAIL)
    Outbox(conn, "local").enqueue_message(ticket, body="Firmato Giulia", agent_id=giulia)

    async def hans_console_delivers() -> None:
        backend = LocalBackend("local", {"path": str(path), "agent": "hans"})
        await Deliverer(Outbox(conn, "local"), backend).drain()
        await backend.aclose()

    asyncio.run(hans_console_delivers())
    author = conn.execute(
        "SELECT author_name, author_id FROM messages WHERE body = 'Firmato Giulia'"
    ).fetchone()
    assert author == ("Giulia Rossi", giulia)
