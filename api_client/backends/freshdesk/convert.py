"""Freshdesk API v2 JSON → deskside models, in one place.

The answers arrive decoded into :mod:`.shapes`; this module decides what each field
means, and what a missing one means. Every string a customer (or a helpdesk admin)
wrote goes into a model, which sanitizes it.

Mapping decisions (see ``docs/backends/freshdesk.md``):

* statuses are numbers: 2 open, 3 pending, 4 resolved (``solved``), 5 closed; a custom
  status (6 and up) is ``pending`` when its name speaks of the customer ("Waiting on
  Customer"), else ``on_hold`` ("Waiting on Third Party"); deskside's ``new`` is sent
  as open (Freshdesk has no "new");
* priorities 1 low, 2 medium (``normal``), 3 high, 4 urgent;
* ``source`` gives the channel: 1 email, 2 portal (web form), 3 phone, 5 Twitter,
  6 Facebook, 7 chat, 8 Mobihelp (chat), 9 feedback widget (web form), 10 outbound
  email; anything else (custom sources, WhatsApp through an app) is email;
* the workflow stage lives in a ``stage_<name>`` tag, hidden from ``Ticket.tags``;
* ``Ticket.version`` is ``updated_at`` exactly as Freshdesk wrote it: before a write
  the backend reads the ticket again and compares (Freshdesk has no conditional update);
* the ticket's description is the thread's first message (Freshdesk keeps it apart
  from the conversations);
* time zones are Rails names, mapped to IANA (:mod:`.timezones`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from api_client.backends.common import values
from api_client.backends.common.stage_tags import STAGE_TAG_PREFIX, stage_of, visible_tags
from api_client.backends.common.values import (
    Qualify,
    field_text,
    html_to_text,
    language_of,
    maybe_time,
)
from api_client.backends.freshdesk.shapes import (
    FAgent,
    FCannedFolder,
    FCannedResponse,
    FContact,
    FConversation,
    FGroup,
    FRequester,
    FTicket,
    FTicketField,
)
from api_client.backends.freshdesk.timezones import iana_zone
from api_client.errors import InvalidRequestError, InvalidResponseError
from api_client.models import (
    Agent,
    AuthorRole,
    Channel,
    Contact,
    Customer,
    Group,
    Macro,
    Message,
    Priority,
    Status,
    Ticket,
)

__all__ = [
    "DESCRIPTION_SUFFIX",
    "PRIORITY_IDS",
    "STAGE_TAG_PREFIX",
    "Qualify",
    "Schema",
    "agent",
    "channel_of",
    "customer",
    "customer_from_requester",
    "default_schema",
    "description_message",
    "group",
    "html_to_text",
    "language_of",
    "macro",
    "message",
    "parse_time",
    "priority_of",
    "reply_html",
    "schema_from_fields",
    "stage_of",
    "tags_after",
    "ticket",
]

DESCRIPTION_SUFFIX = "-description"
"""The thread's first message is the ticket's description: ``{ticket id}-description``."""

_PRIORITIES = {1: Priority.LOW, 2: Priority.NORMAL, 3: Priority.HIGH, 4: Priority.URGENT}
PRIORITY_IDS = {value: key for key, value in _PRIORITIES.items()}
_CHANNELS = {
    1: Channel.EMAIL,
    2: Channel.WEB_FORM,
    3: Channel.PHONE,
    5: Channel.TWITTER,
    6: Channel.FACEBOOK,
    7: Channel.CHAT,
    8: Channel.CHAT,
    9: Channel.WEB_FORM,
    10: Channel.EMAIL,
}
_DEFAULT_STATUSES = {2: Status.OPEN, 3: Status.PENDING, 4: Status.SOLVED, 5: Status.CLOSED}
_WRITE_STATUSES = {
    Status.NEW: 2,
    Status.OPEN: 2,
    Status.PENDING: 3,
    Status.SOLVED: 4,
    Status.CLOSED: 5,
}


# -- small mappings ---------------------------------------------------------------------


def priority_of(value: int | None) -> Priority:
    """A Freshdesk priority (1..4); missing or unknown is normal."""
    return _PRIORITIES.get(value or 0, Priority.NORMAL)


def channel_of(source: int | None) -> Channel:
    """The channel a ticket ``source`` names (email when unknown)."""
    return _CHANNELS.get(source or 0, Channel.EMAIL)


def parse_time(value: str | None, what: str) -> datetime:
    """An ISO 8601 time from Freshdesk, always timezone-aware."""
    return values.parse_time(value, what, vendor="Freshdesk")


def reply_html(text: str) -> str:
    """The HTML body Freshdesk takes for an agent's plain text: escaped, newlines as ``<br>``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def tags_after(current: Iterable[str], adds: Iterable[str], removes: Iterable[str]) -> list[str]:
    """A ticket's full tag list after adding and removing (Freshdesk replaces the list)."""
    drop = set(removes)
    kept = [tag for tag in current if tag not in drop]
    for tag in adds:
        if tag not in kept and tag not in drop:
            kept.append(tag)
    return kept


# -- the account's ticket fields --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Schema:
    """What the account's ticket fields say: status names and custom field labels."""

    statuses: Mapping[int, Status] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    def status_of(self, value: int | None) -> Status:
        """A Freshdesk status id; an unknown custom one (6 and up) is on hold."""
        if value is None:
            return Status.OPEN
        if value in self.statuses:
            return self.statuses[value]
        if value in _DEFAULT_STATUSES:
            return _DEFAULT_STATUSES[value]
        return Status.ON_HOLD if value >= 6 else Status.OPEN

    def status_id(self, status: Status) -> int:
        """The Freshdesk status id to write for one of ours."""
        if status in _WRITE_STATUSES:
            return _WRITE_STATUSES[status]
        custom = sorted(k for k, v in self.statuses.items() if v is status and k >= 6)
        if not custom:
            raise InvalidRequestError(
                "this Freshdesk account has no custom status deskside can use for "
                "'on hold' (add one such as 'Waiting on Third Party')"
            )
        return custom[0]


_DEFAULT_SCHEMA_STATUSES = {6: Status.PENDING, 7: Status.ON_HOLD}
"""Freshdesk's two stock custom statuses, assumed when the fields cannot be read."""


def default_schema() -> Schema:
    """The stock statuses (Waiting on Customer 6, Waiting on Third Party 7), no labels."""
    return Schema(statuses=dict(_DEFAULT_SCHEMA_STATUSES))


def _custom_status(name: str) -> Status:
    return Status.PENDING if "customer" in name.lower() else Status.ON_HOLD


def schema_from_fields(fields: Iterable[FTicketField]) -> Schema:
    """Status meanings and custom field labels from ``GET /api/v2/ticket_fields``."""
    statuses: dict[int, Status] = {}
    labels: dict[str, str] = {}
    for raw in fields:
        if raw.type == "default_status" and isinstance(raw.choices, dict):
            for key, names in raw.choices.items():
                if not str(key).isdigit():
                    continue
                number = int(key)
                if number in _DEFAULT_STATUSES:
                    statuses[number] = _DEFAULT_STATUSES[number]
                    continue
                name = names[0] if isinstance(names, list) and names else str(names)
                statuses[number] = _custom_status(str(name))
        elif raw.name and (raw.type or "").startswith("custom_"):
            labels[raw.name] = (raw.label or "").strip() or raw.name
    if not statuses:
        statuses = dict(_DEFAULT_SCHEMA_STATUSES)
    return Schema(statuses=statuses, labels=labels)


def _fields(custom: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, str]:
    shown: dict[str, str] = {}
    for name, raw in custom.items():
        value = field_text(raw)
        if value is not None:
            shown[labels.get(name) or name.removeprefix("cf_")] = value
    return shown


# -- records ----------------------------------------------------------------------------


def ticket(raw: FTicket, qid: Qualify, *, site: str, schema: Schema) -> Ticket:
    """A ticket; ``site`` is the account's address (for the agent-interface link)."""
    if raw.requester_id is None:
        raise InvalidResponseError(f"Freshdesk ticket {raw.id} has no requester_id")
    updated_raw = raw.updated_at or raw.created_at
    updated = parse_time(updated_raw, f"updated_at for ticket {raw.id}")
    created = parse_time(raw.created_at, "created_at") if raw.created_at else updated
    first_line = (raw.description_text or "").strip().split("\n", 1)[0][:120]
    return Ticket(
        id=qid(raw.id),
        subject=(raw.subject or "").strip() or first_line,
        status=schema.status_of(raw.status),
        priority=priority_of(raw.priority),
        channel=channel_of(raw.source),
        customer_id=qid(raw.requester_id),
        assignee_id=qid(raw.responder_id) if raw.responder_id is not None else None,
        group_id=qid(raw.group_id) if raw.group_id is not None else None,
        tags=visible_tags(raw.tags),
        stage=stage_of(raw.tags),
        created_at=created,
        updated_at=updated,
        version=updated_raw or "",
        due_at=maybe_time(raw.due_by),
        fields=_fields(raw.custom_fields, schema.labels),
        url=f"{site}/a/tickets/{raw.id}",
    )


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        text = (value or "").strip()
        if text and text not in found:
            found.append(text)
    return tuple(found)


def customer(raw: FContact, qid: Qualify) -> Customer:
    """A customer from a Freshdesk contact."""
    if raw.id is None:
        raise InvalidResponseError("Freshdesk sent a contact without an id")
    handles: list[Contact] = []
    if raw.twitter_id and raw.twitter_id.strip():
        handles.append(Contact(channel=Channel.TWITTER, value=raw.twitter_id.strip()))
    if raw.facebook_id and raw.facebook_id.strip():
        handles.append(Contact(channel=Channel.FACEBOOK, value=raw.facebook_id.strip()))
    notes = [(raw.job_title or "").strip(), (raw.description or "").strip()]
    return Customer(
        id=qid(raw.id),
        name=(raw.name or "").strip() or raw.email or f"contact {raw.id}",
        emails=_unique([raw.email, *raw.other_emails]),
        phones=_unique([raw.phone, raw.mobile]),
        handles=tuple(handles),
        language=language_of(raw.language),
        timezone=iana_zone(raw.time_zone),
        tags=tuple(raw.tags),
        created_at=maybe_time(raw.created_at),
        notes="\n".join(part for part in notes if part),
    )


def customer_from_requester(raw: FRequester, qid: Qualify) -> Customer | None:
    """The customer a ticket's ``include=requester`` names (name, email and phones)."""
    if raw.id is None:
        return None
    return Customer(
        id=qid(raw.id),
        name=(raw.name or "").strip() or raw.email or f"contact {raw.id}",
        emails=_unique([raw.email]),
        phones=_unique([raw.phone, raw.mobile]),
    )


def agent(raw: FAgent, qid: Qualify) -> Agent:
    """An agent (the email doubles as the login)."""
    if raw.id is None:
        raise InvalidResponseError("Freshdesk sent an agent without an id")
    contact = raw.contact
    return Agent(
        id=qid(raw.id),
        name=(contact.name or "").strip() or contact.email or f"agent {raw.id}",
        email=contact.email,
        login=contact.email,
        group_ids=tuple(qid(group_id) for group_id in raw.group_ids),
        active=contact.active,
    )


def group(raw: FGroup, qid: Qualify) -> Group:
    return Group(id=qid(raw.id), name=raw.name or f"group {raw.id}")


def _body(text: str | None, markup: str | None) -> str:
    if text is not None:
        return text
    return html_to_text(markup or "")


def description_message(
    raw: FTicket, qid: Qualify, *, requester_name: str | None, channel: Channel
) -> Message:
    """The ticket's description: the customer's first message."""
    return Message(
        id=qid(f"{raw.id}{DESCRIPTION_SUFFIX}"),
        ticket_id=qid(raw.id),
        author_role=AuthorRole.CUSTOMER,
        author_name=requester_name or "customer",
        author_id=qid(raw.requester_id) if raw.requester_id is not None else None,
        public=True,
        channel=channel,
        body=_body(raw.description_text, raw.description),
        created_at=parse_time(raw.created_at, f"created_at for ticket {raw.id}"),
    )


def message(
    raw: FConversation,
    ticket_id: str,
    qid: Qualify,
    *,
    agents: Mapping[int, str],
    requester_id: int | None,
    requester_name: str | None,
    channel: Channel,
    public: bool | None = None,
) -> Message:
    """A conversation: an agent's reply or note, or the customer's (or a CC's) message.

    An author among the account's agents is an agent; an ``incoming`` conversation, or
    one by the requester, is the customer's; one without an author is the system's.
    ``public`` stands in when the answer does not say (a reply's answer has no
    ``private``).
    """
    author = raw.user_id
    if author is None:
        role, name = AuthorRole.SYSTEM, "Freshdesk"
    elif author in agents:
        role, name = AuthorRole.AGENT, agents[author]
    elif raw.incoming or author == requester_id:
        known = requester_name if author == requester_id else None
        role, name = AuthorRole.CUSTOMER, known or raw.from_email or "customer"
    else:
        role, name = AuthorRole.AGENT, raw.from_email or f"agent {author}"
    said = public if public is not None else True
    visible = not raw.private if raw.private is not None else said
    return Message(
        id=qid(raw.id),
        ticket_id=ticket_id,
        author_role=role,
        author_name=name,
        author_id=qid(author) if author is not None else None,
        public=visible,
        channel=channel,
        body=_body(raw.body_text, raw.body),
        created_at=parse_time(raw.created_at, f"created_at for conversation {raw.id}"),
    )


# -- canned responses ---------------------------------------------------------------------


def macro(folder: FCannedFolder, raw: FCannedResponse, qid: Qualify) -> Macro:
    """A canned response as a macro: its text is the body (``Folder::Title``)."""
    text = raw.content if raw.content is not None else html_to_text(raw.content_html or "")
    title = (raw.title or "").strip() or f"canned response {raw.id}"
    folder_name = (folder.name or "").strip()
    return Macro(
        id=qid(raw.id),
        title=f"{folder_name}::{title}" if folder_name else title,
        bodies={"*": text} if text.strip() else {},
    )
