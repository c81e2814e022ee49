"""A customer's Shopify orders and shipments, from the data Gorgias keeps about them.

Gorgias stores what each integration knows about a customer under the customer's
``integrations``, keyed by integration id; a Shopify store's entry
(``"__integration_type__": "shopify"``) carries the customer's ``orders`` as Shopify's
REST API writes them: ``name`` (``#1001``), ``financial_status``, ``fulfillment_status``,
``total_price``, ``currency``, ``line_items`` and ``fulfillments`` with the carrier's
``tracking_company``, ``tracking_number``, ``tracking_url`` and ``shipment_status``.
An entry that is not Shopify's, or that cannot be read, is left out: the customer pane
shows what it can rather than fail.

Statuses in deskside's words (see ``docs/backends/gorgias.md``): an order is
``cancelled``, ``refunded``, ``delivered`` (every parcel delivered), ``shipped`` (fully or
partly fulfilled), ``paid`` or ``pending``; a parcel is ``label_created``, ``in_transit``,
``out_for_delivery``, ``delivered``, ``exception`` or ``returned``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec

from api_client.backends.gorgias.convert import Qualify, maybe_time
from api_client.backends.gorgias.shapes import GFulfillment, GLineItem, GShopify, GShopifyOrder
from api_client.models import Order, OrderItem, Shipment

__all__ = ["SHOPIFY", "customer_orders", "has_shopify", "order", "shipment"]

logger = logging.getLogger(__name__)

SHOPIFY = "shopify"

_SHIPMENT_STATUSES = {
    "label_printed": "label_created",
    "label_purchased": "label_created",
    "confirmed": "label_created",
    "in_transit": "in_transit",
    "out_for_delivery": "out_for_delivery",
    "ready_for_pickup": "out_for_delivery",
    "attempted_delivery": "exception",
    "delivered": "delivered",
    "failure": "exception",
    "not_delivered": "exception",
    "returned": "returned",
}
"""Shopify's ``shipment_status`` (the carrier's last scan) → deskside's parcel status."""

_PAID = frozenset({"paid", "partially_paid", "partially_refunded"})


def _money(value: str | float | int | None) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _currency(raw: GShopifyOrder) -> str:
    if raw.currency:
        return raw.currency.upper()
    for item in raw.line_items or ():
        money = item.price_set.shop_money if item.price_set else None
        if money is not None and money.currency_code:
            return money.currency_code.upper()
    return ""


def _item(raw: GLineItem) -> OrderItem:
    price = _money(raw.price)
    if price is None and raw.price_set and raw.price_set.shop_money:
        price = _money(raw.price_set.shop_money.amount)
    return OrderItem(
        sku=raw.sku or "",
        name=raw.name or raw.title or raw.sku or "item",
        quantity=raw.quantity if raw.quantity is not None else 1,
        unit_price=price if price is not None else Decimal(0),
    )


def shipment(raw: GFulfillment) -> Shipment | None:
    """A parcel; ``None`` for a cancelled fulfillment or one with no tracking at all."""
    if (raw.status or "").lower() in ("cancelled", "error", "failure"):
        return None
    number = raw.tracking_number or next(iter(raw.tracking_numbers or ()), None)
    url = raw.tracking_url or next(iter(raw.tracking_urls or ()), None)
    if not number and not raw.tracking_company:
        return None
    known = (raw.shipment_status or "").lower()
    status = _SHIPMENT_STATUSES.get(known)
    if status is None:
        # No carrier scan known: the parcel left when the fulfillment succeeded.
        status = "in_transit" if (raw.status or "success").lower() == "success" else "label_created"
    return Shipment(
        carrier=raw.tracking_company or "",
        tracking_number=number or "",
        tracking_url=url if url and url.startswith(("https://", "http://")) else None,
        status=status,
        shipped_at=maybe_time(raw.created_at),
        eta=maybe_time(raw.estimated_delivery_at),
    )


def _status(raw: GShopifyOrder, shipments: Iterable[Shipment]) -> str:
    financial = (raw.financial_status or "").lower()
    fulfillment = (raw.fulfillment_status or "").lower()
    parcels = list(shipments)
    if raw.cancelled_at:
        return "cancelled"
    if financial in ("refunded", "voided"):
        return "refunded"
    if parcels and all(p.status == "delivered" for p in parcels):
        return "delivered"
    if fulfillment in ("fulfilled", "partial") or parcels:
        return "shipped"
    if financial in _PAID:
        return "paid"
    return "pending"


def order(raw: GShopifyOrder, customer_id: str, qid: Qualify) -> Order | None:
    """One Shopify order; ``None`` when it has no id or no date to show."""
    placed = maybe_time(raw.created_at) or maybe_time(raw.processed_at)
    if raw.id is None or placed is None:
        return None
    items = tuple(_item(item) for item in raw.line_items or ())
    fulfillments = list(raw.fulfillments or ())
    if not fulfillments and raw.last_fulfillment is not None:
        fulfillments = [raw.last_fulfillment]
    shipments = tuple(s for s in (shipment(f) for f in fulfillments) if s is not None)
    total = _money(raw.total_price)
    if total is None:  # the documented example has none: the items and the tax then
        total = sum((i.unit_price * i.quantity for i in items), Decimal(0))
        total += _money(raw.total_tax) or Decimal(0)
    if raw.name:
        number = raw.name
    elif raw.order_number is not None:
        number = f"#{raw.order_number}"
    else:
        number = str(raw.id)
    return Order(
        id=qid(f"shopify-{raw.id}"),
        customer_id=customer_id,
        number=number,
        status=_status(raw, shipments),
        total=total,
        currency=_currency(raw),
        placed_at=placed,
        items=items,
        shipments=shipments,
    )


def _shopify(value: Any) -> GShopify | None:
    if not isinstance(value, Mapping) or value.get("__integration_type__") != SHOPIFY:
        return None
    try:
        return msgspec.convert(value, GShopify)
    except msgspec.ValidationError as error:
        logger.warning("a Shopify integration's data could not be read: %s", error)
        return None


def has_shopify(integrations: Mapping[str, Any] | None) -> bool:
    """Whether a customer's integrations hold a Shopify store's data (their orders in full)."""
    return any(
        isinstance(value, Mapping) and value.get("__integration_type__") == SHOPIFY
        for value in (integrations or {}).values()
    )


def customer_orders(
    integrations: Mapping[str, Any] | None, customer_id: str, qid: Qualify
) -> list[Order]:
    """Every Shopify order a customer's integrations know, newest first (each once)."""
    found: dict[str, Order] = {}
    for value in (integrations or {}).values():
        data = _shopify(value)
        if data is None:
            continue
        raws = list(data.orders or ())
        if data.last_order is not None:
            raws.append(data.last_order)
        for raw in raws:
            made = order(raw, customer_id, qid)
            if made is not None:
                found.setdefault(made.id, made)
    return sorted(found.values(), key=lambda o: o.placed_at, reverse=True)
