"""What storing customers' orders costs a remote profile's sync and a ticket opening.

A Gorgias page of 100 tickets carries up to 100 customers with their Shopify orders;
the mirror writer compares them with what it has and writes only what changed. This
times, on a scratch mirror, pages of 100 tickets (100 customers, 3 orders of 2 items
and 1 parcel each): written without orders (the baseline), with orders the first
time (inserts), and the same pages again (nothing changed: the steady state of an
incremental sync); then one customer's ``store_orders`` (what the worker thread does
after reading a customer) and ``refresh_due`` (what the UI thread does when a ticket
opens). Medians over the pages; the machine's load is printed with them.

    .venv/bin/python -m bench.orders [--pages 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from api_client.models import (
    ChangePage,
    Channel,
    Customer,
    Order,
    OrderItem,
    Shipment,
    Status,
    Ticket,
)
from bench.common import fmt_ms
from console.core.db import open_store
from console.core.mirror import MirrorWriter
from console.core.order_refresh import refresh_due

PAGE = 100
START = datetime(2026, 1, 1, tzinfo=UTC)


def _orders(customer: str, n: int) -> list[Order]:
    return [
        Order(
            id=f"bench:shopify-{customer}-{k}",
            customer_id=f"bench:{customer}",
            number=f"#{customer}{k}",
            status="shipped",
            total=Decimal("59.90"),
            currency="EUR",
            placed_at=START + timedelta(days=k),
            items=(
                OrderItem(sku="MUG", name="Blue mug", quantity=1, unit_price=Decimal("29.95")),
                OrderItem(sku="CUP", name="Red cup", quantity=1, unit_price=Decimal("29.95")),
            ),
            shipments=(Shipment(carrier="UPS", tracking_number=f"1Z{customer}{k}"),),
        )
        for k in range(n)
    ]


def _page(number: int, *, with_orders: bool) -> ChangePage:
    customers = [str(number * PAGE + i) for i in range(PAGE)]
    tickets = tuple(
        Ticket(
            id=f"bench:{c}",
            subject=f"Order question {c}",
            status=Status.OPEN,
            channel=Channel.EMAIL,
            customer_id=f"bench:{c}",
            created_at=START,
            updated_at=START,
            version="1",
        )
        for c in customers
    )
    return ChangePage(
        tickets=tickets,
        customers=tuple(Customer(id=f"bench:{c}", name=f"Customer {c}") for c in customers),
        orders=tuple(o for c in customers for o in _orders(c, 3)) if with_orders else (),
        orders_of=tuple(f"bench:{c}" for c in customers) if with_orders else (),
        cursor=str(number),
    )


def _median(action: Callable[[int], object], runs: int) -> float:
    times = []
    for n in range(runs):
        started = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    pages = parser.parse_args().pages
    with tempfile.TemporaryDirectory() as scratch:
        bare = MirrorWriter(open_store(Path(scratch) / "bare.sqlite3"), "bench")
        full = MirrorWriter(open_store(Path(scratch) / "orders.sqlite3"), "bench")
        without = [_page(n, with_orders=False) for n in range(pages)]
        carrying = [_page(n, with_orders=True) for n in range(pages)]
        rows = [
            (
                "page of 100 tickets, no orders",
                _median(lambda n: bare.apply_page(without[n]), pages),
            ),
            ("same, 300 orders first seen", _median(lambda n: full.apply_page(carrying[n]), pages)),
            ("same again, nothing changed", _median(lambda n: full.apply_page(carrying[n]), pages)),
        ]
        fresh = _orders("42", 4)  # one order more than it had: a real write
        rows.append(
            (
                "store_orders, one customer",
                _median(lambda n: full.store_orders("bench:42", fresh), 1),
            )
        )
        customer = full.conn.execute("SELECT id FROM customers WHERE remote_id = '7'").fetchone()[0]
        now = time.time()
        rows.append(
            (
                "refresh_due on open",
                _median(lambda n: refresh_due(full.conn, customer, now=now), 200),
            )
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{pages} pages; load average {load}; {os.cpu_count()} CPUs")
    for name, seconds in rows:
        shown = fmt_ms(seconds) if seconds >= 0.001 else f"{seconds * 1e6:.0f} µs"
        print(f"  {name:<34} {shown:>10}")


if __name__ == "__main__":
    main()
