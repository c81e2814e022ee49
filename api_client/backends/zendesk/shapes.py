"""The JSON shapes of Zendesk Support API v2 answers that deskside reads.

msgspec Structs holding only the fields deskside uses (unknown fields are ignored), so a
page of 1,000 exported tickets decodes fast and a field of the wrong type fails at the
boundary, naming its JSON path, never its value. Almost every property in Zendesk's
published schema is optional, and so is every field here: :mod:`.convert` decides what
a missing one means.
"""

from __future__ import annotations

from typing import Any

import msgspec

__all__ = [
    "ZAttachment",
    "ZAudit",
    "ZAuditEvent",
    "ZChildEvent",
    "ZComment",
    "ZCommentsPage",
    "ZCondition",
    "ZConditions",
    "ZCustomField",
    "ZEventsPage",
    "ZExecution",
    "ZExportPage",
    "ZFieldOption",
    "ZGroup",
    "ZGroupsPage",
    "ZIdentity",
    "ZMacro",
    "ZMacroAction",
    "ZMacroApplyAnswer",
    "ZMacroComment",
    "ZMacroResult",
    "ZMacroTicket",
    "ZMacrosPage",
    "ZMeta",
    "ZOrganization",
    "ZPage",
    "ZSearchExportPage",
    "ZTicket",
    "ZTicketEnvelope",
    "ZTicketEvent",
    "ZTicketField",
    "ZTicketFieldsPage",
    "ZTicketsPage",
    "ZUpdateAnswer",
    "ZUser",
    "ZUserEnvelope",
    "ZUsersPage",
    "ZUsersShown",
    "ZVia",
    "ZView",
    "ZViewsPage",
]


class ZVia(msgspec.Struct):
    channel: str | None = None


class ZCustomField(msgspec.Struct):
    id: int
    value: Any = None


class ZTicket(msgspec.Struct):
    id: int
    subject: str | None = None
    description: str | None = None
    status: str | None = None
    priority: str | None = None
    requester_id: int | None = None
    assignee_id: int | None = None
    group_id: int | None = None
    tags: list[str] = []
    via: ZVia | None = None
    created_at: str | None = None
    updated_at: str | None = None
    due_at: str | None = None
    custom_fields: list[ZCustomField] = []
    generated_timestamp: int | None = None


class ZUser(msgspec.Struct):
    id: int | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    role: str | None = None
    locale: str | None = None
    time_zone: str | None = None
    iana_time_zone: str | None = None
    tags: list[str] = []
    notes: str | None = None
    created_at: str | None = None
    active: bool = True
    suspended: bool = False
    organization_id: int | None = None
    default_group_id: int | None = None


class ZIdentity(msgspec.Struct):
    type: str | None = None
    value: str | None = None
    primary: bool = False
    user_id: int | None = None


class ZOrganization(msgspec.Struct):
    id: int
    name: str | None = None


class ZAttachment(msgspec.Struct):
    file_name: str | None = None
    content_url: str | None = None
    size: int | None = None


class ZComment(msgspec.Struct):
    id: int
    author_id: int | None = None
    body: str | None = None
    plain_body: str | None = None
    html_body: str | None = None
    public: bool = True
    created_at: str | None = None
    via: ZVia | None = None
    attachments: list[ZAttachment] = []


class ZChildEvent(msgspec.Struct):
    """One change inside a ticket event; with ``include=comment_events`` a ``Comment``
    child carries the whole comment (body, author, visibility, attachments)."""

    id: int | None = None
    event_type: str | None = None
    author_id: int | None = None
    body: str | None = None
    plain_body: str | None = None
    html_body: str | None = None
    public: bool | None = None
    created_at: str | None = None
    via: Any = None
    """An object (``{"channel": …}``) on a comment, a bare string on other events."""
    attachments: list[ZAttachment] = []


class ZTicketEvent(msgspec.Struct):
    """One update of a ticket in the ticket events export (its ``via`` is a bare string
    there, unlike a comment's object, so it is not read)."""

    id: int | None = None
    ticket_id: int | None = None
    timestamp: int | None = None
    created_at: str | None = None
    updater_id: int | None = None
    event_type: str | None = None
    child_events: list[ZChildEvent] = []


class ZAuditEvent(msgspec.Struct):
    id: int | None = None
    type: str | None = None
    author_id: int | None = None
    body: str | None = None
    plain_body: str | None = None
    html_body: str | None = None
    public: bool | None = None


class ZAudit(msgspec.Struct):
    id: int | None = None
    author_id: int | None = None
    created_at: str | None = None
    events: list[ZAuditEvent] = []


class ZGroup(msgspec.Struct):
    id: int
    name: str | None = None
    deleted: bool = False


class ZMacroAction(msgspec.Struct):
    field: str
    value: Any = None


class ZMacro(msgspec.Struct):
    id: int
    title: str | None = None
    active: bool = True
    actions: list[ZMacroAction] = []


class ZCondition(msgspec.Struct):
    field: str
    operator: str
    value: Any = None


class ZConditions(msgspec.Struct):
    all: list[ZCondition] = []
    any: list[ZCondition] = []


class ZExecution(msgspec.Struct):
    sort_by: str | None = None
    sort_order: str | None = None


class ZView(msgspec.Struct):
    id: int
    title: str | None = None
    active: bool = True
    conditions: ZConditions = msgspec.field(default_factory=ZConditions)
    execution: ZExecution = msgspec.field(default_factory=ZExecution)


class ZFieldOption(msgspec.Struct):
    name: str | None = None
    value: str | None = None


class ZTicketField(msgspec.Struct):
    id: int
    title: str | None = None
    type: str | None = None
    custom_field_options: list[ZFieldOption] | None = None


class ZMeta(msgspec.Struct):
    has_more: bool = False
    after_cursor: str | None = None


class ZPage(msgspec.Struct):
    """A list answer: cursor pagination fills ``meta``, offset pagination ``next_page``."""

    meta: ZMeta | None = None
    next_page: str | None = None


class ZTicketsPage(ZPage):
    tickets: list[ZTicket] = []
    users: list[ZUser] = []


class ZCommentsPage(ZPage):
    comments: list[ZComment] = []
    users: list[ZUser] = []


class ZUsersPage(ZPage):
    users: list[ZUser] = []


class ZGroupsPage(ZPage):
    groups: list[ZGroup] = []


class ZMacrosPage(ZPage):
    macros: list[ZMacro] = []


class ZViewsPage(ZPage):
    views: list[ZView] = []


class ZTicketFieldsPage(ZPage):
    ticket_fields: list[ZTicketField] = []


class ZExportPage(msgspec.Struct):
    """One page of ``/api/v2/incremental/tickets/cursor``."""

    tickets: list[ZTicket] = []
    users: list[ZUser] = []
    organizations: list[ZOrganization] = []
    after_cursor: str | None = None
    end_of_stream: bool = False


class ZEventsPage(msgspec.Struct):
    """One page of the time-based ``/api/v2/incremental/ticket_events`` export."""

    ticket_events: list[ZTicketEvent] = []
    end_time: int | None = None
    end_of_stream: bool = False
    next_page: str | None = None
    count: int | None = None


class ZSearchExportPage(ZPage):
    """One page of ``/api/v2/search/export`` with ``filter[type]=ticket`` (cursor-paged)."""

    results: list[ZTicket] = []
    users: list[ZUser] = []


class ZUsersShown(msgspec.Struct):
    """``/api/v2/users/show_many``: up to 100 users by id, one request."""

    users: list[ZUser] = []


class ZTicketEnvelope(msgspec.Struct):
    ticket: ZTicket
    users: list[ZUser] = []


class ZUserEnvelope(msgspec.Struct):
    user: ZUser
    identities: list[ZIdentity] = []
    organizations: list[ZOrganization] = []


class ZUpdateAnswer(msgspec.Struct):
    """The answer to ``PUT /api/v2/tickets/{id}``: the ticket and the audit it made."""

    ticket: ZTicket | None = None
    audit: ZAudit | None = None


class ZMacroComment(msgspec.Struct):
    body: str | None = None
    html_body: str | None = None
    public: bool | None = None


class ZMacroTicket(msgspec.Struct):
    comment: ZMacroComment | None = None


class ZMacroResult(msgspec.Struct):
    ticket: ZMacroTicket = msgspec.field(default_factory=ZMacroTicket)
    comment: ZMacroComment | None = None


class ZMacroApplyAnswer(msgspec.Struct):
    """``GET /api/v2/tickets/{id}/macros/{macro_id}/apply``: the ticket after the macro."""

    result: ZMacroResult = msgspec.field(default_factory=ZMacroResult)
