"""The Gorgias backend's writes against a fake Gorgias: bodies, order, versions, lost answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from api_client.backend import Outgoing
from api_client.errors import (
    ConflictError,
    InvalidRequestError,
    OutcomeUnknownError,
    UnavailableError,
)
from api_client.models import (
    AuthorRole,
    Channel,
    MessageKind,
    Priority,
    Stage,
    Status,
    TicketUpdate,
)
from tests.backend_fixtures import open_desk
from tests.contract.gorgias_mock import GorgiasMock, stamp
from tests.contract.harness_gorgias import backend_for, seed_world
from tests.unit.test_gorgias_backend import Desk

NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    async with open_desk(GorgiasMock(), seed_world, backend_for) as opened:
        opened.backend.clock = lambda: NOW
        yield opened


def _out(body: str = "Il pacco arriva domani.", **fields: object) -> Outgoing:
    fields.setdefault("public", True)
    return Outgoing(body=body, external_id="ob-1", **fields)  # type: ignore[arg-type]


# -- replies and notes -------------------------------------------------------------------


async def test_a_reply_goes_back_the_way_the_customer_wrote(desk: Desk) -> None:
    refund = desk.world.tickets["refund"]
    desk.mock.customer_writes(refund, "allora?")
    message = await desk.backend.post_message(desk.q(refund), _out("Rimborso partito <oggi>\nciao"))
    (post,) = desk.mock.writes()
    assert post.method == "POST" and post.path == f"/api/tickets/{refund}/messages"
    body = post.body
    assert body["channel"] == "whatsapp" and body["via"] == "api" and body["from_agent"] is True
    assert body["source"] == {
        "type": "whatsapp",
        "from": {"name": "Acme Support", "address": "support@acme.example"},
        "to": [{"name": "Marco Bianchi", "address": "marco.bianchi@example.it"}],
    }
    assert body["receiver"] == {"id": desk.world.customers["marco"]}
    assert body["sender"] == {"id": desk.world.me} and body["external_id"] == "ob-1"
    assert body["body_html"] == "Rimborso partito &lt;oggi&gt;<br>ciao"
    assert message.kind is MessageKind.REPLY and message.channel is Channel.WHATSAPP
    assert message.author_name == "Giulia Rossi" and message.external_id == "ob-1"
    stored = desk.mock.messages[refund][-1]
    assert message.id == desk.q(stored["id"]) and stored["external_id"] == "ob-1"


async def test_a_reply_before_the_customer_wrote_goes_to_their_email(desk: Desk) -> None:
    mock = desk.mock
    ticket = mock.add_ticket(desk.world.customers["claire"], "Outbound", channel="email")
    await desk.backend.reply(desk.q(ticket), "Bonjour Claire", external_id="ob-9")
    body = mock.writes()[-1].body
    assert body["channel"] == "email"
    assert body["source"] == {
        "type": "email",
        "to": [{"name": "Claire Dubois", "address": "claire.dubois@example.fr"}],
    }
    assert body["receiver"] == {"id": desk.world.customers["claire"]}


async def test_a_note_is_an_internal_note_message(desk: Desk) -> None:
    wismo = desk.world.tickets["wismo"]
    note = await desk.backend.note(desk.q(wismo), "Sollecitato BRT", external_id="ob-2")
    body = desk.mock.writes()[-1].body
    assert body["channel"] == "internal-note" and "receiver" not in body
    assert body["source"] == {
        "type": "internal-note",
        "to": [],
        "from": {"name": "Giulia Rossi", "address": "giulia@acme.example"},
    }
    assert note.kind is MessageKind.NOTE and note.channel is Channel.EMAIL
    assert [r.path for r in desk.mock.requests].count("/api/users/0") == 1


async def test_the_outbox_agent_is_the_sender(desk: Desk) -> None:
    other = desk.mock.add_user("Luca Verdi", "luca@acme.example")
    await desk.backend.post_message(
        desk.ticket("wismo"), _out(author_id=desk.q(other), public=False)
    )
    assert desk.mock.writes()[-1].body["sender"] == {"id": other}
    assert desk.mock.messages[desk.world.tickets["wismo"]][-1]["sender"]["name"] == "Luca Verdi"


async def test_field_changes_go_first_then_the_message(desk: Desk) -> None:
    wismo = desk.world.tickets["wismo"]
    before = desk.mock.tickets[wismo]["updated"]
    await desk.backend.post_message(
        desk.q(wismo),
        _out(
            update=TicketUpdate(status=Status.PENDING, tags_add=("wismo",), stage=Stage.FIX),
            expected_version=stamp(before),
        ),
    )
    put, post = desk.mock.writes()
    assert (put.method, post.method) == ("PUT", "POST")
    assert put.body == {
        "status": "open",
        "snooze_datetime": (NOW + timedelta(hours=72)).isoformat(),
        "tags": [{"name": "where_is_my_order"}, {"name": "wismo"}, {"name": "stage_fix"}],
    }
    ticket = await desk.backend.get_ticket(desk.q(wismo))
    assert ticket.status is Status.PENDING and ticket.stage is Stage.FIX
    assert ticket.tags == ("where_is_my_order", "wismo")


async def test_a_stale_version_writes_nothing(desk: Desk) -> None:
    wismo = desk.world.tickets["wismo"]
    stale = stamp(desk.mock.tickets[wismo]["updated"])
    desk.mock.touch(wismo, status="closed")
    with pytest.raises(ConflictError) as caught:
        await desk.backend.post_message(desk.q(wismo), _out(expected_version=stale))
    assert caught.value.current_version == stamp(desk.mock.tickets[wismo]["updated"])
    with pytest.raises(ConflictError):
        await desk.backend.update(
            desk.q(wismo), TicketUpdate(status=Status.OPEN), expected_version=stale
        )
    assert desk.mock.writes() == []


async def test_a_version_in_another_format_of_the_same_moment_is_current(desk: Desk) -> None:
    wismo = desk.world.tickets["wismo"]
    same = desk.mock.tickets[wismo]["updated"].isoformat()  # with +00:00
    ticket = await desk.backend.update(
        desk.q(wismo), TicketUpdate(status=Status.SOLVED), expected_version=same
    )
    assert ticket.status is Status.SOLVED


async def test_a_lost_answer_to_a_message_is_an_unknown_outcome(desk: Desk) -> None:
    desk.mock.lose_answer("POST")
    with pytest.raises(OutcomeUnknownError):
        await desk.backend.reply(desk.ticket("wismo"), "once", external_id="ob-7")
    thread = await desk.backend.get_thread(desk.ticket("wismo"))
    assert thread[-1].external_id == "ob-7", "it was applied: the outbox finds it by its key"


async def test_a_refused_connection_never_sent_the_message(desk: Desk) -> None:
    desk.mock.break_next(httpx.ConnectError, method="POST")
    with pytest.raises(UnavailableError) as caught:
        await desk.backend.reply(desk.ticket("wismo"), "once", external_id="ob-7")
    assert caught.value.sent is False and not isinstance(caught.value, OutcomeUnknownError)


@pytest.mark.parametrize("status", [502, 504])
async def test_a_gateway_error_on_a_write_is_an_unknown_outcome(desk: Desk, status: int) -> None:
    desk.mock.fail_next(status, method="POST")
    with pytest.raises(OutcomeUnknownError):
        await desk.backend.reply(desk.ticket("wismo"), "once", external_id="ob-7")


async def test_an_unreadable_answer_to_a_write_is_an_unknown_outcome(desk: Desk) -> None:
    desk.mock.fail_next(201, method="POST", body={"id": "x"})
    with pytest.raises(OutcomeUnknownError, match="may or may not"):
        await desk.backend.reply(desk.ticket("wismo"), "once", external_id="ob-7")
    desk.mock.fail_next(201, method="POST", body={"channel": "email"})
    with pytest.raises(OutcomeUnknownError, match="names no message"):
        await desk.backend.reply(desk.ticket("wismo"), "once", external_id="ob-8")


async def test_gorgias_refusing_a_message_is_an_invalid_request(desk: Desk) -> None:
    with pytest.raises(InvalidRequestError, match="400"):
        await desk.backend.reply(desk.ticket("wismo"), "   ", external_id="ob-7")


async def test_a_409_on_a_write_is_a_conflict(desk: Desk) -> None:
    desk.mock.fail_next(409, method="POST", body={"error": {"msg": "Already exists"}})
    with pytest.raises(ConflictError):
        await desk.backend.reply(desk.ticket("wismo"), "once", external_id="ob-7")


# -- field updates -----------------------------------------------------------------------


async def test_statuses_write_open_closed_and_snooze(desk: Desk) -> None:
    wismo = desk.world.tickets["wismo"]
    for wanted, status, snoozed in [
        (Status.ON_HOLD, "open", True),
        (Status.SOLVED, "closed", False),
        (Status.NEW, "open", False),
        (Status.CLOSED, "closed", False),
    ]:
        await desk.backend.update(desk.q(wismo), TicketUpdate(status=wanted))
        raw = desk.mock.tickets[wismo]
        assert raw["status"] == status and (raw["snooze"] is not None) is snoozed


async def test_assignment_team_and_tags(desk: Desk) -> None:
    refund = desk.q(desk.world.tickets["refund"])
    ticket = await desk.backend.update(
        refund,
        TicketUpdate(
            assignee_id=desk.q(desk.world.me),
            group_id=desk.q(desk.world.team),
            tags_add=("rimborso", "vip"),
            tags_remove=("vip",),
            stage=Stage.SOLVE,
        ),
    )
    assert ticket.assignee_id == desk.q(desk.world.me) and ticket.group_id == desk.q(
        desk.world.team
    )
    assert ticket.tags == ("rimborso",) and ticket.stage is Stage.SOLVE
    ticket = await desk.backend.update(
        refund, TicketUpdate(assignee_id=None, group_id=None, stage=Stage.THANK)
    )
    assert ticket.assignee_id is None and ticket.group_id is None
    assert ticket.stage is Stage.THANK and ticket.tags == ("rimborso",)
    assert desk.mock.writes()[-1].body == {
        "assignee_user": None,
        "assignee_team": None,
        "tags": [{"name": "rimborso"}, {"name": "stage_thank"}],
    }


async def test_an_update_with_nothing_to_change_writes_nothing(desk: Desk) -> None:
    wismo = desk.ticket("wismo")
    ticket = await desk.backend.update(
        wismo,
        TicketUpdate(
            priority=Priority.URGENT,
            promised_by=NOW,
            tags_add=("where_is_my_order",),
            tags_remove=("absent",),
        ),
    )
    assert ticket.id == wismo and ticket.priority is Priority.NORMAL
    assert desk.mock.writes() == []


async def test_an_unknown_assignee_is_refused(desk: Desk) -> None:
    with pytest.raises(InvalidRequestError):
        await desk.backend.update(desk.ticket("wismo"), TicketUpdate(assignee_id="contract:1"))


async def test_an_update_whose_answer_lacks_the_ticket_reads_it_back(desk: Desk) -> None:
    wismo = desk.world.tickets["wismo"]
    desk.mock.fail_next(202, method="PUT", body={"id": wismo})
    ticket = await desk.backend.update(desk.q(wismo), TicketUpdate(status=Status.SOLVED))
    assert ticket.id == desk.q(wismo), "read back (the injected answer applied nothing)"
    assert [r.method for r in desk.mock.requests] == ["GET", "PUT", "GET"]


async def test_a_posted_message_is_ours_whatever_the_answer_says(desk: Desk) -> None:
    wismo = desk.world.tickets["wismo"]
    desk.mock.fail_next(
        201,
        method="POST",
        body={"id": 5, "channel": "email", "via": "api", "from_agent": False, "rule_id": 3},
    )
    message = await desk.backend.reply(desk.q(wismo), "ciao", external_id="ob-1")
    assert message.author_role is AuthorRole.AGENT and message.id == desk.q(5)
    assert message.created_at == NOW and message.body == ""
