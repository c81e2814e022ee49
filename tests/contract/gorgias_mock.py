"""A fake Gorgias REST API, served through ``httpx.MockTransport``.

It is stateful (users, teams, customers with their Shopify store's orders, tickets,
messages, tags, macros, views) and answers with JSON shaped like Gorgias's documented
responses (the published OpenAPI document's examples, ``konfig-sdks/openapi-examples``
``gorgias/openapi.yaml``): lists as ``{"data": [...], "meta": {"next_cursor",
"prev_cursor"}, "object": "list", "uri"}`` with short-lived keyset cursors
(``["next", value, id]`` base64-encoded) and ``limit`` at most 100; tickets with their
``customer``, ``assignee_user``, ``assignee_team``, ``tags`` and ``*_datetime`` fields
(UTC, no offset, microseconds); messages with their own ``channel``, ``via``, ``source``,
``sender`` and ``external_id``; customers with ``channels`` and ``integrations`` holding
Shopify orders with ``line_items`` and ``fulfillments``. Errors carry an ``error``
object: 400 for invalid requests, 401 for bad credentials, 404 for unknown records; every
answer reports the leaky bucket in ``X-Gorgias-Account-Api-Call-Limit: used/40`` and,
with ``enforce_rate_limit``, a full bucket is a 429 with ``Retry-After``.

Failures are injected per request: a status (429 with ``Retry-After``, 409, 5xx ...), a
transport error before the request is handled, or one after it was applied (a lost
answer). Every request is recorded for assertions.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx

from tests.contract.mock_base import START, Answer, Failure, MockHelpdesk, Recorded

__all__ = ["CHANNELS", "START", "VIAS", "Failure", "GorgiasMock", "Recorded", "stamp"]

SHOPIFY_INTEGRATION = 6
EMAIL_INTEGRATION = 28643
CHANNELS = frozenset(
    {
        "aircall", "api", "chat", "contact_form", "email", "facebook", "facebook-mention",
        "facebook-messenger", "facebook-recommendations", "help-center",
        "instagram-ad-comment", "instagram-comment", "instagram-mention",
        "instagram-direct-message", "internal-note", "phone", "sms", "twitter",
        "twitter-direct-message", "yotpo-review", "whatsapp",
    }
)  # fmt: skip
"""The ``channel`` enum of tickets and messages in the published document."""
VIAS = frozenset(
    {
        "aircall", "api", "chat", "contact_form", "email", "facebook", "facebook-mention",
        "facebook-messenger", "facebook-recommendations", "form", "gorgias_chat",
        "help-center", "helpdesk", "instagram", "instagram-ad-comment", "instagram-comment",
        "instagram-direct-message", "instagram-mention", "internal-note", "offline_capture",
        "phone", "rule", "self_service", "shopify", "sms", "twilio", "twitter",
        "twitter-direct-message", "whatsapp", "yotpo", "yotpo-review", "zendesk",
    }
)  # fmt: skip
"""The ``via`` enum."""
NOT_FOUND = {"error": {"msg": "Resource not found."}}


def stamp(moment: datetime | None) -> str | None:
    """A time as Gorgias writes it: UTC without an offset, with microseconds."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _cursor(direction: str, value: Any, item_id: int) -> str:
    raw = json.dumps([direction, value, item_id]).encode()
    return base64.b64encode(raw).decode()


def _position(cursor: str) -> tuple[str, Any, int] | None:
    try:
        direction, value, item_id = json.loads(base64.b64decode(cursor, validate=True))
    except (ValueError, TypeError):
        return None
    if direction not in ("next", "prev") or not isinstance(item_id, int):
        return None
    return direction, value, item_id


def _invalid(field_name: str, text: str) -> Answer:
    return Answer(400, {"error": {"msg": "Validation error", "data": {field_name: [text]}}})


class GorgiasMock(MockHelpdesk):
    """One fake account at ``https://{subdomain}.gorgias.com``."""

    domain = "gorgias.com"
    NOT_FOUND = NO_ROUTE = OTHER_HOST = NOT_FOUND
    UNAUTHORIZED: ClassVar[Any] = {
        "error": {"msg": "Authentication required: use your email and API key."}
    }

    def __init__(
        self,
        *,
        subdomain: str = "acme",
        api_key: str = "gorgias-api-key-5ecr3t",
        rate_limit: int = 40,
        window: float = 20.0,
        enforce_rate_limit: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(subdomain=subdomain)
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.window = window
        self.enforce_rate_limit = enforce_rate_limit
        self.refuse_cursors = False
        """Answer 400 to any cursor, as Gorgias does once one has expired."""
        self._clock = clock
        self._level = 0.0
        self._last = clock()
        self.users: dict[int, dict[str, Any]] = {}
        self.teams: dict[int, dict[str, Any]] = {}
        self.customers: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, list[dict[str, Any]]] = {}
        self.tags: dict[str, dict[str, Any]] = {}
        self.macros: dict[int, dict[str, Any]] = {}
        self.views: dict[int, dict[str, Any]] = {}
        self._user_ids = itertools.count(3924)
        self._customer_ids = itertools.count(5001)
        self._message_ids = itertools.count(924712)
        self._other_ids = itertools.count(123)
        self._order_ids = itertools.count(772803526679)
        self._routes = [
            ("GET", re.compile(r"/api/users/(\d+)"), self._user),
            ("GET", re.compile(r"/api/users"), self._users),
            ("GET", re.compile(r"/api/teams"), self._teams),
            ("GET", re.compile(r"/api/tags"), self._tags),
            ("GET", re.compile(r"/api/views"), self._views),
            ("GET", re.compile(r"/api/macros"), self._macros),
            ("GET", re.compile(r"/api/customers/(\d+)"), self._customer),
            ("GET", re.compile(r"/api/tickets"), self._tickets),
            ("GET", re.compile(r"/api/tickets/(\d+)"), self._ticket),
            ("PUT", re.compile(r"/api/tickets/(\d+)"), self._update),
            ("GET", re.compile(r"/api/messages"), self._messages),
            ("POST", re.compile(r"/api/tickets/(\d+)/messages"), self._post_message),
        ]

    # -- seeding -------------------------------------------------------------------------

    def add_user(
        self, name: str, email: str, *, role: str = "agent", active: bool = True, **extra: Any
    ) -> int:
        user_id = next(self._user_ids)
        first, _, last = name.partition(" ")
        self.users[user_id] = {
            "id": user_id,
            "active": active,
            "bio": None,
            "created_datetime": stamp(self.now),
            "country": None,
            "email": email,
            "external_id": None,
            "firstname": first,
            "lastname": last,
            "language": "en",
            "meta": {},
            "name": name,
            "role": {"name": role},
            "timezone": "Europe/Rome",
            "updated_datetime": stamp(self.now),
            **extra,
        }
        return user_id

    def add_team(self, name: str, members: list[int] | None = None) -> int:
        team_id = next(self._other_ids)
        self.teams[team_id] = {
            "id": team_id,
            "name": name,
            "description": None,
            "decoration": None,
            "members": [self._person(self.users[m]) for m in members or []],
            "created_datetime": stamp(self.now),
            "uri": f"/api/teams/{team_id}/",
        }
        return team_id

    def add_customer(
        self,
        name: str,
        email: str | None,
        *,
        language: str | None = "en",
        phone: str | None = None,
        timezone: str = "UTC",
        note: str = "",
        handles: dict[str, str] | None = None,
    ) -> int:
        customer_id = next(self._customer_ids)
        first, _, last = name.partition(" ")
        channels = []
        if email:
            channels.append(self._channel(customer_id, "email", email))
        if phone:
            channels.append(self._channel(customer_id, "phone", phone))
        for kind, address in (handles or {}).items():
            channels.append(self._channel(customer_id, kind, address, preferred=False))
        self.customers[customer_id] = {
            "id": customer_id,
            "external_id": None,
            "active": True,
            "email": email,
            "name": name,
            "firstname": first,
            "lastname": last,
            "language": language,
            "timezone": timezone,
            "note": note,
            "created_datetime": stamp(self.now),
            "updated_datetime": stamp(self.now),
            "channels": channels,
            "data": None,
            "meta": {},
            "customer": {},
            "integrations": {},
            "external_data": {},
        }
        return customer_id

    def _channel(
        self, customer_id: int, kind: str, address: str, *, preferred: bool = True
    ) -> dict[str, Any]:
        return {
            "id": next(self._other_ids),
            "type": kind,
            "address": address,
            "preferred": preferred,
            "created_datetime": stamp(self.now),
            "updated_datetime": stamp(self.now),
            "deleted_datetime": None,
            "customer": {
                "id": customer_id,
                "name": self.customers.get(customer_id, {}).get("name"),
            },
        }

    def add_shopify_order(
        self,
        customer_id: int,
        number: str,
        *,
        total: str,
        currency: str,
        items: list[tuple[str, str, int, str]],
        financial_status: str = "paid",
        fulfillment_status: str | None = None,
        carrier: str | None = None,
        tracking: str | None = None,
        shipment_status: str | None = "in_transit",
        created_at: datetime | None = None,
        cancelled: bool = False,
    ) -> dict[str, Any]:
        """An order in the customer's Shopify data, as Shopify's REST API writes it."""
        customer = self.customers[customer_id]
        order_id = next(self._order_ids)
        created = (created_at or self.now - timedelta(days=5)).isoformat()

        def money(amount: str) -> dict[str, Any]:
            return {
                "shop_money": {"amount": amount, "currency_code": currency},
                "presentment_money": {"amount": amount, "currency_code": currency},
            }

        line_items: list[dict[str, Any]] = [
            {
                "id": next(self._order_ids),
                "title": title,
                "name": title,
                "sku": sku,
                "quantity": quantity,
                "price": price,
                "price_set": money(price),
                "grams": 500,
                "taxable": True,
                "tax_lines": [],
                "product_id": next(self._order_ids),
                "variant_id": next(self._order_ids),
                "total_discount": "0.00",
                "total_discount_set": money("0.00"),
                "requires_shipping": True,
                "fulfillment_status": fulfillment_status,
                "fulfillment_service": "manual",
                "fulfillable_quantity": 0 if fulfillment_status == "fulfilled" else quantity,
            }
            for sku, title, quantity, price in items
        ]
        fulfillments = []
        if carrier and tracking:
            url = f"https://tracking.example/{carrier.lower()}/{tracking}"
            fulfillments.append(
                {
                    "id": next(self._order_ids),
                    "order_id": order_id,
                    "name": f"{number}.1",
                    "status": "success",
                    "service": "manual",
                    "created_at": (self.now - timedelta(days=4)).isoformat(),
                    "updated_at": (self.now - timedelta(days=3)).isoformat(),
                    "tracking_company": carrier,
                    "tracking_number": tracking,
                    "tracking_numbers": [tracking],
                    "tracking_url": url,
                    "tracking_urls": [url],
                    "shipment_status": shipment_status,
                    "line_items": line_items,
                }
            )
        order = {
            "id": order_id,
            "name": number,
            "order_number": int(number.lstrip("#")) if number.lstrip("#").isdigit() else None,
            "email": customer["email"],
            "contact_email": customer["email"],
            "created_at": created,
            "processed_at": created,
            "updated_at": created,
            "cancelled_at": created if cancelled else None,
            "closed_at": None,
            "currency": currency,
            "presentment_currency": currency,
            "financial_status": financial_status,
            "fulfillment_status": fulfillment_status,
            "total_price": total,
            "subtotal_price": total,
            "total_line_items_price": total,
            "total_tax": "0.00",
            "total_discounts": "0.00",
            "tags": "",
            "note": None,
            "line_items": line_items,
            "fulfillments": fulfillments,
            "billing_address": {"name": customer["name"], "country_code": "IT"},
            "shipping_address": {"name": customer["name"], "country_code": "IT"},
        }
        data = customer["integrations"].setdefault(
            str(SHOPIFY_INTEGRATION),
            {
                "__integration_type__": "shopify",
                "customer": {
                    "id": next(self._order_ids),
                    "email": customer["email"],
                    "first_name": customer["firstname"],
                    "last_name": customer["lastname"],
                    "orders_count": 0,
                    "tags": "",
                    "note": "",
                },
                "orders": [],
            },
        )
        data["orders"].insert(0, order)
        data["customer"]["orders_count"] = len(data["orders"])
        return order

    def add_tag(self, name: str) -> dict[str, Any]:
        if name not in self.tags:
            tag_id = next(self._other_ids)
            self.tags[name] = {
                "id": tag_id,
                "name": name,
                "description": None,
                "decoration": None,
                "created_datetime": stamp(self.now),
                "deleted_datetime": None,
                "usage": 0,
                "uri": f"/api/tags/{tag_id}/",
            }
        return self.tags[name]

    def add_ticket(
        self,
        customer_id: int,
        subject: str,
        *,
        channel: str = "email",
        via: str | None = None,
        status: str = "open",
        snooze_until: datetime | None = None,
        tags: tuple[str, ...] | list[str] = (),
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
        assignee: int | None = None,
        team: int | None = None,
        language: str | None = None,
    ) -> int:
        ticket_id = next(self._ticket_ids)
        created = created_at or self.now
        for tag in tags:
            self.add_tag(tag)
        self.tickets[ticket_id] = {
            "id": ticket_id,
            "subject": subject,
            "status": status,
            "channel": channel,
            "via": via or channel,
            "language": language,
            "customer_id": customer_id,
            "assignee_user": assignee,
            "assignee_team": team,
            "tags": list(tags),
            "external_id": None,
            "from_agent": False,
            "spam": False,
            "meta": {},
            "created": created,
            "opened": None,
            "updated": updated_at or created,
            "closed": created if status == "closed" else None,
            "snooze": snooze_until if status == "open" else None,
            "trashed": None,
            "last_message": None,
            "last_received": None,
        }
        self.messages[ticket_id] = []
        return ticket_id

    def add_message(
        self,
        ticket_id: int,
        sender_id: int,
        body: str,
        *,
        from_agent: bool,
        channel: str | None = None,
        via: str | None = None,
        created_at: datetime | None = None,
        external_id: str | None = None,
        source: dict[str, Any] | None = None,
        receiver_id: int | None = None,
        rule_id: int | None = None,
    ) -> dict[str, Any]:
        ticket = self.tickets[ticket_id]
        customer = self.customers[ticket["customer_id"]]
        created = created_at or self.now
        kind = channel or ticket["channel"]
        note = kind == "internal-note"
        sender = self._person(self.users[sender_id] if from_agent else self.customers[sender_id])
        if source is None:
            support = f"support@{self.subdomain}.example"
            ours = {"name": "Acme Support", "address": support}
            theirs = {"name": customer["name"], "address": customer["email"] or ""}
            if note:
                source = {"type": "internal-note", "from": {**ours, "name": sender["name"]}}
                source["to"] = []
            elif from_agent:
                source = {"type": kind, "from": ours, "to": [theirs]}
            else:
                source = {"type": kind, "from": theirs, "to": [ours]}
        receiver = None
        if not note:
            if receiver_id is not None:
                receiver = self._person(self.customers[receiver_id])
            else:
                receiver = self._person(customer) if from_agent else None
        message_id = next(self._message_ids)
        message = {
            "id": message_id,
            "uri": f"/api/tickets/{ticket_id}/messages/{message_id}/",
            "ticket_id": ticket_id,
            "external_id": external_id,
            "message_id": f"<{message_id}.{int(created.timestamp())}@{self.subdomain}.mock>",
            "channel": kind,
            "via": via or ("helpdesk" if from_agent else kind),
            "source": source,
            "sender": sender,
            "receiver": receiver,
            "integration_id": EMAIL_INTEGRATION if kind == "email" else None,
            "rule_id": rule_id,
            "subject": ticket["subject"],
            "body_text": body,
            "body_html": body.replace("\n", "<br>"),
            "stripped_text": body,
            "stripped_html": None,
            "stripped_signature": None,
            "public": not note,
            "from_agent": from_agent,
            "attachments": [],
            "macros": [],
            "actions": [],
            "headers": {},
            "meta": {},
            "created_datetime": stamp(created),
            "sent_datetime": None if note else stamp(created),
            "opened_datetime": None,
            "failed_datetime": None,
            "deleted_datetime": None,
            "last_sending_error": None,
            "replied_by": None,
            "replied_to": None,
        }
        self.messages[ticket_id].append(message)
        ticket["last_message"] = created
        if not from_agent:
            ticket["last_received"] = created
        if len(self.messages[ticket_id]) == 1:
            ticket["from_agent"] = from_agent
        return message

    def add_macro(
        self, name: str, actions: list[dict[str, Any]], *, language: str | None = None
    ) -> int:
        macro_id = next(self._other_ids)
        self.macros[macro_id] = {
            "id": macro_id,
            "external_id": None,
            "name": name,
            "intent": None,
            "language": language,
            "usage": 0,
            "actions": [{"type": "user", "title": a.get("title", a["name"]), **a} for a in actions],
            "created_datetime": stamp(self.now),
            "updated_datetime": stamp(self.now),
            "uri": f"/api/macros/{macro_id}/",
        }
        return macro_id

    def add_view(
        self,
        name: str,
        filters: str,
        *,
        order_by: str = "updated_datetime",
        order_dir: str = "desc",
        search: str | None = None,
        deactivated: bool = False,
    ) -> int:
        view_id = next(self._other_ids)
        self.views[view_id] = {
            "id": view_id,
            "category": "user",
            "created_datetime": stamp(self.now),
            "deactivated_datetime": stamp(self.now) if deactivated else None,
            "decoration": None,
            "fields": ["id", "details", "tags"],
            "filters": filters,
            "name": name,
            "order_by": order_by,
            "order_dir": order_dir,
            "search": search,
            "slug": name.lower().replace(" ", "-"),
            "type": "ticket-list",
            "uri": f"/api/views/{view_id}/",
            "visibility": "public",
        }
        return view_id

    # -- what happens in Gorgias without us --------------------------------------------

    def _changed(self, ticket_id: int) -> None:
        self.tickets[ticket_id]["updated"] = self.tick()

    def customer_writes(self, ticket_id: int, body: str) -> dict[str, Any]:
        """The customer writes again: the ticket reopens (and any snooze ends)."""
        ticket = self.tickets[ticket_id]
        message = self.add_message(ticket_id, ticket["customer_id"], body, from_agent=False)
        ticket.update(status="open", snooze=None, closed=None)
        self._changed(ticket_id)
        return message

    def trash(self, ticket_id: int) -> None:
        self.tickets[ticket_id]["trashed"] = self.now
        self._changed(ticket_id)

    # -- rendering ---------------------------------------------------------------------------

    @staticmethod
    def _person(raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": raw["id"],
            "email": raw.get("email"),
            "name": raw.get("name"),
            "firstname": raw.get("firstname"),
            "lastname": raw.get("lastname"),
            "meta": raw.get("meta") or {},
        }

    def _tag_json(self, name: str) -> dict[str, Any]:
        tag = self.add_tag(name)
        return {"id": tag["id"], "name": name, "uri": tag["uri"], "decoration": tag["decoration"]}

    def ticket_json(self, ticket_id: int, *, full: bool = False) -> dict[str, Any]:
        """A ticket as the list (or, ``full``, the retrieve endpoint) shows it."""
        t = self.tickets[ticket_id]
        customer = self.customers[t["customer_id"]]
        assignee = t["assignee_user"]
        team = t["assignee_team"]
        messages = self.messages[ticket_id]
        last = messages[-1]["body_text"] if messages else ""
        answer: dict[str, Any] = {
            "id": ticket_id,
            "uri": f"/api/tickets/{ticket_id}/",
            "external_id": t["external_id"],
            "language": t["language"],
            "status": t["status"],
            "channel": t["channel"],
            "via": t["via"],
            "from_agent": t["from_agent"],
            "customer": customer,  # the whole record, as the documented examples show it
            "assignee_user": {**self._person(self.users[assignee]), "bio": None}
            if assignee is not None
            else None,
            "assignee_team": {"id": team, "name": self.teams[team]["name"], "decoration": None}
            if team is not None
            else None,
            "subject": t["subject"],
            "excerpt": last[:120],
            "integrations": [],
            "meta": t["meta"],
            "tags": [self._tag_json(name) for name in t["tags"]],
            "messages_count": len(messages),
            "is_unread": False,
            "spam": t["spam"],
            "created_datetime": stamp(t["created"]),
            "opened_datetime": stamp(t["opened"]),
            "last_received_message_datetime": stamp(t["last_received"]),
            "last_message_datetime": stamp(t["last_message"]),
            "updated_datetime": stamp(t["updated"]),
            "closed_datetime": stamp(t["closed"]),
            "snooze_datetime": stamp(t["snooze"]),
            "trashed_datetime": stamp(t["trashed"]),
        }
        if full:
            answer["messages"] = list(messages)
            answer["events"] = []
            answer["satisfaction_survey"] = None
        return answer

    # -- the transport ---------------------------------------------------------------------

    def _authenticated(self, request: httpx.Request) -> bool:
        user = self.users.get(self.agent_id or 0)
        if user is None:
            return False
        basic = base64.b64encode(f"{user['email']}:{self.api_key}".encode()).decode()
        return request.headers.get("authorization", "") == f"Basic {basic}"

    def _meter(self, request: httpx.Request) -> dict[str, str]:
        """Let one call into the leaky bucket: the rate-limit headers, or a 429 if full."""
        now = self._clock()
        leak = (now - self._last) * self.rate_limit / self.window
        self._last = now
        self._level = max(0.0, self._level - leak)
        if self.enforce_rate_limit and self._level + 1 > self.rate_limit:
            wait = math.ceil((self._level + 1 - self.rate_limit) * self.window / self.rate_limit)
            used = f"{self.rate_limit}/{self.rate_limit}"
            limits = {"X-Gorgias-Account-Api-Call-Limit": used, "Retry-After": str(wait)}
            raise Answer(429, {"error": {"msg": "Too many requests, please retry later."}}, limits)
        self._level += 1
        used = f"{min(math.ceil(self._level), self.rate_limit)}/{self.rate_limit}"
        return {"X-Gorgias-Account-Api-Call-Limit": used}

    def _path(self, request: httpx.Request) -> str:
        return request.url.path.rstrip("/")

    # -- pagination ------------------------------------------------------------------------

    def _list(
        self,
        request: httpx.Request,
        items: list[dict[str, Any]],
        *,
        orders: tuple[str, ...],
        default: str,
    ) -> tuple[int, Any]:
        """One page by keyset cursor, as ``{"data", "meta", "object", "uri"}``."""
        params = request.url.params
        order = params.get("order_by", default)
        if order not in orders:
            raise _invalid("order_by", f"Must be one of: {', '.join(orders)}.")
        field_name, _, direction = order.partition(":")
        try:
            limit = int(params.get("limit", "30"))
        except ValueError:
            raise _invalid("limit", "Not a valid integer.") from None
        if not 1 <= limit <= 100:
            raise _invalid(
                "limit", "Must be greater than or equal to 1 and less than or equal to 100."
            )

        def key(item: dict[str, Any]) -> tuple[Any, int]:
            value = item.get(field_name)
            return ("" if value is None else value, int(item["id"]))

        ordered = sorted(items, key=key, reverse=direction == "desc")
        start = 0
        cursor = params.get("cursor")
        if cursor is not None:
            position = None if self.refuse_cursors else _position(cursor)
            if position is None:
                raise _invalid("cursor", "Invalid or expired cursor.")
            after = (position[1], position[2])
            if direction == "desc":
                start = next((i for i, it in enumerate(ordered) if key(it) < after), len(ordered))
            else:
                start = next((i for i, it in enumerate(ordered) if key(it) > after), len(ordered))
        chunk = ordered[start : start + limit]
        more = start + limit < len(ordered)
        last, first = (chunk[-1], chunk[0]) if chunk else (None, None)
        answer = {
            "data": chunk,
            "meta": {
                "next_cursor": _cursor("next", key(last)[0], int(last["id"]))
                if more and last is not None
                else None,
                "prev_cursor": _cursor("prev", key(first)[0], int(first["id"]))
                if start > 0 and first is not None
                else None,
            },
            "object": "list",
            "uri": f"{request.url.path}?{request.url.query.decode()}",
        }
        return 200, answer

    # -- routes ----------------------------------------------------------------------------

    def _user(self, request: httpx.Request, body: Any, user_id: int) -> tuple[int, Any]:
        user = self.users.get(user_id if user_id != 0 else self.agent_id or 0)
        if user is None:
            raise Answer(404, NOT_FOUND)
        return 200, user

    def _users(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        email = request.url.params.get("email")
        roles = set(request.url.params.get_list("roles"))
        users = [
            u
            for u in self.users.values()
            if (email is None or u["email"].casefold() == email.casefold())
            and (not roles or u["role"]["name"] in roles)
        ]
        orders = ("created_datetime:asc", "created_datetime:desc", "name:asc", "name:desc")
        return self._list(request, users, orders=orders, default="name:asc")

    def _teams(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        orders = ("created_datetime:asc", "created_datetime:desc", "name:asc", "name:desc")
        return self._list(
            request, list(self.teams.values()), orders=orders, default="created_datetime:desc"
        )

    def _tags(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        orders = ("created_datetime:asc", "created_datetime:desc", "name:asc", "name:desc")
        return self._list(
            request, list(self.tags.values()), orders=orders, default="created_datetime:desc"
        )

    def _views(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        orders = ("created_datetime:asc", "created_datetime:desc")
        return self._list(
            request, list(self.views.values()), orders=orders, default="created_datetime:desc"
        )

    def _macros(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        orders = ("usage", "usage:desc", "usage:asc", "name:asc", "name:desc")
        return self._list(request, list(self.macros.values()), orders=orders, default="usage")

    def _customer(self, request: httpx.Request, body: Any, customer_id: int) -> tuple[int, Any]:
        customer = self.customers.get(customer_id)
        if customer is None:
            raise Answer(404, NOT_FOUND)
        return 200, customer

    def _tickets(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        params = request.url.params
        customer = params.get("customer_id")
        rows = [
            self.ticket_json(ticket_id)
            for ticket_id, t in self.tickets.items()
            if customer is None or str(t["customer_id"]) == customer
        ]
        orders = tuple(
            f"{name}:{direction}"
            for name in ("created_datetime", "updated_datetime")
            for direction in ("asc", "desc")
        )
        return self._list(request, rows, orders=orders, default="created_datetime:desc")

    def _ticket(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        self._find_ticket(ticket_id)
        return 200, self.ticket_json(ticket_id, full=True)

    def _messages(self, request: httpx.Request, body: Any) -> tuple[int, Any]:
        wanted = request.url.params.get("ticket_id")
        rows = [
            m
            for ticket_id, messages in self.messages.items()
            if wanted is None or str(ticket_id) == wanted
            for m in messages
        ]
        orders = ("created_datetime:asc", "created_datetime:desc")
        return self._list(request, rows, orders=orders, default="created_datetime:desc")

    # -- the writes ------------------------------------------------------------------------

    def _update(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        if not isinstance(body, dict):
            raise Answer(400, {"error": {"msg": "The request body must be a JSON object."}})
        changes: dict[str, Any] = {}
        if "status" in body:
            if body["status"] not in ("open", "closed"):
                raise _invalid("status", "Must be one of: open, closed.")
            changes["status"] = body["status"]
            changes["closed"] = self.now if body["status"] == "closed" else None
            if body["status"] == "closed":
                changes["snooze"] = None
        if "snooze_datetime" in body:
            value = body["snooze_datetime"]
            if value is None:
                changes["snooze"] = None
            else:
                try:
                    changes["snooze"] = datetime.fromisoformat(str(value))
                except ValueError:
                    raise _invalid("snooze_datetime", "Not a valid datetime.") from None
        for name, table in (("assignee_user", self.users), ("assignee_team", self.teams)):
            if name in body:
                value = body[name]
                if value is None:
                    changes[name] = None
                elif isinstance(value, dict) and value.get("id") in table:
                    changes[name] = value["id"]
                else:
                    raise _invalid(name, "Unknown id.")
        if "tags" in body:
            tags = body["tags"]
            if not isinstance(tags, list) or not all(
                isinstance(t, dict) and isinstance(t.get("name"), str) and t["name"] for t in tags
            ):
                raise _invalid("tags", "Must be a list of tags with a name.")
            changes["tags"] = list(dict.fromkeys(t["name"] for t in tags))
            for name in changes["tags"]:
                self.add_tag(name)
        if "subject" in body:
            changes["subject"] = str(body["subject"])
        if any(ticket.get(k) != v for k, v in changes.items()):
            ticket.update(changes)
            self._changed(ticket_id)
        return 202, self.ticket_json(ticket_id, full=True)

    def _post_message(self, request: httpx.Request, body: Any, ticket_id: int) -> tuple[int, Any]:
        ticket = self._find_ticket(ticket_id)
        if not isinstance(body, dict):
            raise Answer(400, {"error": {"msg": "The request body must be a JSON object."}})
        for required in ("channel", "from_agent", "source", "via"):
            if required not in body:
                raise _invalid(required, "Missing data for required field.")
        channel, via = body["channel"], body["via"]
        if channel not in CHANNELS:
            raise _invalid("channel", "Not a valid channel.")
        if via not in VIAS:
            raise _invalid("via", "Not a valid via.")
        text = body.get("body_text") or ""
        if not str(text).strip() and not str(body.get("body_html") or "").strip():
            raise _invalid("body_text", "A message needs a body.")
        from_agent = bool(body["from_agent"])
        sender = (body.get("sender") or {}).get("id")
        if sender is None:
            sender = self.agent_id if from_agent else ticket["customer_id"]
        if sender not in (self.users if from_agent else self.customers):
            raise _invalid("sender", "Unknown sender.")
        source = body["source"] if isinstance(body["source"], dict) else None
        if source is None:
            raise _invalid("source", "Not a valid object.")
        note = channel == "internal-note"
        receiver = (body.get("receiver") or {}).get("id")
        if not note and from_agent and receiver is None and not source.get("to"):
            raise _invalid("receiver", "The message has no recipient.")
        if receiver is not None and receiver not in self.customers:
            raise _invalid("receiver", "Unknown receiver.")
        self.tick()
        message = self.add_message(
            ticket_id,
            sender,
            str(text),
            from_agent=from_agent,
            channel=channel,
            via=via,
            created_at=self.now,
            external_id=body.get("external_id"),
            source={
                "type": source.get("type"),
                "from": source.get("from"),
                "to": source.get("to") or [],
            },
            receiver_id=receiver,
        )
        if body.get("body_html"):
            message["body_html"] = body["body_html"]
        if not from_agent:
            ticket.update(status="open", snooze=None, closed=None)
        self._changed(ticket_id)
        return 201, message
