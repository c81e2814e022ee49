"""The contract every helpdesk backend implements (Harlequin's adapter pattern, async).

A backend declares its options (what a profile must configure) and capabilities
(what the helpdesk can do), receives an injected ``httpx.AsyncClient`` and its
secrets as arguments, converts vendor JSON to :mod:`api_client.models` at the
boundary, and raises only :mod:`api_client.errors`. The console never talks to a
helpdesk any other way, so a backend added later gets the mirror, the outbox and
every screen for free. Backends register under the ``deskside.backends`` entry
point group; see :mod:`api_client.registry`.
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Mapping, Sequence
from typing import ClassVar

import httpx
import msgspec

from api_client.errors import InvalidRequestError, UnsupportedError
from api_client.http import RateBudget
from api_client.models import (
    Agent,
    ChangePage,
    CustomerHistory,
    Group,
    Macro,
    Message,
    MessagePage,
    Ticket,
    TicketUpdate,
    native_id,
    qualify,
)

__all__ = ["Backend", "BackendOption", "Capability", "Outgoing"]


class Capability(enum.StrEnum):
    """What a helpdesk can do beyond the core operations; the UI hides what is missing."""

    CHANGES = "changes"
    """An incremental feed of changed tickets since a cursor (else full re-listing)."""
    NOTES = "notes"
    """Internal notes, invisible to the customer."""
    TAGS = "tags"
    ASSIGN = "assign"
    GROUPS = "groups"
    PRIORITY = "priority"
    MACROS = "macros"
    ORDERS = "orders"
    """Orders and shipments for a customer (e-commerce integration)."""
    VERSIONED_UPDATES = "versioned_updates"
    """The helpdesk itself refuses an update made against a stale version."""
    EXTERNAL_IDS = "external_ids"
    """A posted message can carry our idempotency key, found again on reconcile."""
    STAGE_FIELD = "stage_field"
    """The workflow stage is stored by the helpdesk (a field or a tag)."""
    MESSAGE_FEED = "message_feed"
    """New messages of every ticket come in bulk from a feed (:meth:`Backend.message_changes`),
    so a sync need not read each changed ticket's thread."""


class BackendOption(msgspec.Struct, frozen=True, kw_only=True):
    """One setting a profile gives its backend (``secret`` ones live in the keyring)."""

    name: str
    label: str
    description: str = ""
    required: bool = True
    secret: bool = False
    default: str | None = None
    alternative: str | None = None
    """Another option that can stand in for this one (``base_url`` for ``subdomain``)."""


class Outgoing(msgspec.Struct, frozen=True, kw_only=True):
    """A reply or note to post, with the field changes that go with it."""

    body: str
    public: bool
    external_id: str
    """The outbox key: how an unknown outcome is reconciled before any resend."""
    author_id: str | None = None
    update: TicketUpdate = msgspec.field(default_factory=TicketUpdate)
    expected_version: str | None = None
    """Refuse (``ConflictError``) when the ticket changed since this version."""


class Backend(abc.ABC):
    """An async helpdesk client. One instance per profile; close it with ``aclose``."""

    name: ClassVar[str]
    """The entry-point name (``"zendesk"``)."""
    label: ClassVar[str]
    """How the UI names it (``"Zendesk"``)."""
    options: ClassVar[Sequence[BackendOption]] = ()
    capabilities: ClassVar[frozenset[Capability]] = frozenset()
    page_size: ClassVar[int] = 100
    """The largest page the helpdesk's changes feed allows."""

    def __init__(
        self,
        profile: str,
        settings: Mapping[str, str],
        secrets: Mapping[str, str],
        *,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.profile = profile
        self.settings = dict(settings)
        self._secrets = dict(secrets)
        self._http = http
        self.budget: RateBudget | None = None
        missing = [
            option.name
            for option in self.options
            if option.required
            and option.default is None
            and not (secrets if option.secret else settings).get(option.name)
            and not (option.alternative and settings.get(option.alternative))
        ]
        if missing:
            raise InvalidRequestError(
                f"profile {profile!r} ({self.label}) is missing: {', '.join(missing)}"
            )

    def __repr__(self) -> str:  # never shows secrets
        return f"<{type(self).__name__} profile={self.profile!r}>"

    def qid(self, native: str | int) -> str:
        """Qualify a helpdesk id with this profile."""
        return qualify(self.profile, str(native))

    def nid(self, qualified: str) -> str:
        """The helpdesk's own id inside one of our qualified ids."""
        return native_id(qualified)

    def supports(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def require(self, capability: Capability) -> None:
        if capability not in self.capabilities:
            raise UnsupportedError(f"{self.label} cannot do this: no {capability.value!r}")

    # -- reading -----------------------------------------------------------------

    @abc.abstractmethod
    async def who_am_i(self) -> Agent:
        """The agent these credentials belong to (also how a login is verified)."""

    @abc.abstractmethod
    async def changes(self, cursor: str | None, *, limit: int | None = None) -> ChangePage:
        """Tickets changed since ``cursor``; ``None`` starts a full listing from the start."""

    @abc.abstractmethod
    async def get_ticket(self, ticket_id: str) -> Ticket: ...

    @abc.abstractmethod
    async def get_thread(self, ticket_id: str) -> list[Message]:
        """Every message of the ticket, oldest first."""

    async def message_changes(self, cursor: str | None) -> MessagePage:
        """Messages added since ``cursor`` (``None``: since the start).

        Only with :attr:`Capability.MESSAGE_FEED`; a backend may still refuse at run time
        (``PermissionDeniedError``) when these credentials may not read the feed.
        """
        raise UnsupportedError(f"{self.label} cannot do this: no 'message_feed'")

    def message_cursor_now(self) -> str:
        """A :meth:`message_changes` cursor from which the feed gives what is added from
        now on (by the helpdesk's clock, as far as the backend knows it)."""
        raise UnsupportedError(f"{self.label} cannot do this: no 'message_feed'")

    @abc.abstractmethod
    async def get_customer(self, customer_id: str) -> CustomerHistory:
        """The customer with their orders and their other tickets on any channel."""

    async def list_macros(self) -> list[Macro]:
        self.require(Capability.MACROS)
        return []

    @abc.abstractmethod
    async def list_agents(self) -> list[Agent]: ...

    async def list_groups(self) -> list[Group]:
        self.require(Capability.GROUPS)
        return []

    # -- writing (only ever called by the outbox) --------------------------------

    @abc.abstractmethod
    async def post_message(self, ticket_id: str, outgoing: Outgoing) -> Message:
        """Post a public reply or internal note, applying ``outgoing.update`` with it."""

    @abc.abstractmethod
    async def update(
        self, ticket_id: str, update: TicketUpdate, *, expected_version: str | None = None
    ) -> Ticket:
        """Change ticket fields; ``ConflictError`` if it changed since ``expected_version``."""

    async def reply(self, ticket_id: str, body: str, *, external_id: str) -> Message:
        return await self.post_message(
            ticket_id, Outgoing(body=body, public=True, external_id=external_id)
        )

    async def note(self, ticket_id: str, body: str, *, external_id: str) -> Message:
        self.require(Capability.NOTES)
        return await self.post_message(
            ticket_id, Outgoing(body=body, public=False, external_id=external_id)
        )

    async def aclose(self) -> None:
        """Release what the backend holds (the injected client is the caller's to close)."""
