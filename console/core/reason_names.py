"""The contact reasons' names: the ids, and the short names a query may use for them.

The query language checks ``reason:`` words against these while the agent types;
the analysers (:mod:`console.core.insights.reasons`) find the reasons. Kept apart so
that the queue, which only needs the names, does not load the analysers' rules,
lexicons and language model wrapper on its way to the first frame.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["OTHER", "REASONS", "REASON_ALIASES", "resolve_reason"]

REASONS = (
    "where_is_my_order",
    "return_refund",
    "exchange_size",
    "payment",
    "promotion_price",
    "damaged_wrong_item",
    "warranty_repair",
    "store_availability",
    "account_privacy",
    "other",
)
"""The built-in reason ids, in the order the console lists them."""

OTHER = "other"

REASON_ALIASES: Mapping[str, str] = {
    "wismo": "where_is_my_order",
    "order": "where_is_my_order",
    "delivery": "where_is_my_order",
    "shipping": "where_is_my_order",
    "tracking": "where_is_my_order",
    "return": "return_refund",
    "returns": "return_refund",
    "refund": "return_refund",
    "cancel": "return_refund",
    "exchange": "exchange_size",
    "size": "exchange_size",
    "sizing": "exchange_size",
    "pay": "payment",
    "billing": "payment",
    "invoice": "payment",
    "promo": "promotion_price",
    "promotion": "promotion_price",
    "discount": "promotion_price",
    "price": "promotion_price",
    "damaged": "damaged_wrong_item",
    "damage": "damaged_wrong_item",
    "broken": "damaged_wrong_item",
    "wrong": "damaged_wrong_item",
    "missing": "damaged_wrong_item",
    "warranty": "warranty_repair",
    "repair": "warranty_repair",
    "guarantee": "warranty_repair",
    "store": "store_availability",
    "shop": "store_availability",
    "stock": "store_availability",
    "availability": "store_availability",
    "account": "account_privacy",
    "privacy": "account_privacy",
    "login": "account_privacy",
    "gdpr": "account_privacy",
}
"""Short names accepted in queries (``reason:return``) for the reason ids."""


def resolve_reason(name: str) -> str:
    """A reason id for a query word: an alias (``wismo``) or the id itself, lower-cased."""
    lowered = name.strip().lower()
    return REASON_ALIASES.get(lowered, lowered)
