"""Zendesk's bulk feeds against a fake Zendesk: ticket events → messages, and the search
export that stands in for the incremental export when the token is an agent's (403)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TypeAlias

import pytest

from api_client.backends.zendesk import ZendeskBackend, events
from api_client.backends.zendesk.search_feed import OVERLAP, SearchCursor
from api_client.backends.zendesk.shapes import ZAttachment, ZChildEvent, ZTicketEvent, ZUser
from api_client.errors import InvalidRequestError, RateLimitedError
from api_client.models import AuthorRole, Channel
from tests import backend_fixtures
from tests.backend_fixtures import open_desk, retrying_client
from tests.contract.harness_zendesk import ZendeskWorld, backend_for, seed_world
from tests.contract.zendesk_mock import ZendeskMock

Desk: TypeAlias = backend_fixtures.Desk[ZendeskMock, ZendeskWorld, ZendeskBackend]


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    async with open_desk(ZendeskMock(), seed_world, backend_for) as opened:
        opened.backend.clock = lambda: opened.mock.now.timestamp()  # Zendesk's clock
        yield opened


# -- ticket events → messages (no HTTP) ------------------------------------------------------


def _qid(native: str | int) -> str:
    return f"zd:{native}"


def _event(ticket: int, *children: ZChildEvent) -> ZTicketEvent:
    return ZTicketEvent(
        id=1, ticket_id=ticket, timestamp=1_700_000_000, created_at="2023-11-14T22:13:20Z",
        event_type="Audit", child_events=list(children),
    )  # fmt: skip


USERS = {
    5: ZUser(id=5, name="Giulia Rossi", role="agent"),
    9: ZUser(id=9, name="Marco Bianchi", role="end-user"),
}


def test_a_comment_event_becomes_a_message_with_author_visibility_and_channel() -> None:
    page = [
        _event(
            70,
            ZChildEvent(id=1, event_type="Change"),
            ZChildEvent(
                id=11,
                event_type="Comment",
                author_id=9,
                body="Dov'è il pacco?",
                public=True,
                created_at="2023-11-14T22:10:00Z",
                via={"channel": "email"},
            ),
            ZChildEvent(id=12, event_type="Notification"),
        ),
        _event(
            70,
            ZChildEvent(
                id=13,
                event_type="Comment",
                author_id=5,
                body="Nota interna",
                public=False,
                via={"channel": "web"},
            ),
        ),
    ]
    customer, note = events.messages(page, _qid, users=USERS, channels={70: Channel.WHATSAPP})
    assert (customer.id, customer.ticket_id) == ("zd:11", "zd:70")
    assert customer.author_role is AuthorRole.CUSTOMER and customer.author_name == "Marco Bianchi"
    assert customer.public and customer.channel is Channel.EMAIL
    assert customer.created_at.isoformat() == "2023-11-14T22:10:00+00:00"
    assert note.author_role is AuthorRole.AGENT and not note.public
    assert note.channel is Channel.WHATSAPP, (
        "an agent's comment made in Zendesk is on the ticket's channel"
    )
    assert note.created_at.isoformat() == "2023-11-14T22:13:20+00:00", "the event's time"


def test_attachments_are_listed_and_a_comment_of_unknown_visibility_is_a_note() -> None:
    child = ZChildEvent(
        id=21, event_type="Comment", author_id=9, body="Ecco la foto",
        attachments=[ZAttachment(file_name="pacco.jpg"), ZAttachment(file_name=" ")],
    )  # fmt: skip
    (message,) = events.messages([_event(70, child)], _qid, users=USERS, channels={})
    assert message.body == "Ecco la foto\n\n[attachment: pacco.jpg]\n[attachment: file]"
    assert not message.public
    assert message.channel is Channel.EMAIL, "a ticket never seen is taken as email"


def test_the_system_user_and_hostile_text_are_handled_like_the_comments_endpoint() -> None:
    child = ZChildEvent(
        id=31, event_type="Comment", author_id=-1, body="\x1b]52;c;cGF3bmVk\x07[b]x[/b]",
        public=True,
    )  # fmt: skip
    (message,) = events.messages([_event(70, child)], _qid, users=USERS, channels={})
    assert message.author_role is AuthorRole.SYSTEM and message.author_id is None
    assert "\x1b" not in message.body and "\x07" not in message.body
    assert events.authors([_event(70, child)]) == set()


# -- the ticket events feed over HTTP --------------------------------------------------------


async def test_the_events_feed_brings_every_thread_in_order(desk: Desk) -> None:
    await desk.backend.list_agents()
    await desk.backend.changes(None)  # requesters side-loaded, ticket channels known
    page = await desk.backend.message_changes(None)
    request = desk.mock.reads("/api/v2/incremental/ticket_events")[-1]
    assert request.params["start_time"] == "0" and request.params["include"] == "comment_events"
    assert not page.more and page.cursor.startswith("start_time:")
    assert len(page.messages) == sum(len(c) for c in desk.mock.comments.values()) == 6
    stamps = [m.created_at for m in page.messages]
    assert stamps == sorted(stamps)
    assert set(page.ticket_ids) == {desk.ticket(k) for k in ("wismo", "refund", "hostile")}
    refund = [m for m in page.messages if m.ticket_id == desk.ticket("refund")]
    assert [(m.author_role, m.public, m.channel) for m in refund] == [
        (AuthorRole.CUSTOMER, True, Channel.WHATSAPP),
        (AuthorRole.AGENT, False, Channel.WHATSAPP),
    ]
    assert not desk.mock.reads("/api/v2/users/show_many"), "every author was known"
    assert not [r for r in desk.mock.requests if r.path.endswith("/comments")]


async def test_authors_never_seen_are_read_in_one_request(desk: Desk) -> None:
    page = await desk.backend.message_changes(None)
    (lookup,) = desk.mock.reads("/api/v2/users/show_many")
    assert len(lookup.params["ids"].split(",")) == 3  # the agent and two customers
    roles = {m.author_name: m.author_role for m in page.messages}
    assert roles["Giulia Rossi"] is AuthorRole.AGENT
    assert roles["Marco Bianchi"] is AuthorRole.CUSTOMER


async def test_the_feed_resumes_after_its_cursor(desk: Desk) -> None:
    first = await desk.backend.message_changes(None)
    desk.mock.tick(120)
    desk.mock.customer_writes(desk.world.tickets["wismo"], "Ancora nulla?")
    desk.mock.tick(61)  # Zendesk's time-based exports leave out the last minute
    later = await desk.backend.message_changes(first.cursor)
    assert [m.body for m in later.messages][-1] == "Ancora nulla?"
    assert later.ticket_ids[-1] == desk.ticket("wismo")


async def test_the_feed_pages_by_end_time(desk: Desk) -> None:
    desk.mock.events_per_page = 2
    cursor, seen, pages = None, [], 0
    while True:
        page = await desk.backend.message_changes(cursor)
        pages += 1
        seen += [m.id for m in page.messages]
        cursor = page.cursor
        if not page.more:
            break
    assert pages >= 3 and len(set(seen)) == 6


async def test_a_start_time_within_the_last_minute_asks_nothing(desk: Desk) -> None:
    now = desk.backend.message_cursor_now()
    assert now == f"start_time:{int(desk.mock.now.timestamp()) - 60}"
    page = await desk.backend.message_changes(f"start_time:{int(desk.mock.now.timestamp()) - 30}")
    assert page.messages == () and not page.more
    assert not desk.mock.reads("/api/v2/incremental/ticket_events")
    with pytest.raises(InvalidRequestError):
        await desk.backend.message_changes("yesterday")


async def test_a_429_on_the_events_export_says_how_long_to_wait(desk: Desk) -> None:
    desk.mock.fail_next(429, path="ticket_events", headers={"Retry-After": "7"})
    with pytest.raises(RateLimitedError) as caught:
        await desk.backend.message_changes(None)
    assert caught.value.retry_after == 7


async def test_the_consoles_client_waits_out_a_429_on_the_events_export() -> None:
    mock = ZendeskMock()
    seed_world(mock)
    backend = ZendeskBackend(
        "contract",
        {"subdomain": mock.subdomain, "email": "giulia@acme.example"},
        {"token": mock.token},
        http=retrying_client(mock),
    )
    mock.fail_next(429, path="ticket_events", headers={"Retry-After": "3"})
    page = await backend.message_changes(None)
    assert len(page.messages) == 6
    assert len(mock.reads("/api/v2/incremental/ticket_events")) == 2
    await backend.aclose()


# -- the search export for an agent's token --------------------------------------------------


async def test_an_agents_token_syncs_through_the_search_export(desk: Desk) -> None:
    desk.mock.exports_forbidden = True
    page = await desk.backend.changes(None)
    search = desk.mock.reads("/api/v2/search/export")[-1]
    assert search.params["filter[type]"] == "ticket"
    assert search.params["query"] == "updated>1970-01-01T00:00:00Z"
    assert search.params["page[size]"] == "1000"
    assert sorted(t.id for t in page.tickets) == sorted(
        desk.q(t) for t in desk.world.tickets.values()
    )
    assert {c.name for c in page.customers} == {"Marco Bianchi", "Claire Dubois"}
    assert not page.more and page.cursor.startswith("search:")
    assert len(desk.mock.reads("/api/v2/ticket_fields")) == 1, "field titles are read once"
    exports = len(desk.mock.reads("/api/v2/incremental/tickets/cursor"))
    await desk.backend.changes(page.cursor)
    assert len(desk.mock.reads("/api/v2/incremental/tickets/cursor")) == exports == 1


async def test_the_search_export_pages_and_restarts_a_pass_whose_cursor_expired(
    desk: Desk,
) -> None:
    desk.mock.exports_forbidden = True
    first = await desk.backend.changes(None, limit=1)
    assert first.more
    desk.mock.search_epoch += 1  # an hour went by: Zendesk's cursor expired
    seen = [t.id for t in first.tickets]
    cursor = first.cursor
    while True:
        page = await desk.backend.changes(cursor, limit=1)
        seen += [t.id for t in page.tickets]
        cursor = page.cursor
        if not page.more:
            break
    assert set(seen) == {desk.q(t) for t in desk.world.tickets.values()}
    restarted = desk.mock.reads("/api/v2/search/export")[2]
    assert "page[after]" not in restarted.params


async def test_the_next_search_pass_reaches_back_before_the_last_began(desk: Desk) -> None:
    desk.mock.exports_forbidden = True
    began = int(desk.mock.now.timestamp())
    done = await desk.backend.changes(None)
    assert SearchCursor.parse(done.cursor) == SearchCursor(since=began - OVERLAP, began=began)
    desk.mock.tick(3600)
    desk.mock.customer_writes(desk.world.tickets["refund"], "e allora?")
    again = await desk.backend.changes(done.cursor)
    query = desk.mock.reads("/api/v2/search/export")[-1].params["query"]
    assert query == "updated>2026-11-02T11:55:00Z"
    assert [t.id for t in again.tickets] == [desk.ticket("refund")]


async def test_the_export_side_loads_the_requesters_organizations(desk: Desk) -> None:
    org = desk.mock.add_organization("Bianchi S.r.l.")
    marco = desk.mock.tickets[desk.world.tickets["refund"]]["requester_id"]
    desk.mock.users[marco]["organization_id"] = org
    for ticket in desk.mock.tickets.values():
        if ticket["requester_id"] == marco:
            ticket["organization_id"] = org
    page = await desk.backend.changes(None)
    customer = next(c for c in page.customers if c.id == desk.q(marco))
    assert customer.notes.startswith("Organization: Bianchi S.r.l.")


async def test_requesters_the_search_export_did_not_side_load_are_read_in_full(
    desk: Desk,
) -> None:
    await desk.backend.message_changes(None)  # authors cached first (slimmed)
    desk.mock.exports_forbidden = True
    desk.mock.search_sideloads = False
    page = await desk.backend.changes(None)
    (lookup,) = desk.mock.reads("/api/v2/users/show_many")[1:]
    assert len(lookup.params["ids"].split(",")) == 2
    marco = next(c for c in page.customers if c.name == "Marco Bianchi")
    assert marco.language == "it" and marco.timezone == "Europe/Rome"
    refund = next(t for t in page.tickets if t.id == desk.ticket("refund"))
    assert refund.language == "it"
