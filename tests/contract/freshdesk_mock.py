"""A fake Freshdesk (API v2), served through ``httpx.MockTransport``.

Freshdesk publishes no OpenAPI document, so every answer here is shaped after the JSON
samples of its API reference, https://developers.freshdesk.com/api/ : "View a Ticket"
(``#view_a_ticket``), "List All Tickets" (``#list_all_tickets``: ``updated_since``,
``order_by``, ``order_type``, ``filter=deleted|spam``, ``requester_id``,
``include=requester,description,stats``, only tickets created in the past 30 days
without ``updated_since``, HTTP 400 past page 300), "Update a Ticket" (``#update_ticket``),
"Reply to a Ticket" (``#reply_ticket``), "Add Note to a Ticket" (``#add_note_to_a_ticket``,
private by default), "List All Conversations of a Ticket", "View a Contact"
(``#view_contact``), "Currently Authenticated Agent" (``#me``), "List All Agents",
"List All Groups", "List All Canned Response Folders" and "List Canned Responses in a
Folder", "List All Ticket Fields", "Pagination" (``per_page`` up to 100, a ``Link``
header with ``rel="next"`` while there is more), "Rate Limit" (``X-Ratelimit-Total``,
``X-Ratelimit-Remaining``, ``X-Ratelimit-Used-CurrentRequest``, ``Retry-After`` on 429;
each ``include`` costs two more credits) and "Error Handling" (``{"description":
"Validation failed", "errors": [{"field", "message", "code"}]}``, 401
``invalid_credentials``, 403 ``access_denied``, 404 with an empty body).

It is stateful; the clock is virtual and moves one second per change. Failures are
injected per request: a status (429 with ``Retry-After``, 409, 5xx ...), a transport
error before the request is handled, or one after it was applied (a lost answer).
Every request is recorded for assertions.
"""

from __future__ import annotations

import base64
import html
import itertools
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, ClassVar

import httpx

from tests.contract.mock_base import START, Answer, Failure, MockHelpdesk, Recorded, iso

__all__ = ["START", "Failure", "FreshdeskMock", "Recorded", "iso"]

STATUS_CHOICES: dict[str, list[str]] = {
    "2": ["Open", "Being Processed"],
    "3": ["Pending", "Awaiting your Reply"],
    "4": ["Resolved", "This ticket has been Resolved"],
    "5": ["Closed", "This ticket has been Closed"],
    "6": ["Waiting on Customer", "Awaiting your Reply"],
    "7": ["Waiting on Third Party", "Being Processed"],
}
LIST_PARAMS = frozenset(
    {
        "filter",
        "requester_id",
        "email",
        "unique_external_id",
        "company_id",
        "updated_since",
        "order_by",
        "order_type",
        "include",
        "page",
        "per_page",
    }
)
UPDATABLE = frozenset(
    {"status", "priority", "responder_id", "group_id", "tags", "subject", "type", "due_by"}
)
_TAGS = re.compile(r"<[^>]*>")
_BREAKS = re.compile(r"<\s*(?:br|/p|/div|/li)\s*/?\s*>", re.IGNORECASE)


def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def text_of(body: str) -> str:
    """What Freshdesk gives as ``body_text`` for an HTML ``body``."""
    return html.unescape(_TAGS.sub("", _BREAKS.sub("\n", body))).strip()


def _validation(field_name: str, message: str, code: str = "invalid_value") -> Answer:
    return Answer(
        400,
        {
            "description": "Validation failed",
            "errors": [{"field": field_name, "message": message, "code": code}],
        },
    )


class FreshdeskMock(MockHelpdesk):
    """One fake account at ``https://{subdomain}.freshdesk.com``.

    ``page_cap`` is Freshdesk's 300-page limit on the ticket list (smaller in tests that
    must reach it quickly); ``tie_order`` sorts tickets that share the sort key (Freshdesk
    promises no order among them; tests shuffle it). Unknown records and paths are a 404
    with an empty body.
    """

    domain = "freshdesk.com"
    UNAUTHORIZED: ClassVar[Any] = {
        "code": "invalid_credentials",
        "message": "You have to be logged in to perform this action.",
    }

    def __init__(
        self,
        *,
        subdomain: str = "acme",
        api_key: str = "fd-api-key-5ecr3t",
        rate_limit: int = 700,
        page_cap: int = 300,
        default_window_days: int = 30,
    ) -> None:
        super().__init__(subdomain=subdomain)
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.remaining = rate_limit
        self.page_cap = page_cap
        self.default_window = timedelta(days=default_window_days)
        self.contacts: dict[int, dict[str, Any]] = {}
        self.agents: dict[int, dict[str, Any]] = {}
        self.groups: dict[int, dict[str, Any]] = {}
        self.conversations: dict[int, list[dict[str, Any]]] = {}
        self.folders: dict[int, dict[str, Any]] = {}
        self.canned: dict[int, list[dict[str, Any]]] = {}
        self.status_choices: dict[str, list[str]] = dict(STATUS_CHOICES)
        self.custom_fields: list[dict[str, Any]] = []
        self.fields_forbidden = False
        self.tie_order: Callable[[dict[str, Any]], Any] = lambda ticket: ticket["id"]
        self._conversation_ids = itertools.count(50_001)
        self._routes = [
            ("GET", re.compile(r"/api/v2/agents/me"), self._me),
            ("GET", re.compile(r"/api/v2/agents"), self._agents),
            ("GET", re.compile(r"/api/v2/groups"), self._groups),
            ("GET", re.compile(r"/api/v2/contacts/(\d+)"), self._contact),
            ("GET", re.compile(r"/api/v2/ticket_fields"), self._ticket_fields),
            ("GET", re.compile(r"/api/v2/canned_response_folders"), self._folders),
            ("GET", re.compile(r"/api/v2/canned_response_folders/(\d+)/responses"), self._canned),
            ("GET", re.compile(r"/api/v2/tickets"), self._list_tickets),
            ("GET", re.compile(r"/api/v2/tickets/(\d+)/conversations"), self._conversations),
            ("GET", re.compile(r"/api/v2/tickets/(\d+)"), self._ticket),
            ("PUT", re.compile(r"/api/v2/tickets/(\d+)"), self._update),
            ("POST", re.compile(r"/api/v2/tickets/(\d+)/reply"), self._reply),
            ("POST", re.compile(r"/api/v2/tickets/(\d+)/notes"), self._note),
        ]

    # -- seeding -------------------------------------------------------------------------

    def add_contact(
        self,
        name: str,
        email: str | None,
        *,
        phone: str | None = None,
        mobile: str | None = None,
        language: str = "en",
        time_zone: str = "Rome",
        **extra: Any,
    ) -> int:
        contact_id = next(self._ids)
        self.contacts[contact_id] = {
            "active": True,
            "address": None,
            "company_id": None,
            "view_all_tickets": False,
            "description": None,
            "email": email,
            "id": contact_id,
            "job_title": None,
            "language": language,
            "mobile": mobile,
            "name": name,
            "phone": phone,
            "time_zone": time_zone,
            "twitter_id": None,
            "facebook_id": None,
            "other_emails": [],
            "other_companies": [],
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
            "custom_fields": {},
            "tags": [],
            "avatar": None,
            "deleted": False,
            "unique_external_id": None,
            **extra,
        }
        return contact_id

    def add_agent(
        self,
        name: str,
        email: str,
        *,
        group_ids: list[int] | None = None,
        active: bool = True,
        language: str = "en",
    ) -> int:
        agent_id = next(self._ids)
        self.agents[agent_id] = {
            "available": True,
            "occasional": False,
            "id": agent_id,
            "ticket_scope": 1,
            "signature": None,
            "group_ids": list(group_ids or []),
            "role_ids": [1],
            "skill_ids": [],
            "available_since": None,
            "contact": {
                "active": active,
                "email": email,
                "job_title": None,
                "language": language,
                "last_login_at": iso(self.now),
                "mobile": None,
                "name": name,
                "phone": None,
                "time_zone": "Rome",
                "created_at": iso(self.now),
                "updated_at": iso(self.now),
            },
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
            "type": "support_agent",
            "focus_mode": True,
        }
        for group_id in group_ids or []:
            self.groups[group_id]["agent_ids"].append(agent_id)
        return agent_id

    def add_group(self, name: str) -> int:
        group_id = next(self._ids)
        self.groups[group_id] = {
            "id": group_id,
            "name": name,
            "description": None,
            "escalate_to": None,
            "unassigned_for": "30m",
            "business_hour_id": None,
            "group_type": "support_agent_group",
            "agent_ids": [],
            "auto_ticket_assign": 0,
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
        }
        return group_id

    def add_ticket(
        self,
        requester_id: int,
        subject: str,
        *,
        description: str = "",
        source: int = 1,
        status: int = 2,
        priority: int = 1,
        tags: tuple[str, ...] | list[str] = (),
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
        responder_id: int | None = None,
        group_id: int | None = None,
        custom_fields: dict[str, Any] | None = None,
    ) -> int:
        ticket_id = next(self._ticket_ids)
        created = created_at or self.now
        updated = updated_at or created
        self.tickets[ticket_id] = {
            "cc_emails": [],
            "fwd_emails": [],
            "reply_cc_emails": [],
            "ticket_cc_emails": [],
            "fr_escalated": False,
            "spam": False,
            "email_config_id": None,
            "group_id": group_id,
            "priority": priority,
            "requester_id": requester_id,
            "responder_id": responder_id,
            "source": source,
            "company_id": None,
            "status": status,
            "subject": subject,
            "association_type": None,
            "support_email": None,
            "to_emails": None,
            "product_id": None,
            "id": ticket_id,
            "type": None,
            "due_by": iso(created + timedelta(days=3)),
            "fr_due_by": iso(created + timedelta(days=1)),
            "is_escalated": False,
            "description": f"<div>{html.escape(description)}</div>",
            "description_text": description,
            "custom_fields": dict(custom_fields or {}),
            "created_at": iso(created),
            "updated_at": iso(updated),
            "tags": list(tags),
            "attachments": [],
            "source_additional_info": None,
            "structured_description": None,
        }
        self.conversations[ticket_id] = []
        return ticket_id

    def add_conversation(
        self,
        ticket_id: int,
        user_id: int,
        body: str,
        *,
        private: bool = False,
        incoming: bool = False,
        source: int = 0,
        created_at: datetime | None = None,
        from_email: str | None = None,
    ) -> dict[str, Any]:
        created = created_at or self.now
        markup = f"<div>{html.escape(body)}</div>"
        conversation = {
            "body": markup,
            "body_text": body,
            "id": next(self._conversation_ids),
            "incoming": incoming,
            "private": private,
            "user_id": user_id,
            "support_email": None if private else f"support@{self.subdomain}.example",
            "source": source,
            "category": 2,
            "ticket_id": ticket_id,
            "to_emails": [],
            "from_email": from_email,
            "cc_emails": [],
            "bcc_emails": [],
            "created_at": iso(created),
            "updated_at": iso(created),
            "attachments": [],
            "last_edited_at": None,
            "last_edited_user_id": None,
        }
        self.conversations[ticket_id].append(conversation)
        return conversation

    def add_folder(self, name: str, *, personal: bool = False) -> int:
        folder_id = next(self._ids)
        self.folders[folder_id] = {
            "id": folder_id,
            "name": name,
            "personal": personal,
            "responses_count": 0,
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
        }
        self.canned[folder_id] = []
        return folder_id

    def add_canned(self, folder_id: int, title: str, content: str) -> int:
        response_id = next(self._ids)
        self.canned[folder_id].append(
            {
                "id": response_id,
                "title": title,
                "folder_id": folder_id,
                "content": content,
                "content_html": f'<div dir="ltr">{html.escape(content)}</div>',
                "attachments": [],
                "created_at": iso(self.now),
                "updated_at": iso(self.now),
            }
        )
        self.folders[folder_id]["responses_count"] += 1
        return response_id

    def add_custom_field(self, name: str, label: str, kind: str = "custom_text") -> None:
        self.custom_fields.append(
            {
                "id": next(self._ids),
                "name": name,
                "label": label,
                "description": label,
                "position": len(self.custom_fields) + 10,
                "required_for_closure": False,
                "required_for_agents": False,
                "type": kind,
                "default": False,
                "customers_can_edit": False,
                "label_for_customers": label,
                "required_for_customers": False,
                "displayed_to_customers": False,
                "created_at": iso(self.now),
                "updated_at": iso(self.now),
            }
        )

    # -- what happens on Freshdesk without us ----------------------------------------------

    def _changed(self, ticket_id: int) -> None:
        self.tickets[ticket_id]["updated_at"] = iso(self.tick())

    def customer_writes(self, ticket_id: int, body: str) -> dict[str, Any]:
        ticket = self.tickets[ticket_id]
        self.tick()
        made = self.add_conversation(
            ticket_id, ticket["requester_id"], body, incoming=True, source=0, created_at=self.now
        )
        if ticket["status"] != 2:
            ticket["status"] = 2
        ticket["updated_at"] = iso(self.now)
        return made

    def delete_ticket(self, ticket_id: int) -> None:
        self.tickets[ticket_id]["deleted"] = True
        self._changed(ticket_id)

    def mark_spam(self, ticket_id: int) -> None:
        self.tickets[ticket_id]["spam"] = True
        self._changed(ticket_id)

    # -- the transport -------------------------------------------------------------------

    def _authenticated(self, request: httpx.Request) -> bool:
        header = request.headers.get("authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header.removeprefix("Basic ")).decode()
        except ValueError:
            return False
        key, _, _ = decoded.partition(":")
        return key == self.api_key and self.agent_id is not None

    def _answer_headers(self, cost: int) -> dict[str, str]:
        self.remaining = max(self.remaining - cost, 0)
        return {
            "X-Ratelimit-Total": str(self.rate_limit),
            "X-Ratelimit-Remaining": str(self.remaining),
            "X-Ratelimit-Used-CurrentRequest": str(cost),
            "Date": format_datetime(self.now, usegmt=True),
            "Content-Type": "application/json; charset=utf-8",
        }

    def _cost(self, request: httpx.Request) -> int:
        """Each ``include`` costs two more credits."""
        includes = [i for i in request.url.params.get("include", "").split(",") if i]
        return 1 + 2 * len(includes)

    # -- pagination ------------------------------------------------------------------------

    def _page(
        self, request: httpx.Request, items: list[Any], *, cap: int | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        params = request.url.params
        try:
            page = int(params.get("page", "1"))
            per_page = int(params.get("per_page", "30"))
        except ValueError:
            raise _validation(
                "page", "It should be a Positive Integer", "datatype_mismatch"
            ) from None
        if page < 1:
            raise _validation("page", "It should be a Positive Number")
        if not 1 <= per_page <= 100:
            raise _validation(
                "per_page", "It should be a Positive Number less than or equal to 100"
            )
        if cap is not None and page > cap:
            raise _validation(
                "page",
                f"You cannot access tickets beyond the {cap}th page. Please provide a "
                "smaller page number.",
            )
        start = (page - 1) * per_page
        chunk = items[start : start + per_page]
        headers: dict[str, str] = {}
        if start + per_page < len(items):
            query = httpx.QueryParams({**dict(params), "page": str(page + 1)})
            headers["Link"] = f'<{self.base}{request.url.path}?{query}>; rel="next"'
        return 200, chunk, headers

    # -- routes ----------------------------------------------------------------------------

    def _me(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        return 200, self.agents[self.agent_id or 0]

    def _agents(self, request: httpx.Request, body: Any) -> tuple[int, Any, dict[str, str]]:
        return self._page(request, [a for _, a in sorted(self.agents.items())])

    def _groups(self, request: httpx.Request, body: Any) -> tuple[int, Any, dict[str, str]]:
        return self._page(request, [g for _, g in sorted(self.groups.items())])

    def _contact(self, request: httpx.Request, body: Any, contact_id: int) -> tuple[int, Any]:
        contact = self.contacts.get(contact_id)
        if contact is None:
            raise Answer(404, None)
        return 200, contact

    def _ticket_fields(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        if self.fields_forbidden:
            raise Answer(
                403,
                {
                    "code": "access_denied",
                    "message": "You are not authorized to perform this action.",
                },
            )
        status = {
            "id": 4,
            "name": "status",
            "label": "Status",
            "description": "Ticket status",
            "position": 4,
            "required_for_closure": False,
            "required_for_agents": False,
            "type": "default_status",
            "default": True,
            "customers_can_edit": False,
            "label_for_customers": "Status",
            "required_for_customers": False,
            "displayed_to_customers": True,
            "created_at": iso(START),
            "updated_at": iso(START),
            "choices": self.status_choices,
        }
        return 200, [status, *self.custom_fields]

    def _folders(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        return 200, [f for _, f in sorted(self.folders.items())]

    def _canned(self, request: httpx.Request, body: Any, folder_id: int) -> tuple[int, Any]:
        if folder_id not in self.folders:
            raise Answer(404, None)
        return 200, list(self.canned[folder_id])

    def _shown(self, ticket: dict[str, Any], includes: list[str], *, one: bool) -> dict[str, Any]:
        """A ticket as an answer shows it: the list has no description unless included."""
        shown = {k: v for k, v in ticket.items() if k not in ("deleted",)}
        if ticket.get("deleted"):
            shown["deleted"] = True
        if not one and "description" not in includes:
            shown.pop("description", None)
            shown.pop("description_text", None)
        if "requester" in includes:
            contact = self.contacts.get(ticket["requester_id"], {})
            shown["requester"] = {
                key: contact.get(key) for key in ("email", "id", "mobile", "name", "phone")
            }
        if "stats" in includes:
            shown["stats"] = {
                "agent_responded_at": None,
                "requester_responded_at": None,
                "first_responded_at": None,
                "status_updated_at": ticket["updated_at"],
                "reopened_at": None,
                "resolved_at": None,
                "closed_at": None,
                "pending_since": None,
            }
        return shown

    def _list_tickets(self, request: httpx.Request, body: Any) -> tuple[int, Any, dict[str, str]]:
        params = request.url.params
        for name in params:
            if name not in LIST_PARAMS:
                raise _validation(name, "Unexpected/invalid field in request", "invalid_field")
        includes = [i for i in params.get("include", "").split(",") if i]
        for include in includes:
            if include not in ("requester", "stats", "description", "company"):
                raise _validation("include", "It should be one of these values: ...")
        wanted = params.get("filter")
        if wanted not in (None, "deleted", "spam"):
            raise _validation("filter", "It should be one of these values: 'deleted,spam'")
        tickets = list(self.tickets.values())
        if wanted == "deleted":
            tickets = [t for t in tickets if t.get("deleted")]
        elif wanted == "spam":
            tickets = [t for t in tickets if t["spam"] and not t.get("deleted")]
        else:
            tickets = [t for t in tickets if not t["spam"] and not t.get("deleted")]
        if "requester_id" in params:
            requester = int(params["requester_id"])
            tickets = [t for t in tickets if t["requester_id"] == requester]
        if "updated_since" in params:
            try:
                since = _parse(params["updated_since"])
            except ValueError:
                raise _validation(
                    "updated_since", "It should be in the 'valid date' format"
                ) from None
            tickets = [t for t in tickets if _parse(t["updated_at"]) >= since]
        else:
            # "By default, only tickets that have been created within the past 30 days
            # will be returned."
            window = self.now - self.default_window
            tickets = [t for t in tickets if _parse(t["created_at"]) >= window]
        order_by = params.get("order_by", "created_at")
        if order_by not in ("created_at", "due_by", "updated_at", "status"):
            raise _validation("order_by", "It should be one of these values: ...")
        order_type = params.get("order_type", "desc")
        if order_type not in ("asc", "desc"):
            raise _validation("order_type", "It should be one of these values: 'asc,desc'")
        tickets.sort(key=self.tie_order)
        tickets.sort(key=lambda t: t[order_by], reverse=order_type == "desc")
        shown = [self._shown(t, includes, one=False) for t in tickets]
        return self._page(request, shown, cap=self.page_cap)

    def _ticket(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        includes = [i for i in request.url.params.get("include", "").split(",") if i]
        return 200, self._shown(ticket, includes, one=True)

    def _conversations(
        self, request: httpx.Request, body: Any, ticket_id: int
    ) -> tuple[int, Any, dict[str, str]]:
        self._find_ticket(ticket_id)
        return self._page(request, list(self.conversations[ticket_id]))

    # -- writes ------------------------------------------------------------------------------

    def _author(self, body: dict[str, Any]) -> int:
        user = body.get("user_id", self.agent_id)
        if not isinstance(user, int) or (user not in self.agents and user not in self.contacts):
            raise _validation("user_id", "There is no contact matching the given user_id")
        return user

    def _message_body(self, body: Any, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise Answer(
                400, {"code": "invalid_json", "message": "Request body has invalid json format"}
            )
        for name in body:
            if name not in allowed:
                raise _validation(name, "Unexpected/invalid field in request", "invalid_field")
        text = body.get("body")
        if not isinstance(text, str) or not text.strip():
            raise _validation("body", "It should not be blank as this is a mandatory field")
        return body

    def _reply(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        sent = self._message_body(
            body, {"body", "from_email", "user_id", "cc_emails", "bcc_emails"}
        )
        author = self._author(sent)
        moment = self.tick()
        made = self.add_conversation(
            ticket_id,
            author,
            text_of(sent["body"]),
            created_at=moment,
            from_email=f"support@{self.subdomain}.example",
        )
        made["body"] = sent["body"]
        ticket["updated_at"] = iso(moment)
        requester = self.contacts.get(ticket["requester_id"], {})
        return 201, {
            "body_text": made["body_text"],
            "body": made["body"],
            "id": made["id"],
            "user_id": author,
            "from_email": made["from_email"],
            "cc_emails": list(sent.get("cc_emails", [])),
            "bcc_emails": list(sent.get("bcc_emails", [])),
            "ticket_id": ticket_id,
            "replied_to": [requester.get("email")],
            "attachments": [],
            "created_at": made["created_at"],
            "updated_at": made["updated_at"],
        }

    def _note(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        sent = self._message_body(body, {"body", "incoming", "notify_emails", "private", "user_id"})
        author = self._author(sent)
        moment = self.tick()
        made = self.add_conversation(
            ticket_id,
            author,
            text_of(sent["body"]),
            private=bool(sent.get("private", True)),  # "Set to true by default"
            incoming=bool(sent.get("incoming", False)),
            source=2,
            created_at=moment,
        )
        made["body"] = sent["body"]
        ticket["updated_at"] = iso(moment)
        return 201, {
            "body_text": made["body_text"],
            "body": made["body"],
            "id": made["id"],
            "incoming": made["incoming"],
            "private": made["private"],
            "user_id": author,
            "support_email": None,
            "ticket_id": ticket_id,
            "notified_to": list(sent.get("notify_emails", [])),
            "attachments": [],
            "created_at": made["created_at"],
            "updated_at": made["updated_at"],
        }

    def _update(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        if not isinstance(body, dict):
            raise Answer(
                400, {"code": "invalid_json", "message": "Request body has invalid json format"}
            )
        for name in body:
            if name not in UPDATABLE:
                raise _validation(name, "Unexpected/invalid field in request", "invalid_field")
        if "status" in body and str(body["status"]) not in self.status_choices:
            raise _validation("status", "It should be one of these values: '2,3,4,5'")
        if "priority" in body and body["priority"] not in (1, 2, 3, 4):
            raise _validation("priority", "It should be one of these values: '1,2,3,4'")
        responder = body.get("responder_id", ticket["responder_id"])
        if responder is not None and responder not in self.agents:
            raise _validation("responder_id", "There is no agent matching the given responder_id")
        group = body.get("group_id", ticket["group_id"])
        if group is not None and group not in self.groups:
            raise _validation("group_id", "There is no group matching the given group_id")
        tags = body.get("tags", ticket["tags"])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise _validation("tags", "It should be an Array of Strings", "datatype_mismatch")
        ticket.update(body)
        self._changed(ticket_id)
        return 200, self._shown(ticket, [], one=True)
