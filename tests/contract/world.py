"""The small, hand-checked helpdesk every backend is seeded with for the contract suite.

Plain data, so each backend's harness can load it its own way (SQLite rows for the
embedded desk, dicts for the in-memory fake, a mock server's state for a remote
helpdesk) and the same assertions hold for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

BASE = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class WorldMessage:
    role: str  # "customer" | "agent"
    body: str
    public: bool = True
    minutes: int = 0  # after the ticket was opened


@dataclass(frozen=True)
class WorldTicket:
    key: str
    customer: str
    subject: str
    channel: str
    status: str
    messages: tuple[WorldMessage, ...]
    tags: tuple[str, ...] = ()
    priority: str = "normal"
    opened: datetime = BASE


@dataclass(frozen=True)
class WorldOrder:
    customer: str
    number: str
    status: str
    total: str
    currency: str
    items: tuple[tuple[str, str, int, str], ...]  # sku, name, quantity, unit price
    carrier: str | None = None
    tracking: str | None = None


@dataclass(frozen=True)
class WorldCustomer:
    key: str
    name: str
    email: str
    language: str
    phone: str | None = None


@dataclass(frozen=True)
class World:
    agent_login: str = "giulia"
    agent_name: str = "Giulia Rossi"
    customers: tuple[WorldCustomer, ...] = field(default_factory=tuple)
    tickets: tuple[WorldTicket, ...] = field(default_factory=tuple)
    orders: tuple[WorldOrder, ...] = field(default_factory=tuple)


WORLD = World(
    customers=(
        WorldCustomer(
            "marco", "Marco Bianchi", "marco.bianchi@example.it", "it", "+39 347 123 4567"
        ),
        WorldCustomer("claire", "Claire Dubois", "claire.dubois@example.fr", "fr"),
    ),
    tickets=(
        WorldTicket(
            key="wismo",
            customer="marco",
            subject="Dov'è il mio ordine #100231?",
            channel="email",
            status="open",
            tags=("where_is_my_order",),
            messages=(
                WorldMessage(
                    "customer", "Buongiorno, il mio ordine #100231 non è ancora arrivato."
                ),
                WorldMessage(
                    "agent", "Buongiorno Marco, verifico subito con il corriere.", minutes=30
                ),
                WorldMessage("customer", "Grazie, aspetto notizie.", minutes=45),
            ),
        ),
        WorldTicket(
            key="refund",
            customer="marco",
            subject="Rimborso reso",
            channel="whatsapp",
            status="pending",
            opened=BASE - timedelta(days=20),
            messages=(
                WorldMessage("customer", "ciao ho fatto il reso ma niente rimborso"),
                WorldMessage(
                    "agent", "Controllato: rimborso partito ieri.", public=False, minutes=5
                ),
            ),
        ),
        WorldTicket(
            key="hostile",
            customer="claire",
            subject="Colis endommagé \x1b]52;c;cGF3bmVk\x07 \u202eeman",
            channel="chat",
            status="new",
            priority="high",
            messages=(WorldMessage("customer", "Le colis est arrivé abîmé \x1b[31m!!!"),),
        ),
    ),
    orders=(
        WorldOrder(
            customer="marco",
            number="#100231",
            status="shipped",
            total="129.90",
            currency="EUR",
            items=(("SNK-42", "Sneaker Runner 42", 1, "129.90"),),
            carrier="BRT",
            tracking="BRT0123456789",
        ),
    ),
)
