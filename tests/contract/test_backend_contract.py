"""One contract, every backend: what the console relies on, asserted the same way for all.

Parametrised over every installed ``deskside.backends`` entry point plus the
in-memory fake; a backend that has no harness fails ``test_every_backend_has_a_harness``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from api_client import registry
from api_client.backend import Capability, Outgoing
from api_client.errors import ConflictError, NotFoundError
from api_client.models import AuthorRole, MessageKind, Status, TicketUpdate
from api_client.sanitize import is_clean
from tests.contract.harnesses import HARNESSES, Seeded
from tests.contract.world import WORLD

BACKENDS = sorted(set(registry.available()) | {"memory"})


def test_every_backend_has_a_harness() -> None:
    missing = set(registry.available()) - set(HARNESSES)
    assert not missing, f"installed backends with no contract harness: {sorted(missing)}"


@pytest.fixture(params=BACKENDS)
async def seeded(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Seeded]:
    harness = HARNESSES[request.param]
    world = await harness(tmp_path)
    yield world
    await world.backend.aclose()


async def _all_changes(seeded: Seeded, cursor: str | None = None) -> tuple[list[str], str, int]:
    seen: list[str] = []
    pages = 0
    while True:
        page = await seeded.backend.changes(cursor)
        pages += 1
        seen.extend(t.id for t in page.tickets)
        cursor = page.cursor
        if not page.more:
            return seen, cursor, pages
        assert pages < 1000, "the change feed never ends"


async def test_who_am_i_is_a_qualified_agent(seeded: Seeded) -> None:
    me = await seeded.backend.who_am_i()
    assert me.id == seeded.me
    assert me.id.startswith(seeded.backend.profile + ":")
    assert me.name == WORLD.agent_name


async def test_full_listing_pages_through_every_ticket_once(seeded: Seeded) -> None:
    seen, cursor, _ = await _all_changes(seeded)
    assert sorted(set(seen)) == sorted(seeded.tickets.values())
    again, _, _ = await _all_changes(seeded, cursor)
    assert again == [], "nothing changed, so the feed after the cursor is empty"


async def test_changes_after_a_write_return_that_ticket(seeded: Seeded) -> None:
    _, cursor, _ = await _all_changes(seeded)
    target = seeded.tickets["wismo"]
    await seeded.backend.update(target, TicketUpdate(tags_add=("vip",)))
    changed, _, _ = await _all_changes(seeded, cursor)
    assert changed == [target]


async def test_get_ticket_and_unknown_ticket(seeded: Seeded) -> None:
    ticket = await seeded.backend.get_ticket(seeded.tickets["wismo"])
    assert ticket.subject == "Dov'è il mio ordine #100231?"
    assert ticket.status is Status.OPEN
    assert ticket.customer_id == seeded.customers["marco"]
    assert "where_is_my_order" in ticket.tags
    with pytest.raises(NotFoundError):
        await seeded.backend.get_ticket(f"{seeded.backend.profile}:999999")


async def test_thread_is_oldest_first_with_roles_and_notes(seeded: Seeded) -> None:
    thread = await seeded.backend.get_thread(seeded.tickets["wismo"])
    assert [m.author_role for m in thread] == [
        AuthorRole.CUSTOMER,
        AuthorRole.AGENT,
        AuthorRole.CUSTOMER,
    ]
    assert thread[0].created_at <= thread[1].created_at <= thread[2].created_at
    refund = await seeded.backend.get_thread(seeded.tickets["refund"])
    assert [m.kind for m in refund] == [MessageKind.CUSTOMER, MessageKind.NOTE]


async def test_hostile_text_arrives_sanitized(seeded: Seeded) -> None:
    ticket = await seeded.backend.get_ticket(seeded.tickets["hostile"])
    thread = await seeded.backend.get_thread(seeded.tickets["hostile"])
    for text in [ticket.subject, *(m.body for m in thread)]:
        assert is_clean(text)
        assert "\x1b" not in text and "\u202e" not in text


async def test_customer_history_has_orders_shipments_and_other_tickets(seeded: Seeded) -> None:
    history = await seeded.backend.get_customer(seeded.customers["marco"])
    assert history.customer.name == "Marco Bianchi"
    assert history.customer.email == "marco.bianchi@example.it"
    assert {t.id for t in history.tickets} == {seeded.tickets["wismo"], seeded.tickets["refund"]}
    if seeded.backend.supports(Capability.ORDERS):
        (order,) = history.orders
        assert order.number == "#100231"
        assert str(order.total) == "129.90"
        assert order.shipments[0].tracking_number == "BRT0123456789"
    with pytest.raises(NotFoundError):
        await seeded.backend.get_customer(f"{seeded.backend.profile}:999999")


async def test_reply_and_note_land_in_the_thread(seeded: Seeded) -> None:
    target = seeded.tickets["wismo"]
    reply = await seeded.backend.reply(target, "Il pacco arriva domani.", external_id="ob-1")
    note = await seeded.backend.note(target, "Sollecitato BRT", external_id="ob-2")
    thread = await seeded.backend.get_thread(target)
    assert [m.body for m in thread[-2:]] == ["Il pacco arriva domani.", "Sollecitato BRT"]
    assert thread[-2].kind is MessageKind.REPLY and thread[-1].kind is MessageKind.NOTE
    assert reply.id == thread[-2].id and note.id == thread[-1].id
    if seeded.backend.supports(Capability.EXTERNAL_IDS):
        assert [m.external_id for m in thread[-2:]] == ["ob-1", "ob-2"]


async def test_reply_with_status_change_applies_both(seeded: Seeded) -> None:
    target = seeded.tickets["wismo"]
    await seeded.backend.post_message(
        target,
        Outgoing(
            body="Risolto!",
            public=True,
            external_id="ob-3",
            update=TicketUpdate(status=Status.PENDING),
        ),
    )
    ticket = await seeded.backend.get_ticket(target)
    assert ticket.status is Status.PENDING


async def test_stale_version_is_a_conflict_and_fresh_one_applies(seeded: Seeded) -> None:
    target = seeded.tickets["wismo"]
    before = await seeded.backend.get_ticket(target)
    updated = await seeded.backend.update(
        target, TicketUpdate(status=Status.PENDING), expected_version=before.version
    )
    assert updated.status is Status.PENDING
    assert updated.version != before.version
    with pytest.raises(ConflictError):
        await seeded.backend.update(
            target, TicketUpdate(status=Status.SOLVED), expected_version=before.version
        )
    with pytest.raises(ConflictError):
        await seeded.backend.post_message(
            target,
            Outgoing(body="late", public=True, external_id="ob-4", expected_version=before.version),
        )
    assert (await seeded.backend.get_ticket(target)).status is Status.PENDING


async def test_tags_and_assignment(seeded: Seeded) -> None:
    target = seeded.tickets["refund"]
    ticket = await seeded.backend.update(
        target,
        TicketUpdate(tags_add=("refund", "vip"), tags_remove=("vip",), assignee_id=seeded.me),
    )
    assert "refund" in ticket.tags and "vip" not in ticket.tags
    assert ticket.assignee_id == seeded.me
    ticket = await seeded.backend.update(target, TicketUpdate(assignee_id=None))
    assert ticket.assignee_id is None


async def test_agents_include_me(seeded: Seeded) -> None:
    agents = await seeded.backend.list_agents()
    assert seeded.me in {a.id for a in agents}


async def test_repr_never_shows_secrets(seeded: Seeded) -> None:
    assert "token" not in repr(seeded.backend).lower()
