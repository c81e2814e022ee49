"""Freshdesk (API v2) as a deskside backend.

Sync follows "List All Tickets" by ``updated_since`` in ascending ``updated_at`` order,
one page per request, restarting every query from the newest ticket delivered so the
30-day default window and the 300-page cap can never cut a sync short (see
:mod:`.feed`). Threads are the ticket's description followed by its conversations.

A public reply is ``POST /api/v2/tickets/{id}/reply``, a note ``POST .../notes`` with
``private: true``; field changes that go with them are a ``PUT /api/v2/tickets/{id}``
after the message. Freshdesk has no conditional update, so this backend does not claim
``VERSIONED_UPDATES``: before a write with an expected version it reads the ticket again
and refuses (:class:`~api_client.errors.ConflictError`) when ``updated_at`` moved.

Conversations cannot carry our idempotency key (no ``EXTERNAL_IDS``): after a lost
answer the outbox finds a message by its body. When the message went out but the
``PUT`` after it failed, :class:`PartialDeliveryError` (an unknown outcome) makes the
outbox reconcile by body rather than post again. See ``docs/backends/freshdesk.md``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

import httpx
import msgspec

from api_client.backend import BackendOption, Capability, Outgoing
from api_client.backends.common.backend import HttpBackend
from api_client.backends.common.site import address_options
from api_client.backends.common.stage_tags import tag_edits
from api_client.backends.common.values import same_version
from api_client.backends.freshdesk import convert
from api_client.backends.freshdesk.convert import PRIORITY_IDS, Schema
from api_client.backends.freshdesk.endpoints import (
    PAGE_SIZE,
    Answer,
    Connection,
    FreshdeskValidationError,
    Site,
    native,
)
from api_client.backends.freshdesk.feed import (
    FULL_SYNC_SINCE,
    LANES,
    PAGE_CAP,
    FeedCursor,
    Lane,
    LaneState,
    Row,
    stamp,
    step,
)
from api_client.backends.freshdesk.shapes import (
    FAgent,
    FCannedFolder,
    FCannedResponse,
    FContact,
    FConversation,
    FGroup,
    FTicket,
    FTicketField,
)
from api_client.errors import (
    AuthError,
    BackendError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknownError,
)
from api_client.models import (
    Agent,
    AuthorRole,
    ChangePage,
    Channel,
    Customer,
    CustomerHistory,
    Group,
    Macro,
    Message,
    Ticket,
    TicketUpdate,
)

__all__ = ["AGENTS_REFRESH", "HISTORY_LIMIT", "FreshdeskBackend", "PartialDeliveryError"]

HISTORY_LIMIT = 1000
"""The most of a customer's tickets read for the customer pane (10 pages)."""
AGENTS_REFRESH = 300.0
"""Seconds before an unknown conversation author makes the agent list be read again."""
_DELETIONS_MARGIN = timedelta(hours=1)
"""Without the server's ``Date``, deletions are read from this long before our clock's now."""


class PartialDeliveryError(OutcomeUnknownError):
    """The reply or note was posted but the field changes after it were not applied.

    An unknown outcome on purpose: the outbox must not post the message again. It
    reconciles the row by finding the message in the thread by its body (Freshdesk
    conversations cannot carry our key); ``posted`` is that message, ``cause`` what
    refused the ``PUT``.
    """

    def __init__(self, message: str, *, posted: Message, cause: BackendError) -> None:
        super().__init__(message)
        self.posted = posted
        self.cause = cause


def _server_time(answer: Answer) -> datetime:
    """When the answer was made, by the server's ``Date`` (our clock less a margin without)."""
    value = answer.headers.get("date")
    if value:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        else:
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC) - _DELETIONS_MARGIN


class FreshdeskBackend(HttpBackend[Connection]):
    """A Freshdesk account. See ``docs/backends/freshdesk.md``."""

    name: ClassVar[str] = "freshdesk"
    label: ClassVar[str] = "Freshdesk"
    options = (
        *address_options("freshdesk.com"),
        BackendOption(
            name="token",
            label="API key",
            description="the agent's API key (Profile settings → View API key)",
            secret=True,
        ),
    )
    capabilities = frozenset(
        {
            Capability.CHANGES,
            Capability.NOTES,
            Capability.TAGS,
            Capability.ASSIGN,
            Capability.GROUPS,
            Capability.PRIORITY,
            Capability.MACROS,
            Capability.STAGE_FIELD,
        }
    )
    page_size = PAGE_SIZE

    def __init__(
        self,
        profile: str,
        settings: Mapping[str, str],
        secrets: Mapping[str, str],
        *,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(profile, settings, secrets, http=http)
        site = Site.from_options(self.settings, self._secrets)
        self._conn = Connection(site, self._http_client(http))
        self._me: Agent | None = None
        self._schema: Schema | None = None
        self._agents: dict[int, str] | None = None
        self._agents_read_at = 0.0
        self._listed: dict[int, FTicket] = {}
        """The last feed page's tickets (with descriptions): a thread read right after
        needs no second request for its first message."""

    # -- helpers -------------------------------------------------------------------------

    async def _fields(self) -> Schema:
        """Status names and custom field labels, read once (stock ones without permission)."""
        if self._schema is None:
            try:
                fields = await self._api.get("/api/v2/ticket_fields", list[FTicketField])
            except (AuthError, NotFoundError):
                self._schema = convert.default_schema()
            else:
                self._schema = convert.schema_from_fields(fields)
        return self._schema

    async def _ticket(self, raw: FTicket) -> Ticket:
        return convert.ticket(raw, self.qid, site=self.site, schema=await self._fields())

    async def _agent_names(self, *, unknown: int | None = None) -> dict[int, str]:
        """Agent names by id, read once; again (at most every few minutes) for a stranger."""
        stale = time.monotonic() - self._agents_read_at > AGENTS_REFRESH
        if self._agents is None or (unknown is not None and stale):
            await self.list_agents()
        return self._agents or {}

    def _remember_agent(self, raw: FAgent) -> None:
        if raw.id is not None and self._agents is not None:
            self._agents[raw.id] = (raw.contact.name or "").strip() or f"agent {raw.id}"

    async def _read(self, number: int, *, include: str | None = None) -> FTicket:
        """One ticket as Freshdesk holds it; a deleted or spam ticket is not found."""
        params = {"include": include} if include else None
        raw = await self._api.get(f"/api/v2/tickets/{number}", FTicket, params)
        if raw.deleted or raw.spam:
            raise NotFoundError(
                f"Freshdesk ticket {number} is {'deleted' if raw.deleted else 'spam'}"
            )
        return raw

    # -- reading -------------------------------------------------------------------------

    async def who_am_i(self) -> Agent:
        raw = await self._api.get("/api/v2/agents/me", FAgent)
        if raw.id is None:
            raise AuthError("Freshdesk did not say whom these credentials belong to")
        self._remember_agent(raw)
        self._me = convert.agent(raw, self.qid)
        return self._me

    async def changes(self, cursor: str | None, *, limit: int | None = None) -> ChangePage:
        size = max(1, min(limit or self.page_size, self.page_size))
        feed = FeedCursor.decode(cursor) if cursor is not None else None
        lane = feed.lane if feed is not None else Lane.TICKETS
        state = feed.state() if feed is not None else LaneState(FULL_SYNC_SINCE)
        raws, answer = await self._list(lane, state, size)
        if feed is None:
            feed = FeedCursor.start(deletions_since=stamp(_server_time(answer)))
        rows = [Row(raw.id, raw.updated_at or raw.created_at or "") for raw in raws]
        moved = step(state, rows, per_page=size, cap=PAGE_CAP)
        fresh = set(moved.fresh)
        picked = [raw for raw in raws if raw.id in fresh]
        last_lane = lane is LANES[-1]
        if not moved.exhausted:
            following = lane
        else:
            following = LANES[0] if last_lane else LANES[LANES.index(lane) + 1]
        next_cursor = feed.moved(moved.state, next_lane=following).encode()
        more = not (moved.exhausted and last_lane)
        if lane is not Lane.TICKETS:
            deleted = tuple(self.qid(raw.id) for raw in picked)
            return ChangePage(deleted=deleted, cursor=next_cursor, more=more)
        self._listed = {raw.id: raw for raw in picked}
        tickets = [await self._ticket(raw) for raw in picked]
        customers: dict[int, Customer] = {}
        for raw in picked:
            if raw.requester is not None and raw.requester.id not in customers:
                found = convert.customer_from_requester(raw.requester, self.qid)
                if found is not None and raw.requester.id is not None:
                    customers[raw.requester.id] = found
        return ChangePage(
            tickets=tuple(tickets),
            customers=tuple(customers.values()),
            threads_included=False,
            cursor=next_cursor,
            more=more,
        )

    async def _list(self, lane: Lane, state: LaneState, size: int) -> tuple[list[FTicket], Answer]:
        """One page of one lane's query (``updated_since``, ascending ``updated_at``)."""
        params = {
            "updated_since": state.since,
            "order_by": "updated_at",
            "order_type": "asc",
            "per_page": str(size),
            "page": str(state.page),
        }
        if lane is Lane.TICKETS:
            params["include"] = "requester,description"
        else:
            params["filter"] = lane.value
        try:
            return await self._api.get_answer("/api/v2/tickets", list[FTicket], params)
        except FreshdeskValidationError as error:
            if any(name == "page" for name, _ in error.fields):
                raise InvalidRequestError(
                    f"{error}: Freshdesk refuses pages past its cap of {PAGE_CAP}; the feed "
                    f"was at page {state.page} of tickets updated since {state.since}"
                ) from None
            raise

    async def get_ticket(self, ticket_id: str) -> Ticket:
        return await self._ticket(await self._read(native(ticket_id, "ticket")))

    async def get_thread(self, ticket_id: str) -> list[Message]:
        number = native(ticket_id, "ticket")
        raw = self._listed.pop(number, None)
        if raw is None or (raw.description_text is None and raw.description is None):
            raw = await self._read(number, include="requester")
        conversations: list[FConversation] = []
        async for page in self._api.pages(
            f"/api/v2/tickets/{number}/conversations", list[FConversation]
        ):
            conversations.extend(page)
        agents = await self._agent_names()
        strangers = {
            c.user_id
            for c in conversations
            if c.user_id is not None
            and c.user_id not in agents
            and not c.incoming
            and c.user_id != raw.requester_id
        }
        if strangers:
            agents = await self._agent_names(unknown=min(strangers))
        channel = convert.channel_of(raw.source)
        requester = raw.requester.name if raw.requester is not None else None
        thread: list[Message] = []
        if raw.description_text or raw.description:
            thread.append(
                convert.description_message(
                    raw, self.qid, requester_name=requester, channel=channel
                )
            )
        qualified = self.qid(number)
        thread.extend(
            convert.message(
                c,
                qualified,
                self.qid,
                agents=agents,
                requester_id=raw.requester_id,
                requester_name=requester,
                channel=channel,
            )
            for c in conversations
        )
        return sorted(thread, key=lambda m: m.created_at)  # stable: Freshdesk's order on ties

    async def get_customer(self, customer_id: str) -> CustomerHistory:
        number = native(customer_id, "customer")
        contact = await self._api.get(f"/api/v2/contacts/{number}", FContact)
        customer = convert.customer(contact, self.qid)
        tickets: list[Ticket] = []
        params = {
            "requester_id": str(number),
            "updated_since": FULL_SYNC_SINCE,  # else only the past 30 days
            "order_by": "created_at",
            "order_type": "desc",
        }
        async for page in self._api.pages(
            "/api/v2/tickets", list[FTicket], params, max_records=HISTORY_LIMIT
        ):
            tickets.extend([await self._ticket(raw) for raw in page if raw.requester_id])
        tickets.sort(key=lambda t: t.created_at, reverse=True)
        return CustomerHistory(customer=customer, tickets=tuple(tickets[:HISTORY_LIMIT]))

    async def list_agents(self) -> list[Agent]:
        agents: list[Agent] = []
        names: dict[int, str] = {}
        async for page in self._api.pages("/api/v2/agents", list[FAgent]):
            for raw in page:
                if raw.id is None:
                    continue
                agents.append(convert.agent(raw, self.qid))
                names[raw.id] = agents[-1].name
        if self._me is not None:
            names.setdefault(native(self._me.id), self._me.name)
        self._agents = names
        self._agents_read_at = time.monotonic()
        return sorted(agents, key=lambda a: a.name.lower())

    async def list_groups(self) -> list[Group]:
        groups: list[Group] = []
        async for page in self._api.pages("/api/v2/groups", list[FGroup]):
            groups.extend(convert.group(raw, self.qid) for raw in page)
        return sorted(groups, key=lambda g: g.name.lower())

    async def list_macros(self) -> list[Macro]:
        """Canned responses of every folder the agent sees, as ``Folder::Title`` macros."""
        folders = await self._api.get("/api/v2/canned_response_folders", list[FCannedFolder])
        macros: list[Macro] = []
        for folder in folders:
            responses = await self._api.get(
                f"/api/v2/canned_response_folders/{folder.id}/responses", list[FCannedResponse]
            )
            macros.extend(convert.macro(folder, raw, self.qid) for raw in responses)
        return sorted(macros, key=lambda m: m.title.lower())

    # -- writing -------------------------------------------------------------------------

    async def _checked(self, number: int, expected_version: str | None) -> FTicket | None:
        """The ticket read again, refused when it changed since ``expected_version``."""
        if expected_version is None:
            return None
        current = await self._read(number)
        version = current.updated_at or current.created_at or ""
        if not same_version(version, expected_version):
            raise ConflictError(
                f"Freshdesk ticket {number} changed since {expected_version} (now {version})",
                current_version=version,
            )
        return current

    async def _changes(
        self, number: int, update: TicketUpdate, current: FTicket | None
    ) -> dict[str, Any]:
        """The body of ``PUT /api/v2/tickets/{id}`` for ``update`` (tags as the full list)."""
        body: dict[str, Any] = {}
        if update.status is not msgspec.UNSET:
            body["status"] = (await self._fields()).status_id(update.status)
        if update.priority is not msgspec.UNSET:
            body["priority"] = PRIORITY_IDS[update.priority]
        if update.assignee_id is not msgspec.UNSET:
            body["responder_id"] = (
                None if update.assignee_id is None else native(update.assignee_id, "agent")
            )
        if update.group_id is not msgspec.UNSET:
            body["group_id"] = None if update.group_id is None else native(update.group_id, "group")
        adds, removes = tag_edits(update)
        if adds or removes:
            if current is None:
                current = await self._read(number)
            body["tags"] = convert.tags_after(current.tags, adds, removes)
        return body

    async def _apply(self, number: int, update: TicketUpdate, current: FTicket | None) -> Ticket:
        body = await self._changes(number, update, current)
        raw = await self._api.write("PUT", f"/api/v2/tickets/{number}", FTicket, body)
        if raw.updated_at is None or raw.requester_id is None:
            return await self.get_ticket(self.qid(number))  # an answer without the ticket
        return await self._ticket(raw)

    async def post_message(self, ticket_id: str, outgoing: Outgoing) -> Message:
        number = native(ticket_id, "ticket")
        current = await self._checked(number, outgoing.expected_version)
        body: dict[str, Any] = {"body": convert.reply_html(outgoing.body)}
        author = native(outgoing.author_id, "agent") if outgoing.author_id is not None else None
        if author is not None:
            body["user_id"] = author
        if outgoing.public:
            path = f"/api/v2/tickets/{number}/reply"
        else:
            path = f"/api/v2/tickets/{number}/notes"
            body["private"] = True
        raw = await self._api.write("POST", path, FConversation, body)
        channel = convert.channel_of(current.source if current is not None else None)
        posted = await self._posted(raw, number, outgoing, author, channel)
        if outgoing.update.is_empty():
            return posted
        try:
            await self._apply(number, outgoing.update, current)
        except BackendError as error:
            what = "reply" if outgoing.public else "note"
            raise PartialDeliveryError(
                f"Freshdesk: the {what} was posted (conversation {raw.id}) but the field "
                f"changes after it failed ({type(error).__name__}: {error}); it must not be "
                "posted again: the outbox finds it by its body, then applies the changes",
                posted=posted,
                cause=error,
            ) from error
        return posted

    async def _posted(
        self,
        raw: FConversation,
        number: int,
        outgoing: Outgoing,
        author: int | None,
        channel: Channel,
    ) -> Message:
        """Our own message as Freshdesk answered it (never fails once it is posted)."""
        user = raw.user_id if raw.user_id is not None else author
        if user is None and self._me is not None:
            user = native(self._me.id)
        name = "agent"
        if user is not None:
            with contextlib.suppress(BackendError):  # the next sync of the thread names it
                name = (await self._agent_names()).get(user, name)
        created = raw.created_at or raw.updated_at or stamp(datetime.now(UTC))
        message = convert.message(
            msgspec.structs.replace(raw, user_id=user, created_at=created, incoming=False),
            self.qid(number),
            self.qid,
            agents={user: name} if user is not None else {},
            requester_id=None,
            requester_name=None,
            channel=channel,
            public=outgoing.public,
        )
        if message.author_role is not AuthorRole.AGENT:
            message = msgspec.structs.replace(message, author_role=AuthorRole.AGENT)
        return message

    async def update(
        self, ticket_id: str, update: TicketUpdate, *, expected_version: str | None = None
    ) -> Ticket:
        number = native(ticket_id, "ticket")
        current = await self._checked(number, expected_version)
        if update.is_empty():
            return await self._ticket(current if current is not None else await self._read(number))
        return await self._apply(number, update, current)
