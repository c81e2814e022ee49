"""The change feed tells each reader which tickets changed, across connections."""

from __future__ import annotations

from pathlib import Path

from api_client.backends.local.desk import Desk
from api_client.models import Channel, Status, TicketUpdate
from console.core.changes import ChangeFeed
from console.core.db import open_store


def test_another_connection_sees_changes_once(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    writer = Desk(open_store(path))
    customer = writer.create_customer("Ana", contacts=[(Channel.EMAIL, "ana@example.es")])
    first = writer.create_ticket(subject="Talla", customer_id=customer, channel=Channel.CHAT)
    reader = ChangeFeed(open_store(path))
    assert not reader.poll()
    second = writer.create_ticket(subject="Envío", customer_id=customer, channel=Channel.EMAIL)
    writer.update_ticket(first, TicketUpdate(status=Status.OPEN))
    writer.update_ticket(first, TicketUpdate(tags_add=("vip",)))
    changes = reader.poll()
    assert changes.ticket_ids == {first, second} and not changes.everything
    assert not reader.poll()


def test_a_reader_behind_the_trim_reloads_everything(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    conn = open_store(path)
    writer = Desk(conn)
    customer = writer.create_customer("Ana")
    ticket = writer.create_ticket(subject="x", customer_id=customer, channel=Channel.CHAT)
    reader = ChangeFeed(open_store(path))
    for n in range(10):
        writer.update_ticket(ticket, TicketUpdate(tags_add=(f"t{n}",)))
    assert ChangeFeed(conn).trim(keep=3, force=True) > 0
    assert reader.poll().everything
    writer.update_ticket(ticket, TicketUpdate(tags_add=("after",)))
    latest = reader.poll()
    assert latest.ticket_ids == {ticket} and not latest.everything
