"""Zendesk Support (API v2) as a deskside backend.

Sync reads the cursor-based incremental ticket export (``per_page=1000``, the largest it
allows, users and organizations side-loaded; groups come from the directory) and the
comments of every ticket from the ticket events export (:mod:`.events`,
``Capability.MESSAGE_FEED``); a ticket's own thread comes from the comments endpoint.
Both exports are for admins: with an agent's token (403) the change feed falls back to
the search export (:mod:`.search_feed`) and threads are read per ticket. Writes are one
``PUT /api/v2/tickets/{id}`` each: the comment and the field changes travel together,
tags are added and removed (``additional_tags``/``remove_tags``) rather than replaced,
and with a version ``safe_update`` + ``updated_stamp`` make Zendesk answer 409 when the
ticket changed meanwhile, which is a :class:`~api_client.errors.ConflictError`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar

import httpx
import msgspec

from api_client.backend import BackendOption, Capability, Outgoing
from api_client.backends.common.backend import HttpBackend
from api_client.backends.common.site import address_options
from api_client.backends.common.stage_tags import tag_edits
from api_client.backends.zendesk import convert, events
from api_client.backends.zendesk.convert import DELETED, FieldInfo
from api_client.backends.zendesk.endpoints import EXPORT_PAGE_SIZE, Connection, Site, native
from api_client.backends.zendesk.search_feed import PAGE_SIZE as SEARCH_PAGE_SIZE
from api_client.backends.zendesk.search_feed import SearchCursor
from api_client.backends.zendesk.shapes import (
    ZCommentsPage,
    ZEventsPage,
    ZExportPage,
    ZGroupsPage,
    ZMacroApplyAnswer,
    ZMacrosPage,
    ZSearchExportPage,
    ZTicket,
    ZTicketEnvelope,
    ZTicketFieldsPage,
    ZTicketsPage,
    ZUpdateAnswer,
    ZUser,
    ZUserEnvelope,
    ZUsersPage,
    ZUsersShown,
    ZViewsPage,
)
from api_client.backends.zendesk.views import view_queries
from api_client.errors import (
    AuthError,
    BackendError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
)
from api_client.models import (
    Agent,
    AuthorRole,
    ChangePage,
    Channel,
    CustomerHistory,
    Group,
    Macro,
    Message,
    MessagePage,
    Ticket,
    TicketUpdate,
)

__all__ = ["HISTORY_LIMIT", "ZendeskBackend"]

HISTORY_LIMIT = 1000
"""The most of a customer's tickets read for the customer pane (10 pages)."""

_START = "start_time:"
"""Our cursor prefix for "export from this Unix time" (Zendesk's own cursors are base64)."""
_EXPORT_LAG = 60
"""Zendesk's time-based exports refuse a ``start_time`` within the last minute."""
_SHOW_MANY = 100
"""The most ids ``users/show_many`` takes at once."""

logger = logging.getLogger(__name__)


def _is_stamp(version: str) -> bool:
    try:
        datetime.fromisoformat(version)
    except ValueError:
        return False
    return True


class ZendeskBackend(HttpBackend[Connection]):
    """A Zendesk Support account. See ``docs/backends/zendesk.md``."""

    name: ClassVar[str] = "zendesk"
    label: ClassVar[str] = "Zendesk"
    options = (
        *address_options("zendesk.com"),
        BackendOption(
            name="email",
            label="Agent email",
            description="with an API token: signs in as email/token",
            required=False,
        ),
        BackendOption(
            name="auth",
            label="Sign-in method",
            description="api_token (email + API token) or oauth (an OAuth access token); "
            "default: api_token when email is set, else oauth",
            required=False,
        ),
        BackendOption(
            name="token",
            label="API token or OAuth access token",
            description="kept in the OS keyring or an environment variable",
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
            Capability.VERSIONED_UPDATES,
            Capability.STAGE_FIELD,
            Capability.MESSAGE_FEED,
        }
    )
    page_size = EXPORT_PAGE_SIZE

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
        self._conn = Connection(site, self._http_client(http))
        self._me: Agent | None = None
        self._fields: dict[int, FieldInfo] | None = None
        self._names: dict[int, str] = {}
        self._users: dict[int, ZUser] = {}
        """Everyone seen, slimmed to name, email and role (for exported comments' authors)."""
        self._channels: dict[int, Channel] = {}
        """The channel of every ticket converted (for agents' comments in the events)."""
        self._agent_only = False
        """Set when the incremental export answered 403: the search export is used."""
        self.clock: Callable[[], float] = time.time
        """Unix time now (the feeds' "last minute" and search passes; tests set Zendesk's)."""

    # -- helpers -------------------------------------------------------------------------

    def _ticket(
        self, raw: ZTicket, requester: ZUser | None, fields: dict[int, FieldInfo]
    ) -> Ticket:
        ticket = convert.ticket(raw, self.qid, site=self.site, requester=requester, fields=fields)
        self._channels[raw.id] = ticket.channel
        return ticket

    def _remember(self, users: Iterable[ZUser]) -> dict[int, ZUser]:
        by_id = {user.id: user for user in users if user.id is not None}
        for user_id, user in by_id.items():
            if user.name:
                self._names[user_id] = user.name
            # Only what an exported comment's author needs is kept (an account may have
            # a million customers): the name, the email, the role.
            self._users[user_id] = ZUser(
                id=user_id, name=user.name, email=user.email, role=user.role
            )
        return by_id

    async def _look_up(self, user_ids: Iterable[int]) -> dict[int, ZUser]:
        """Read these users, 100 a request (``users/show_many``); all they say."""
        wanted = sorted(set(user_ids))
        found: dict[int, ZUser] = {}
        for start in range(0, len(wanted), _SHOW_MANY):
            chunk = wanted[start : start + _SHOW_MANY]
            answer = await self._api.get(
                "/api/v2/users/show_many", ZUsersShown, {"ids": ",".join(map(str, chunk))}
            )
            found.update(self._remember(answer.users))
        return found

    async def _field_infos(self) -> dict[int, FieldInfo]:
        """Custom field titles, read once; without permission to read them, ids are shown."""
        if self._fields is None:
            found = []
            try:
                async for page in self._api.pages("/api/v2/ticket_fields", ZTicketFieldsPage):
                    found.extend(page.ticket_fields)
            except (AuthError, NotFoundError):
                found = []
            self._fields = convert.field_infos(found)
        return self._fields

    # -- reading -------------------------------------------------------------------------

    async def who_am_i(self) -> Agent:
        answer = await self._api.get("/api/v2/users/me", ZUserEnvelope)
        user = answer.user
        if user.id is None:
            raise AuthError("Zendesk did not accept these credentials (signed in as anonymous)")
        if user.role not in convert.AGENT_ROLES:
            raise AuthError(
                f"these Zendesk credentials belong to an end user (role {user.role!r}); "
                "deskside needs an agent's or an admin's"
            )
        self._remember([user])
        self._me = convert.agent(user, self.qid)
        return self._me

    async def changes(self, cursor: str | None, *, limit: int | None = None) -> ChangePage:
        size = max(1, min(limit or self.page_size, self.page_size))
        searching = cursor is not None and SearchCursor.parse(cursor) is not None
        if self._agent_only or searching:
            return await self._search_changes(cursor, size)
        params = {"per_page": str(size), "include": "users,organizations"}
        resume = cursor if cursor is not None else f"{_START}0"
        if resume.startswith(_START):
            start = resume.removeprefix(_START)
            if not start.isdigit():
                raise InvalidRequestError(f"not a Zendesk export cursor: {cursor!r}")
            params["start_time"] = start
        else:
            params["cursor"] = resume
        infos = asyncio.ensure_future(self._field_infos())  # alongside the export (once)
        try:
            page = await self._api.get("/api/v2/incremental/tickets/cursor", ZExportPage, params)
        except PermissionDeniedError:
            logger.info("the incremental export needs an admin: syncing by search export")
            self._agent_only = True
            await infos
            return await self._search_changes(cursor, size)
        except BaseException:
            infos.cancel()
            await asyncio.gather(infos, return_exceptions=True)
            raise
        fields = await infos
        users = self._remember(page.users)
        orgs = {org.id: org for org in page.organizations}
        latest = {raw.id: raw for raw in page.tickets}  # a ticket may appear twice: last wins
        alive = [raw for raw in latest.values() if raw.status != DELETED]
        tickets = [self._ticket(raw, users.get(raw.requester_id or 0), fields) for raw in alive]
        requesters = sorted({raw.requester_id for raw in alive if raw.requester_id in users})
        if page.after_cursor:
            next_cursor = page.after_cursor
        else:
            stamps = [raw.generated_timestamp for raw in page.tickets if raw.generated_timestamp]
            next_cursor = f"{_START}{max(stamps)}" if stamps else resume
        return ChangePage(
            tickets=tuple(tickets),
            customers=tuple(
                convert.customer(
                    users[uid], self.qid, organization=orgs.get(users[uid].organization_id or 0)
                )
                for uid in requesters
            ),
            deleted=tuple(self.qid(raw.id) for raw in latest.values() if raw.status == DELETED),
            threads_included=False,
            cursor=next_cursor,
            more=not page.end_of_stream,
        )

    async def _search_changes(self, cursor: str | None, size: int) -> ChangePage:
        """The change feed for an agent's credentials (see :mod:`.search_feed`)."""
        now = int(self.clock())
        position = SearchCursor.parse(cursor) if cursor is not None else None
        if position is None:
            since = cursor.removeprefix(_START) if cursor and cursor.startswith(_START) else "0"
            position = SearchCursor.start(int(since) if since.isdigit() else 0, now)
        params: dict[str, str] = {
            "query": position.query(),
            "filter[type]": "ticket",
            "page[size]": str(min(size, SEARCH_PAGE_SIZE)),
            "include": "tickets(users)",
        }
        if position.after is not None:
            params["page[after]"] = position.after
        try:
            page = await self._api.get("/api/v2/search/export", ZSearchExportPage, params)
        except InvalidRequestError:
            if position.after is None:
                raise
            logger.info("the search export's cursor expired: the pass starts over")
            return await self._search_changes(position.restarted(now).encode(), size)
        fields = await self._field_infos()
        people = self._remember(page.users)
        requesters = {raw.requester_id for raw in page.results if raw.requester_id is not None}
        people.update(await self._look_up(requesters - set(people)))  # not side-loaded
        alive = [raw for raw in page.results if raw.status != DELETED]
        tickets = [self._ticket(raw, people.get(raw.requester_id or 0), fields) for raw in alive]
        meta = page.meta
        after = meta.after_cursor if meta is not None else None
        more = bool(meta is not None and meta.has_more and after)
        if more:
            following = SearchCursor(since=position.since, began=position.began, after=after)
        else:
            following = position.next_pass(now)
        return ChangePage(
            tickets=tuple(tickets),
            customers=tuple(
                convert.customer(people[uid], self.qid)
                for uid in sorted(requesters)
                if uid in people
            ),
            cursor=following.encode(),
            more=more,
        )

    def message_cursor_now(self) -> str:
        return f"{_START}{int(self.clock()) - _EXPORT_LAG}"

    async def message_changes(self, cursor: str | None) -> MessagePage:
        """Comments of every ticket from the ticket events export (see :mod:`.events`)."""
        if cursor is None:
            start = 0
        elif cursor.startswith(_START) and cursor.removeprefix(_START).isdigit():
            start = int(cursor.removeprefix(_START))
        else:
            raise InvalidRequestError(f"not a Zendesk ticket events cursor: {cursor!r}")
        start = max(0, start)
        if start > self.clock() - _EXPORT_LAG:
            return MessagePage(cursor=f"{_START}{start}")  # nothing Zendesk would give yet
        params = {"start_time": str(start), "include": "comment_events"}
        page = await self._api.get("/api/v2/incremental/ticket_events", ZEventsPage, params)
        await self._look_up(events.authors(page.ticket_events) - set(self._users))
        found = events.messages(
            page.ticket_events, self.qid, users=self._users, channels=self._channels
        )
        end = page.end_time
        if end is None:
            stamps = [e.timestamp for e in page.ticket_events if e.timestamp is not None]
            end = max(stamps, default=start)
        more = not page.end_of_stream
        if more and end <= start:
            # Over 1,000 events in one second and no way forward: step past it, loudly.
            logger.warning("ticket events export did not advance past %d", start)
            end = start + 1
        return MessagePage(
            messages=tuple(found),
            ticket_ids=tuple(dict.fromkeys(m.ticket_id for m in found)),
            cursor=f"{_START}{end}",
            more=more,
        )

    async def get_ticket(self, ticket_id: str) -> Ticket:
        number = native(ticket_id, "ticket")
        answer = await self._api.get(
            f"/api/v2/tickets/{number}", ZTicketEnvelope, {"include": "users"}
        )
        users = self._remember(answer.users)
        requester = users.get(answer.ticket.requester_id or 0)
        return self._ticket(answer.ticket, requester, await self._field_infos())

    async def get_thread(self, ticket_id: str) -> list[Message]:
        number = native(ticket_id, "ticket")
        comments = []
        users: dict[int, ZUser] = {}
        async for page in self._api.pages(
            f"/api/v2/tickets/{number}/comments", ZCommentsPage, {"include": "users"}
        ):
            comments.extend(page.comments)
            users.update(self._remember(page.users))
        first = comments[0] if comments else None
        channel = convert.channel_of(first.via.channel if first and first.via else None)
        qualified = self.qid(number)
        thread = [
            convert.message(raw, qualified, self.qid, users=users, ticket_channel=channel)
            for raw in comments
        ]
        return sorted(thread, key=lambda m: m.created_at)  # stable: Zendesk's order on ties

    async def get_customer(self, customer_id: str) -> CustomerHistory:
        number = native(customer_id, "customer")
        answer = await self._api.get(
            f"/api/v2/users/{number}", ZUserEnvelope, {"include": "identities,organizations"}
        )
        user = answer.user
        self._remember([user])
        organization = next(
            (org for org in answer.organizations if org.id == user.organization_id), None
        )
        customer = convert.customer(
            user, self.qid, identities=answer.identities, organization=organization
        )
        fields = await self._field_infos()
        tickets: list[Ticket] = []
        async for page in self._api.pages(
            f"/api/v2/users/{number}/tickets/requested", ZTicketsPage, max_records=HISTORY_LIMIT
        ):
            tickets.extend(self._ticket(raw, user, fields) for raw in page.tickets)
        tickets.sort(key=lambda t: t.created_at, reverse=True)
        return CustomerHistory(customer=customer, tickets=tuple(tickets))

    async def list_agents(self) -> list[Agent]:
        agents: list[Agent] = []
        async for page in self._api.pages(
            "/api/v2/users", ZUsersPage, {"role[]": ["agent", "admin"]}
        ):
            self._remember(page.users)
            agents.extend(convert.agent(user, self.qid) for user in page.users)
        return sorted(agents, key=lambda a: a.name.lower())

    async def list_groups(self) -> list[Group]:
        groups: list[Group] = []
        async for page in self._api.pages("/api/v2/groups", ZGroupsPage):
            groups.extend(convert.group(raw, self.qid) for raw in page.groups if not raw.deleted)
        return sorted(groups, key=lambda g: g.name.lower())

    async def list_macros(self) -> list[Macro]:
        macros: list[Macro] = []
        async for page in self._api.pages("/api/v2/macros", ZMacrosPage, {"active": "true"}):
            macros.extend(convert.macro(raw, self.qid) for raw in page.macros if raw.active)
        return sorted(macros, key=lambda m: m.title.lower())

    async def preview_macro(self, ticket_id: str, macro: Macro) -> Macro:
        """``macro`` with its comment as Zendesk renders it for this ticket (placeholders
        filled in). Nothing changes on Zendesk: the outbox applies the macro itself."""
        number = native(ticket_id, "ticket")
        macro_number = native(macro.id, "macro")
        answer = await self._api.get(
            f"/api/v2/tickets/{number}/macros/{macro_number}/apply", ZMacroApplyAnswer
        )
        return convert.macro_preview(macro, answer, self.qid)

    async def list_views(self) -> dict[str, str]:
        """The account's active views as saved views (name → query), where they translate."""
        views = []
        async for page in self._api.pages("/api/v2/views/active", ZViewsPage, cursor=False):
            views.extend(page.views)
        groups = {native(g.id): g.name for g in await self.list_groups()}
        return view_queries(views, groups=groups, agents=dict(self._names))

    # -- writing -------------------------------------------------------------------------

    def _changes(self, update: TicketUpdate, expected_version: str | None) -> dict[str, Any]:
        """The ``ticket`` object of a PUT for ``update`` (and the version guard)."""
        body: dict[str, Any] = {}
        if update.status is not msgspec.UNSET:
            body["status"] = convert.zendesk_status(update.status)
        if update.priority is not msgspec.UNSET:
            body["priority"] = update.priority.value
        if update.assignee_id is not msgspec.UNSET:
            body["assignee_id"] = (
                None if update.assignee_id is None else native(update.assignee_id, "agent")
            )
        if update.group_id is not msgspec.UNSET:
            body["group_id"] = None if update.group_id is None else native(update.group_id, "group")
        adds, removes = tag_edits(update)
        if adds:
            body["additional_tags"] = list(dict.fromkeys(adds))
        if removes:
            body["remove_tags"] = list(dict.fromkeys(removes))
        if expected_version is not None:
            if not _is_stamp(expected_version):
                raise ConflictError(
                    f"version {expected_version!r} is not a Zendesk updated_at stamp"
                )
            body["safe_update"] = True
            body["updated_stamp"] = expected_version
        return body

    async def post_message(self, ticket_id: str, outgoing: Outgoing) -> Message:
        number = native(ticket_id, "ticket")
        comment: dict[str, Any] = {"body": outgoing.body, "public": outgoing.public}
        if outgoing.author_id is not None:
            comment["author_id"] = native(outgoing.author_id, "agent")
        changes = self._changes(outgoing.update, outgoing.expected_version)
        path = f"/api/v2/tickets/{number}"
        answer = await self._api.put(
            path, ZUpdateAnswer, {"ticket": {**changes, "comment": comment}}
        )
        audit = answer.audit
        event = next(
            (e for e in (audit.events if audit else ()) if e.type == "Comment" and e.id), None
        )
        if audit is None or event is None or event.id is None:
            raise OutcomeUnknownError(
                f"PUT {path}: Zendesk's answer names no comment; the reply may or may not "
                "have been posted"
            )
        author = event.author_id or audit.author_id or comment.get("author_id")
        if author is None and self._me is not None:
            author = native(self._me.id)
        when = (
            audit.created_at or (answer.ticket.updated_at if answer.ticket else None) or self._now()
        )
        channel = convert.channel_of(
            answer.ticket.via.channel if answer.ticket and answer.ticket.via else None
        )
        return Message(
            id=self.qid(event.id),
            ticket_id=self.qid(number),
            author_role=AuthorRole.AGENT,
            author_name=await self._author_name(author),
            author_id=self.qid(author) if author is not None else None,
            public=event.public if event.public is not None else outgoing.public,
            channel=channel,
            body=convert.comment_body(event.body, event.plain_body, event.html_body),
            created_at=convert.parse_time(when, "comment time"),
        )

    async def _author_name(self, author: int | None) -> str:
        """The name of a comment's author, after the write: never fails the write."""
        if author is None:
            return "agent"
        if author not in self._names:
            try:
                answer = await self._api.get(f"/api/v2/users/{author}", ZUserEnvelope)
            except BackendError:
                return "agent"  # the next sync of the thread brings the name
            self._remember([answer.user])
        return self._names.get(author) or "agent"

    @staticmethod
    def _now() -> str:
        return datetime.now(UTC).isoformat()

    async def update(
        self, ticket_id: str, update: TicketUpdate, *, expected_version: str | None = None
    ) -> Ticket:
        number = native(ticket_id, "ticket")
        if update.is_empty():
            current = await self.get_ticket(ticket_id)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(
                    f"ticket {number} changed since {expected_version}",
                    current_version=current.version,
                )
            return current
        changes = self._changes(update, expected_version)
        answer = await self._api.put(
            f"/api/v2/tickets/{number}", ZUpdateAnswer, {"ticket": changes}
        )
        raw = answer.ticket
        if raw is None or raw.updated_at is None or raw.requester_id is None:
            # Zendesk's schema promises no more than the id: read the ticket back.
            return await self.get_ticket(ticket_id)
        return self._ticket(raw, None, await self._field_infos())
