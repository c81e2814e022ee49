"""Gorgias REST API JSON → deskside models, in one place.

The answers arrive decoded into :mod:`.shapes`; this module decides what each field
means, and what a missing one means. Every string a customer (or a helpdesk admin)
wrote goes into a model, which sanitizes it.

Mapping decisions (see ``docs/backends/gorgias.md``):

* Gorgias has two statuses, ``open`` and ``closed``, and lets an open ticket be snoozed
  until a date (it reopens by itself then, or when the customer writes). deskside reads
  ``closed`` as ``solved`` (the customer can still reopen it by writing), a snoozed open
  ticket as ``pending``, any other open ticket as ``open``;
* every message carries its own ``channel`` (``email``, ``chat``, ``facebook-messenger``,
  ``instagram-direct-message``, ``whatsapp``, ``sms``, ``phone`` ...); internal notes are
  messages on the ``internal-note`` channel. Channels that name a tool rather than where
  the customer is (``api``, ``internal-note``) take the ticket's channel;
* ``from_agent`` tells a customer's message from the company's; a company message sent
  by a rule (``rule_id``) or with no sender is the system's;
* the workflow stage lives in a ``stage_<name>`` tag, hidden from ``Ticket.tags``;
* ``Ticket.version`` is ``updated_datetime`` exactly as Gorgias wrote it; times without
  an offset are UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from api_client.backends.common import values
from api_client.backends.common.stage_tags import (
    STAGE_TAG_PREFIX,
    macro_actions,
    stage_of,
    visible_tags,
)
from api_client.backends.common.values import Qualify, html_to_text, maybe_time, same_version
from api_client.backends.gorgias.shapes import (
    GCustomer,
    GMacro,
    GMessage,
    GPersonRef,
    GTeam,
    GTicket,
    GUser,
)
from api_client.errors import InvalidResponseError
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
    "CUSTOMER_CHANNELS",
    "NOTE_CHANNEL",
    "STAGE_TAG_PREFIX",
    "Qualify",
    "agent",
    "body_of",
    "channel_of",
    "customer",
    "group",
    "is_deleted",
    "language_of",
    "macro",
    "maybe_time",
    "message",
    "parse_time",
    "person_name",
    "priority_of",
    "same_version",
    "stage_of",
    "stamp",
    "status_fields",
    "status_of",
    "tag_names",
    "ticket",
]

NOTE_CHANNEL = "internal-note"
"""The message channel of an internal note."""

_CHANNELS = {
    "email": Channel.EMAIL,
    "chat": Channel.CHAT,
    "gorgias_chat": Channel.CHAT,
    "contact_form": Channel.WEB_FORM,
    "contact-form": Channel.WEB_FORM,
    "form": Channel.WEB_FORM,
    "help-center": Channel.WEB_FORM,
    "offline_capture": Channel.WEB_FORM,
    "yotpo": Channel.WEB_FORM,
    "yotpo-review": Channel.WEB_FORM,
    "phone": Channel.PHONE,
    "aircall": Channel.PHONE,
    "twilio": Channel.PHONE,
    "sms": Channel.SMS,
    "whatsapp": Channel.WHATSAPP,
}
_PREFIXES = (
    ("facebook", Channel.FACEBOOK),
    ("instagram", Channel.INSTAGRAM),
    ("twitter", Channel.TWITTER),
    ("whatsapp", Channel.WHATSAPP),
)
CUSTOMER_CHANNELS = frozenset(
    {
        "email",
        "chat",
        "contact_form",
        "help-center",
        "phone",
        "aircall",
        "sms",
        "whatsapp",
        "facebook",
        "facebook-mention",
        "facebook-messenger",
        "facebook-recommendations",
        "instagram-ad-comment",
        "instagram-comment",
        "instagram-mention",
        "instagram-direct-message",
        "twitter",
        "twitter-direct-message",
        "yotpo-review",
    }
)
"""Message channels a reply can go out on (the published enum less ``api`` and notes)."""

_PRIORITIES = {
    "low": Priority.LOW,
    "normal": Priority.NORMAL,
    "high": Priority.HIGH,
    "urgent": Priority.URGENT,
    "critical": Priority.URGENT,
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


# -- small mappings ---------------------------------------------------------------------


def status_of(status: str | None, snoozed_until: str | None) -> Status:
    """``closed`` is solved, a snoozed open ticket pending, anything else open."""
    if status == "closed":
        return Status.SOLVED
    return Status.PENDING if snoozed_until else Status.OPEN


def status_fields(status: Status, now: datetime, snooze: timedelta) -> dict[str, Any]:
    """The ticket fields that give a ticket one of our statuses.

    ``solved`` and ``closed`` close it; ``pending`` and ``on_hold`` snooze it for
    ``snooze`` (Gorgias reopens it then, or as soon as the customer writes); ``new`` and
    ``open`` open it and end any snooze.
    """
    if status in (Status.SOLVED, Status.CLOSED):
        return {"status": "closed", "snooze_datetime": None}
    if status in (Status.PENDING, Status.ON_HOLD):
        return {"status": "open", "snooze_datetime": stamp(now + snooze)}
    return {"status": "open", "snooze_datetime": None}


def priority_of(value: str | None) -> Priority:
    """A priority when the answer carries one (``critical`` is urgent); else normal."""
    return _PRIORITIES.get((value or "").lower(), Priority.NORMAL)


def channel_of(value: str | None, default: Channel = Channel.EMAIL) -> Channel:
    """The channel a Gorgias channel or source type names (``default`` when unknown)."""
    name = (value or "").lower()
    found = _CHANNELS.get(name)
    if found is not None:
        return found
    for prefix, channel in _PREFIXES:
        if name.startswith(prefix):
            return channel
    return default


def tag_names(raw: GTicket) -> list[str]:
    """The names of a ticket's tags, in Gorgias's order."""
    return [tag.name for tag in raw.tags or () if tag.name]


def language_of(code: str | None) -> str | None:
    """``"fr"`` for ``"fr"`` or ``"fr-CA"``: the primary language subtag, lower case."""
    if not code:
        return None
    primary = code.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if _LANGUAGE.match(primary) else None


def parse_time(value: str | None, what: str) -> datetime:
    """An ISO 8601 time from Gorgias, always timezone-aware (no offset means UTC)."""
    return values.parse_time(value, what, vendor="Gorgias")


def stamp(moment: datetime) -> str:
    """A time as Gorgias takes it (RFC 3339, UTC)."""
    return moment.astimezone(UTC).isoformat()


def is_deleted(raw: GTicket) -> bool:
    """A ticket in the trash or marked as spam: gone from every view of the helpdesk."""
    return bool(raw.trashed_datetime) or bool(raw.spam)


def person_name(raw: GUser | GPersonRef | GCustomer | None, fallback: str) -> str:
    """A person's full name, else first and last name, else the email, else ``fallback``."""
    if raw is None:
        return fallback
    name = (raw.name or "").strip()
    if not name:
        name = " ".join(part for part in (raw.firstname, raw.lastname) if part).strip()
    return name or (raw.email or "").strip() or fallback


def body_of(text: str | None, html: str | None, stripped: str | None = None) -> str:
    """The text of a message: the text version as written, else the HTML rendered to text."""
    if text is not None:
        return text
    if stripped is not None:
        return stripped
    return html_to_text(html or "")


# -- records ----------------------------------------------------------------------------


def ticket(raw: GTicket, qid: Qualify, *, site: str) -> Ticket:
    """A ticket; ``site`` is the account's address (for the agent-interface link)."""
    customer_id = raw.customer.id if raw.customer is not None else None
    if customer_id is None:
        raise InvalidResponseError(f"Gorgias ticket {raw.id} names no customer")
    updated_raw = raw.updated_datetime or raw.created_datetime
    updated = parse_time(updated_raw, f"updated_datetime for ticket {raw.id}")
    created = maybe_time(raw.created_datetime) or updated
    names = tag_names(raw)
    subject = (raw.subject or "").strip() or (raw.excerpt or "").strip().split("\n", 1)[0][:120]
    assignee = raw.assignee_user.id if raw.assignee_user is not None else None
    team = raw.assignee_team.id if raw.assignee_team is not None else None
    return Ticket(
        id=qid(raw.id),
        subject=subject,
        status=status_of(raw.status, raw.snooze_datetime),
        priority=priority_of(raw.priority),
        channel=channel_of(raw.channel),
        customer_id=qid(customer_id),
        assignee_id=qid(assignee) if assignee is not None else None,
        group_id=qid(team) if team is not None else None,
        tags=visible_tags(names),
        language=language_of(raw.language)
        or (language_of(raw.customer.language) if raw.customer else None),
        stage=stage_of(names),
        created_at=created,
        updated_at=updated,
        version=updated_raw or "",
        url=f"{site}/app/ticket/{raw.id}",
    )


_HANDLES = {
    "facebook": Channel.FACEBOOK,
    "instagram": Channel.INSTAGRAM,
    "instagram-direct-message": Channel.INSTAGRAM,
    "twitter": Channel.TWITTER,
    "whatsapp": Channel.WHATSAPP,
}


def customer(raw: GCustomer, qid: Qualify) -> Customer:
    """A customer with every live contact channel (emails, phones, social handles)."""
    if raw.id is None:
        raise InvalidResponseError("Gorgias sent a customer without an id")
    emails = [raw.email.strip()] if raw.email and raw.email.strip() else []
    phones: list[str] = []
    handles: list[Contact] = []
    channels = sorted(raw.channels or (), key=lambda c: not c.preferred)
    for channel in channels:
        value = (channel.address or "").strip()
        kind = (channel.type or "").lower()
        if not value or channel.deleted_datetime:
            continue
        if kind == "email" and value not in emails:
            emails.append(value)
        elif kind in ("phone", "sms") and value not in phones:
            phones.append(value)
        elif kind in _HANDLES:
            contact = Contact(channel=_HANDLES[kind], value=value)
            if contact not in handles:
                handles.append(contact)
    return Customer(
        id=qid(raw.id),
        name=person_name(raw, f"customer {raw.id}"),
        emails=tuple(emails),
        phones=tuple(phones),
        handles=tuple(handles),
        language=language_of(raw.language),
        timezone=raw.timezone or None,
        created_at=maybe_time(raw.created_datetime),
        notes=(raw.note or "").strip(),
    )


def agent(raw: GUser, qid: Qualify) -> Agent:
    """An agent (the email doubles as the login: Gorgias has no other)."""
    if raw.id is None:
        raise InvalidResponseError("Gorgias sent a user without an id")
    return Agent(
        id=qid(raw.id),
        name=person_name(raw, f"agent {raw.id}"),
        email=raw.email,
        login=raw.email,
        active=raw.active is not False,
    )


def group(raw: GTeam, qid: Qualify) -> Group:
    return Group(id=qid(raw.id), name=raw.name or f"team {raw.id}")


def message(
    raw: GMessage, ticket_id: str, qid: Qualify, *, ticket_channel: Channel = Channel.EMAIL
) -> Message:
    """A message: the customer's, an agent's reply or note, or the system's (a rule's)."""
    if raw.id is None:
        raise InvalidResponseError(f"Gorgias sent a message of ticket {ticket_id} without an id")
    sender = raw.sender
    sender_id = sender.id if sender is not None else None
    if not raw.from_agent:
        role, name = AuthorRole.CUSTOMER, person_name(sender, "customer")
    elif raw.rule_id is not None or sender_id is None:
        role, name = AuthorRole.SYSTEM, "Gorgias"
    else:
        role, name = AuthorRole.AGENT, person_name(sender, f"agent {sender_id}")
    kind = (raw.channel or "").lower()
    note = kind == NOTE_CHANNEL
    if note or kind not in CUSTOMER_CHANNELS:
        channel = ticket_channel
    else:
        channel = channel_of(kind, ticket_channel)
    when = raw.created_datetime or raw.sent_datetime
    return Message(
        id=qid(raw.id),
        ticket_id=ticket_id,
        author_role=role,
        author_name=name,
        author_id=qid(sender_id)
        if sender_id is not None and role is not AuthorRole.SYSTEM
        else None,
        public=not note and raw.public is not False,
        channel=channel,
        body=body_of(raw.body_text, raw.body_html, raw.stripped_text),
        created_at=parse_time(when, f"created_datetime for message {raw.id}"),
        external_id=raw.external_id or None,
    )


# -- macros -----------------------------------------------------------------------------


def _words(value: Any) -> list[str]:
    """Tags as a macro gives them: ``"a, b"`` or ``["a", "b"]``."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def _ref_id(value: Any) -> int | None:
    """The id inside ``{"id": 12, ...}`` (or a bare id)."""
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _text(arguments: dict[str, Any]) -> str | None:
    text, html = arguments.get("body_text"), arguments.get("body_html")
    if isinstance(text, str) and text.strip():
        return text
    if isinstance(html, str) and html.strip():
        return html_to_text(html)
    return None


def macro(raw: GMacro, qid: Qualify) -> Macro:
    """A macro: its response text is the body; tags, status, assignee and team are actions.

    ``addTags`` with a ``stage_<name>`` tag sets the stage; ``snoozeTicket`` makes the
    ticket pending; ``addInternalNote`` is the note; actions deskside cannot apply
    (``setPriority``, ``setSubject``, HTTP hooks ...) are left out.
    """
    text: str | None = None
    note: str | None = None
    changes: dict[str, Any] = {}
    adds: list[str] = []
    removes: list[str] = []
    for action in raw.actions or ():
        arguments = action.arguments or {}
        name = action.name or ""
        if name == "setResponseText":
            text = _text(arguments) or text
        elif name == "addInternalNote":
            note = _text(arguments) or note
        elif name == "addTags":
            adds.extend(_words(arguments.get("tags")))
        elif name == "removeTags":
            removes.extend(_words(arguments.get("tags")))
        elif name == "setStatus" and arguments.get("status") in ("open", "closed"):
            changes["status"] = status_of(str(arguments["status"]), None)
        elif name == "snoozeTicket":
            changes["status"] = Status.PENDING
        elif name == "setAssignee":
            user = _ref_id(arguments.get("assignee_user"))
            if user is not None:
                changes["assignee_id"] = qid(user)
        elif name == "setTeamAssignee":
            team = _ref_id(arguments.get("assignee_team"))
            if team is not None:
                changes["group_id"] = qid(team)
    actions = macro_actions(adds, removes, note=note, **changes)
    language = language_of(raw.language) or "*"
    return Macro(
        id=qid(raw.id),
        title=raw.name or f"macro {raw.id}",
        bodies={language: text} if text else {},
        actions=actions,
    )
