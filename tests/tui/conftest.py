"""A small seeded desk and a workspace over it, for Pilot tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api_client.backends.local.desk import Desk
from api_client.models import AuthorRole, Channel, Priority
from console.core.workspace import Workspace, open_local_workspace

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LANGS = ("it", "en", "fr", "de", "es")
CHANNELS = tuple(Channel)


def seed(desk: Desk, count: int, me: int) -> None:
    customers = [
        desk.create_customer(
            f"Cliente {i}",
            contacts=[(Channel.EMAIL, f"c{i}@example.com")],
            created_at=NOW - timedelta(days=400),
        )
        for i in range(max(1, count // 3))
    ]
    for i in range(count):
        opened = NOW - timedelta(minutes=7 * i + 5)
        ticket = desk.create_ticket(
            subject=f"Ticket {i:05d} [bold]not markup[/] \x1b[31m",
            customer_id=customers[i % len(customers)],
            channel=CHANNELS[i % len(CHANNELS)],
            priority=Priority.URGENT if i % 11 == 0 else Priority.NORMAL,
            language=LANGS[i % len(LANGS)],
            created_at=opened,
            assignee_id=me if i % 2 == 0 else None,
            due_at=opened + timedelta(hours=1),
        )
        desk.add_message(
            ticket,
            body=f"Messaggio del cliente numero {i}",
            author_role=AuthorRole.CUSTOMER,
            author_name=f"Cliente {i % len(customers)}",
            created_at=opened,
        )


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_local_workspace("local", path=tmp_path / "tui.desk.sqlite3", agent_login="giulia")
    seed(ws.desk, 60, ws.me_id)
    yield ws
    ws.close()
