"""Domain models: qualified ids, derived kinds, updates that distinguish unset from None."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from api_client.models import (
    AuthorRole,
    Channel,
    Message,
    MessageKind,
    Priority,
    Stage,
    Status,
    Ticket,
    TicketUpdate,
    native_id,
    qualify,
    to_builtins,
)

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_ids_are_qualified_by_profile() -> None:
    assert qualify("acme", "48213") == "acme:48213"
    assert native_id("acme:48213") == "48213"
    assert native_id("front:cnv_1:x") == "cnv_1:x"
    assert qualify("a", "1") != qualify("b", "1")


@pytest.mark.parametrize(
    ("role", "public", "kind"),
    [
        (AuthorRole.CUSTOMER, True, MessageKind.CUSTOMER),
        (AuthorRole.AGENT, True, MessageKind.REPLY),
        (AuthorRole.AGENT, False, MessageKind.NOTE),
        (AuthorRole.SYSTEM, True, MessageKind.SYSTEM),
    ],
)
def test_message_kind(role: AuthorRole, public: bool, kind: MessageKind) -> None:
    message = Message(
        id="p:1",
        ticket_id="p:2",
        author_role=role,
        author_name="x",
        public=public,
        body="b",
        created_at=NOW,
    )
    assert message.kind is kind


def test_enums_cover_the_channels_statuses_and_stages() -> None:
    assert {c.value for c in Channel} == {
        "email",
        "chat",
        "phone",
        "web_form",
        "facebook",
        "twitter",
        "instagram",
        "whatsapp",
        "sms",
    }
    assert [s.value for s in Status] == ["new", "open", "pending", "on_hold", "solved", "closed"]
    assert [s.value for s in Stage] == ["listen", "identify", "fix", "solve", "thank", "confirm"]
    assert [s.order for s in Stage] == list(range(6))
    assert Priority.URGENT.rank > Priority.HIGH.rank > Priority.NORMAL.rank > Priority.LOW.rank
    assert Channel.CHAT.is_realtime and not Channel.EMAIL.is_realtime
    assert Channel.WHATSAPP.is_short_form and not Channel.EMAIL.is_short_form
    assert not Status.SOLVED.is_active and Status.PENDING.is_active


def test_ticket_update_tells_unset_from_unassign() -> None:
    assert TicketUpdate().is_empty()
    unassign = TicketUpdate(assignee_id=None)
    assert not unassign.is_empty()
    assert msgspec.json.decode(msgspec.json.encode(unassign)) == {"assignee_id": None}
    assert msgspec.json.decode(msgspec.json.encode(TicketUpdate(status=Status.SOLVED))) == {
        "status": "solved"
    }


def test_models_round_trip_through_json() -> None:
    ticket = Ticket(
        id="p:1",
        subject="Où est ma commande ?",
        status=Status.OPEN,
        customer_id="p:9",
        created_at=NOW,
        updated_at=NOW,
        tags=("wismo",),
    )
    data = msgspec.json.encode(ticket)
    assert msgspec.json.decode(data, type=Ticket) == ticket
    assert to_builtins(ticket)["created_at"] == "2026-11-02T09:30:00Z"


def test_models_are_frozen() -> None:
    ticket = Ticket(
        id="p:1", subject="s", status=Status.NEW, customer_id="p:2", created_at=NOW, updated_at=NOW
    )
    with pytest.raises(AttributeError):
        ticket.subject = "changed"  # type: ignore[misc]
