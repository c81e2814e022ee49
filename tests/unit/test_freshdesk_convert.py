"""Freshdesk JSON → deskside models: every mapping decision, one place each."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import msgspec
import pytest

from api_client.backends.freshdesk import convert
from api_client.backends.freshdesk.shapes import (
    FAgent,
    FCannedFolder,
    FCannedResponse,
    FContact,
    FConversation,
    FTicket,
    FTicketField,
)
from api_client.backends.freshdesk.timezones import RAILS_ZONES, iana_zone
from api_client.errors import InvalidRequestError, InvalidResponseError
from api_client.models import AuthorRole, Channel, Priority, Stage, Status


def qid(native: int | str) -> str:
    return f"acme:{native}"


def _ticket(**fields: object) -> FTicket:
    base: dict[str, object] = {
        "id": 20,
        "subject": "Where is my order?",
        "status": 2,
        "priority": 1,
        "source": 2,
        "requester_id": 1,
        "created_at": "2015-08-24T11:56:51Z",
        "updated_at": "2015-08-24T11:59:05Z",
        "tags": [],
    }
    base.update(fields)
    return msgspec.convert(base, FTicket)


@pytest.mark.parametrize(
    ("source", "channel"),
    [
        (1, Channel.EMAIL),
        (2, Channel.WEB_FORM),
        (3, Channel.PHONE),
        (5, Channel.TWITTER),
        (6, Channel.FACEBOOK),
        (7, Channel.CHAT),
        (9, Channel.WEB_FORM),
        (10, Channel.EMAIL),
        (13, Channel.EMAIL),
        (None, Channel.EMAIL),
    ],
)
def test_sources_are_channels_and_unknown_ones_email(source: int | None, channel: Channel) -> None:
    assert convert.channel_of(source) is channel


def test_priorities_and_statuses() -> None:
    assert [convert.priority_of(n) for n in (1, 2, 3, 4, None, 9)] == [
        Priority.LOW,
        Priority.NORMAL,
        Priority.HIGH,
        Priority.URGENT,
        Priority.NORMAL,
        Priority.NORMAL,
    ]
    schema = convert.schema_from_fields(
        [
            FTicketField(
                name="status",
                type="default_status",
                choices={
                    "2": ["Open", "Being Processed"],
                    "3": ["Pending", "Awaiting your Reply"],
                    "4": ["Resolved", "Resolved"],
                    "5": ["Closed", "Closed"],
                    "8": ["Waiting on Customer", "Awaiting your Reply"],
                    "9": ["Waiting on Warehouse", "Being Processed"],
                },
            ),
            FTicketField(name="cf_order", label="Order number", type="custom_text"),
            FTicketField(name="subject", label="Subject", type="default_subject"),
        ]
    )
    assert [schema.status_of(n) for n in (2, 3, 4, 5, 8, 9, 42, None)] == [
        Status.OPEN,
        Status.PENDING,
        Status.SOLVED,
        Status.CLOSED,
        Status.PENDING,
        Status.ON_HOLD,
        Status.ON_HOLD,
        Status.OPEN,
    ]
    assert [schema.status_id(s) for s in Status] == [2, 2, 3, 9, 4, 5]
    assert schema.labels == {"cf_order": "Order number"}
    with pytest.raises(InvalidRequestError):
        convert.Schema(statuses={}).status_id(Status.ON_HOLD)


def test_a_ticket_and_its_stage_tag() -> None:
    raw = _ticket(
        status=6,
        responder_id=7,
        group_id=8,
        tags=["vip", "stage_fix", "stage_identify"],
        due_by="2015-08-27T11:30:00Z",
        custom_fields={"cf_order": "100231", "cf_gift": True, "cf_none": None},
    )
    schema = convert.Schema(statuses={6: Status.PENDING}, labels={"cf_order": "Order number"})
    ticket = convert.ticket(raw, qid, site="https://acme.freshdesk.com", schema=schema)
    assert ticket.id == "acme:20" and ticket.customer_id == "acme:1"
    assert ticket.assignee_id == "acme:7" and ticket.group_id == "acme:8"
    assert ticket.status is Status.PENDING and ticket.channel is Channel.WEB_FORM
    assert ticket.tags == ("vip",) and ticket.stage is Stage.FIX, "the furthest stage wins"
    assert ticket.fields == {"Order number": "100231", "gift": "yes"}
    assert ticket.version == "2015-08-24T11:59:05Z" and ticket.due_at is not None
    assert ticket.url == "https://acme.freshdesk.com/a/tickets/20"


def test_a_ticket_without_subject_uses_its_description_and_needs_a_requester() -> None:
    raw = _ticket(subject="", description_text="Il pacco è rotto\nfoto allegate")
    ticket = convert.ticket(raw, qid, site="s", schema=convert.default_schema())
    assert ticket.subject == "Il pacco è rotto"
    with pytest.raises(InvalidResponseError, match="requester_id"):
        convert.ticket(_ticket(requester_id=None), qid, site="s", schema=convert.Schema())
    with pytest.raises(InvalidResponseError):
        convert.ticket(_ticket(updated_at="yesterday"), qid, site="s", schema=convert.Schema())


def test_a_contact_is_a_customer() -> None:
    contact = FContact(
        id=432,
        name="Super Man",
        email="superman@freshdesk.com",
        other_emails=["clark@dailyplanet.example", "superman@freshdesk.com"],
        phone="+1 555 0100",
        mobile="+1 555 0100",
        twitter_id="superman",
        facebook_id="kal.el",
        language="pt-BR",
        time_zone="Eastern Time (US & Canada)",
        job_title="Reporter",
        description="Prefers the phone",
        tags=["vip"],
        created_at="2015-08-28T09:08:16Z",
    )
    customer = convert.customer(contact, qid)
    assert customer.emails == ("superman@freshdesk.com", "clark@dailyplanet.example")
    assert customer.phones == ("+1 555 0100",)
    assert [(h.channel, h.value) for h in customer.handles] == [
        (Channel.TWITTER, "superman"),
        (Channel.FACEBOOK, "kal.el"),
    ]
    assert customer.language == "pt" and customer.timezone == "America/New_York"
    assert customer.notes == "Reporter\nPrefers the phone" and customer.created_at is not None
    with pytest.raises(InvalidResponseError):
        convert.customer(FContact(), qid)


def test_every_rails_zone_is_a_real_iana_zone() -> None:
    for name, zone in RAILS_ZONES.items():
        assert ZoneInfo(zone) is not None, name
    assert iana_zone("Chennai") == "Asia/Kolkata" and iana_zone("Rome") == "Europe/Rome"
    assert iana_zone("Europe/Rome") == "Europe/Rome", "an IANA name is kept"
    assert (
        iana_zone("Somewhere Else") is None and iana_zone(None) is None and iana_zone(" ") is None
    )


def test_an_agent() -> None:
    raw = msgspec.convert(
        {
            "id": 1,
            "group_ids": [3, 4],
            "contact": {"name": "John Doe", "email": "john.doe@freshdesk.com", "active": False},
        },
        FAgent,
    )
    agent = convert.agent(raw, qid)
    assert (agent.id, agent.name, agent.login) == ("acme:1", "John Doe", "john.doe@freshdesk.com")
    assert agent.group_ids == ("acme:3", "acme:4") and agent.active is False


def test_conversation_roles_and_visibility() -> None:
    def one(**fields: object) -> FConversation:
        base: dict[str, object] = {"id": 3, "created_at": "2015-08-24T11:59:05Z"}
        base.update(fields)
        return msgspec.convert(base, FConversation)

    def read(raw: FConversation, public: bool | None = None) -> tuple[AuthorRole, str, bool]:
        message = convert.message(
            raw,
            "acme:20",
            qid,
            agents={1: "Giulia"},
            requester_id=9,
            requester_name="Marco",
            channel=Channel.CHAT,
            public=public,
        )
        assert message.channel is Channel.CHAT
        return message.author_role, message.author_name, message.public

    assert read(one(user_id=1, private=True)) == (AuthorRole.AGENT, "Giulia", False)
    assert read(one(user_id=1), public=False) == (AuthorRole.AGENT, "Giulia", False)
    assert read(one(user_id=1)) == (AuthorRole.AGENT, "Giulia", True)
    assert read(one(user_id=9)) == (AuthorRole.CUSTOMER, "Marco", True)
    assert read(one(user_id=5, incoming=True, from_email="cc@x.it")) == (
        AuthorRole.CUSTOMER,
        "cc@x.it",
        True,
    )
    assert read(one(user_id=6)) == (AuthorRole.AGENT, "agent 6", True)
    assert read(one()) == (AuthorRole.SYSTEM, "Freshdesk", True)
    body = convert.message(
        one(user_id=1, body="<div>a<br>b &amp; c</div>"),
        "acme:20",
        qid,
        agents={},
        requester_id=None,
        requester_name=None,
        channel=Channel.EMAIL,
    )
    assert body.body == "a\nb & c", "body_text, else the HTML read as text"


def test_reply_html_escapes_and_keeps_lines() -> None:
    assert (
        convert.reply_html("a < b\r\n& <i>c</i>\rd")
        == "a &lt; b<br>&amp; &lt;i&gt;c&lt;/i&gt;<br>d"
    )
    assert convert.html_to_text(convert.reply_html("x\n<y>")) == "x\n<y>"


def test_tags_after_adds_and_removes() -> None:
    assert convert.tags_after(["a", "b"], ["c", "a"], ["b"]) == ["a", "c"]
    assert convert.tags_after(["a"], ["x"], ["x"]) == ["a"], "removing wins"


def test_a_canned_response_is_a_macro() -> None:
    folder = FCannedFolder(id=1, name="Shipping")
    html_only = FCannedResponse(id=2, title="Spedito", content_html="<div>Ciao<br>spedito</div>")
    assert convert.macro(folder, html_only, qid).bodies == {"*": "Ciao\nspedito"}
    empty = convert.macro(FCannedFolder(id=1), FCannedResponse(id=3, content=""), qid)
    assert empty.title == "canned response 3" and empty.bodies == {}
