"""The Freshdesk backend against a fake Freshdesk: options, reads, writes, errors, budget.

Every request goes through ``httpx.MockTransport`` (tests/contract/freshdesk_mock.py);
nothing sleeps for real and nothing leaves the machine.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import TypeAlias

import httpx
import pytest

import api_client.backends.freshdesk as freshdesk_module
from api_client.backend import Capability, Outgoing
from api_client.backends.freshdesk import FreshdeskBackend, PartialDeliveryError
from api_client.errors import (
    AuthError,
    ConflictError,
    InvalidRequestError,
    InvalidResponseError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    UnavailableError,
)
from api_client.http import RateBudget
from api_client.models import (
    AuthorRole,
    Channel,
    MessageKind,
    Priority,
    Stage,
    Status,
    TicketUpdate,
)
from tests import backend_fixtures
from tests.backend_fixtures import open_desk, retrying_client
from tests.contract.freshdesk_mock import START, FreshdeskMock
from tests.contract.harness_freshdesk import PROFILE, FreshdeskWorld, backend_for, seed_world

Desk: TypeAlias = backend_fixtures.Desk[FreshdeskMock, FreshdeskWorld, FreshdeskBackend]


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    async with open_desk(FreshdeskMock(), seed_world, backend_for) as opened:
        yield opened


# -- options and credentials -------------------------------------------------------------


def _build(settings: dict[str, str], token: str = "k3y") -> FreshdeskBackend:
    return FreshdeskBackend("acme", settings, {"token": token}, http=httpx.AsyncClient())


@pytest.mark.parametrize(
    ("settings", "site"),
    [
        ({"subdomain": "acme"}, "https://acme.freshdesk.com"),
        ({"subdomain": "ACME"}, "https://acme.freshdesk.com"),
        ({"base_url": "https://support.acme.example/"}, "https://support.acme.example"),
        ({"base_url": "http://127.0.0.1:4010"}, "http://127.0.0.1:4010"),
    ],
)
def test_the_site_comes_from_subdomain_or_base_url(settings: dict[str, str], site: str) -> None:
    assert _build(settings).site == site


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({}, "subdomain"),
        ({"subdomain": "acme.freshdesk.com"}, "not valid"),
        ({"base_url": "http://acme.freshdesk.com"}, "https://"),
        ({"base_url": "https://u:p@acme.freshdesk.com"}, "just the address"),
    ],
)
def test_bad_options_are_refused_with_the_reason(settings: dict[str, str], words: str) -> None:
    with pytest.raises(InvalidRequestError, match=words) as caught:
        _build(settings)
    assert "k3y" not in str(caught.value)


def test_the_api_key_is_required_and_base_url_stands_in_for_subdomain() -> None:
    with pytest.raises(InvalidRequestError, match="token"):
        FreshdeskBackend("acme", {"subdomain": "acme"}, {})
    (subdomain,) = [o for o in FreshdeskBackend.options if o.name == "subdomain"]
    assert subdomain.required and subdomain.alternative == "base_url"
    assert [o.name for o in FreshdeskBackend.options if o.secret] == ["token"]


def test_capabilities_are_what_freshdesk_can_do() -> None:
    caps = FreshdeskBackend.capabilities
    assert Capability.VERSIONED_UPDATES not in caps, "Freshdesk has no conditional update"
    assert Capability.EXTERNAL_IDS not in caps, "conversations cannot carry our key"
    assert Capability.ORDERS not in caps
    assert {Capability.CHANGES, Capability.NOTES, Capability.MACROS} <= caps
    assert {Capability.STAGE_FIELD, Capability.GROUPS, Capability.TAGS} <= caps
    assert FreshdeskBackend.page_size == 100


async def test_the_api_key_is_basic_auth_with_x(desk: Desk) -> None:
    me = await desk.backend.who_am_i()
    assert me.id == desk.q(desk.world.me) and me.name == "Giulia Rossi"
    assert me.login == "giulia@acme.example" and me.group_ids == (desk.q(desk.world.group),)
    sent = desk.mock.requests[-1].headers["authorization"]
    assert sent == "Basic " + base64.b64encode(f"{desk.mock.api_key}:X".encode()).decode()
    assert desk.mock.requests[-1].path == "/api/v2/agents/me"


async def test_a_refused_key_is_an_auth_error_that_never_shows_it(desk: Desk) -> None:
    client = httpx.AsyncClient(transport=desk.mock.transport)
    backend = FreshdeskBackend(PROFILE, {"subdomain": "acme"}, {"token": "wr0ng-k3y"}, http=client)
    with pytest.raises(AuthError) as caught:
        await backend.who_am_i()
    assert "wr0ng" not in str(caught.value) and "401" in str(caught.value)
    assert "invalid_credentials" in str(caught.value)
    assert "wr0ng" not in repr(backend) + repr(backend._conn.site) + repr(backend._conn.site.auth)


# -- reading --------------------------------------------------------------------------------


async def test_a_ticket_maps_status_priority_channel_stage_fields_and_link(desk: Desk) -> None:
    mock = desk.mock
    mock.add_custom_field("cf_order_number", "Order number")
    native = desk.world.tickets["wismo"]
    mock.touch(
        native,
        status=7,
        priority=4,
        source=3,
        tags=["where_is_my_order", "stage_identify"],
        custom_fields={"cf_order_number": "100231", "cf_gift": False, "cf_carrier": "BRT"},
    )
    ticket = await desk.backend.get_ticket(desk.ticket("wismo"))
    assert ticket.status is Status.ON_HOLD and ticket.priority is Priority.URGENT
    assert ticket.channel is Channel.PHONE
    assert ticket.stage is Stage.IDENTIFY and ticket.tags == ("where_is_my_order",)
    assert ticket.fields == {"Order number": "100231", "carrier": "BRT"}
    assert ticket.version == mock.tickets[native]["updated_at"]
    assert ticket.url == f"https://acme.freshdesk.com/a/tickets/{native}"
    mock.touch(native, status=6)
    assert (await desk.backend.get_ticket(desk.ticket("wismo"))).status is Status.PENDING
    assert len(mock.reads("/api/v2/ticket_fields")) == 1, "fields are read once"


async def test_unknown_custom_statuses_and_unreadable_fields(desk: Desk) -> None:
    desk.mock.fields_forbidden = True
    desk.mock.touch(desk.world.tickets["wismo"], status=12)
    ticket = await desk.backend.get_ticket(desk.ticket("wismo"))
    assert ticket.status is Status.ON_HOLD, "a custom status without a name is on hold"
    await desk.backend.update(desk.ticket("wismo"), TicketUpdate(status=Status.ON_HOLD))
    assert desk.mock.writes()[-1].body == {"status": 7}, "Freshdesk's stock on-hold status"


async def test_on_hold_needs_a_custom_status(desk: Desk) -> None:
    desk.mock.status_choices = {k: v for k, v in desk.mock.status_choices.items() if k != "7"}
    with pytest.raises(InvalidRequestError, match="on hold"):
        await desk.backend.update(desk.ticket("wismo"), TicketUpdate(status=Status.ON_HOLD))
    assert desk.mock.writes() == []


async def test_ids_that_are_not_freshdesk_ids_are_not_found_without_a_request(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        await desk.backend.get_ticket("contract:../../agents/me")
    assert desk.mock.requests == []


async def test_deleted_and_spam_tickets_are_not_found(desk: Desk) -> None:
    desk.mock.delete_ticket(desk.world.tickets["wismo"])
    desk.mock.mark_spam(desk.world.tickets["refund"])
    with pytest.raises(NotFoundError, match="deleted"):
        await desk.backend.get_ticket(desk.ticket("wismo"))
    with pytest.raises(NotFoundError, match="spam"):
        await desk.backend.get_thread(desk.ticket("refund"))


async def test_the_thread_is_the_description_then_every_conversation(desk: Desk) -> None:
    native = desk.world.tickets["refund"]
    marco = desk.world.customers["marco"]
    for n in range(150):
        desk.mock.add_conversation(native, marco, f"messaggio {n}", incoming=True, source=1)
    thread = await desk.backend.get_thread(desk.ticket("refund"))
    assert len(thread) == 152
    description, note = thread[0], thread[1]
    assert description.id == desk.q(f"{native}-description")
    assert description.kind is MessageKind.CUSTOMER and description.author_name == "Marco Bianchi"
    assert note.kind is MessageKind.NOTE and note.author_name == "Giulia Rossi"
    assert note.author_id == desk.q(desk.world.me)
    assert [m.body for m in thread[2:4]] == ["messaggio 0", "messaggio 1"]
    reads = desk.mock.reads(f"/api/v2/tickets/{native}/conversations")
    assert [(r.params["page"], r.params["per_page"]) for r in reads] == [("1", "100"), ("2", "100")]


async def test_conversation_authors_customers_ccs_and_new_agents(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    native = desk.world.tickets["wismo"]
    cc = desk.mock.add_contact("Luca Bianchi", "luca@example.it")
    desk.mock.add_conversation(native, cc, "Sono il fratello", incoming=True, from_email="l@x.it")
    thread = await desk.backend.get_thread(desk.ticket("wismo"))
    assert thread[-1].author_role is AuthorRole.CUSTOMER and thread[-1].author_name == "l@x.it"
    reads = len(desk.mock.reads("/api/v2/agents"))
    newcomer = desk.mock.add_agent("Nuovo Agente", "nuovo@acme.example")
    desk.mock.add_conversation(native, newcomer, "Ci penso io")
    monkeypatch.setattr(freshdesk_module, "AGENTS_REFRESH", 0.0)
    thread = await desk.backend.get_thread(desk.ticket("wismo"))
    assert thread[-1].author_role is AuthorRole.AGENT and thread[-1].author_name == "Nuovo Agente"
    assert len(desk.mock.reads("/api/v2/agents")) == reads + 1, "a stranger refreshes the agents"


async def test_the_customer_with_contacts_time_zone_and_every_ticket(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    mock = desk.mock
    marco = desk.world.customers["marco"]
    mock.contacts[marco].update(
        other_emails=["marco@lavoro.example"],
        mobile="+39 333 000 0000",
        twitter_id="marcob",
        language="pt-BR",
        time_zone="Eastern Time (US & Canada)",
        tags=["vip"],
        description="VIP dal 2019",
    )
    for n in range(230):
        mock.add_ticket(marco, f"vecchio {n}", created_at=START - timedelta(days=400 + n))
    monkeypatch.setattr(freshdesk_module, "HISTORY_LIMIT", 200)
    history = await desk.backend.get_customer(desk.q(marco))
    customer = history.customer
    assert customer.emails == ("marco.bianchi@example.it", "marco@lavoro.example")
    assert customer.phones == ("+39 347 123 4567", "+39 333 000 0000")
    assert [(h.channel, h.value) for h in customer.handles] == [(Channel.TWITTER, "marcob")]
    assert customer.language == "pt" and customer.timezone == "America/New_York"
    assert customer.notes == "VIP dal 2019" and customer.tags == ("vip",)
    assert len(history.tickets) == 200, "stops at the history limit"
    assert history.tickets[0].id == desk.ticket("wismo"), "newest first"
    assert history.orders == ()
    reads = [r for r in mock.reads("/api/v2/tickets") if "requester_id" in r.params]
    assert len(reads) == 2
    assert all(r.params["updated_since"] == "2000-01-01T00:00:00Z" for r in reads)
    assert reads[0].params["order_by"] == "created_at" and reads[0].params["order_type"] == "desc"


async def test_agents_groups_and_canned_responses(desk: Desk) -> None:
    ada = desk.mock.add_agent("Ada Admin", "ada@acme.example", active=False)
    agents = await desk.backend.list_agents()
    assert [a.name for a in agents] == ["Ada Admin", "Giulia Rossi"]
    assert agents[0].id == desk.q(ada) and agents[0].active is False
    groups = await desk.backend.list_groups()
    assert [(g.id, g.name) for g in groups] == [(desk.q(desk.world.group), "Tier 1")]
    shipping = desk.mock.add_folder("Shipping")
    spedito = desk.mock.add_canned(shipping, "Spedito", "Ciao {{ticket.requester.name}}, spedito!")
    personal = desk.mock.add_folder("Personal", personal=True)
    desk.mock.add_canned(personal, "Grazie", "Grazie mille!\nA presto")
    macros = await desk.backend.list_macros()
    assert [m.title for m in macros] == ["Personal::Grazie", "Shipping::Spedito"]
    assert macros[1].id == desk.q(spedito)
    assert macros[1].bodies == {"*": "Ciao {{ticket.requester.name}}, spedito!"}
    assert macros[0].bodies == {"*": "Grazie mille!\nA presto"}


# -- writing --------------------------------------------------------------------------------


async def test_a_reply_is_escaped_html_and_reads_back_as_its_text(desk: Desk) -> None:
    me = desk.q(desk.world.me)
    text = "Ciao Marco,\n<b>il pacco</b> & la fattura arrivano domani."
    reply = await desk.backend.post_message(
        desk.ticket("wismo"), Outgoing(body=text, public=True, external_id="ob-1", author_id=me)
    )
    (write,) = desk.mock.writes()
    assert write.path == f"/api/v2/tickets/{desk.world.tickets['wismo']}/reply"
    assert write.body == {
        "body": "Ciao Marco,<br>&lt;b&gt;il pacco&lt;/b&gt; &amp; la fattura arrivano domani.",
        "user_id": desk.world.me,
    }
    assert reply.kind is MessageKind.REPLY and reply.author_name == "Giulia Rossi"
    assert reply.author_id == me and reply.external_id is None and reply.body == text
    thread = await desk.backend.get_thread(desk.ticket("wismo"))
    assert thread[-1].id == reply.id and thread[-1].body == text


async def test_a_note_is_private_and_its_changes_follow_in_a_put(desk: Desk) -> None:
    me = desk.q(desk.world.me)
    note = await desk.backend.post_message(
        desk.ticket("refund"),
        Outgoing(
            body="Rimborso verificato",
            public=False,
            external_id="ob-9",
            update=TicketUpdate(
                status=Status.SOLVED,
                priority=Priority.HIGH,
                assignee_id=me,
                group_id=desk.q(desk.world.group),
                tags_add=("refund",),
                stage=Stage.THANK,
            ),
        ),
    )
    post, put = desk.mock.writes()
    assert post.path.endswith("/notes") and post.body == {
        "body": "Rimborso verificato",
        "private": True,
    }
    assert put.method == "PUT" and put.body == {
        "status": 4,
        "priority": 3,
        "responder_id": desk.world.me,
        "group_id": desk.world.group,
        "tags": ["refund", "stage_thank"],
    }
    assert note.kind is MessageKind.NOTE and note.public is False
    ticket = await desk.backend.get_ticket(desk.ticket("refund"))
    assert ticket.status is Status.SOLVED and ticket.stage is Stage.THANK
    assert ticket.tags == ("refund",) and ticket.assignee_id == me


async def test_tags_are_sent_as_the_whole_list_and_the_stage_tag_replaced(desk: Desk) -> None:
    target = desk.ticket("wismo")
    await desk.backend.update(target, TicketUpdate(stage=Stage.FIX, tags_add=("vip",)))
    ticket = await desk.backend.update(
        target, TicketUpdate(stage=Stage.SOLVE, tags_remove=("where_is_my_order",))
    )
    assert desk.mock.writes()[-1].body == {"tags": ["vip", "stage_solve"]}
    assert ticket.tags == ("vip",) and ticket.stage is Stage.SOLVE
    unassigned = await desk.backend.update(target, TicketUpdate(assignee_id=None))
    assert desk.mock.writes()[-1].body == {"responder_id": None}
    assert unassigned.assignee_id is None


async def test_a_stale_version_is_refused_before_anything_is_written(desk: Desk) -> None:
    target = desk.ticket("wismo")
    before = await desk.backend.get_ticket(target)
    desk.mock.touch(desk.world.tickets["wismo"], priority=1)  # someone else, meanwhile
    with pytest.raises(ConflictError) as caught:
        await desk.backend.update(
            target, TicketUpdate(status=Status.SOLVED), expected_version=before.version
        )
    assert (
        caught.value.current_version == desk.mock.tickets[desk.world.tickets["wismo"]]["updated_at"]
    )
    with pytest.raises(ConflictError):
        await desk.backend.post_message(
            target,
            Outgoing(body="tardi", public=True, external_id="x", expected_version=before.version),
        )
    assert desk.mock.writes() == []
    fresh = await desk.backend.get_ticket(target)
    same = fresh.version.replace("Z", "+00:00")  # the same instant, written otherwise
    done = await desk.backend.update(target, TicketUpdate(tags_add=("ok",)), expected_version=same)
    assert "ok" in done.tags


async def test_an_empty_update_reads_and_checks_the_version(desk: Desk) -> None:
    current = await desk.backend.update(desk.ticket("wismo"), TicketUpdate())
    assert desk.mock.writes() == [] and current.id == desk.ticket("wismo")
    with pytest.raises(ConflictError):
        await desk.backend.update(
            desk.ticket("wismo"), TicketUpdate(), expected_version="2020-01-01T00:00:00Z"
        )


async def test_a_failed_put_after_the_reply_is_a_partial_delivery(desk: Desk) -> None:
    desk.mock.fail_next(503, method="PUT")
    with pytest.raises(PartialDeliveryError) as caught:
        await desk.backend.post_message(
            desk.ticket("wismo"),
            Outgoing(
                body="Risolto!",
                public=True,
                external_id="ob-3",
                update=TicketUpdate(status=Status.PENDING),
            ),
        )
    error = caught.value
    assert isinstance(error, OutcomeUnknownError) and error.sent, "reconcile, never resend"
    assert isinstance(error.cause, UnavailableError) and error.posted.body == "Risolto!"
    assert "must not be posted again" in str(error)
    bodies = [c["body_text"] for c in desk.mock.conversations[desk.world.tickets["wismo"]]]
    assert bodies.count("Risolto!") == 1
    assert desk.mock.tickets[desk.world.tickets["wismo"]]["status"] == 2


async def test_a_lost_answer_is_an_unknown_outcome_and_never_resent(desk: Desk) -> None:
    backend = FreshdeskBackend(
        PROFILE,
        {"subdomain": "acme"},
        {"token": desk.mock.api_key},
        http=retrying_client(desk.mock),
    )
    desk.mock.lose_answer("POST")
    with pytest.raises(OutcomeUnknownError):
        await backend.reply(desk.ticket("wismo"), "Una sola volta", external_id="ob-1")
    assert len(desk.mock.writes()) == 1, "the transport never sends a write twice"
    await backend.aclose()


@pytest.mark.parametrize(
    ("status", "error"),
    [(502, OutcomeUnknownError), (504, OutcomeUnknownError), (500, UnavailableError)],
)
async def test_gateway_failures_on_a_write(desk: Desk, status: int, error: type[Exception]) -> None:
    desk.mock.fail_next(status, method="POST")
    with pytest.raises(error):
        await desk.backend.note(desk.ticket("wismo"), "x", external_id="ob-1")


async def test_a_write_that_never_left_can_be_sent_again(desk: Desk) -> None:
    desk.mock.break_next(httpx.ConnectError, method="PUT")
    with pytest.raises(UnavailableError) as caught:
        await desk.backend.update(desk.ticket("wismo"), TicketUpdate(priority=Priority.LOW))
    assert caught.value.sent is False and not isinstance(caught.value, OutcomeUnknownError)


async def test_an_answer_to_a_write_that_cannot_be_read_is_an_unknown_outcome(desk: Desk) -> None:
    desk.mock.fail_next(201, method="POST", body={"id": "not a number"})
    with pytest.raises(OutcomeUnknownError):
        await desk.backend.reply(desk.ticket("wismo"), "x", external_id="ob-1")


async def test_an_update_answer_without_the_ticket_reads_it_back(desk: Desk) -> None:
    native = desk.world.tickets["wismo"]
    desk.mock.fail_next(200, method="PUT", body={"id": native})
    ticket = await desk.backend.update(desk.ticket("wismo"), TicketUpdate(priority=Priority.LOW))
    assert ticket.version == desk.mock.tickets[native]["updated_at"]
    assert desk.mock.requests[-1].method == "GET"


async def test_a_refused_write_names_the_field_and_code_not_the_text(desk: Desk) -> None:
    customer = desk.q(desk.world.customers["claire"])
    with pytest.raises(InvalidRequestError, match=r"400 .*\(responder_id: invalid_value\)$"):
        await desk.backend.update(desk.ticket("wismo"), TicketUpdate(assignee_id=customer))


async def test_409_is_a_conflict(desk: Desk) -> None:
    body = {"code": "inconsistent_state", "message": "The ticket is in a conflicting state"}
    desk.mock.fail_next(409, method="PUT", body=body)
    with pytest.raises(ConflictError, match="inconsistent_state"):
        await desk.backend.update(desk.ticket("wismo"), TicketUpdate(priority=Priority.LOW))


# -- errors, retries and the budget --------------------------------------------------------------


async def test_429_says_how_long_to_wait(desk: Desk) -> None:
    desk.mock.fail_next(429, headers={"Retry-After": "37"})
    with pytest.raises(RateLimitedError) as caught:
        await desk.backend.get_ticket(desk.ticket("wismo"))
    assert caught.value.retry_after == 37


async def test_the_consoles_client_retries_reads_after_429_and_503(desk: Desk) -> None:
    budget = RateBudget()
    backend = FreshdeskBackend(
        PROFILE,
        {"subdomain": "acme"},
        {"token": desk.mock.api_key},
        http=retrying_client(desk.mock, budget),
    )
    backend.budget = budget
    desk.mock.fail_next(429, headers={"Retry-After": "2"})
    desk.mock.fail_next(503)
    ticket = await backend.get_ticket(desk.ticket("wismo"))
    assert ticket.subject.startswith("Dov")
    assert budget.limit == 700 and budget.remaining == desk.mock.remaining
    await backend.aclose()


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
    desk.mock.fail_next(200, body={"id": 1, "tags": "not a list"})
    with pytest.raises(InvalidResponseError, match=r"\$\.tags"):
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
    fed = FreshdeskBackend(
        PROFILE,
        {"subdomain": "acme"},
        {"token": desk.mock.api_key},
        http=retrying_client(desk.mock, budget),
    )
    fed.budget = budget
    await fed.who_am_i()
    assert Counting.seen == 1, "the transport already feeds it: the backend does not again"
    await fed.aclose()


async def test_without_a_client_it_builds_and_closes_its_own() -> None:
    backend = FreshdeskBackend("acme", {"subdomain": "acme"}, {"token": "t"})
    assert isinstance(backend.budget, RateBudget)
    client = backend._client
    await backend.aclose()
    assert client.is_closed
