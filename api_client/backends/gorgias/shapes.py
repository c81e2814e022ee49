"""The JSON shapes of Gorgias REST API answers that deskside reads.

msgspec Structs holding only the fields deskside uses (unknown fields are ignored), so a
field of the wrong type fails at the boundary, naming its JSON path, never its value.
Almost every property in Gorgias's reference is optional or nullable, and so is every
field here: :mod:`.convert` decides what a missing one means.

Lists come as Gorgias documents them, ``{"data": [...], "meta": {"next_cursor": ...}}``;
:mod:`.endpoints` also reads a bare JSON array (the published OpenAPI document's shape
for most list operations) as a last page.
"""

from __future__ import annotations

from typing import Any

import msgspec

__all__ = [
    "GAddress",
    "GChannel",
    "GCustomer",
    "GFulfillment",
    "GLineItem",
    "GMacro",
    "GMacroAction",
    "GMessage",
    "GMeta",
    "GMoney",
    "GMoneySet",
    "GPersonRef",
    "GRole",
    "GShopify",
    "GShopifyOrder",
    "GSource",
    "GTag",
    "GTeam",
    "GTeamRef",
    "GTicket",
    "GUser",
    "GView",
]


class GMeta(msgspec.Struct):
    """Cursor pagination: where the next page starts (``None`` on the last page)."""

    next_cursor: str | None = None
    prev_cursor: str | None = None


class GRole(msgspec.Struct):
    name: str | None = None


class GUser(msgspec.Struct):
    """A user: an agent, an admin or a bot of the helpdesk (never a customer)."""

    id: int | None = None
    email: str | None = None
    name: str | None = None
    firstname: str | None = None
    lastname: str | None = None
    active: bool | None = True
    role: GRole | None = None
    language: str | None = None
    timezone: str | None = None


class GPersonRef(msgspec.Struct):
    """A user or customer as another record names it (``assignee_user``, ``sender``)."""

    id: int | None = None
    email: str | None = None
    name: str | None = None
    firstname: str | None = None
    lastname: str | None = None


class GTeamRef(msgspec.Struct):
    id: int | None = None
    name: str | None = None


class GTeam(msgspec.Struct):
    id: int
    name: str | None = None


class GTag(msgspec.Struct):
    id: int | None = None
    name: str | None = None


class GAddress(msgspec.Struct):
    """One ``SourceAddress``: a name and an address (email, phone number, page id ...)."""

    name: str | None = None
    address: str | None = None


class GSource(msgspec.Struct):
    """How a message was routed: its detailed channel type, sender and receivers."""

    type: str | None = None
    from_: GAddress | None = msgspec.field(default=None, name="from")
    to: list[GAddress] | None = None


class GMessage(msgspec.Struct):
    """A ticket message: a customer's, an agent's (or a rule's) reply, or an internal note."""

    id: int | None = None
    ticket_id: int | None = None
    channel: str | None = None
    via: str | None = None
    from_agent: bool | None = False
    public: bool | None = None
    sender: GPersonRef | None = None
    receiver: GPersonRef | None = None
    source: GSource | None = None
    subject: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    stripped_text: str | None = None
    external_id: str | None = None
    rule_id: int | None = None
    created_datetime: str | None = None
    sent_datetime: str | None = None
    deleted_datetime: str | None = None


class GChannel(msgspec.Struct):
    """One of a customer's contact channels (``email``, ``phone``, ``instagram`` ...)."""

    type: str | None = None
    address: str | None = None
    preferred: bool | None = False
    deleted_datetime: str | None = None


class GCustomer(msgspec.Struct):
    """A customer; ``integrations`` holds raw integration data keyed by integration id."""

    id: int | None = None
    email: str | None = None
    name: str | None = None
    firstname: str | None = None
    lastname: str | None = None
    language: str | None = None
    timezone: str | None = None
    note: str | None = None
    created_datetime: str | None = None
    channels: list[GChannel] | None = None
    integrations: dict[str, Any] | None = None


class GTicket(msgspec.Struct):
    id: int
    subject: str | None = None
    excerpt: str | None = None
    status: str | None = None
    priority: str | None = None
    channel: str | None = None
    via: str | None = None
    language: str | None = None
    customer: GCustomer | None = None
    assignee_user: GPersonRef | None = None
    assignee_team: GTeamRef | None = None
    tags: list[GTag] | None = None
    created_datetime: str | None = None
    updated_datetime: str | None = None
    snooze_datetime: str | None = None
    trashed_datetime: str | None = None
    spam: bool | None = False
    messages: list[GMessage] | None = None


class GMacroAction(msgspec.Struct):
    name: str | None = None
    title: str | None = None
    arguments: dict[str, Any] | None = None


class GMacro(msgspec.Struct):
    id: int
    name: str | None = None
    language: str | None = None
    actions: list[GMacroAction] | None = None


class GView(msgspec.Struct):
    id: int
    name: str | None = None
    filters: str | None = None
    search: str | None = None
    order_by: str | None = None
    order_dir: str | None = None
    type: str | None = None
    deactivated_datetime: str | None = None


# -- Shopify data inside a customer's ``integrations`` --------------------------------------


class GMoney(msgspec.Struct):
    amount: str | float | int | None = None
    currency_code: str | None = None


class GMoneySet(msgspec.Struct):
    shop_money: GMoney | None = None
    presentment_money: GMoney | None = None


class GLineItem(msgspec.Struct):
    sku: str | None = None
    title: str | None = None
    name: str | None = None
    quantity: int | None = 1
    price: str | float | int | None = None
    price_set: GMoneySet | None = None


class GFulfillment(msgspec.Struct):
    """A Shopify fulfillment: one parcel with its carrier and tracking."""

    status: str | None = None
    shipment_status: str | None = None
    tracking_company: str | None = None
    tracking_number: str | None = None
    tracking_numbers: list[str] | None = None
    tracking_url: str | None = None
    tracking_urls: list[str] | None = None
    created_at: str | None = None
    estimated_delivery_at: str | None = None


class GShopifyOrder(msgspec.Struct):
    id: int | None = None
    name: str | None = None
    order_number: int | None = None
    created_at: str | None = None
    processed_at: str | None = None
    cancelled_at: str | None = None
    financial_status: str | None = None
    fulfillment_status: str | None = None
    total_price: str | float | int | None = None
    total_tax: str | float | int | None = None
    currency: str | None = None
    line_items: list[GLineItem] | None = None
    fulfillments: list[GFulfillment] | None = None
    last_fulfillment: GFulfillment | None = None


class GShopify(msgspec.Struct):
    """One Shopify integration's data about a customer: their orders."""

    integration_type: str | None = msgspec.field(default=None, name="__integration_type__")
    orders: list[GShopifyOrder] | None = None
    last_order: GShopifyOrder | None = None
