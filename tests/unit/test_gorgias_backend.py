"""The Gorgias backend against a fake Gorgias: options, reads, pages, the feed, errors, budget.

Every request goes through ``httpx.MockTransport`` (tests/contract/gorgias_mock.py);
nothing sleeps for real and nothing leaves the machine. Writes have their own module,
``test_gorgias_writes.py``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TypeAlias

import httpx
import pytest

from api_client.backend import Capability
from api_client.backends.gorgias import GorgiasBackend
from api_client.errors import (
    AuthError,
    ConflictError,
    InvalidRequestError,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    UnavailableError,
)
from api_client.http import RateBudget
from api_client.models import AuthorRole, Channel, Contact, MessageKind, Stage, Status
from tests import backend_fixtures
from tests.backend_fixtures import open_desk, retrying_client
from tests.contract.gorgias_mock import GorgiasMock
from tests.contract.harness_gorgias import (
    AGENT_EMAIL,
    PROFILE,
    GorgiasWorld,
    backend_for,
    seed_world,
)

Desk: TypeAlias = backend_fixtures.Desk[GorgiasMock, GorgiasWorld, GorgiasBackend]


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    async with open_desk(GorgiasMock(), seed_world, backend_for) as opened:
        yield opened


async def _all_changes(
    backend: GorgiasBackend, cursor: str | None, limit: int
) -> tuple[list[str], str, int]:
    seen: list[str] = []
    pages = 0
    while True:
        page = await backend.changes(cursor, limit=limit)
        pages += 1
        seen.extend(t.id for t in page.tickets)
        cursor = page.cursor
        if not page.more:
            return seen, cursor, pages
        assert pages < 50


# -- options and credentials -------------------------------------------------------------


def _build(settings: dict[str, str], key: str = "k3y-5ecr3t") -> GorgiasBackend:
    return GorgiasBackend("acme", settings, {"token": key}, http=httpx.AsyncClient())


@pytest.mark.parametrize(
    ("settings", "site"),
    [
        ({"subdomain": "acme"}, "https://acme.gorgias.com"),
        ({"subdomain": "ACME"}, "https://acme.gorgias.com"),
        ({"base_url": "https://acme.gorgias.com/api/"}, "https://acme.gorgias.com"),
        ({"base_url": "http://127.0.0.1:4010"}, "http://127.0.0.1:4010"),
    ],
)
def test_the_site_comes_from_subdomain_or_base_url(settings: dict[str, str], site: str) -> None:
    assert _build({**settings, "email": "a@b.c"}).site == site


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"email": "a@b.c"}, "missing: subdomain"),
        ({"subdomain": "acme.gorgias.com", "email": "a@b.c"}, "not valid"),
        ({"base_url": "http://acme.gorgias.com", "email": "a@b.c"}, "https://"),
        ({"base_url": "https://u:p@acme.gorgias.com", "email": "a@b.c"}, "just the address"),
        ({"subdomain": "acme"}, "email"),
        ({"subdomain": "acme", "email": "nobody"}, "email"),
        ({"subdomain": "acme", "email": "a@b.c", "snooze_hours": "soon"}, "snooze_hours"),
        ({"subdomain": "acme", "email": "a@b.c", "snooze_hours": "0"}, "snooze_hours"),
    ],
)
def test_bad_options_are_refused_with_the_reason(settings: dict[str, str], words: str) -> None:
    with pytest.raises(InvalidRequestError, match=words) as caught:
        _build(settings)
    assert "k3y-5ecr3t" not in str(caught.value)


def test_the_api_key_is_required() -> None:
    with pytest.raises(InvalidRequestError, match="token"):
        GorgiasBackend("acme", {"subdomain": "acme", "email": "a@b.c"}, {})


def test_capabilities_are_what_gorgias_can_do() -> None:
    assert GorgiasBackend.capabilities == {
        Capability.CHANGES,
        Capability.NOTES,
        Capability.TAGS,
        Capability.ASSIGN,
        Capability.GROUPS,
        Capability.MACROS,
        Capability.ORDERS,
        Capability.EXTERNAL_IDS,
        Capability.STAGE_FIELD,
    }
    assert GorgiasBackend.page_size == 100
    names = {option.name: option for option in GorgiasBackend.options}
    assert names["subdomain"].alternative == "base_url" and names["token"].secret


def test_no_repr_shows_the_key() -> None:
    backend = _build({"subdomain": "acme", "email": "a@b.c"})
    shown = f"{backend!r} {backend._conn!r} {backend._conn.site!r} {backend._conn.site.auth!r}"
    assert "k3y-5ecr3t" not in shown and "acme" in shown


async def test_every_request_is_basic_auth_to_the_account(desk: Desk) -> None:
    await desk.backend.who_am_i()
    (request,) = desk.mock.requests
    expected = base64.b64encode(f"{AGENT_EMAIL}:{desk.mock.api_key}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert request.path == "/api/users/0"


async def test_a_wrong_key_is_an_auth_error_without_the_key(desk: Desk) -> None:
    backend = GorgiasBackend(
        PROFILE,
        {"subdomain": "acme", "email": AGENT_EMAIL},
        {"token": "wr0ng-k3y"},
        http=httpx.AsyncClient(transport=desk.mock.transport),
    )
    with pytest.raises(AuthError, match="401") as caught:
        await backend.who_am_i()
    assert "wr0ng-k3y" not in str(caught.value)


# -- who am I ----------------------------------------------------------------------------


async def test_who_am_i_reads_user_zero(desk: Desk) -> None:
    me = await desk.backend.who_am_i()
    assert me.id == desk.q(desk.world.me) and me.name == "Giulia Rossi"
    assert me.email == me.login == AGENT_EMAIL


async def test_who_am_i_finds_the_user_by_email_when_user_zero_says_nothing(desk: Desk) -> None:
    desk.mock.add_user("Someone Else", "else@acme.example")
    desk.mock.fail_next(200, path=r"/api/users/0$")
    me = await desk.backend.who_am_i()
    assert me.id == desk.q(desk.world.me)
    assert desk.mock.requests[-1].params["email"] == AGENT_EMAIL


async def test_who_am_i_refuses_when_no_user_has_the_email(desk: Desk) -> None:
    desk.mock.fail_next(200, path=r"/api/users/0$")
    desk.mock.fail_next(200, path=r"/api/users$", body={"data": [], "meta": {}})
    with pytest.raises(AuthError, match=AGENT_EMAIL):
        await desk.backend.who_am_i()


# -- directory, macros, tags, views ------------------------------------------------------


async def test_agents_page_by_cursor_and_leave_bots_out(desk: Desk) -> None:
    for n in range(150):
        desk.mock.add_user(f"Agent {n:03}", f"agent{n}@acme.example")
    desk.mock.add_user("Gorgias Bot", "bot@gorgias.io", role="bot")
    desk.mock.add_user("Old Timer", "old@acme.example", active=False)
    agents = await desk.backend.list_agents()
    assert len(agents) == 152
    assert "Gorgias Bot" not in {a.name for a in agents}
    assert next(a for a in agents if a.name == "Old Timer").active is False
    pages = [r for r in desk.mock.requests if r.path == "/api/users"]
    assert [r.params.get("limit") for r in pages] == ["100", "100"]
    assert "cursor" not in pages[0].params and pages[1].params["cursor"]


async def test_teams_are_groups(desk: Desk) -> None:
    returns = desk.mock.add_team("Returns")
    groups = await desk.backend.list_groups()
    assert [(g.id, g.name) for g in groups] == [
        (desk.q(returns), "Returns"),
        (desk.q(desk.world.team), "Tier 1"),
    ]


async def test_tags_leave_stage_tags_out(desk: Desk) -> None:
    desk.mock.add_tag("stage_fix")
    desk.mock.add_tag("VIP")
    assert await desk.backend.list_tags() == ["VIP", "where_is_my_order"]


async def test_macros_become_bodies_and_actions(desk: Desk) -> None:
    me, team = desk.world.me, desk.world.team
    desk.mock.add_macro(
        "Spedito",
        [
            {"name": "setResponseText", "arguments": {"body_text": "Ciao, il pacco è partito."}},
            {"name": "addTags", "arguments": {"tags": "wismo, stage_solve"}},
            {"name": "removeTags", "arguments": {"tags": ["urgent"]}},
            {"name": "setStatus", "arguments": {"status": "closed"}},
            {"name": "setAssignee", "arguments": {"assignee_user": {"id": me, "name": "G"}}},
            {"name": "setTeamAssignee", "arguments": {"assignee_team": {"id": team}}},
            {"name": "addInternalNote", "arguments": {"body_html": "<p>Tracking <b>sent</b></p>"}},
            {"name": "setPriority", "arguments": {"priority": "high"}},
        ],
        language="it",
    )
    desk.mock.add_macro(
        "Snooze", [{"name": "snoozeTicket", "arguments": {"snooze_timedelta": "1d"}}]
    )
    spedito, snooze = await desk.backend.list_macros()
    assert spedito.title == "Snooze" or snooze.title == "Spedito"
    spedito, snooze = (spedito, snooze) if spedito.title == "Spedito" else (snooze, spedito)
    assert spedito.bodies == {"it": "Ciao, il pacco è partito."}
    actions = spedito.actions
    assert actions.tags_add == ("wismo",) and actions.tags_remove == ("urgent",)
    assert actions.stage is Stage.SOLVE and actions.status is Status.SOLVED
    assert actions.assignee_id == desk.q(me) and actions.group_id == desk.q(team)
    assert actions.note == "Tracking sent"
    assert snooze.bodies == {} and snooze.actions.status is Status.PENDING


async def test_views_translate_where_exact(desk: Desk) -> None:
    team = desk.world.team
    me = desk.world.me
    desk.mock.add_view(
        "Mine", "eq(ticket.assignee_user.id, '{{current_user.id}}') && eq(ticket.status, 'open')"
    )
    desk.mock.add_view(
        "Tier 1 WISMO",
        f"eq(ticket.assignee_team.id, {team}) && containsAny(ticket.tags.name, ['wismo', 'late'])",
        order_by="created_datetime",
        order_dir="asc",
    )
    desk.mock.add_view(
        "Giulia", f"eq(ticket.assignee_user.id, {me}) && isNotEmpty(ticket.assignee_user)"
    )
    desk.mock.add_view("Either", "eq(ticket.status, 'open') || eq(ticket.channel, 'email')")
    desk.mock.add_view("Search", "eq(ticket.status, 'open')", search="refund")
    desk.mock.add_view("Old", "eq(ticket.status, 'closed')", deactivated=True)
    assert await desk.backend.list_views() == {
        "Mine": "assignee:me status:open sort:-updated",
        "Tier 1 WISMO": 'group:"Tier 1" tag:wismo,late sort:created',
        "Giulia": 'assignee:"Giulia Rossi" -assignee:none sort:-updated',
    }


# -- tickets, threads, customers ---------------------------------------------------------


async def test_get_ticket_maps_the_fields(desk: Desk) -> None:
    desk.mock.touch(
        desk.world.tickets["wismo"], assignee_user=desk.world.me, assignee_team=desk.world.team
    )
    ticket = await desk.backend.get_ticket(desk.ticket("wismo"))
    assert ticket.assignee_id == desk.q(desk.world.me) and ticket.group_id == desk.q(
        desk.world.team
    )
    assert ticket.language == "it" and ticket.channel is Channel.EMAIL
    assert ticket.url == f"https://acme.gorgias.com/app/ticket/{desk.world.tickets['wismo']}"
    refund = await desk.backend.get_ticket(desk.ticket("refund"))
    assert refund.status is Status.PENDING and refund.channel is Channel.WHATSAPP
    desk.mock.touch(desk.world.tickets["refund"], status="closed", snooze=None)
    assert (await desk.backend.get_ticket(desk.ticket("refund"))).status is Status.SOLVED


async def test_a_ticket_id_that_is_not_gorgias_is_not_found(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        await desk.backend.get_ticket("contract:abc")
    assert desk.mock.requests == []


async def test_thread_has_a_channel_per_message_and_notes(desk: Desk) -> None:
    refund = desk.world.tickets["refund"]
    desk.mock.add_message(refund, desk.world.me, "Auto: we got it", from_agent=True, rule_id=77)
    desk.mock.add_message(
        refund,
        desk.world.customers["marco"],
        "scrivo anche per email",
        from_agent=False,
        channel="email",
    )
    thread = await desk.backend.get_thread(desk.q(refund))
    assert [(m.kind, m.channel) for m in thread] == [
        (MessageKind.CUSTOMER, Channel.WHATSAPP),
        (MessageKind.NOTE, Channel.WHATSAPP),
        (MessageKind.SYSTEM, Channel.WHATSAPP),
        (MessageKind.CUSTOMER, Channel.EMAIL),
    ]
    assert thread[0].author_name == "Marco Bianchi" and thread[0].author_id == desk.q(
        desk.world.customers["marco"]
    )
    assert thread[1].author_role is AuthorRole.AGENT and thread[1].author_name == "Giulia Rossi"


async def test_thread_pages_through_long_conversations(desk: Desk) -> None:
    wismo = desk.world.tickets["wismo"]
    for n in range(120):
        desk.mock.customer_writes(wismo, f"message {n}")
    thread = await desk.backend.get_thread(desk.q(wismo))
    assert len(thread) == 123 and thread[-1].body == "message 119"
    asked = [r for r in desk.mock.requests if r.path == "/api/messages"]
    assert len(asked) == 2 and asked[0].params["ticket_id"] == str(wismo)
    assert asked[0].params["order_by"] == "created_datetime:asc"


async def test_customer_has_contacts_orders_and_tickets(desk: Desk) -> None:
    mock, marco = desk.mock, desk.world.customers["marco"]
    mock.customers[marco]["channels"].append(
        {"type": "instagram", "address": "@marco.b", "preferred": False, "deleted_datetime": None}
    )
    mock.add_shopify_order(
        marco, "#100200", total="49.00", currency="EUR", items=[("TEE-M", "T-shirt M", 2, "24.50")],
        financial_status="refunded", created_at=mock.now - timedelta(days=40),
    )  # fmt: skip
    mock.add_shopify_order(
        marco, "#100300", total="10.00", currency="EUR", items=[("SOCK", "Socks", 1, "10.00")],
        fulfillment_status="fulfilled", carrier="GLS", tracking="GLS777",
        shipment_status="delivered", created_at=mock.now - timedelta(days=1),
    )  # fmt: skip
    mock.trash(mock.add_ticket(marco, "spam", tags=["x"]))
    history = await desk.backend.get_customer(desk.q(marco))
    customer = history.customer
    assert customer.emails == ("marco.bianchi@example.it",)
    assert customer.phones == ("+39 347 123 4567",) and customer.language == "it"
    assert customer.handles == (Contact(channel=Channel.INSTAGRAM, value="@marco.b"),)
    assert [(o.number, o.status) for o in history.orders] == [
        ("#100300", "delivered"),
        ("#100231", "shipped"),
        ("#100200", "refunded"),
    ]
    shipped = history.orders[1]
    assert shipped.total == Decimal("129.90") and shipped.currency == "EUR"
    (parcel,) = shipped.shipments
    assert (parcel.carrier, parcel.tracking_number, parcel.status) == (
        "BRT",
        "BRT0123456789",
        "in_transit",
    )
    assert parcel.tracking_url == "https://tracking.example/brt/BRT0123456789"
    assert shipped.items[0].unit_price == Decimal("129.90") and shipped.items[0].sku == "SNK-42"
    assert {t.id for t in history.tickets} == {desk.ticket("wismo"), desk.ticket("refund")}
    asked = next(r for r in desk.mock.requests if r.path == "/api/tickets")
    assert asked.params["customer_id"] == str(marco)


async def test_unknown_customer_is_not_found(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        await desk.backend.get_customer(desk.q(999_999))


# -- the changes feed --------------------------------------------------------------------


async def test_the_first_listing_walks_oldest_first_page_by_page(desk: Desk) -> None:
    seen, cursor, pages = await _all_changes(desk.backend, None, 1)
    assert seen == [desk.ticket("refund"), desk.ticket("hostile"), desk.ticket("wismo")]
    assert pages == 3
    orders = [r.params["order_by"] for r in desk.mock.requests]
    assert orders == ["updated_datetime:asc"] * 3
    assert json.loads(cursor)["w"][1] == desk.world.tickets["wismo"]


async def test_later_changes_walk_newest_first_down_to_the_watermark(desk: Desk) -> None:
    _, cursor, _ = await _all_changes(desk.backend, None, 100)
    for n in range(3):
        desk.mock.add_ticket(desk.world.customers["claire"], f"new {n}")
        desk.mock._changed(max(desk.mock.tickets))
    desk.mock.touch(desk.world.tickets["refund"], tags=["x"])
    desk.mock.requests.clear()
    seen, cursor, pages = await _all_changes(desk.backend, cursor, 2)
    assert sorted(seen) == sorted(
        [*(desk.q(t) for t in list(desk.mock.tickets)[-3:]), desk.ticket("refund")]
    )
    # two pages of changes, then one that meets the watermark
    assert pages == 3 and {r.params["order_by"] for r in desk.mock.requests} == {
        "updated_datetime:desc"
    }
    again, _, _ = await _all_changes(desk.backend, cursor, 2)
    assert again == []


async def test_an_interrupted_listing_resumes_from_its_cursor(desk: Desk) -> None:
    first = await desk.backend.changes(None, limit=2)
    assert first.more and [t.id for t in first.tickets] == [
        desk.ticket("refund"),
        desk.ticket("hostile"),
    ]
    other = backend_for(desk.mock)
    rest, _, _ = await _all_changes(other, first.cursor, 2)
    assert rest == [desk.ticket("wismo")]
    await other.aclose()


async def test_an_expired_cursor_falls_back_to_catching_up(desk: Desk) -> None:
    first = await desk.backend.changes(None, limit=1)
    desk.mock.refuse_cursors = True
    page = await desk.backend.changes(first.cursor, limit=100)
    assert [t.id for t in page.tickets] == [desk.ticket("wismo"), desk.ticket("hostile")]
    assert page.more is False
    asked = [r.params.get("order_by") for r in desk.mock.requests]
    assert asked == ["updated_datetime:asc", "updated_datetime:asc", "updated_datetime:desc"]


async def test_trashed_tickets_arrive_as_deletions(desk: Desk) -> None:
    _, cursor, _ = await _all_changes(desk.backend, None, 100)
    desk.mock.trash(desk.world.tickets["hostile"])
    page = await desk.backend.changes(cursor)
    assert page.tickets == () and page.deleted == (desk.ticket("hostile"),)


async def test_change_pages_carry_the_customers(desk: Desk) -> None:
    page = await desk.backend.changes(None)
    assert {c.name for c in page.customers} == {"Marco Bianchi", "Claire Dubois"}
    marco = next(c for c in page.customers if c.name == "Marco Bianchi")
    assert marco.phones == ("+39 347 123 4567",) and marco.language == "it"
    assert page.threads_included is False and page.total is None


async def test_a_foreign_cursor_is_refused(desk: Desk) -> None:
    for cursor in ("start_time:0", '{"v": 2}', '{"v": 1, "w": ["yesterday", 1]}'):
        with pytest.raises(InvalidRequestError, match="cursor"):
            await desk.backend.changes(cursor)


# -- errors, retries, budget -------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, InvalidRequestError),
        (403, AuthError),
        (404, NotFoundError),
        (409, ConflictError),
        (500, UnavailableError),
        (503, UnavailableError),
    ],
)
async def test_statuses_become_backend_errors(
    desk: Desk, status: int, error: type[Exception]
) -> None:
    desk.mock.fail_next(status, body={"error": {"msg": "customer wrote <script>"}})
    with pytest.raises(error) as caught:
        await desk.backend.get_ticket(desk.ticket("wismo"))
    assert "<script>" not in str(caught.value)


async def test_a_429_says_how_long_to_wait(desk: Desk) -> None:
    desk.mock.fail_next(
        429, headers={"Retry-After": "7", "X-Gorgias-Account-Api-Call-Limit": "40/40"}
    )
    with pytest.raises(RateLimitedError) as caught:
        await desk.backend.get_ticket(desk.ticket("wismo"))
    assert caught.value.retry_after == 7


async def test_reads_are_retried_after_429_and_5xx_by_the_console_client(desk: Desk) -> None:
    budget = RateBudget()
    backend = GorgiasBackend(
        PROFILE, {"subdomain": "acme", "email": AGENT_EMAIL}, {"token": desk.mock.api_key},
        http=retrying_client(desk.mock, budget),
    )  # fmt: skip
    backend.budget = budget
    desk.mock.fail_next(
        429, headers={"Retry-After": "2", "X-Gorgias-Account-Api-Call-Limit": "40/40"}
    )
    desk.mock.fail_next(502)
    ticket = await backend.get_ticket(desk.ticket("wismo"))
    assert ticket.subject.startswith("Dov")
    assert len(desk.mock.requests) == 3
    await backend._client.aclose()


async def test_a_connection_refused_read_is_unavailable_and_never_sent(desk: Desk) -> None:
    desk.mock.break_next(httpx.ConnectError)
    with pytest.raises(UnavailableError) as caught:
        await desk.backend.get_ticket(desk.ticket("wismo"))
    assert caught.value.sent is False


async def test_an_answer_of_the_wrong_shape_is_invalid(desk: Desk) -> None:
    desk.mock.fail_next(200, body={"id": "not a number"})
    with pytest.raises(InvalidResponseError, match="documented shape"):
        await desk.backend.get_ticket(desk.ticket("wismo"))


async def test_the_leaky_bucket_feeds_the_budget(desk: Desk) -> None:
    clock = [0.0]
    mock = GorgiasMock(clock=lambda: clock[0], enforce_rate_limit=True)
    seed_world(mock)
    backend = backend_for(mock)
    budget = RateBudget(clock=lambda: clock[0])
    backend.budget = budget
    for _ in range(12):
        await backend.get_ticket(f"{PROFILE}:101")
    snapshot = budget.snapshot()
    assert (snapshot.limit, snapshot.remaining) == (40, 28)
    assert budget.delay_before_next() == 0.0
    for _ in range(28):
        await backend.get_ticket(f"{PROFILE}:101")
    assert budget.snapshot().remaining == 0 and budget.delay_before_next() > 0
    with pytest.raises(RateLimitedError) as caught:
        await backend.get_ticket(f"{PROFILE}:101")
    assert caught.value.retry_after == 1
    assert budget.snapshot().paused_for == 1.0
    clock[0] += 20.0  # the bucket has leaked empty
    assert (await backend.get_ticket(f"{PROFILE}:101")).id == f"{PROFILE}:101"
    await backend.aclose()


def test_pending_snoozes_for_the_profile_hours() -> None:
    backend = _build({"subdomain": "acme", "email": "a@b.c", "snooze_hours": "12"})
    assert backend.snooze == timedelta(hours=12)
    assert _build({"subdomain": "acme", "email": "a@b.c"}).snooze == timedelta(hours=72)
    assert datetime.now(UTC) - backend.clock() < timedelta(seconds=5)
