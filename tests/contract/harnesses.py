"""How each backend is built and seeded with the contract WORLD.

Every installed backend must have a harness here: ``test_every_backend_has_a_harness``
fails otherwise, so a new backend cannot skip the contract.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from api_client.backend import Backend
from api_client.backends.local import LocalBackend
from api_client.backends.local.desk import Desk
from api_client.backends.local.store import connect
from api_client.models import (
    Agent,
    AuthorRole,
    Channel,
    Customer,
    Message,
    Order,
    OrderItem,
    Priority,
    Shipment,
    Status,
    Ticket,
)
from tests.contract.harness_freshdesk import freshdesk_harness
from tests.contract.harness_gorgias import gorgias_harness
from tests.contract.harness_zendesk import zendesk_harness
from tests.contract.world import WORLD, World
from tests.fake_backend import MemoryBackend, MemoryState


@dataclass
class Seeded:
    backend: Backend
    tickets: dict[str, str]
    customers: dict[str, str]
    me: str


Harness = Callable[[Path], Awaitable[Seeded]]


async def local_harness(tmp_path: Path, world: World = WORLD) -> Seeded:
    conn = connect(tmp_path / "contract.desk.sqlite3")
    desk = Desk(conn, "contract")
    me = desk.ensure_agent(world.agent_login, world.agent_name, group="Tier 1")
    customers: dict[str, int] = {}
    for c in world.customers:
        contacts = [(Channel.EMAIL, c.email)] + ([(Channel.PHONE, c.phone)] if c.phone else [])
        customers[c.key] = desk.create_customer(c.name, contacts=contacts, language=c.language)
    tickets: dict[str, int] = {}
    for t in world.tickets:
        ticket_id = desk.create_ticket(
            subject=t.subject,
            customer_id=customers[t.customer],
            channel=Channel(t.channel),
            priority=Priority(t.priority),
            tags=t.tags,
            created_at=t.opened,
        )
        for m in t.messages:
            role = AuthorRole(m.role)
            desk.add_message(
                ticket_id,
                body=m.body,
                author_role=role,
                author_name=world.agent_name
                if role is AuthorRole.AGENT
                else next(c.name for c in world.customers if c.key == t.customer),
                author_id=me if role is AuthorRole.AGENT else customers[t.customer],
                public=m.public,
                created_at=t.opened + timedelta(minutes=m.minutes),
            )
        conn.execute("UPDATE tickets SET status = ? WHERE id = ?", (t.status, ticket_id))
        tickets[t.key] = ticket_id
    for o in world.orders:
        cursor = conn.execute(
            "INSERT INTO orders(customer_id, number, status, total, currency, placed_at, items) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                customers[o.customer],
                o.number,
                o.status,
                o.total,
                o.currency,
                int((world.tickets[0].opened - timedelta(days=5)).timestamp()),
                json.dumps(
                    [
                        {"sku": sku, "name": name, "quantity": qty, "unit_price": price}
                        for sku, name, qty, price in o.items
                    ]
                ),
            ),
        )
        if o.carrier:
            conn.execute(
                "INSERT INTO shipments(order_id, carrier, tracking_number, status) "
                "VALUES (?, ?, ?, 'in_transit')",
                (cursor.lastrowid, o.carrier, o.tracking),
            )
    backend = LocalBackend(
        "contract", {"path": ":unused:", "agent": world.agent_login}, connection=conn
    )
    return Seeded(
        backend=backend,
        tickets={k: f"contract:{v}" for k, v in tickets.items()},
        customers={k: f"contract:{v}" for k, v in customers.items()},
        me=f"contract:{me}",
    )


async def memory_harness(tmp_path: Path, world: World = WORLD) -> Seeded:
    del tmp_path
    state = MemoryState()
    profile = "contract"
    q = lambda native: f"{profile}:{native}"  # noqa: E731
    state.agents[world.agent_login] = Agent(
        id=q("7"), name=world.agent_name, login=world.agent_login
    )
    customers: dict[str, str] = {}
    for c in world.customers:
        native = state.new_id()
        customers[c.key] = q(native)
        state.customers[native] = Customer(
            id=q(native),
            name=c.name,
            emails=(c.email,),
            phones=(c.phone,) if c.phone else (),
            language=c.language,
        )
    tickets: dict[str, str] = {}
    for t in world.tickets:
        native = state.new_id()
        tickets[t.key] = q(native)
        last = t.opened + timedelta(minutes=max(m.minutes for m in t.messages))
        state.tickets[native] = Ticket(
            id=q(native),
            subject=t.subject,
            status=Status(t.status),
            priority=Priority(t.priority),
            channel=Channel(t.channel),
            customer_id=customers[t.customer],
            tags=t.tags,
            created_at=t.opened,
            updated_at=last,
            version="1",
        )
        state.messages[native] = [
            Message(
                id=q(state.new_id()),
                ticket_id=q(native),
                author_role=AuthorRole(m.role),
                author_name=world.agent_name if m.role == "agent" else t.customer,
                public=m.public,
                channel=Channel(t.channel),
                body=m.body,
                created_at=t.opened + timedelta(minutes=m.minutes),
            )
            for m in t.messages
        ]
        state.touch(native)
    for o in world.orders:
        native_customer = customers[o.customer].split(":")[1]
        sku, name, quantity, price = o.items[0]
        state.orders.setdefault(native_customer, []).append(
            Order(
                id=q(state.new_id()),
                customer_id=customers[o.customer],
                number=o.number,
                status=o.status,
                total=Decimal(o.total),
                currency=o.currency,
                placed_at=world.tickets[0].opened - timedelta(days=5),
                items=(
                    OrderItem(sku=sku, name=name, quantity=quantity, unit_price=Decimal(price)),
                ),
                shipments=(Shipment(carrier=o.carrier, tracking_number=o.tracking),)
                if o.carrier and o.tracking
                else (),
            )
        )
    backend = MemoryBackend(profile, state, world.agent_login)
    return Seeded(backend=backend, tickets=tickets, customers=customers, me=q("7"))


HARNESSES: dict[str, Harness] = {
    "local": local_harness,
    "memory": memory_harness,
    "zendesk": zendesk_harness,
    "freshdesk": freshdesk_harness,
    "gorgias": gorgias_harness,
}
