"""A fake Zendesk Support API v2, served through ``httpx.MockTransport``.

It is stateful (users, groups, organizations, tickets, comments, macros, views, ticket
fields, the incremental export's order of changes) and answers with JSON shaped like
Zendesk's documented responses: cursor pagination (``page[size]``, ``page[after]``,
``meta``/``links``), offset pagination (``page``/``per_page``, ``next_page``, refused
past 10,000 records), the cursor-based incremental export (``start_time``/``cursor``,
``after_cursor``, ``end_of_stream``, side-loaded ``users``), the time-based ticket events
export (``include=comment_events``: one ``Audit`` event per comment, the comment as a
child event, 1,000 events a page, ``end_time``/``next_page``, the last minute left out),
the search export (``filter[type]=ticket``, ``updated>…``, ``created_at`` order, cursor
pages of up to 1,000, cursors that can be made to expire), 403 on both incremental
exports for an agent's token (``exports_forbidden``), ``PUT`` with
``safe_update``/``updated_stamp`` answering 409 ``UpdateConflict`` on a stale stamp,
401 for bad credentials, 404 ``RecordNotFound``, and account rate-limit headers.

Failures are injected per request: a status (429 with ``Retry-After``, 5xx ...), a
transport error before the request is handled, or one after it was applied (a lost
answer). Every request is recorded for assertions.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

import httpx

from tests.contract.mock_base import START, Answer, Failure, MockHelpdesk, Recorded, iso

__all__ = ["START", "Failure", "Recorded", "ZendeskMock", "iso"]

CONFLICT = {
    "error": "UpdateConflict",
    "description": "Safe Update prevented the update due to outdated ticket data. "
    "Please fetch the latest ticket data and try again.",
}
NOT_FOUND = {"error": "RecordNotFound", "description": "Not found"}
STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")


def _cursor(position: int) -> str:
    raw = json.dumps({"o": "id", "v": position}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _position(cursor: str) -> int | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded))["v"]
    except (ValueError, KeyError, TypeError):
        return None
    return int(value) if isinstance(value, int) else None


class ZendeskMock(MockHelpdesk):
    """One fake account at ``https://{subdomain}.zendesk.com``."""

    domain = "zendesk.com"
    lost_method = "PUT"
    NOT_FOUND = NOT_FOUND
    NO_ROUTE: ClassVar[Any] = {"error": "InvalidEndpoint", "description": "Not found"}
    OTHER_HOST: ClassVar[Any] = {"error": "InvalidEndpoint"}
    UNAUTHORIZED: ClassVar[Any] = {"error": "Couldn't authenticate you"}

    def __init__(
        self,
        *,
        subdomain: str = "acme",
        token: str = "zd-api-token-5ecr3t",
        oauth_token: str = "zd-oauth-5ecr3t",
        rate_limit: int = 700,
    ) -> None:
        super().__init__(subdomain=subdomain)
        self.token = token
        self.oauth_token = oauth_token
        self.rate_limit = rate_limit
        self.remaining = rate_limit
        self.users: dict[int, dict[str, Any]] = {}
        self.identities: dict[int, list[dict[str, Any]]] = {}
        self.organizations: dict[int, dict[str, Any]] = {}
        self.groups: dict[int, dict[str, Any]] = {}
        self.deleted: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.macros: dict[int, dict[str, Any]] = {}
        self.views: dict[int, dict[str, Any]] = {}
        self.ticket_fields: dict[int, dict[str, Any]] = {}
        self.seq: dict[int, int] = {}
        """Position of each ticket's latest change in the incremental export."""
        self._positions = itertools.count(1)
        self.exports_forbidden = False
        """Answer 403 to the incremental exports, as Zendesk does for an agent's token."""
        self.events_per_page = 1000
        """Ticket events a page holds (Zendesk: 1,000; tests page with fewer)."""
        self.search_sideloads = True
        """Whether the search export honours ``include=tickets(users)`` (undocumented)."""
        self.search_epoch = 0
        """Search-export cursors carry this; bumping it expires every cursor handed out."""
        self._routes = [
            ("GET", re.compile(r"/api/v2/users/me"), self._me),
            ("GET", re.compile(r"/api/v2/users/show_many"), self._show_many),
            ("GET", re.compile(r"/api/v2/users/(\d+)/tickets/requested"), self._requested),
            ("GET", re.compile(r"/api/v2/users/(\d+)"), self._user),
            ("GET", re.compile(r"/api/v2/users"), self._users),
            ("GET", re.compile(r"/api/v2/groups"), self._groups),
            ("GET", re.compile(r"/api/v2/organizations/(\d+)"), self._organization),
            ("GET", re.compile(r"/api/v2/incremental/tickets/cursor"), self._export),
            ("GET", re.compile(r"/api/v2/incremental/ticket_events"), self._ticket_events),
            ("GET", re.compile(r"/api/v2/search/export"), self._search_export),
            ("GET", re.compile(r"/api/v2/tickets/(\d+)/comments"), self._comments),
            ("GET", re.compile(r"/api/v2/tickets/(\d+)/macros/(\d+)/apply"), self._apply),
            ("GET", re.compile(r"/api/v2/tickets/(\d+)"), self._ticket),
            ("PUT", re.compile(r"/api/v2/tickets/(\d+)"), self._update),
            ("GET", re.compile(r"/api/v2/macros(?:/active)?"), self._macros),
            ("GET", re.compile(r"/api/v2/views/active"), self._views),
            ("GET", re.compile(r"/api/v2/ticket_fields"), self._ticket_fields),
        ]

    # -- seeding -------------------------------------------------------------------------

    def add_user(
        self,
        name: str,
        email: str | None,
        *,
        role: str = "end-user",
        locale: str = "en-US",
        phone: str | None = None,
        organization_id: int | None = None,
        **extra: Any,
    ) -> int:
        user_id = next(self._ids)
        self.users[user_id] = {
            "id": user_id,
            "url": f"{self.base}/api/v2/users/{user_id}.json",
            "name": name,
            "email": email,
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
            "time_zone": "Rome",
            "iana_time_zone": "Europe/Rome",
            "phone": phone,
            "shared_phone_number": None,
            "photo": None,
            "locale_id": 1,
            "locale": locale,
            "organization_id": organization_id,
            "role": role,
            "verified": True,
            "external_id": None,
            "tags": [],
            "alias": "",
            "active": True,
            "shared": False,
            "shared_agent": False,
            "last_login_at": None,
            "two_factor_auth_enabled": False,
            "signature": "",
            "details": "",
            "notes": "",
            "role_type": None,
            "custom_role_id": None,
            "moderator": role != "end-user",
            "ticket_restriction": None if role != "end-user" else "requested",
            "only_private_comments": False,
            "restricted_agent": False,
            "suspended": False,
            "default_group_id": None,
            "report_csv": False,
            "user_fields": {},
            **extra,
        }
        identities = []
        if email:
            identities.append(self._identity(user_id, "email", email, primary=True))
        if phone:
            identities.append(self._identity(user_id, "phone_number", phone, primary=True))
        self.identities[user_id] = identities
        return user_id

    def _identity(self, user_id: int, kind: str, value: str, *, primary: bool) -> dict[str, Any]:
        identity_id = next(self._ids)
        return {
            "url": f"{self.base}/api/v2/users/{user_id}/identities/{identity_id}.json",
            "id": identity_id,
            "user_id": user_id,
            "type": kind,
            "value": value,
            "verified": True,
            "primary": primary,
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
        }

    def add_identity(self, user_id: int, kind: str, value: str) -> None:
        self.identities[user_id].append(self._identity(user_id, kind, value, primary=False))

    def add_group(self, name: str) -> int:
        group_id = next(self._ids)
        self.groups[group_id] = {
            "url": f"{self.base}/api/v2/groups/{group_id}.json",
            "id": group_id,
            "is_public": True,
            "name": name,
            "description": "",
            "default": False,
            "deleted": False,
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
        }
        return group_id

    def add_organization(self, name: str) -> int:
        organization_id = next(self._ids)
        self.organizations[organization_id] = {
            "url": f"{self.base}/api/v2/organizations/{organization_id}.json",
            "id": organization_id,
            "name": name,
            "shared_tickets": False,
            "shared_comments": False,
            "external_id": None,
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
            "domain_names": [],
            "details": "",
            "notes": "",
            "group_id": None,
            "tags": [],
            "organization_fields": {},
        }
        return organization_id

    def add_ticket(
        self,
        requester_id: int,
        subject: str,
        *,
        channel: str = "email",
        status: str = "new",
        priority: str | None = None,
        tags: tuple[str, ...] | list[str] = (),
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
        assignee_id: int | None = None,
        group_id: int | None = None,
        custom_fields: list[dict[str, Any]] | None = None,
    ) -> int:
        ticket_id = next(self._ticket_ids)
        created = created_at or self.now
        updated = updated_at or created
        self.tickets[ticket_id] = {
            "url": f"{self.base}/api/v2/tickets/{ticket_id}.json",
            "id": ticket_id,
            "external_id": None,
            "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}},
            "created_at": iso(created),
            "updated_at": iso(updated),
            "generated_timestamp": int(updated.timestamp()),
            "type": None,
            "subject": subject,
            "raw_subject": subject,
            "description": "",
            "priority": priority,
            "status": status,
            "recipient": f"support@{self.subdomain}.example",
            "requester_id": requester_id,
            "submitter_id": requester_id,
            "assignee_id": assignee_id,
            "organization_id": self.users[requester_id].get("organization_id"),
            "group_id": group_id,
            "collaborator_ids": [],
            "follower_ids": [],
            "email_cc_ids": [],
            "forum_topic_id": None,
            "problem_id": None,
            "has_incidents": False,
            "is_public": True,
            "due_at": None,
            "tags": list(tags),
            "custom_fields": custom_fields or [],
            "satisfaction_rating": None,
            "sharing_agreement_ids": [],
            "custom_status_id": 1,
            "fields": custom_fields or [],
            "followup_ids": [],
            "ticket_form_id": None,
            "brand_id": 1,
            "allow_channelback": False,
            "allow_attachments": True,
            "from_messaging_channel": channel in ("native_messaging", "whatsapp"),
        }
        self.comments[ticket_id] = []
        self.seq[ticket_id] = next(self._positions)
        return ticket_id

    def add_comment(
        self,
        ticket_id: int,
        author_id: int,
        body: str,
        *,
        public: bool = True,
        created_at: datetime | None = None,
        channel: str | None = None,
    ) -> dict[str, Any]:
        created = created_at or self.now
        comment_id = next(self._ids)
        ticket = self.tickets[ticket_id]
        comment = {
            "id": comment_id,
            "type": "Comment",
            "author_id": author_id,
            "body": body,
            "html_body": f'<div class="zd-comment"><p>{body}</p></div>',
            "plain_body": body,
            "public": public,
            "attachments": [],
            "audit_id": next(self._ids),
            "via": {
                "channel": channel or ticket["via"]["channel"],
                "source": {"from": {}, "to": {}, "rel": None},
            },
            "created_at": iso(created),
            "metadata": {"system": {}, "custom": {}},
        }
        self.comments[ticket_id].append(comment)
        if not ticket["description"]:
            ticket["description"] = body
        if not public:
            ticket["is_public"] = any(c["public"] for c in self.comments[ticket_id])
        return comment

    def add_ticket_field(
        self, title: str, kind: str = "text", options: list[tuple[str, str]] | None = None
    ) -> int:
        field_id = next(self._ids)
        self.ticket_fields[field_id] = {
            "url": f"{self.base}/api/v2/ticket_fields/{field_id}.json",
            "id": field_id,
            "type": kind,
            "title": title,
            "raw_title": title,
            "description": "",
            "position": len(self.ticket_fields) + 1,
            "active": True,
            "required": False,
            "collapsed_for_agents": False,
            "regexp_for_validation": None,
            "title_in_portal": title,
            "visible_in_portal": False,
            "editable_in_portal": False,
            "required_in_portal": False,
            "tag": None,
            "created_at": iso(self.now),
            "updated_at": iso(self.now),
            "removable": True,
            "custom_field_options": [
                {"id": next(self._ids), "name": name, "raw_name": name, "value": value}
                for name, value in options or []
            ]
            or None,
        }
        return field_id

    def add_macro(self, title: str, actions: list[dict[str, Any]], *, active: bool = True) -> int:
        macro_id = next(self._ids)
        self.macros[macro_id] = {
            "url": f"{self.base}/api/v2/macros/{macro_id}.json",
            "id": macro_id,
            "title": title,
            "active": active,
            "updated_at": iso(self.now),
            "created_at": iso(self.now),
            "default": False,
            "position": len(self.macros) + 1,
            "description": None,
            "actions": actions,
            "restriction": None,
            "raw_title": title,
        }
        return macro_id

    def add_view(
        self,
        title: str,
        conditions: dict[str, list[dict[str, Any]]],
        *,
        sort_by: str = "updated_at",
        sort_order: str = "desc",
        active: bool = True,
    ) -> int:
        view_id = next(self._ids)
        self.views[view_id] = {
            "url": f"{self.base}/api/v2/views/{view_id}.json",
            "id": view_id,
            "title": title,
            "active": active,
            "updated_at": iso(self.now),
            "created_at": iso(self.now),
            "position": len(self.views) + 1,
            "description": None,
            "execution": {"group_by": None, "sort_by": sort_by, "sort_order": sort_order},
            "conditions": {"all": conditions.get("all", []), "any": conditions.get("any", [])},
            "restriction": None,
            "raw_title": title,
        }
        return view_id

    # -- what happens on Zendesk without us ----------------------------------------------

    def _changed(self, ticket_id: int) -> None:
        ticket = self.tickets[ticket_id]
        moment = self.tick()
        ticket["updated_at"] = iso(moment)
        ticket["generated_timestamp"] = int(moment.timestamp())
        self.seq[ticket_id] = next(self._positions)

    def customer_writes(self, ticket_id: int, body: str) -> dict[str, Any]:
        ticket = self.tickets[ticket_id]
        comment = self.add_comment(ticket_id, ticket["requester_id"], body, created_at=self.now)
        if ticket["status"] not in ("new", "open"):
            ticket["status"] = "open"
        self._changed(ticket_id)
        return comment

    def delete_ticket(self, ticket_id: int) -> None:
        ticket = self.tickets.pop(ticket_id)
        self.comments.pop(ticket_id, None)
        ticket["status"] = "deleted"
        moment = self.tick()
        ticket["updated_at"] = iso(moment)
        ticket["generated_timestamp"] = int(moment.timestamp())
        self.deleted[ticket_id] = ticket
        self.seq[ticket_id] = next(self._positions)

    # -- the transport -------------------------------------------------------------------

    def _authenticated(self, request: httpx.Request) -> bool:
        header = request.headers.get("authorization", "")
        user = self.users.get(self.agent_id or 0)
        if user is not None:
            basic = base64.b64encode(f"{user['email']}/token:{self.token}".encode()).decode()
            if header == f"Basic {basic}":
                return True
        return header == f"Bearer {self.oauth_token}"

    def _answer_headers(self, cost: int) -> dict[str, str]:
        self.remaining = max(self.remaining - cost, 0)
        return {
            "X-Rate-Limit": str(self.rate_limit),
            "X-Rate-Limit-Remaining": str(self.remaining),
            "Content-Type": "application/json; charset=utf-8",
        }

    def _path(self, request: httpx.Request) -> str:
        return request.url.path.removesuffix(".json")

    # -- pagination ------------------------------------------------------------------------

    def _list(
        self,
        request: httpx.Request,
        key: str,
        items: list[dict[str, Any]],
        extra: Callable[[list[dict[str, Any]]], dict[str, Any]] | None = None,
        *,
        cursor: bool = True,
    ) -> tuple[int, Any]:
        params = request.url.params
        url = f"{self.base}{request.url.path}"
        if cursor and "page[size]" in params:
            size = int(params["page[size]"])
            if not 1 <= size <= 100:
                raise Answer(
                    400,
                    {
                        "error": "InvalidPaginationParameter",
                        "description": "page[size] must be between 1 and 100",
                    },
                )
            after = params.get("page[after]")
            start = 0 if after is None else _position(after)
            if start is None:
                raise Answer(400, {"error": "InvalidPaginationParameter"})
            chunk = items[start : start + size]
            end = start + len(chunk)
            has_more = end < len(items)
            answer: dict[str, Any] = {
                key: chunk,
                "meta": {
                    "has_more": has_more,
                    "after_cursor": _cursor(end) if chunk else None,
                    "before_cursor": _cursor(start) if chunk else None,
                },
                "links": {
                    "next": f"{url}?page[after]={_cursor(end)}&page[size]={size}"
                    if has_more
                    else None,
                    "prev": None,
                },
            }
        else:
            page = int(params.get("page", "1"))
            per_page = min(int(params.get("per_page", "100")), 100)
            if page * per_page > 10_000:
                raise Answer(
                    400,
                    {
                        "error": "InvalidPaginationParameter",
                        "description": "Offset pagination is limited to the first 10000 "
                        "records; use cursor pagination",
                    },
                )
            start = (page - 1) * per_page
            chunk = items[start : start + per_page]
            more = start + per_page < len(items)
            answer = {
                key: chunk,
                "next_page": f"{url}?page={page + 1}&per_page={per_page}" if more else None,
                "previous_page": f"{url}?page={page - 1}" if page > 1 else None,
                "count": len(items),
            }
        if extra is not None:
            answer.update(extra(chunk))
        return 200, answer

    def _sideload_users(self, *user_ids: Any) -> list[dict[str, Any]]:
        wanted = sorted({uid for uid in user_ids if isinstance(uid, int) and uid in self.users})
        return [self.users[uid] for uid in wanted]

    def _ticket_users(self, tickets: list[dict[str, Any]]) -> dict[str, Any]:
        ids = [t[k] for t in tickets for k in ("requester_id", "submitter_id", "assignee_id")]
        return {"users": self._sideload_users(*ids)}

    def _wants(self, request: httpx.Request, sideload: str) -> bool:
        return sideload in request.url.params.get("include", "").split(",")

    @staticmethod
    def _shown(ticket: dict[str, Any]) -> dict[str, Any]:
        """A ticket as the ticket endpoints show it (only the export has generated_timestamp)."""
        return {k: v for k, v in ticket.items() if k != "generated_timestamp"}

    # -- routes ----------------------------------------------------------------------------

    def _me(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        return 200, {"user": self.users[self.agent_id or 0]}

    def _user(self, request: httpx.Request, body: Any, user_id: int) -> tuple[int, Any]:
        user = self.users.get(user_id)
        if user is None:
            raise Answer(404, NOT_FOUND)
        answer: dict[str, Any] = {"user": user}
        if self._wants(request, "identities"):
            answer["identities"] = self.identities.get(user_id, [])
        if self._wants(request, "organizations"):
            org = self.organizations.get(user.get("organization_id") or 0)
            answer["organizations"] = [org] if org else []
        return 200, answer

    def _users(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        roles = set(request.url.params.get_list("role[]")) | set(
            request.url.params.get_list("role")
        )
        users = [u for _, u in sorted(self.users.items()) if not roles or u["role"] in roles]
        return self._list(request, "users", users)

    def _show_many(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        ids = [int(i) for i in request.url.params.get("ids", "").split(",") if i.isdigit()]
        return 200, {"users": self._sideload_users(*ids)}

    def _requested(self, request: httpx.Request, body: Any, user_id: int) -> tuple[int, Any]:
        if user_id not in self.users:
            raise Answer(404, NOT_FOUND)
        tickets = [
            self._shown(t) for _, t in sorted(self.tickets.items()) if t["requester_id"] == user_id
        ]
        return self._list(request, "tickets", tickets)

    def _groups(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        return self._list(request, "groups", [g for _, g in sorted(self.groups.items())])

    def _organization(self, request: httpx.Request, body: Any, org_id: int) -> tuple[int, Any]:
        organization = self.organizations.get(org_id)
        if organization is None:
            raise Answer(404, NOT_FOUND)
        return 200, {"organization": organization}

    def _export(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        self._forbid_exports()
        params = request.url.params
        per_page = int(params.get("per_page", "1000"))
        if not 1 <= per_page <= 1000:
            raise Answer(400, {"error": "InvalidValue", "description": "per_page max is 1000"})
        everything = {**self.deleted, **self.tickets}
        order = sorted((self.seq[tid], tid) for tid in everything)
        if "cursor" in params:
            after = _position(params["cursor"])
            if after is None:
                raise Answer(400, {"error": "InvalidValue", "description": "invalid cursor"})
            pending = [(s, tid) for s, tid in order if s > after]
        elif "start_time" in params:
            start = int(params["start_time"])
            if start > int(self.now.timestamp()) - 60:
                raise Answer(
                    400,
                    {
                        "error": "InvalidValue",
                        "description": "start_time must be more than a minute in the past",
                    },
                )
            after = 0
            pending = [
                (s, tid) for s, tid in order if everything[tid]["generated_timestamp"] >= start
            ]
        else:
            raise Answer(400, {"error": "InvalidValue", "description": "start_time is required"})
        chunk = pending[:per_page]
        last = (
            chunk[-1][0] if chunk else (order[-1][0] if order and "cursor" not in params else after)
        )
        tickets = [everything[tid] for _, tid in chunk]
        cursor = _cursor(last)
        answer: dict[str, Any] = {
            "tickets": tickets,
            "after_url": f"{self.base}/api/v2/incremental/tickets/cursor.json?cursor={cursor}",
            "after_cursor": cursor,
            "before_url": None,
            "before_cursor": None,
            "end_of_stream": len(pending) <= per_page,
        }
        if self._wants(request, "users"):
            answer.update(self._ticket_users(tickets))
        if self._wants(request, "organizations"):
            orgs = {t["organization_id"] for t in tickets if t.get("organization_id")}
            answer["organizations"] = [self.organizations[o] for o in sorted(orgs)]
        return 200, answer

    def _forbid_exports(self) -> None:
        if self.exports_forbidden:
            raise Answer(
                403,
                {"error": "Forbidden", "description": "You do not have access to this page."},
            )

    def _ticket_events(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        self._forbid_exports()
        params = request.url.params
        if "start_time" not in params or not params["start_time"].isdigit():
            raise Answer(400, {"error": "InvalidValue", "description": "start_time is required"})
        start = int(params["start_time"])
        latest = int(self.now.timestamp()) - 60
        if start > latest:
            raise Answer(
                400,
                {
                    "error": "InvalidValue",
                    "description": "start_time must be more than a minute in the past",
                },
            )
        with_comments = self._wants(request, "comment_events")
        events = []
        for ticket_id, comments in self.comments.items():
            for comment in comments:
                stamp = int(datetime.fromisoformat(comment["created_at"]).timestamp())
                if start <= stamp <= latest:  # the last minute is left out
                    events.append((stamp, comment["id"], ticket_id, comment))
        events.sort(key=lambda e: (e[0], e[1]))
        page = events[: self.events_per_page]
        end_time = page[-1][0] if page else start
        answer = {
            "ticket_events": [
                self._event(stamp, ticket_id, comment, with_comments)
                for stamp, _, ticket_id, comment in page
            ],
            "next_page": f"{self.base}/api/v2/incremental/ticket_events.json?start_time={end_time}",
            "count": len(page),
            "end_of_stream": len(events) < self.events_per_page,
            "end_time": end_time,
        }
        return 200, answer

    def _event(
        self, stamp: int, ticket_id: int, comment: dict[str, Any], with_comment: bool
    ) -> dict[str, Any]:
        child: dict[str, Any]
        if with_comment:
            child = {**comment, "event_type": "Comment"}
        else:
            child = {
                "id": comment["id"],
                "event_type": "Comment",
                "comment_present": True,
                "comment_public": comment["public"],
            }
        return {
            "id": comment["audit_id"],
            "ticket_id": ticket_id,
            "timestamp": stamp,
            "created_at": comment["created_at"],
            "updater_id": comment["author_id"],
            "via": "Web form",
            "system": {},
            "metadata": {},
            "event_type": "Audit",
            "merged_ticket_ids": [],
            "child_events": [
                child,
                {"id": next(self._ids), "event_type": "Notification", "via": "Trigger"},
            ],
        }

    def _search_export(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        params = request.url.params
        if params.get("filter[type]") != "ticket":
            raise Answer(
                400, {"error": "InvalidSearchExportParameter", "description": "filter[type]"}
            )
        size = int(params.get("page[size]", "100"))
        if not 1 <= size <= 1000:
            raise Answer(
                400, {"error": "InvalidPaginationParameter", "description": "page[size] <= 1000"}
            )
        match = re.fullmatch(r"updated>(\S+)", params.get("query", "").strip())
        if match is None:
            raise Answer(400, {"error": "InvalidQuery", "description": "unsupported query"})
        since = datetime.fromisoformat(match.group(1))
        found = [
            self._shown(t)
            for t in sorted(self.tickets.values(), key=lambda t: (t["created_at"], t["id"]))
            if datetime.fromisoformat(t["updated_at"]) > since
        ]
        start = 0
        if "page[after]" in params:
            epoch, _, position = params["page[after]"].partition(".")
            decoded = _position(position)
            if epoch != str(self.search_epoch) or decoded is None:
                raise Answer(
                    400, {"error": "InvalidPaginationParameter", "description": "cursor expired"}
                )
            start = decoded
        chunk = found[start : start + size]
        end = start + len(chunk)
        more = end < len(found)
        after = f"{self.search_epoch}.{_cursor(end)}"
        following = f"{self.base}/api/v2/search/export.json?page[after]={after}"
        answer: dict[str, Any] = {
            "results": [{**t, "result_type": "ticket"} for t in chunk],
            "facets": None,
            "meta": {"has_more": more, "after_cursor": after if more else None},
            "links": {
                "next": following if more else None,
                "prev": None,
            },
        }
        if self.search_sideloads and "users" in params.get("include", ""):
            answer.update(self._ticket_users(chunk))
        return 200, answer

    def _ticket(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        answer: dict[str, Any] = {"ticket": self._shown(ticket)}
        if self._wants(request, "users"):
            answer.update(self._ticket_users([ticket]))
        return 200, answer

    def _comments(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        self._find_ticket(ticket_id)
        comments = list(self.comments[ticket_id])
        if request.url.params.get("sort") == "-created_at":
            comments.reverse()

        def users(chunk: list[dict[str, Any]]) -> dict[str, Any]:
            if not self._wants(request, "users"):
                return {}
            return {"users": self._sideload_users(*(c["author_id"] for c in chunk))}

        return self._list(request, "comments", comments, users)

    def _macros(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        active = request.url.params.get("active")
        macros = [m for _, m in sorted(self.macros.items())]
        if request.url.path.endswith("/active") or active == "true":
            macros = [m for m in macros if m["active"]]
        return self._list(request, "macros", macros)

    def _views(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        views = [v for _, v in sorted(self.views.items()) if v["active"]]
        return self._list(request, "views", views, cursor=False)  # offset pagination only

    def _ticket_fields(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        return self._list(
            request, "ticket_fields", [f for _, f in sorted(self.ticket_fields.items())]
        )

    def _apply(
        self, request: httpx.Request, body: Any, ticket_id: int, macro_id: int
    ) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        macro = self.macros.get(macro_id)
        if macro is None:
            raise Answer(404, NOT_FOUND)
        requester = self.users[ticket["requester_id"]]
        preview = dict(ticket)
        comment: dict[str, Any] | None = None
        public = True
        for action in macro["actions"]:
            if action["field"] == "comment_mode_is_public":
                public = str(action["value"]).lower() == "true"
        for action in macro["actions"]:
            field_name, value = action["field"], action["value"]
            if field_name == "comment_value":
                text = str(value).replace(
                    "{{ticket.requester.first_name}}", requester["name"].split()[0]
                )
                comment = {"body": text, "html_body": f"<p>{text}</p>", "public": public}
            elif field_name in ("status", "priority"):
                preview[field_name] = value
            elif field_name in ("group_id", "assignee_id") and str(value).isdigit():
                preview[field_name] = int(value)
        result: dict[str, Any] = {"ticket": preview}
        if comment is not None:
            result["comment"] = comment
        return 200, {"result": result}

    # -- the write ---------------------------------------------------------------------------

    def _invalid(self, field_name: str, description: str) -> Answer:
        return Answer(
            422,
            {
                "error": "RecordInvalid",
                "description": "Record validation errors",
                "details": {field_name: [{"description": description, "error": "InvalidValue"}]},
            },
        )

    def _update(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        changes = body.get("ticket") if isinstance(body, dict) else None
        if not isinstance(changes, dict):
            raise Answer(400, {"error": "InvalidValue", "description": "ticket is required"})
        if ticket["status"] == "closed":
            raise self._invalid("status", "Status: closed prevents ticket update")
        if "safe_update" in changes:
            stamp = changes.get("updated_stamp")
            if not isinstance(stamp, str):
                raise Answer(400, {"error": "InvalidValue", "description": "updated_stamp"})
            given = datetime.fromisoformat(stamp)
            if given != datetime.fromisoformat(ticket["updated_at"]):
                raise Answer(409, CONFLICT)
        status = changes.get("status", ticket["status"])
        if status not in STATUSES:
            raise self._invalid("status", f"Status: {status} is not valid")
        priority = changes.get("priority", ticket["priority"])
        if priority is not None and priority not in PRIORITIES:
            raise self._invalid("priority", f"Priority: {priority} is not valid")
        assignee = changes.get("assignee_id", ticket["assignee_id"])
        if assignee is not None and self.users.get(assignee, {}).get("role") not in (
            "agent",
            "admin",
        ):
            raise self._invalid("assignee_id", "Assignee is invalid")
        group = changes.get("group_id", ticket["group_id"])
        if group is not None and group not in self.groups:
            raise self._invalid("group_id", "Group is invalid")
        comment = changes.get("comment")
        if comment is not None and not str(comment.get("body", "")).strip():
            raise self._invalid("comment", "Comment body can't be blank")
        tags = list(changes.get("tags", ticket["tags"]))
        tags += [t for t in changes.get("additional_tags", []) if t not in tags]
        tags = [t for t in tags if t not in changes.get("remove_tags", [])]
        author = int((comment or {}).get("author_id") or self.agent_id or 0)
        events: list[dict[str, Any]] = []
        audit_id = next(self._ids)
        for name, value in (
            ("status", status),
            ("priority", priority),
            ("assignee_id", assignee),
            ("group_id", group),
            ("tags", tags),
        ):
            if ticket[name] != value:
                events.append(
                    {
                        "id": next(self._ids),
                        "type": "Change",
                        "field_name": name,
                        "value": value,
                        "previous_value": ticket[name],
                    }
                )
        ticket.update(
            {
                "status": status,
                "priority": priority,
                "assignee_id": assignee,
                "group_id": group,
                "tags": tags,
            }
        )
        self._changed(ticket_id)
        if comment is not None:
            made = self.add_comment(
                ticket_id,
                author,
                str(comment["body"]),
                public=bool(comment.get("public", True)),
                created_at=self.now,
                channel="api",
            )
            made["audit_id"] = audit_id
            events.insert(
                0,
                {
                    "id": made["id"],
                    "type": "Comment",
                    "author_id": author,
                    "body": made["body"],
                    "html_body": made["html_body"],
                    "plain_body": made["plain_body"],
                    "public": made["public"],
                    "attachments": [],
                    "audit_id": audit_id,
                },
            )
        audit = {
            "id": audit_id,
            "ticket_id": ticket_id,
            "created_at": ticket["updated_at"],
            "author_id": self.agent_id,
            "metadata": {"system": {}, "custom": {}},
            "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
            "events": events,
        }
        return 200, {"ticket": self._shown(ticket), "audit": audit}
