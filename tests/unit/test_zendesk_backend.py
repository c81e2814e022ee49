"""The Zendesk backend against a fake Zendesk: requests, pages, writes, errors, budget.

Every request goes through ``httpx.MockTransport`` (tests/contract/zendesk_mock.py);
nothing sleeps for real and nothing leaves the machine.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import AsyncIterator
from typing import TypeAlias

import httpx
import pytest

import api_client.backends.zendesk as zendesk_module
from api_client.backend import Capability, Outgoing
from api_client.backends.zendesk import ZendeskBackend
from api_client.errors import (
    AuthError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    UnavailableError,
)
from api_client.http import RateBudget
from api_client.models import AuthorRole, Channel, Priority, Stage, Status, TicketUpdate
from tests import backend_fixtures
from tests.backend_fixtures import open_desk, retrying_client
from tests.contract.harness_zendesk import (
    AGENT_EMAIL,
    PROFILE,
    ZendeskWorld,
    backend_for,
    seed_world,
)
from tests.contract.zendesk_mock import ZendeskMock

Desk: TypeAlias = backend_fixtures.Desk[ZendeskMock, ZendeskWorld, ZendeskBackend]


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    async with open_desk(ZendeskMock(), seed_world, backend_for) as opened:
        yield opened


# -- options and credentials -------------------------------------------------------------


def _build(settings: dict[str, str], token: str = "t0k3n") -> ZendeskBackend:
    return ZendeskBackend("acme", settings, {"token": token}, http=httpx.AsyncClient())


@pytest.mark.parametrize(
    ("settings", "site"),
    [
        ({"subdomain": "acme", "email": "a@b.c"}, "https://acme.zendesk.com"),
        ({"subdomain": "ACME", "email": "a@b.c"}, "https://acme.zendesk.com"),
        (
            {"base_url": "https://support.acme.example/", "email": "a@b.c"},
            "https://support.acme.example",
        ),
        ({"base_url": "http://127.0.0.1:4010", "auth": "oauth"}, "http://127.0.0.1:4010"),
    ],
)
def test_the_site_comes_from_subdomain_or_base_url(settings: dict[str, str], site: str) -> None:
    assert _build(settings).site == site


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"email": "a@b.c"}, "subdomain"),
        ({"subdomain": "acme.zendesk.com", "email": "a@b.c"}, "not valid"),
        ({"base_url": "http://acme.zendesk.com", "email": "a@b.c"}, "https://"),
        ({"base_url": "https://u:p@acme.zendesk.com", "email": "a@b.c"}, "just the address"),
        ({"subdomain": "acme", "auth": "api_token"}, "email"),
        ({"subdomain": "acme", "auth": "password"}, "'auth'"),
    ],
)
def test_bad_options_are_refused_with_the_reason(settings: dict[str, str], words: str) -> None:
    with pytest.raises(InvalidRequestError, match=words) as caught:
        _build(settings)
    assert "t0k3n" not in str(caught.value)


def test_the_token_is_required() -> None:
    with pytest.raises(InvalidRequestError, match="token"):
        ZendeskBackend("acme", {"subdomain": "acme"}, {})


def test_capabilities_are_what_zendesk_can_do() -> None:
    caps = ZendeskBackend.capabilities
    assert Capability.VERSIONED_UPDATES in caps and Capability.STAGE_FIELD in caps
    assert Capability.EXTERNAL_IDS not in caps, "comments cannot carry our idempotency key"
    assert Capability.ORDERS not in caps
    assert ZendeskBackend.page_size == 1000
    secret = [o.name for o in ZendeskBackend.options if o.secret]
    assert secret == ["token"]


async def test_api_token_is_basic_auth_as_email_slash_token(desk: Desk) -> None:
    await desk.backend.who_am_i()
    sent = desk.mock.requests[-1].headers["authorization"]
    expected = base64.b64encode(f"{AGENT_EMAIL}/token:{desk.mock.token}".encode()).decode()
    assert sent == f"Basic {expected}"


async def test_oauth_is_a_bearer_token(desk: Desk) -> None:
    client = httpx.AsyncClient(transport=desk.mock.transport)
    backend = ZendeskBackend(
        PROFILE, {"subdomain": "acme"}, {"token": desk.mock.oauth_token}, http=client
    )
    me = await backend.who_am_i()
    assert me.id == desk.q(desk.world.me)
    assert desk.mock.requests[-1].headers["authorization"] == f"Bearer {desk.mock.oauth_token}"


async def test_a_refused_token_is_an_auth_error_that_never_shows_it(desk: Desk) -> None:
    client = httpx.AsyncClient(transport=desk.mock.transport)
    backend = ZendeskBackend(
        PROFILE, {"subdomain": "acme", "email": AGENT_EMAIL}, {"token": "wr0ng-t0k3n"}, http=client
    )
    with pytest.raises(AuthError) as caught:
        await backend.who_am_i()
    assert "wr0ng-t0k3n" not in str(caught.value) and "401" in str(caught.value)
    assert "wr0ng" not in repr(backend) and "token" not in repr(backend).lower()
    assert "t0k3n" not in repr(backend._conn.site.auth) + repr(backend._conn.site)


async def test_who_am_i_refuses_end_users_and_anonymous(desk: Desk) -> None:
    desk.mock.fail_next(200, body={"user": {"id": None, "name": "Anonymous", "role": "end-user"}})
    with pytest.raises(AuthError, match="anonymous"):
        await desk.backend.who_am_i()
    desk.mock.users[desk.world.me]["role"] = "end-user"
    with pytest.raises(AuthError, match="end user"):
        await desk.backend.who_am_i()


# -- the change feed -------------------------------------------------------------------------


async def test_the_export_asks_for_the_largest_page_with_users(desk: Desk) -> None:
    page = await desk.backend.changes(None)
    export = next(r for r in desk.mock.requests if "incremental" in r.path)
    assert export.path == "/api/v2/incremental/tickets/cursor"
    assert export.params["start_time"] == "0" and export.params["per_page"] == "1000"
    assert export.params["include"] == "users,organizations"
    assert not page.more and not page.threads_included and page.total is None
    assert {c.name for c in page.customers} == {"Marco Bianchi", "Claire Dubois"}
    marco = next(c for c in page.customers if c.name == "Marco Bianchi")
    assert marco.language == "it" and marco.email == "marco.bianchi@example.it"


async def test_the_export_pages_by_cursor_and_resumes_after_changes(desk: Desk) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = await desk.backend.changes(cursor, limit=1)
        pages += 1
        seen += [t.id for t in page.tickets]
        cursor = page.cursor
        if not page.more:
            break
    assert pages == 3 and sorted(seen) == sorted(desk.q(t) for t in desk.world.tickets.values())
    exports = [r for r in desk.mock.requests if "incremental" in r.path]
    assert [r.params.get("per_page") for r in exports] == ["1", "1", "1"]
    assert "start_time" in exports[0].params and "cursor" not in exports[0].params
    assert all("cursor" in r.params and "start_time" not in r.params for r in exports[1:])
    assert (await desk.backend.changes(cursor)).tickets == ()
    desk.mock.customer_writes(desk.world.tickets["refund"], "ancora niente")
    desk.mock.delete_ticket(desk.world.tickets["hostile"])
    page = await desk.backend.changes(cursor)
    assert [t.id for t in page.tickets] == [desk.ticket("refund")]
    assert page.deleted == (desk.ticket("hostile"),)


async def test_refused_credentials_stop_the_export_with_an_auth_error(desk: Desk) -> None:
    desk.mock.fail_next(401, path="incremental", body={"error": "Couldn't authenticate you"})
    with pytest.raises(AuthError, match=r"401"):
        await desk.backend.changes(None)


async def test_a_bad_cursor_is_refused(desk: Desk) -> None:
    with pytest.raises(InvalidRequestError):
        await desk.backend.changes("start_time:yesterday")


# -- reading --------------------------------------------------------------------------------


async def test_a_ticket_maps_status_priority_channel_stage_fields_and_link(desk: Desk) -> None:
    mock = desk.mock
    size = mock.add_ticket_field("Order number")
    reason = mock.add_ticket_field(
        "Contact reason", "tagger", [("Where is my order", "wismo"), ("Refund", "refund")]
    )
    gift = mock.add_ticket_field("Gift", "checkbox")
    native = desk.world.tickets["wismo"]
    mock.touch(
        native,
        status="hold",
        priority=None,
        tags=["where_is_my_order", "stage_identify"],
        custom_fields=[
            {"id": size, "value": "100231"},
            {"id": reason, "value": "wismo"},
            {"id": gift, "value": False},
            {"id": 999, "value": "unknown field"},
        ],
    )
    ticket = await desk.backend.get_ticket(desk.ticket("wismo"))
    assert ticket.status is Status.ON_HOLD and ticket.priority is Priority.NORMAL
    assert ticket.channel is Channel.EMAIL and ticket.language == "it"
    assert ticket.stage is Stage.IDENTIFY and ticket.tags == ("where_is_my_order",)
    assert ticket.fields == {
        "Order number": "100231",
        "Contact reason": "Where is my order",
        "999": "unknown field",
    }
    assert ticket.version == mock.tickets[native]["updated_at"]
    assert ticket.url == f"https://acme.zendesk.com/agent/tickets/{native}"
    chat = await desk.backend.get_ticket(desk.ticket("hostile"))
    assert chat.channel is Channel.CHAT and chat.priority is Priority.HIGH


async def test_ticket_fields_are_read_once(desk: Desk) -> None:
    await desk.backend.get_ticket(desk.ticket("wismo"))
    await desk.backend.get_ticket(desk.ticket("refund"))
    assert sum(r.path == "/api/v2/ticket_fields" for r in desk.mock.requests) == 1


async def test_ids_that_are_not_zendesk_ids_are_not_found_without_a_request(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        await desk.backend.get_ticket("contract:../../users/me")
    assert desk.mock.requests == []


async def test_a_long_thread_is_read_by_cursor_oldest_first(desk: Desk) -> None:
    native = desk.world.tickets["refund"]
    requester = desk.world.customers["marco"]
    for n in range(150):
        desk.mock.add_comment(native, requester, f"messaggio {n}")
    thread = await desk.backend.get_thread(desk.ticket("refund"))
    assert len(thread) == 152
    assert [m.body for m in thread[2:4]] == ["messaggio 0", "messaggio 1"]
    assert thread[1].kind.value == "note" and thread[1].channel is Channel.WHATSAPP
    reads = [r for r in desk.mock.requests if r.path.endswith("/comments")]
    assert [r.params.get("page[size]") for r in reads] == ["100", "100"]
    assert "page[after]" in reads[1].params and reads[0].params["include"] == "users"


async def test_an_author_zendesk_did_not_side_load_is_the_system(desk: Desk) -> None:
    native = desk.world.tickets["wismo"]
    desk.mock.add_comment(native, -1, "Ticket merged", public=False)
    thread = await desk.backend.get_thread(desk.ticket("wismo"))
    assert thread[-1].author_role is AuthorRole.SYSTEM and thread[-1].author_id is None


async def test_the_customer_with_identities_organization_and_tickets(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    mock = desk.mock
    marco = desk.world.customers["marco"]
    org = mock.add_organization("Bianchi S.r.l.")
    mock.users[marco].update(organization_id=org, notes="VIP dal 2019", tags=["vip"])
    mock.add_identity(marco, "email", "marco@lavoro.example")
    mock.add_identity(marco, "twitter", "marcob")
    for n in range(230):
        mock.add_ticket(marco, f"vecchio {n}")
    monkeypatch.setattr(zendesk_module, "HISTORY_LIMIT", 200)
    history = await desk.backend.get_customer(desk.q(marco))
    customer = history.customer
    assert customer.emails == ("marco.bianchi@example.it", "marco@lavoro.example")
    assert customer.phones == ("+39 347 123 4567",)
    assert [(h.channel, h.value) for h in customer.handles] == [(Channel.TWITTER, "marcob")]
    assert customer.notes == "Organization: Bianchi S.r.l.\nVIP dal 2019"
    assert customer.timezone == "Europe/Rome" and customer.tags == ("vip",)
    assert len(history.tickets) == 200, "stops at the history limit"
    assert history.orders == ()
    reads = [r for r in mock.requests if r.path.endswith("/tickets/requested")]
    assert len(reads) == 2 and all(r.params["page[size]"] == "100" for r in reads)


async def test_agents_groups_and_me(desk: Desk) -> None:
    admin = desk.mock.add_user("Ada Admin", "ada@acme.example", role="admin")
    desk.mock.users[admin]["suspended"] = True
    agents = await desk.backend.list_agents()
    assert [a.name for a in agents] == ["Ada Admin", "Giulia Rossi"]
    giulia = agents[1]
    assert giulia.login == AGENT_EMAIL and giulia.group_ids == (desk.q(desk.world.group),)
    assert agents[0].active is False
    users = next(r for r in desk.mock.requests if r.path == "/api/v2/users")
    assert users.params.get_list("role[]") == ["agent", "admin"]
    assert users.params["page[size]"] == "100"
    groups = await desk.backend.list_groups()
    assert [(g.id, g.name) for g in groups] == [(desk.q(desk.world.group), "Tier 1")]


async def test_macros_become_bodies_notes_and_actions(desk: Desk) -> None:
    mock = desk.mock
    shipped = mock.add_macro(
        "Shipping::Spedito",
        [
            {"field": "comment_value", "value": "Ciao {{ticket.requester.first_name}}, spedito!"},
            {"field": "status", "value": "pending"},
            {"field": "current_tags", "value": "shipped stage_solve"},
            {"field": "remove_tags", "value": "waiting"},
            {"field": "group_id", "value": str(desk.world.group)},
        ],
    )
    mock.add_macro(
        "Escalate",
        [
            {"field": "comment_value", "value": ["channel:all", "Escalated to tier 2"]},
            {"field": "comment_mode_is_public", "value": "false"},
            {"field": "priority", "value": "urgent"},
            {"field": "status", "value": "hold"},
        ],
    )
    mock.add_macro("Old", [{"field": "status", "value": "solved"}], active=False)
    macros = await desk.backend.list_macros()
    assert [m.title for m in macros] == ["Escalate", "Shipping::Spedito"]
    escalate, ship = macros
    assert escalate.bodies == {} and escalate.actions.note == "Escalated to tier 2"
    assert escalate.actions.priority is Priority.URGENT
    assert escalate.actions.status is Status.ON_HOLD
    assert ship.bodies == {"*": "Ciao {{ticket.requester.first_name}}, spedito!"}
    assert ship.actions.tags_add == ("shipped",) and ship.actions.stage is Stage.SOLVE
    assert ship.actions.tags_remove == ("waiting",)
    assert ship.actions.group_id == desk.q(desk.world.group)
    assert ship.id == desk.q(shipped)
    preview = await desk.backend.preview_macro(desk.ticket("wismo"), ship)
    assert preview.bodies == {"*": "Ciao Marco, spedito!"}
    assert preview.actions == ship.actions
    assert desk.mock.writes() == [], "apply is only a preview"


async def test_views_translate_to_saved_views(desk: Desk) -> None:
    mock = desk.mock
    mock.add_view(
        "My open tickets",
        {
            "all": [
                {"field": "status", "operator": "less_than", "value": "solved"},
                {"field": "assignee_id", "operator": "is", "value": "current_user"},
            ]
        },
    )
    mock.add_view(
        "Tier 1 urgent",
        {
            "all": [
                {"field": "group_id", "operator": "is", "value": str(desk.world.group)},
                {"field": "priority", "operator": "greater_than", "value": "normal"},
                {"field": "current_tags", "operator": "not_includes", "value": "spam test"},
            ]
        },
        sort_by="created_at",
        sort_order="asc",
    )
    mock.add_view("By channel", {"all": [{"field": "via_id", "operator": "is", "value": "4"}]})
    views = await desk.backend.list_views()
    assert views == {
        "My open tickets": "status:new,open,pending,on_hold assignee:me sort:-updated",
        "Tier 1 urgent": 'group:"Tier 1" priority:high,urgent -tag:spam,test sort:created',
    }


async def test_offset_pagination_stops_at_its_10000_record_cap(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    conditions = {"all": [{"field": "status", "operator": "is", "value": "open"}]}
    for n in range(10_050):
        desk.mock.views[10**9 + n] = {
            "id": 10**9 + n,
            "title": f"view {n}",
            "active": True,
            "conditions": conditions,
            "execution": {},
        }
    with caplog.at_level(logging.WARNING):
        views = await desk.backend.list_views()
    assert len(views) == 10_000
    reads = [r for r in desk.mock.requests if r.path == "/api/v2/views/active"]
    assert len(reads) == 100 and max(int(r.params.get("page", "1")) for r in reads) == 100
    assert all("page[size]" not in r.params for r in reads)
    assert "offset pagination cap" in caplog.text


# -- writing --------------------------------------------------------------------------------


async def test_an_update_adds_and_removes_tags_and_keeps_the_stage_in_a_tag(desk: Desk) -> None:
    target = desk.ticket("wismo")
    ticket = await desk.backend.update(
        target,
        TicketUpdate(
            status=Status.ON_HOLD,
            priority=Priority.HIGH,
            group_id=desk.q(desk.world.group),
            tags_add=("vip",),
            stage=Stage.FIX,
        ),
    )
    sent = desk.mock.writes()[-1].body["ticket"]
    assert sent["status"] == "hold" and sent["priority"] == "high"
    assert sent["group_id"] == desk.world.group
    assert sent["additional_tags"] == ["vip", "stage_fix"]
    assert "stage_listen" in sent["remove_tags"] and "stage_fix" not in sent["remove_tags"]
    assert "tags" not in sent and "safe_update" not in sent
    assert ticket.stage is Stage.FIX and ticket.status is Status.ON_HOLD
    assert "stage_fix" not in ticket.tags and "vip" in ticket.tags
    again = await desk.backend.update(target, TicketUpdate(stage=Stage.SOLVE))
    assert again.stage is Stage.SOLVE
    tags = desk.mock.tickets[desk.world.tickets["wismo"]]["tags"]
    assert [t for t in tags if t.startswith("stage_")] == ["stage_solve"]


async def test_a_versioned_update_is_a_safe_update_and_a_stale_one_a_conflict(desk: Desk) -> None:
    target = desk.ticket("wismo")
    before = await desk.backend.get_ticket(target)
    await desk.backend.update(
        target, TicketUpdate(status=Status.PENDING), expected_version=before.version
    )
    sent = desk.mock.writes()[-1].body["ticket"]
    assert sent["safe_update"] is True and sent["updated_stamp"] == before.version
    desk.mock.touch(desk.world.tickets["wismo"], priority="low")  # someone else, meanwhile
    with pytest.raises(ConflictError, match="UpdateConflict"):
        await desk.backend.update(
            target, TicketUpdate(status=Status.SOLVED), expected_version=before.version
        )
    assert desk.mock.tickets[desk.world.tickets["wismo"]]["status"] == "pending"


async def test_a_version_that_is_no_stamp_is_a_conflict_without_a_request(desk: Desk) -> None:
    with pytest.raises(ConflictError):
        await desk.backend.update(
            desk.ticket("wismo"), TicketUpdate(tags_add=("x",)), expected_version="7"
        )
    assert desk.mock.writes() == []


async def test_an_empty_update_reads_and_checks_the_version(desk: Desk) -> None:
    target = desk.ticket("wismo")
    current = await desk.backend.update(target, TicketUpdate())
    assert desk.mock.writes() == []
    with pytest.raises(ConflictError):
        await desk.backend.update(target, TicketUpdate(), expected_version="2020-01-01T00:00:00Z")
    assert current.id == target


async def test_a_note_with_changes_is_one_put(desk: Desk) -> None:
    me = desk.q(desk.world.me)
    message = await desk.backend.post_message(
        desk.ticket("refund"),
        Outgoing(
            body="Rimborso verificato",
            public=False,
            external_id="ob-9",
            author_id=me,
            update=TicketUpdate(status=Status.SOLVED, assignee_id=me),
        ),
    )
    (write,) = desk.mock.writes()
    sent = write.body["ticket"]
    assert sent["comment"] == {
        "body": "Rimborso verificato",
        "public": False,
        "author_id": desk.world.me,
    }
    assert sent["status"] == "solved" and sent["assignee_id"] == desk.world.me
    assert message.public is False and message.author_role is AuthorRole.AGENT
    assert message.author_id == me and message.external_id is None
    assert message.author_name == "Giulia Rossi", "looked up after the write"
    thread = await desk.backend.get_thread(desk.ticket("refund"))
    assert thread[-1].id == message.id and thread[-1].body == "Rimborso verificato"
    assert thread[-1].author_name == "Giulia Rossi"


async def test_a_failed_name_lookup_never_fails_a_posted_reply(desk: Desk) -> None:
    desk.mock.fail_next(503, method="GET", path=r"/api/v2/users/\d+$")
    message = await desk.backend.reply(desk.ticket("wismo"), "Fatto", external_id="ob-2")
    assert message.author_name == "agent" and message.author_id == desk.q(desk.world.me)
    assert len(desk.mock.writes()) == 1


async def test_a_lost_answer_is_an_unknown_outcome_and_never_resent(desk: Desk) -> None:
    client = retrying_client(desk.mock)
    backend = ZendeskBackend(
        PROFILE,
        {"subdomain": "acme", "email": AGENT_EMAIL},
        {"token": desk.mock.token},
        http=client,
    )
    desk.mock.lose_answer("PUT")
    with pytest.raises(OutcomeUnknownError):
        await backend.reply(desk.ticket("wismo"), "Una sola volta", external_id="ob-1")
    assert len(desk.mock.writes()) == 1, "the transport never sends a write twice"
    bodies = [c["body"] for c in desk.mock.comments[desk.world.tickets["wismo"]]]
    assert bodies.count("Una sola volta") == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [(502, OutcomeUnknownError), (504, OutcomeUnknownError), (500, UnavailableError)],
)
async def test_gateway_failures_on_a_write(desk: Desk, status: int, error: type[Exception]) -> None:
    desk.mock.fail_next(status, method="PUT")
    with pytest.raises(error):
        await desk.backend.update(desk.ticket("wismo"), TicketUpdate(tags_add=("x",)))


async def test_a_write_that_never_left_can_be_sent_again(desk: Desk) -> None:
    desk.mock.break_next(httpx.ConnectError, method="PUT")
    with pytest.raises(UnavailableError) as caught:
        await desk.backend.update(desk.ticket("wismo"), TicketUpdate(tags_add=("x",)))
    assert caught.value.sent is False and not isinstance(caught.value, OutcomeUnknownError)


async def test_an_answer_to_a_write_that_cannot_be_read_is_an_unknown_outcome(desk: Desk) -> None:
    desk.mock.fail_next(200, method="PUT", body={"ticket": {"id": "not a number"}})
    with pytest.raises(OutcomeUnknownError):
        await desk.backend.reply(desk.ticket("wismo"), "x", external_id="ob-1")
    desk.mock.fail_next(200, method="PUT", body={"ticket": {"id": 1}, "audit": {"events": []}})
    with pytest.raises(OutcomeUnknownError, match="no comment"):
        await desk.backend.reply(desk.ticket("wismo"), "x", external_id="ob-1")


async def test_an_update_answer_without_the_ticket_reads_it_back(desk: Desk) -> None:
    native = desk.world.tickets["wismo"]
    desk.mock.fail_next(200, method="PUT", body={"ticket": {"id": native, "status": "open"}})
    ticket = await desk.backend.update(desk.ticket("wismo"), TicketUpdate(tags_add=("x",)))
    assert ticket.version == desk.mock.tickets[native]["updated_at"]
    assert desk.mock.requests[-1].method == "GET"


async def test_a_refused_write_names_zendesks_error_code(desk: Desk) -> None:
    customer = desk.q(desk.world.customers["claire"])
    with pytest.raises(InvalidRequestError, match=r"422 .*\(RecordInvalid\)"):
        await desk.backend.update(desk.ticket("wismo"), TicketUpdate(assignee_id=customer))


# -- errors, retries and the budget --------------------------------------------------------------


async def test_429_says_how_long_to_wait(desk: Desk) -> None:
    desk.mock.fail_next(429, headers={"Retry-After": "37"})
    with pytest.raises(RateLimitedError) as caught:
        await desk.backend.get_ticket(desk.ticket("wismo"))
    assert caught.value.retry_after == 37


async def test_the_consoles_client_retries_reads_after_429_and_503(desk: Desk) -> None:
    budget = RateBudget()
    backend = ZendeskBackend(
        PROFILE,
        {"subdomain": "acme", "email": AGENT_EMAIL},
        {"token": desk.mock.token},
        http=retrying_client(desk.mock, budget),
    )
    backend.budget = budget
    desk.mock.fail_next(429, headers={"Retry-After": "2"})
    desk.mock.fail_next(503)
    ticket = await backend.get_ticket(desk.ticket("wismo"))
    assert ticket.subject.startswith("Dov")
    assert budget.limit == 700 and budget.remaining == desk.mock.remaining


@pytest.mark.parametrize(
    ("status", "error"),
    [(404, NotFoundError), (401, AuthError), (403, AuthError), (503, UnavailableError)],
)
async def test_read_errors(desk: Desk, status: int, error: type[Exception]) -> None:
    desk.mock.fail_next(status)
    with pytest.raises(error):
        await desk.backend.get_thread(desk.ticket("wismo"))


async def test_unknown_customer_is_not_found(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        await desk.backend.get_customer(desk.q(999999))


async def test_an_answer_of_the_wrong_shape_is_an_invalid_response(desk: Desk) -> None:
    from api_client.errors import InvalidResponseError

    desk.mock.fail_next(200, body={"ticket": {"id": 1, "tags": "not a list"}})
    with pytest.raises(InvalidResponseError, match=r"\$\.ticket\.tags"):
        await desk.backend.get_ticket(desk.ticket("wismo"))


async def test_rate_limit_headers_feed_the_budget_once(desk: Desk) -> None:
    class Counting(RateBudget):
        seen = 0

        def observe(self, response: httpx.Response) -> None:
            Counting.seen += 1
            super().observe(response)

    desk.backend.budget = Counting()
    await desk.backend.who_am_i()
    assert Counting.seen == 1 and desk.backend.budget.remaining == desk.mock.remaining
    budget = Counting()
    Counting.seen = 0
    fed = ZendeskBackend(
        PROFILE,
        {"subdomain": "acme", "email": AGENT_EMAIL},
        {"token": desk.mock.token},
        http=retrying_client(desk.mock, budget),
    )
    fed.budget = budget
    await fed.who_am_i()
    assert Counting.seen == 1, "the transport already feeds it: the backend does not again"


async def test_without_a_client_it_builds_and_closes_its_own() -> None:
    backend = ZendeskBackend("acme", {"subdomain": "acme", "email": "a@b.c"}, {"token": "t"})
    assert isinstance(backend.budget, RateBudget)
    client = backend._client
    await backend.aclose()
    assert client.is_closed
