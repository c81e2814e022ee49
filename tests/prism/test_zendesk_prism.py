"""The Zendesk backend's real operations against Prism serving Zendesk's published spec.

Prism answers with the spec's own examples and refuses (422) any request that breaks
the spec, so these tests show two things: the backend reads the documented shapes, and
every request it makes is one the spec allows. The ``prism`` fixture also fails a test
on any violation line Prism logs.

Where the spec and Zendesk's documentation disagree, the test says so:

* ``start_time`` is required at the path level of ``/incremental/tickets/cursor``, so
  the documented follow-up request (``cursor`` alone) is a 422 here;
* ``/api/v2/users/{user_id}/tickets/requested`` is not in the spec (Zendesk documents it
  as a path of "List Tickets"); the customer test serves it from ``/api/v2/tickets``,
  the same operation and the same ``TicketsResponse``;
* ``GET /api/v2/groups`` declares a required ``user_id`` *path* parameter it has no
  place for (borrowed from ``/users/{user_id}/groups``), so every call is a 422; the
  groups test reads the same ``GroupsResponse`` from ``/api/v2/groups/assignable``;
* ``assignee_id`` and ``group_id`` are integers, not nullable, so the documented way to
  unassign (``"assignee_id": null``) is a 422 here;
* the answer to ``PUT /api/v2/tickets/{id}`` may carry a ticket without ``updated_at``
  (the schema promises only ``requester_id``): the backend then reads the ticket back.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from api_client.backend import Outgoing
from api_client.backends.zendesk import ZendeskBackend
from api_client.errors import InvalidRequestError
from api_client.http import RateBudget, make_client
from api_client.models import AuthorRole, Channel, Priority, Stage, Status, TicketUpdate
from tests.prism.conftest import PrismServer

pytestmark = pytest.mark.prism

PROFILE = "prism"
TICKET = f"{PROFILE}:35436"
"""The ticket id in the spec's examples."""
STAMP = "2011-05-05T10:38:52Z"
"""Its ``updated_at`` in the examples: the version a safe update sends back."""
SAME_SHAPE = {
    re.compile(r"^/api/v2/users/\d+/tickets/requested$"): "/api/v2/tickets",
    re.compile(r"^/api/v2/groups$"): "/api/v2/groups/assignable",
}
"""Paths the spec lacks or breaks → a documented path with the same response schema."""


class _SameShape(httpx.AsyncBaseTransport):
    """Sends a request for a path in :data:`SAME_SHAPE` to its stand-in (see the module doc)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport(retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for pattern, stand_in in SAME_SHAPE.items():
            if pattern.match(request.url.path):
                request.url = request.url.copy_with(path=stand_in)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _backend(
    prism: PrismServer, transport: httpx.AsyncBaseTransport | None = None
) -> ZendeskBackend:
    budget = RateBudget()
    client = make_client(budget=budget, transport=transport)
    backend = ZendeskBackend(
        PROFILE,
        {"base_url": prism.url, "email": "agent@example.com"},
        {"token": "prism-test-token"},
        http=client,
    )
    backend.budget = budget
    return backend


@pytest.fixture
async def zendesk(prism: PrismServer) -> AsyncIterator[ZendeskBackend]:
    backend = await _backend(prism)
    yield backend
    await backend._client.aclose()


async def test_who_am_i(zendesk: ZendeskBackend) -> None:
    me = await zendesk.who_am_i()
    assert me.id == f"{PROFILE}:35436"
    assert me.name == "Johnny Agent" and me.email == "johnny@example.com"


async def test_changes_reads_one_export_page(zendesk: ZendeskBackend) -> None:
    page = await zendesk.changes(None)
    (ticket,) = page.tickets
    assert ticket.id == TICKET and ticket.subject == "Help, my printer is on fire!"
    assert ticket.status is Status.OPEN and ticket.priority is Priority.HIGH
    assert ticket.channel is Channel.WEB_FORM and ticket.tags == ("enterprise", "other_tag")
    assert ticket.customer_id == f"{PROFILE}:20978392"
    assert ticket.fields == {"27642": "745", "27648": "yes"}, "no title known: shown by id"
    assert page.cursor == "MTU3NjYxMzUzOS4wfHw0Njd8" and page.more is False
    assert not page.threads_included and page.deleted == ()


async def test_the_spec_requires_start_time_even_with_a_cursor(
    zendesk: ZendeskBackend, prism: PrismServer
) -> None:
    """Zendesk documents ``cursor`` alone for later pages; this spec calls it invalid."""
    page = await zendesk.changes(None)
    prism.expect_violation("start_time")
    with pytest.raises(InvalidRequestError, match="422"):
        await zendesk.changes(page.cursor)


async def test_the_ticket_events_export_is_asked_as_the_spec_allows(
    zendesk: ZendeskBackend,
) -> None:
    """The spec's example lists metric events (no comment child events): no messages."""
    page = await zendesk.message_changes(None)
    assert page.messages == () and page.cursor == "start_time:1601357503"
    assert page.more is False


async def test_the_search_export_is_asked_as_the_spec_allows(zendesk: ZendeskBackend) -> None:
    """The agent-token fallback: the example's page is empty and says there is more."""
    page = await zendesk.changes("search:0:0:")
    assert page.tickets == () and page.more is True
    assert page.cursor.startswith("search:0:0:eyJmaWVsZCI6")


async def test_get_ticket(zendesk: ZendeskBackend) -> None:
    ticket = await zendesk.get_ticket(TICKET)
    assert ticket.subject == "Help, my printer is on fire!"
    assert ticket.version == STAMP
    assert ticket.assignee_id == f"{PROFILE}:235323" and ticket.group_id == f"{PROFILE}:98738"
    assert ticket.created_at == datetime(2009, 7, 20, 22, 55, 29, tzinfo=UTC)
    assert ticket.url == f"{zendesk.site}/agent/tickets/35436"
    assert ticket.stage is Stage.LISTEN


async def test_get_thread(zendesk: ZendeskBackend) -> None:
    (message,) = await zendesk.get_thread(TICKET)
    assert message.id == f"{PROFILE}:1274" and message.ticket_id == TICKET
    assert message.body == "Thanks for your help!\n\n[attachment: crash.log]"
    assert message.public is True
    assert message.created_at == datetime(2009, 7, 20, 22, 55, 29, tzinfo=UTC)
    assert message.author_role is AuthorRole.SYSTEM, "the example side-loads no users"


async def test_get_customer(prism: PrismServer) -> None:
    backend = await _backend(prism, _SameShape())
    try:
        history = await backend.get_customer(f"{PROFILE}:35436")
    finally:
        await backend._client.aclose()
    assert history.customer.id == f"{PROFILE}:35436"
    assert history.customer.name == "Johnny Agent"
    assert [t.id for t in history.tickets] == [TICKET]
    assert history.orders == ()


async def test_post_message_with_changes_and_a_version(zendesk: ZendeskBackend) -> None:
    message = await zendesk.post_message(
        TICKET,
        Outgoing(
            body="We are on it.",
            public=False,
            external_id="ob-1",
            author_id=f"{PROFILE}:35436",
            update=TicketUpdate(
                status=Status.ON_HOLD,
                priority=Priority.URGENT,
                assignee_id=f"{PROFILE}:35436",
                tags_add=("printer",),
                tags_remove=("other_tag",),
                stage=Stage.IDENTIFY,
            ),
            expected_version=STAMP,
        ),
    )
    assert message.id == f"{PROFILE}:206091192547"
    assert message.body == "The smoke is very colorful.", "Prism answers with its example"
    assert message.author_role is AuthorRole.AGENT and message.ticket_id == TICKET


async def test_update_with_expected_version(zendesk: ZendeskBackend) -> None:
    ticket = await zendesk.update(
        TICKET,
        TicketUpdate(
            status=Status.PENDING,
            assignee_id=f"{PROFILE}:235323",
            group_id=f"{PROFILE}:98738",
            stage=Stage.FIX,
        ),
        expected_version=STAMP,
    )
    assert ticket.id == TICKET and ticket.version == STAMP, "read back: the answer has no stamp"


async def test_the_spec_cannot_unassign(zendesk: ZendeskBackend, prism: PrismServer) -> None:
    """Zendesk unassigns with ``"assignee_id": null``; the spec's integer refuses it."""
    prism.expect_violation("ticket.assignee_id must be integer")
    with pytest.raises(InvalidRequestError, match="422"):
        await zendesk.update(TICKET, TicketUpdate(assignee_id=None))


async def test_the_spec_breaks_list_groups(zendesk: ZendeskBackend, prism: PrismServer) -> None:
    """``GET /api/v2/groups`` asks for a ``user_id`` path parameter it has no place for."""
    prism.expect_violation("must have required property 'user_id'")
    with pytest.raises(InvalidRequestError, match="422"):
        await zendesk.list_groups()


async def test_list_groups_reads_groups_response(prism: PrismServer) -> None:
    backend = await _backend(prism, _SameShape())
    try:
        groups = await backend.list_groups()
    finally:
        await backend._client.aclose()
    assert [(g.id, g.name) for g in groups] == [
        (f"{PROFILE}:211", "DJs"),
        (f"{PROFILE}:122", "MCs"),
    ]


async def test_agents_macros_and_views(prism: PrismServer) -> None:
    zendesk = await _backend(prism, _SameShape())
    try:
        await _agents_macros_and_views(zendesk)
    finally:
        await zendesk._client.aclose()


async def _agents_macros_and_views(zendesk: ZendeskBackend) -> None:
    agents = await zendesk.list_agents()
    assert [a.name for a in agents] == ["James A. Rosen", "Johnny Agent"]
    macros = await zendesk.list_macros()
    assert [m.title for m in macros] == ["Close and Save"], "the inactive one is left out"
    preview = await zendesk.preview_macro(TICKET, macros[0])
    assert preview.actions.note == "Assigned to Agent Uno."
    assert await zendesk.list_views() == {}, "the example views have no conditions"


async def test_rate_limit_headers_are_read(zendesk: ZendeskBackend) -> None:
    await zendesk.who_am_i()
    assert zendesk.budget is not None
    assert zendesk.budget.snapshot().paused_for == 0.0
