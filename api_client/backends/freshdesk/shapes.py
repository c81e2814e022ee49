"""The JSON shapes of Freshdesk API v2 answers that deskside reads.

Freshdesk publishes no OpenAPI document; these follow the JSON samples of its API
reference (https://developers.freshdesk.com/api/): "View a Ticket" and "List All
Tickets" (``#view_a_ticket``, ``#list_all_tickets``), "List All Conversations of a
Ticket" (``#list_all_ticket_notes``), "Reply to a Ticket" (``#reply_ticket``), "Add
Note to a Ticket" (``#add_note_to_a_ticket``), "View a Contact" (``#view_contact``),
"View an Agent"/"Currently Authenticated Agent" (``#me``), "List All Groups",
"List All Canned Response Folders" and "List Canned Responses in a Folder"
(``#canned-responses``), "List All Ticket Fields" (``#list_all_ticket_fields``) and the
error body of the "Error Handling" section.

msgspec Structs holding only the fields deskside uses (unknown fields are ignored); list
answers are bare JSON arrays. Every field is optional where Freshdesk may leave it out:
:mod:`.convert` decides what a missing one means.
"""

from __future__ import annotations

from typing import Any

import msgspec

__all__ = [
    "FAgent",
    "FAgentContact",
    "FCannedFolder",
    "FCannedResponse",
    "FContact",
    "FConversation",
    "FError",
    "FErrorItem",
    "FGroup",
    "FRequester",
    "FTicket",
    "FTicketField",
]


class FRequester(msgspec.Struct):
    """``include=requester`` on a ticket: the requester's email, id, mobile, name and phone."""

    id: int | None = None
    name: str | None = None
    email: str | None = None
    mobile: str | None = None
    phone: str | None = None


class FTicket(msgspec.Struct):
    """A ticket (``description`` only when viewing one ticket)."""

    id: int
    subject: str | None = None
    description: str | None = None
    description_text: str | None = None
    status: int | None = None
    priority: int | None = None
    source: int | None = None
    requester_id: int | None = None
    responder_id: int | None = None
    group_id: int | None = None
    company_id: int | None = None
    type: str | None = None
    tags: list[str] = []
    custom_fields: dict[str, Any] = {}
    created_at: str | None = None
    updated_at: str | None = None
    due_by: str | None = None
    spam: bool = False
    deleted: bool = False
    requester: FRequester | None = None


class FConversation(msgspec.Struct):
    """A reply or note; also the answer to ``POST .../reply`` and ``POST .../notes``.

    A reply's answer has no ``private`` (a reply is public) and no ``incoming``.
    """

    id: int
    body: str | None = None
    body_text: str | None = None
    incoming: bool = False
    private: bool | None = None
    user_id: int | None = None
    source: int | None = None
    ticket_id: int | None = None
    from_email: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class FContact(msgspec.Struct):
    id: int | None = None
    name: str | None = None
    email: str | None = None
    other_emails: list[str] = []
    phone: str | None = None
    mobile: str | None = None
    twitter_id: str | None = None
    facebook_id: str | None = None
    language: str | None = None
    time_zone: str | None = None
    tags: list[str] = []
    description: str | None = None
    job_title: str | None = None
    company_id: int | None = None
    active: bool = True
    deleted: bool = False
    created_at: str | None = None


class FAgentContact(msgspec.Struct):
    """The contact inside an agent: who the agent is."""

    name: str | None = None
    email: str | None = None
    active: bool = True
    language: str | None = None
    time_zone: str | None = None


class FAgent(msgspec.Struct):
    id: int | None = None
    contact: FAgentContact = msgspec.field(default_factory=FAgentContact)
    group_ids: list[int] = []
    occasional: bool = False
    type: str | None = None


class FGroup(msgspec.Struct):
    id: int
    name: str | None = None


class FCannedFolder(msgspec.Struct):
    id: int
    name: str | None = None
    personal: bool = False
    responses_count: int | None = None


class FCannedResponse(msgspec.Struct):
    id: int
    title: str | None = None
    folder_id: int | None = None
    content: str | None = None
    content_html: str | None = None


class FTicketField(msgspec.Struct):
    """A ticket field; the status field's ``choices`` map ids to ``[agent label, portal label]``."""

    id: int | None = None
    name: str | None = None
    label: str | None = None
    type: str | None = None
    choices: Any = None


class FErrorItem(msgspec.Struct):
    field: str | None = None
    code: str | None = None
    message: str | None = None


class FError(msgspec.Struct):
    """An error: ``{"description": "Validation failed", "errors": [...]}`` or ``{"code": ...}``."""

    description: str | None = None
    errors: list[FErrorItem] = []
    code: str | None = None
    message: str | None = None
