"""Zendesk Support API v2 JSON → deskside models, in one place.

The answers arrive decoded into :mod:`.shapes`; this module decides what each field
means, and what a missing one means. Every string a customer (or a helpdesk admin)
wrote goes into a model, which sanitizes it.

Mapping decisions (see ``docs/backends/zendesk.md``):

* statuses ``new/open/pending/hold/solved/closed`` (``hold`` is ``on_hold``); an export
  row with status ``deleted`` is a deletion; priority ``null`` is ``normal``;
* ``via.channel`` gives the channel (``web`` is the web form, ``native_messaging`` is
  chat, ``voice`` is phone, ``instagram_dm`` is Instagram; anything else is email);
* the workflow stage lives in a ``stage_<name>`` tag, hidden from ``Ticket.tags``;
* ``Ticket.version`` is ``updated_at`` exactly as Zendesk wrote it: it goes back as
  ``updated_stamp`` with ``safe_update``;
* a comment's attachments are listed under its text (``[attachment: name]``): the
  thread shows that a file came, the agent opens it in Zendesk;
* custom fields are shown read-only in ``Ticket.fields``, under their titles when the
  ticket fields are known (drop-down values shown by their option names), else their ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from api_client.backends.common import values
from api_client.backends.common.stage_tags import (
    STAGE_TAG_PREFIX,
    macro_actions,
    stage_of,
    visible_tags,
)
from api_client.backends.common.values import (
    Qualify,
    field_text,
    html_to_text,
    language_of,
    maybe_time,
)
from api_client.backends.zendesk.shapes import (
    ZAttachment,
    ZComment,
    ZCustomField,
    ZGroup,
    ZIdentity,
    ZMacro,
    ZMacroAction,
    ZMacroApplyAnswer,
    ZOrganization,
    ZTicket,
    ZTicketField,
    ZUser,
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
    MacroActions,
    Message,
    Priority,
    Status,
    Ticket,
)

__all__ = [
    "AGENT_ROLES",
    "DELETED",
    "STAGE_TAG_PREFIX",
    "FieldInfo",
    "Qualify",
    "agent",
    "channel_of",
    "comment_body",
    "customer",
    "field_infos",
    "group",
    "language_of",
    "macro",
    "macro_preview",
    "message",
    "parse_time",
    "priority_of",
    "stage_of",
    "status_of",
    "ticket",
    "with_attachments",
    "zendesk_status",
]

AGENT_ROLES = frozenset({"agent", "admin"})
DELETED = "deleted"
"""The status an incremental export gives a ticket that was deleted."""


# -- small mappings ---------------------------------------------------------------------

_STATUSES = {
    "new": Status.NEW,
    "open": Status.OPEN,
    "pending": Status.PENDING,
    "hold": Status.ON_HOLD,
    "solved": Status.SOLVED,
    "closed": Status.CLOSED,
}
_PRIORITIES = {p.value: p for p in Priority}
_CHANNELS = {
    "email": Channel.EMAIL,
    "web": Channel.WEB_FORM,
    "web_form": Channel.WEB_FORM,
    "help_center": Channel.WEB_FORM,
    "chat": Channel.CHAT,
    "native_messaging": Channel.CHAT,
    "voice": Channel.PHONE,
    "facebook": Channel.FACEBOOK,
    "twitter": Channel.TWITTER,
    "instagram_dm": Channel.INSTAGRAM,
    "whatsapp": Channel.WHATSAPP,
    "sms": Channel.SMS,
}
_AGENT_TOOLS = frozenset({"web", "api", "mobile", "rule", "system", "sample_ticket"})
"""``via`` channels that say which tool an agent used, not where the customer is."""


def status_of(value: str | None) -> Status:
    """A Zendesk status (or status category); an unknown one counts as open."""
    return _STATUSES.get(value or "", Status.OPEN)


def zendesk_status(status: Status) -> str:
    """The value Zendesk takes for one of our statuses."""
    return "hold" if status is Status.ON_HOLD else status.value


def priority_of(value: str | None) -> Priority:
    """A Zendesk priority; ``null`` (no priority set) is normal."""
    return _PRIORITIES.get(value or "", Priority.NORMAL)


def channel_of(value: str | None, default: Channel = Channel.EMAIL) -> Channel:
    """The channel a ``via.channel`` value names (``default`` when unknown)."""
    return _CHANNELS.get(value or "", default)


def parse_time(value: str | None, what: str) -> datetime:
    """An ISO 8601 time from Zendesk, always timezone-aware."""
    return values.parse_time(value, what, vendor="Zendesk")


# -- custom fields ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """What deskside shows of one custom ticket field: its title and option names."""

    title: str
    options: Mapping[str, str]


def field_infos(fields: Iterable[ZTicketField]) -> dict[int, FieldInfo]:
    """Titles by field id, disambiguated when two fields share a title."""
    infos: dict[int, FieldInfo] = {}
    titles: set[str] = set()
    for field in fields:
        title = (field.title or "").strip() or str(field.id)
        if title in titles:
            title = f"{title} (#{field.id})"
        titles.add(title)
        options = {
            option.value: option.name or option.value
            for option in field.custom_field_options or ()
            if option.value
        }
        infos[field.id] = FieldInfo(title=title, options=options)
    return infos


def _fields(custom: Iterable[ZCustomField], infos: Mapping[int, FieldInfo]) -> dict[str, str]:
    shown: dict[str, str] = {}
    for field in custom:
        info = infos.get(field.id)
        value = field_text(field.value, info.options if info else {})
        if value is not None:
            shown[info.title if info else str(field.id)] = value
    return shown


# -- records ----------------------------------------------------------------------------


def ticket(
    raw: ZTicket,
    qid: Qualify,
    *,
    site: str,
    requester: ZUser | None = None,
    fields: Mapping[int, FieldInfo] | None = None,
) -> Ticket:
    """A ticket; ``site`` is the account's address (for the agent-interface link)."""
    if raw.requester_id is None:
        raise InvalidResponseError(f"Zendesk ticket {raw.id} has no requester_id")
    updated_raw = raw.updated_at or raw.created_at
    updated = parse_time(updated_raw, f"updated_at for ticket {raw.id}")
    created = parse_time(raw.created_at, "created_at") if raw.created_at else updated
    subject = raw.subject or (raw.description or "").strip().split("\n", 1)[0][:120]
    return Ticket(
        id=qid(raw.id),
        subject=subject,
        status=status_of(raw.status),
        priority=priority_of(raw.priority),
        channel=channel_of(raw.via.channel if raw.via else None),
        customer_id=qid(raw.requester_id),
        assignee_id=qid(raw.assignee_id) if raw.assignee_id is not None else None,
        group_id=qid(raw.group_id) if raw.group_id is not None else None,
        tags=visible_tags(raw.tags),
        language=language_of(requester.locale) if requester is not None else None,
        stage=stage_of(raw.tags),
        created_at=created,
        updated_at=updated,
        version=updated_raw or "",
        due_at=maybe_time(raw.due_at),
        fields=_fields(raw.custom_fields, fields or {}),
        url=f"{site}/agent/tickets/{raw.id}",
    )


_HANDLE_CHANNELS = {"twitter": Channel.TWITTER, "facebook": Channel.FACEBOOK}


def customer(
    user: ZUser,
    qid: Qualify,
    *,
    identities: Iterable[ZIdentity] = (),
    organization: ZOrganization | None = None,
) -> Customer:
    """A customer from a Zendesk user and (when side-loaded) its identities and organization."""
    if user.id is None:
        raise InvalidResponseError("Zendesk sent a user without an id")
    emails = [user.email] if user.email else []
    phones = [user.phone] if user.phone else []
    handles: list[Contact] = []
    for identity in sorted(identities, key=lambda i: not i.primary):
        value = (identity.value or "").strip()
        if not value:
            continue
        if identity.type == "email" and value not in emails:
            emails.append(value)
        elif identity.type == "phone_number" and value not in phones:
            phones.append(value)
        elif identity.type in _HANDLE_CHANNELS:
            handles.append(Contact(channel=_HANDLE_CHANNELS[identity.type], value=value))
    notes = (user.notes or "").strip()
    if organization is not None and organization.name:
        notes = f"Organization: {organization.name}" + (f"\n{notes}" if notes else "")
    return Customer(
        id=qid(user.id),
        name=user.name or user.email or f"user {user.id}",
        emails=tuple(emails),
        phones=tuple(phones),
        handles=tuple(handles),
        language=language_of(user.locale),
        timezone=user.iana_time_zone or user.time_zone,
        tags=tuple(user.tags),
        created_at=maybe_time(user.created_at),
        notes=notes,
    )


def agent(user: ZUser, qid: Qualify) -> Agent:
    """An agent (the email doubles as the login: Zendesk has no other)."""
    if user.id is None:
        raise InvalidResponseError("Zendesk sent a user without an id")
    return Agent(
        id=qid(user.id),
        name=user.name or user.email or f"agent {user.id}",
        email=user.email,
        login=user.email,
        group_ids=(qid(user.default_group_id),) if user.default_group_id is not None else (),
        active=user.active and not user.suspended,
    )


def group(raw: ZGroup, qid: Qualify) -> Group:
    return Group(id=qid(raw.id), name=raw.name or f"group {raw.id}")


def comment_body(body: str | None, plain: str | None, html: str | None) -> str:
    """The text of a comment: ``body`` as written, else the plain or the HTML rendering."""
    if body is not None:
        return body
    if plain is not None:
        return plain
    return html_to_text(html or "")


def with_attachments(text: str, attachments: Iterable[ZAttachment]) -> str:
    """A comment's text followed by one ``[attachment: name]`` line per attached file."""
    names = [(a.file_name or "").strip() or "file" for a in attachments]
    if not names:
        return text
    listed = "\n".join(f"[attachment: {name}]" for name in names)
    return f"{text}\n\n{listed}" if text.strip() else listed


def message(
    raw: ZComment,
    ticket_id: str,
    qid: Qualify,
    *,
    users: Mapping[int, ZUser],
    ticket_channel: Channel = Channel.EMAIL,
) -> Message:
    """A comment: the customer's if an end user wrote it, an agent's reply or note otherwise.

    An author Zendesk did not side-load (the system user ``-1``, a trigger) is shown
    as the system. An agent's comment made in the agent interface or the API is on the
    ticket's channel; a customer's is on the channel it came through.
    """
    author = users.get(raw.author_id) if raw.author_id is not None else None
    if author is None:
        role, name = AuthorRole.SYSTEM, "Zendesk"
    elif author.role in AGENT_ROLES:
        role, name = AuthorRole.AGENT, author.name or f"agent {raw.author_id}"
    else:
        role, name = AuthorRole.CUSTOMER, author.name or author.email or f"user {raw.author_id}"
    via = raw.via.channel if raw.via else None
    if role is not AuthorRole.CUSTOMER and (via is None or via in _AGENT_TOOLS):
        channel = ticket_channel
    else:
        channel = channel_of(via, ticket_channel)
    return Message(
        id=qid(raw.id),
        ticket_id=ticket_id,
        author_role=role,
        author_name=name,
        author_id=qid(raw.author_id) if raw.author_id is not None and author else None,
        public=raw.public,
        channel=channel,
        body=with_attachments(
            comment_body(raw.body, raw.plain_body, raw.html_body), raw.attachments
        ),
        created_at=parse_time(raw.created_at, f"created_at for comment {raw.id}"),
    )


# -- macros -----------------------------------------------------------------------------


def _words(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(word) for word in value if str(word).strip()]
    return str(value or "").split()


def _comment_text(value: Any) -> str:
    """``comment_value`` is text, or ``["channel:all", text]`` when scoped to a channel."""
    if isinstance(value, list):
        texts = [str(item) for item in value if not str(item).startswith("channel:")]
        return "\n".join(texts)
    return str(value or "")


def _is_true(value: Any) -> bool:
    return value is True or str(value).strip().lower() == "true"


def _macro_actions(
    raw: Iterable[ZMacroAction], qid: Qualify
) -> tuple[str | None, bool, MacroActions]:
    """The comment text, whether it is public, and the field changes of a macro."""
    text: str | None = None
    html: str | None = None
    public = True
    changes: dict[str, Any] = {}
    adds: list[str] = []
    removes: list[str] = []
    for action in raw:
        field, value = action.field, action.value
        if field == "comment_value":
            text = _comment_text(value)
        elif field == "comment_value_html":
            html = html_to_text(_comment_text(value))
        elif field == "comment_mode_is_public":
            public = _is_true(value)
        elif field == "status" and str(value) in _STATUSES:
            changes["status"] = _STATUSES[str(value)]
        elif field == "priority" and str(value) in _PRIORITIES:
            changes["priority"] = _PRIORITIES[str(value)]
        elif field in ("assignee_id", "group_id") and str(value).isdigit():
            changes[field] = qid(str(value))
        elif field in ("current_tags", "set_tags"):
            adds.extend(_words(value))
        elif field == "remove_tags":
            removes.extend(_words(value))
    note = None if public else (text if text is not None else html)
    actions = macro_actions(adds, removes, note=note, **changes)
    return (text if text is not None else html), public, actions


def macro(raw: ZMacro, qid: Qualify) -> Macro:
    """A macro: its public comment becomes the body, a private one the note action."""
    text, public, actions = _macro_actions(raw.actions, qid)
    return Macro(
        id=qid(raw.id),
        title=raw.title or f"macro {raw.id}",
        bodies={"*": text} if public and text else {},
        actions=actions,
    )


def macro_preview(base: Macro, answer: ZMacroApplyAnswer, qid: Qualify) -> Macro:
    """``base`` with its comment rendered for one ticket (placeholders filled in by Zendesk)."""
    result = answer.result
    comment = result.comment or result.ticket.comment
    if comment is None:
        return base
    text = comment_body(comment.body, None, comment.html_body)
    public = comment.public if comment.public is not None else bool(base.bodies)
    if public:
        return msgspec.structs.replace(base, bodies={"*": text})
    actions = msgspec.structs.replace(base.actions, note=text)
    return msgspec.structs.replace(base, bodies={}, actions=actions)
