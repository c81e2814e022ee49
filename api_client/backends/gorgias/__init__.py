"""Gorgias (REST API) as a deskside backend.

Sync lists tickets by ``updated_datetime`` with cursor pagination (see :mod:`.feed`: a
first listing oldest first, then catching up newest first down to the last ticket it
delivered); threads come from ``GET /api/messages?ticket_id=``, where each message has
its own channel and internal notes are messages on the ``internal-note`` channel. The
customer pane reads the customer with the data of their Shopify store (orders, line
items, fulfillments with tracking): :mod:`.orders`. A listed ticket carries its
customer's whole record, so a change page also carries the orders of every customer
whose record holds Shopify data (``ChangePage.orders_of``), at no extra request.

Writes: ticket fields in one ``PUT /api/tickets/{id}``; a reply or note in one
``POST /api/tickets/{id}/messages`` (after the field changes), carrying the outbox key
in ``external_id`` so an uncertain delivery is found again by it (``EXTERNAL_IDS``).
Gorgias has no version check of its own: every write reads the ticket first and refuses
(:class:`~api_client.errors.ConflictError`) when its ``updated_datetime`` is not the
version the caller read, so ``VERSIONED_UPDATES`` is not claimed and the deliverer
checks again itself. The workflow stage is a ``stage_<name>`` tag. Gorgias's leaky bucket
(40 requests per 20 s for an API key, ``X-Gorgias-Account-Api-Call-Limit: 12/40``) feeds
the rate budget, so a sync slows down before Gorgias answers 429.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import httpx
import msgspec

from api_client.backend import BackendOption, Capability, Outgoing
from api_client.backends.common.backend import HttpBackend
from api_client.backends.common.site import address_options
from api_client.backends.gorgias import convert, writes
from api_client.backends.gorgias.endpoints import PAGE_SIZE, Connection, Site, native
from api_client.backends.gorgias.feed import ASC, DESC, Mark, Position, mark_of
from api_client.backends.gorgias.orders import customer_orders, has_shopify
from api_client.backends.gorgias.shapes import (
    GAddress,
    GCustomer,
    GMacro,
    GMessage,
    GPersonRef,
    GTag,
    GTeam,
    GTicket,
    GUser,
    GView,
)
from api_client.backends.gorgias.views import view_queries
from api_client.errors import (
    AuthError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknownError,
)
from api_client.models import (
    Agent,
    ChangePage,
    Customer,
    CustomerHistory,
    Group,
    Macro,
    Message,
    Order,
    Ticket,
    TicketUpdate,
)

__all__ = ["DEFAULT_SNOOZE_HOURS", "HISTORY_LIMIT", "GorgiasBackend"]

logger = logging.getLogger(__name__)

HISTORY_LIMIT = 1000
"""The most of a customer's tickets read for the customer pane (10 pages)."""
DEFAULT_SNOOZE_HOURS = 72
"""How long a ticket set to pending (or on hold) stays snoozed, unless the profile says."""
_BOT = "bot"
_ROUTE_PAGE = {"order_by": "created_datetime:desc"}


class GorgiasBackend(HttpBackend[Connection]):
    """A Gorgias helpdesk. See ``docs/backends/gorgias.md``."""

    name: ClassVar[str] = "gorgias"
    label: ClassVar[str] = "Gorgias"
    options = (
        *address_options("gorgias.com", label="Account domain"),
        BackendOption(
            name="email",
            label="User email",
            description="the email of the Gorgias user the API key belongs to",
        ),
        BackendOption(
            name="token",
            label="API key",
            description="Settings → REST API in Gorgias; kept in the OS keyring or an "
            "environment variable",
            secret=True,
        ),
        BackendOption(
            name="snooze_hours",
            label="Snooze for pending (hours)",
            description="a ticket set to pending or on hold is snoozed this long "
            f"(default {DEFAULT_SNOOZE_HOURS}); Gorgias reopens it then, or when the "
            "customer writes",
            required=False,
        ),
    )
    capabilities = frozenset(
        {
            Capability.CHANGES,
            Capability.NOTES,
            Capability.TAGS,
            Capability.ASSIGN,
            Capability.GROUPS,
            Capability.MACROS,
            Capability.ORDERS,
            Capability.EXTERNAL_IDS,
            Capability.STAGE_FIELD,
        }
    )
    page_size = PAGE_SIZE

    def __init__(
        self,
        profile: str,
        settings: dict[str, str],
        secrets: dict[str, str],
        *,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(profile, settings, secrets, http=http)
        site = Site.from_options(self.settings, self._secrets)
        self.snooze = timedelta(hours=_snooze_hours(self.settings.get("snooze_hours")))
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        """Now, for snooze dates (tests freeze it)."""
        self._conn = Connection(site, self._http_client(http))
        self._me: Agent | None = None
        self._names: dict[int, str] = {}

    # -- helpers -------------------------------------------------------------------------

    def _ticket(self, raw: GTicket) -> Ticket:
        return convert.ticket(raw, self.qid, site=self.site)

    def _remember(self, users: Iterable[GUser]) -> None:
        for user in users:
            if user.id is not None:
                self._names[user.id] = convert.person_name(user, f"agent {user.id}")

    async def _raw_ticket(self, number: int) -> GTicket:
        return await self._api.get(f"/api/tickets/{number}", GTicket)

    @staticmethod
    def _check_version(raw: GTicket, expected: str | None) -> None:
        if expected is None:
            return
        current = raw.updated_datetime or ""
        if not convert.same_version(current, expected):
            raise ConflictError(
                f"ticket {raw.id} changed since {expected} (now {current or 'unknown'})",
                current_version=current or None,
            )

    # -- reading -------------------------------------------------------------------------

    async def who_am_i(self) -> Agent:
        """``GET /api/users/0`` (the user the API key belongs to); an answer that names no
        user (the published spec documents none) is completed from the login email."""
        content = await self._api.send("GET", "/api/users/0")
        user = self._api.decode(content, GUser, "GET", "/api/users/0") if content.strip() else None
        if user is None or user.id is None:
            user = await self._user_by_email()
        self._remember([user])
        self._me = convert.agent(user, self.qid)
        return self._me

    async def _user_by_email(self) -> GUser:
        email = self._conn.site.email
        users, _ = await self._api.page("/api/users", GUser, {"email": email})
        for user in users:
            if user.id is not None and (user.email or "").casefold() == email.casefold():
                return user
        raise AuthError(f"Gorgias did not say which user {email} is")

    async def changes(self, cursor: str | None, *, limit: int | None = None) -> ChangePage:
        size = max(1, min(limit or self.page_size, self.page_size))
        position = Position.decode(cursor)
        try:
            return await self._changes(position, size)
        except (InvalidRequestError, NotFoundError):
            if position.api_cursor is None:
                raise
        # Gorgias's cursors are short-lived: walk again from what we know.
        logger.info("Gorgias refused a stored list cursor; catching up from the watermark")
        again = Position(watermark=position.watermark, descending=position.watermark is not None)
        return await self._changes(again, size)

    async def _changes(self, position: Position, size: int) -> ChangePage:
        ascending = not position.descending and (
            position.watermark is None or position.api_cursor is not None
        )
        order = {"order_by": ASC if ascending else DESC}
        raws, following = await self._api.page(
            "/api/tickets", GTicket, order, position.api_cursor, limit=size
        )
        marks = {raw.id: mark_of(raw) for raw in raws}
        watermark = position.watermark
        fresh = [raw for raw in raws if (m := marks[raw.id]) is None or m.after(watermark)]
        newest = _latest([position.top, *(marks[raw.id] for raw in fresh)])
        if ascending:
            more = following is not None
            after = Position(watermark=_latest([watermark, newest]), api_cursor=following)
        else:
            more = following is not None and len(fresh) == len(raws)
            if more:
                after = Position(
                    watermark=watermark, api_cursor=following, descending=True, top=newest
                )
            else:
                after = Position(watermark=_latest([watermark, newest]))
        return self._change_page(fresh, after, more)

    def _change_page(self, fresh: list[GTicket], after: Position, more: bool) -> ChangePage:
        alive = [raw for raw in fresh if not convert.is_deleted(raw)]
        customers: dict[str, Customer] = {}
        orders: dict[str, list[Order]] = {}
        for raw in alive:
            if raw.customer is not None and raw.customer.id is not None:
                found = convert.customer(raw.customer, self.qid)
                customers.setdefault(found.id, found)
                # A listed ticket carries its customer's whole record, integrations too:
                # their Shopify orders come with it, at no extra request.
                if found.id not in orders and has_shopify(raw.customer.integrations):
                    orders[found.id] = customer_orders(
                        raw.customer.integrations, found.id, self.qid
                    )
        return ChangePage(
            tickets=tuple(self._ticket(raw) for raw in alive),
            customers=tuple(customers.values()),
            orders=tuple(o for theirs in orders.values() for o in theirs),
            orders_of=tuple(orders),
            deleted=tuple(self.qid(raw.id) for raw in fresh if convert.is_deleted(raw)),
            threads_included=False,
            cursor=after.encode(),
            more=more,
        )

    async def get_ticket(self, ticket_id: str) -> Ticket:
        return self._ticket(await self._raw_ticket(native(ticket_id, "ticket")))

    async def get_thread(self, ticket_id: str) -> list[Message]:
        number = native(ticket_id, "ticket")
        raws: list[GMessage] = []
        params = {"ticket_id": str(number), "order_by": "created_datetime:asc"}
        async for page in self._api.pages("/api/messages", GMessage, params):
            raws.extend(raw for raw in page if not raw.deleted_datetime)
        first = next(
            (r for r in raws if not r.from_agent and r.channel in convert.CUSTOMER_CHANNELS), None
        )
        channel = convert.channel_of(first.channel if first else None)
        qualified = self.qid(number)
        thread = [convert.message(raw, qualified, self.qid, ticket_channel=channel) for raw in raws]
        return sorted(thread, key=lambda m: m.created_at)  # stable: Gorgias's order on ties

    async def get_customer(self, customer_id: str) -> CustomerHistory:
        number = native(customer_id, "customer")
        raw = await self._api.get(f"/api/customers/{number}", GCustomer)
        if raw.id is None:
            raw = msgspec.structs.replace(raw, id=number)
        customer = convert.customer(raw, self.qid)
        tickets: list[Ticket] = []
        params = {"customer_id": str(number), "order_by": "created_datetime:desc"}
        async for page in self._api.pages(
            "/api/tickets", GTicket, params, max_records=HISTORY_LIMIT
        ):
            tickets.extend(self._ticket(t) for t in page if not convert.is_deleted(t))
        tickets.sort(key=lambda t: t.created_at, reverse=True)
        return CustomerHistory(
            customer=customer,
            orders=tuple(customer_orders(raw.integrations, customer.id, self.qid)),
            tickets=tuple(tickets),
        )

    async def list_agents(self) -> list[Agent]:
        agents: list[Agent] = []
        async for page in self._api.pages("/api/users", GUser):
            users = [
                u for u in page if u.id is not None and (u.role is None or u.role.name != _BOT)
            ]
            self._remember(users)
            agents.extend(convert.agent(user, self.qid) for user in users)
        return sorted(agents, key=lambda a: a.name.lower())

    async def list_groups(self) -> list[Group]:
        groups: list[Group] = []
        async for page in self._api.pages("/api/teams", GTeam):
            groups.extend(convert.group(raw, self.qid) for raw in page)
        return sorted(groups, key=lambda g: g.name.lower())

    async def list_macros(self) -> list[Macro]:
        macros: list[Macro] = []
        async for page in self._api.pages("/api/macros", GMacro):
            macros.extend(convert.macro(raw, self.qid) for raw in page)
        return sorted(macros, key=lambda m: m.title.lower())

    async def list_tags(self) -> list[str]:
        """Every tag of the account, by name (for completion; stage tags left out)."""
        names: set[str] = set()
        async for page in self._api.pages("/api/tags", GTag):
            names.update(tag.name for tag in page if tag.name)
        prefix = convert.STAGE_TAG_PREFIX
        return sorted((n for n in names if not n.startswith(prefix)), key=str.lower)

    async def list_views(self) -> dict[str, str]:
        """The account's active views as saved views (name → query), where they translate."""
        views: list[GView] = []
        async for page in self._api.pages("/api/views", GView):
            views.extend(page)
        if not self._names:
            await self.list_agents()
        teams = {native(g.id): g.name for g in await self.list_groups()}
        return view_queries(views, agents=dict(self._names), teams=teams)

    # -- writing -------------------------------------------------------------------------

    def _put_body(self, raw: GTicket, update: TicketUpdate) -> dict[str, object]:
        return writes.ticket_changes(raw, update, now=self.clock(), snooze=self.snooze)

    async def _sender(self, outgoing: Outgoing) -> tuple[int, GAddress]:
        """The user a message is from: the outbox's agent, else the API key's user."""
        if outgoing.author_id is not None:
            author = native(outgoing.author_id, "agent")
            if self._me is not None and native(self._me.id) == author:
                return author, GAddress(name=self._me.name, address=self._me.email)
            return author, GAddress(name=self._names.get(author))
        me = self._me or await self.who_am_i()
        return native(me.id), GAddress(name=me.name, address=me.email)

    async def _last_customer_message(self, raw: GTicket) -> GMessage | None:
        """The customer's latest message, from the ticket's own answer when it has them."""
        if raw.messages is not None:
            found = writes.customer_message(raw.messages)
            if found is not None:
                return found
        params = {"ticket_id": str(raw.id), **_ROUTE_PAGE}
        messages, _ = await self._api.page("/api/messages", GMessage, params)
        return writes.customer_message(messages)

    async def post_message(self, ticket_id: str, outgoing: Outgoing) -> Message:
        number = native(ticket_id, "ticket")
        raw = await self._raw_ticket(number)
        self._check_version(raw, outgoing.expected_version)
        changes = self._put_body(raw, outgoing.update)
        if changes:  # fields first: they can be sent again safely, a message cannot
            await self._api.put(f"/api/tickets/{number}", GTicket, changes)
        sender_id, sender = await self._sender(outgoing)
        last = await self._last_customer_message(raw) if outgoing.public else None
        body = writes.message_body(outgoing, raw, sender_id=sender_id, sender=sender, last=last)
        path = f"/api/tickets/{number}/messages"
        answer = await self._api.post(path, GMessage, body)
        if answer.id is None:
            raise OutcomeUnknownError(
                f"POST {path}: Gorgias's answer names no message; the reply may or may not "
                "have been posted"
            )
        ours = msgspec.structs.replace(
            answer,
            from_agent=True,
            rule_id=None,
            sender=GPersonRef(id=sender_id, name=sender.name or self._names.get(sender_id)),
            created_datetime=answer.created_datetime or convert.stamp(self.clock()),
        )
        channel = convert.channel_of(raw.channel)
        return convert.message(ours, self.qid(number), self.qid, ticket_channel=channel)

    async def update(
        self, ticket_id: str, update: TicketUpdate, *, expected_version: str | None = None
    ) -> Ticket:
        number = native(ticket_id, "ticket")
        raw = await self._raw_ticket(number)
        self._check_version(raw, expected_version)
        changes = self._put_body(raw, update)
        if not changes:
            return self._ticket(raw)
        answer = await self._api.put(f"/api/tickets/{number}", GTicket, changes)
        if answer.updated_datetime is None or answer.customer is None or answer.id != number:
            return await self.get_ticket(ticket_id)  # an answer that does not show the ticket
        return self._ticket(answer)


def _latest(marks: Iterable[Mark | None]) -> Mark | None:
    """The mark furthest along the list (``None`` if there is none)."""
    found = [mark for mark in marks if mark is not None]
    return max(found, key=lambda mark: mark.key) if found else None


def _snooze_hours(value: str | None) -> float:
    if value is None or not value.strip():
        return float(DEFAULT_SNOOZE_HOURS)
    try:
        hours = float(value)
    except ValueError:
        hours = -1.0
    if not 0 < hours <= 24 * 365:
        raise InvalidRequestError(
            f"Gorgias option 'snooze_hours' is {value!r}: give a number of hours, such as 72"
        )
    return hours
