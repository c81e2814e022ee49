"""The customer pane's data: lifetime numbers, spend per currency, local time, other tickets."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from api_client.backends.local.desk import Desk
from api_client.errors import NotFoundError
from api_client.models import AuthorRole, Channel, Status, TicketUpdate
from console.core.customer import (
    QUERIES,
    CustomerSummary,
    customer_summary,
    customer_zone,
    format_money,
    short_date,
    utc_offset,
)
from console.core.db import open_store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ROME = datetime(2026, 11, 25, 13, 0)  # NOW on a wall clock in Rome (UTC+1 in November)


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def add_order(
    conn: sqlite3.Connection,
    customer: int,
    number: str,
    status: str,
    total: str,
    currency: str,
    placed_at: datetime,
    items: list[dict[str, object]] | None = None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO orders(customer_id, number, status, total, currency, placed_at, items) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (customer, number, status, total, currency, _epoch(placed_at), json.dumps(items or [])),
    )
    return int(cursor.lastrowid)  # type: ignore[arg-type]


@pytest.fixture
def store() -> Iterator[tuple[sqlite3.Connection, dict[str, int]]]:
    conn = open_store(":memory:")
    desk = Desk(conn, "t")
    marco = desk.create_customer(
        "Marco Bianchi",
        contacts=[
            (Channel.EMAIL, "marco@example.it"),
            (Channel.EMAIL, "m.bianchi@work.example"),
            (Channel.PHONE, "+39 333 1234567"),
            (Channel.WHATSAPP, "+39 333 7654321"),
            (Channel.INSTAGRAM, "@marco.b"),
        ],
        language="it",
        timezone="Europe/Rome",
        tags=["vip"],
        created_at=datetime(2024, 3, 12, tzinfo=UTC),
    )
    nobody = desk.create_customer("Nobody", timezone="Mars/Olympus_Mons")
    ids = {"marco": marco, "nobody": nobody}
    opened = {
        "current": (Channel.EMAIL, NOW - timedelta(hours=2)),
        "chat": (Channel.CHAT, NOW - timedelta(days=3)),
        "whatsapp": (Channel.WHATSAPP, NOW - timedelta(days=40)),
    }
    for key, (channel, when) in opened.items():
        ids[key] = desk.create_ticket(
            subject=f"{key} ticket", customer_id=marco, channel=channel, created_at=when
        )
        desk.add_message(
            ids[key],
            body="ciao",
            author_role=AuthorRole.CUSTOMER,
            author_name="Marco",
            created_at=when,
        )
        desk.add_message(
            ids[key],
            body="Buongiorno Marco",
            author_role=AuthorRole.AGENT,
            author_name="Giulia",
            created_at=when + timedelta(minutes=30),  # agent messages are not "contact"
        )
    desk.update_ticket(ids["whatsapp"], TicketUpdate(status=Status.SOLVED))
    # An agent-only ticket adds to the count but not to the contact span.
    ids["outbound"] = desk.create_ticket(
        subject="Outbound", customer_id=marco, channel=Channel.PHONE, created_at=NOW
    )
    conn.executemany(
        "INSERT INTO ticket_reasons(reason, ticket_id) VALUES (?, ?)",
        [("wismo", ids["chat"]), ("return", ids["whatsapp"]), ("payment", ids["whatsapp"])],
    )
    shoes = add_order(
        conn,
        marco,
        "#100231",
        "shipped",
        "129.90",
        "EUR",
        NOW - timedelta(days=4),
        [{"sku": "SNK-42", "name": "Sneaker Runner 42", "quantity": 2, "unit_price": "64.95"}],
    )
    conn.execute(
        "INSERT INTO shipments(order_id, carrier, tracking_number, tracking_url, status, "
        "shipped_at, eta) VALUES (?, 'BRT', '0123456789', 'https://brt.example/0123456789', "
        "'in_transit', ?, ?)",
        (shoes, _epoch(NOW - timedelta(days=3)), _epoch(NOW + timedelta(days=2))),
    )
    add_order(conn, marco, "#100100", "delivered", "45.10", "EUR", NOW - timedelta(days=90))
    add_order(conn, marco, "#100099", "cancelled", "999.00", "EUR", NOW - timedelta(days=91))
    add_order(conn, marco, "#100098", "Refunded", "500.00", "EUR", NOW - timedelta(days=92))
    add_order(conn, marco, "UK-7", "delivered", "45", "GBP", NOW - timedelta(days=200))
    conn.commit()
    yield conn, ids
    conn.close()


def summary_of(
    store: tuple[sqlite3.Connection, dict[str, int]], who: str = "marco", **kwargs: object
) -> CustomerSummary:
    conn, ids = store
    options: dict[str, object] = {"current_ticket_id": ids["current"], "now": NOW, **kwargs}
    return customer_summary(conn, "t", ids[who], **options)  # type: ignore[arg-type]


def test_lifetime_numbers(store) -> None:
    summary = summary_of(store)
    assert summary.customer.name == "Marco Bianchi"
    assert summary.order_count == 5  # cancelled and refunded orders are still orders
    assert dict(summary.spend) == {"EUR": Decimal("175.00"), "GBP": Decimal("45")}
    assert [code for code, _ in summary.spend] == ["EUR", "GBP"]
    assert summary.ticket_count == 4
    assert summary.first_contact == NOW - timedelta(days=40)
    assert summary.last_contact == NOW - timedelta(hours=2)


def test_orders_come_with_items_and_shipments_newest_first(store) -> None:
    summary = summary_of(store)
    assert [o.number for o in summary.orders] == [
        "#100231",
        "#100100",
        "#100099",
        "#100098",
        "UK-7",
    ]
    (item,) = summary.orders[0].items
    assert (item.name, item.quantity, item.unit_price) == ("Sneaker Runner 42", 2, Decimal("64.95"))
    (shipment,) = summary.orders[0].shipments
    assert (shipment.carrier, shipment.tracking_number, shipment.status) == (
        "BRT",
        "0123456789",
        "in_transit",
    )
    assert shipment.eta == NOW + timedelta(days=2)


def test_contact_points_on_every_channel(store) -> None:
    assert summary_of(store).contact_points == (
        ("email", "m.bianchi@work.example"),
        ("email", "marco@example.it"),
        ("phone", "+39 333 1234567"),
        ("instagram", "@marco.b"),
        ("whatsapp", "+39 333 7654321"),
    )


def test_local_time_in_the_customers_zone(store) -> None:
    summary = summary_of(store)
    local = summary.local_time
    assert local is not None
    assert local.replace(tzinfo=None) == ROME
    assert utc_offset(local) == "UTC+1"
    summer = summary.local_time_at(datetime(2026, 7, 1, 12, 0))  # naive: taken as UTC
    assert summer is not None and (summer.hour, utc_offset(summer)) == (14, "UTC+2")


@pytest.mark.parametrize(
    "zone", [None, "", "  ", "Mars/Olympus_Mons", "Europe", "/etc/localtime", "../../etc/passwd"]
)
def test_an_unknown_or_invalid_time_zone_gives_no_local_time(zone: str | None) -> None:
    assert customer_zone(zone) is None


def test_a_customer_with_a_bad_zone_and_nothing_else(store) -> None:
    conn, ids = store
    summary = customer_summary(conn, "t", ids["nobody"], current_ticket_id=None, now=NOW)
    assert summary.zone is None and summary.local_time is None
    assert summary.orders == () and summary.order_count == 0 and summary.spend == ()
    assert summary.ticket_count == summary.other_ticket_count == 0
    assert summary.other_tickets == ()
    assert summary.first_contact is None and summary.last_contact is None
    assert summary.contact_points == ()


def test_other_tickets_leave_out_the_current_one_and_carry_reasons(store) -> None:
    _, ids = store
    summary = summary_of(store)
    assert [t.id for t in summary.other_tickets] == [ids["outbound"], ids["chat"], ids["whatsapp"]]
    assert summary.other_ticket_count == 3
    by_id = {t.id: t for t in summary.other_tickets}
    whatsapp = by_id[ids["whatsapp"]]
    assert whatsapp.reasons == ("payment", "return")
    assert (whatsapp.channel, whatsapp.status, whatsapp.subject) == (
        "whatsapp",
        "solved",
        "whatsapp ticket",
    )
    assert whatsapp.number == str(ids["whatsapp"])
    assert whatsapp.created_at == NOW - timedelta(days=40)
    assert by_id[ids["chat"]].reasons == ("wismo",)
    assert by_id[ids["outbound"]].reasons == ()


def test_without_a_current_ticket_every_ticket_is_another(store) -> None:
    summary = summary_of(store, current_ticket_id=None)
    assert summary.other_ticket_count == summary.ticket_count == 4


def test_a_current_ticket_of_someone_else_is_not_subtracted(store) -> None:
    conn, ids = store
    summary = customer_summary(conn, "t", ids["nobody"], current_ticket_id=ids["chat"], now=NOW)
    assert summary.other_ticket_count == 0


def test_the_list_is_bounded_but_the_count_is_not(store) -> None:
    summary = summary_of(store, ticket_limit=1)
    assert len(summary.other_tickets) == 1
    assert summary.other_ticket_count == 3


def test_a_mirror_shows_the_helpdesks_own_number(store) -> None:
    conn, ids = store
    conn.execute("UPDATE tickets SET remote_id = '48213' WHERE id = ?", (ids["chat"],))
    chat = next(t for t in summary_of(store).other_tickets if t.id == ids["chat"])
    assert chat.number == "48213"


def test_subjects_are_sanitized(store) -> None:
    conn, ids = store
    conn.execute(
        "UPDATE tickets SET subject = ? WHERE id = ?",
        ("evil \x1b]52;c;cGF3bmVk\x07 [@click=app.quit]", ids["chat"]),
    )
    chat = next(t for t in summary_of(store).other_tickets if t.id == ids["chat"])
    assert "\x1b" not in chat.subject and "\x07" not in chat.subject
    assert "[@click=app.quit]" in chat.subject  # markup is kept: the UI never parses it


def test_an_unknown_customer_is_not_found(store) -> None:
    conn, _ = store
    with pytest.raises(NotFoundError):
        customer_summary(conn, "t", 9999, current_ticket_id=None, now=NOW)


def test_every_query_uses_an_index(store) -> None:
    conn, _ = store
    params = {"customer": 1, "current": None, "limit": 50}
    for sql in QUERIES:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        assert not [step for step in plan if step.startswith("SCAN") or "TEMP" in step], plan


def test_the_module_loads_no_textual() -> None:
    code = "import sys, console.core.customer; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("129.9", "EUR", "€129.90"),
        ("45", "GBP", "£45.00"),
        ("89", "CHF", "CHF 89.00"),
        ("12.5", "USD", "$12.50"),
        ("12.5", "usd", "$12.50"),
        ("1234.5", "EUR", "€1,234.50"),
        ("0.005", "EUR", "€0.01"),
        ("-5", "EUR", "-€5.00"),
        ("-0.001", "EUR", "€0.00"),
        ("1200", "JPY", "JPY 1,200"),
        ("3", "", "3.00"),
    ],
)
def test_format_money(amount: str, currency: str, expected: str) -> None:
    assert format_money(Decimal(amount), currency) == expected


def test_format_money_never_raises_on_odd_amounts() -> None:
    assert format_money(Decimal("NaN"), "EUR") == "EUR NaN"
    assert format_money(Decimal("1E+40"), "EUR").startswith("€10,000")


def test_short_dates_and_offsets() -> None:
    assert short_date(datetime(2026, 11, 7, 23, 0, tzinfo=UTC), NOW) == "7 Nov"
    assert short_date(datetime(2025, 3, 12, tzinfo=UTC), NOW) == "12 Mar 2025"
    kolkata = NOW.astimezone(customer_zone("Asia/Kolkata"))
    assert utc_offset(kolkata) == "UTC+5:30"
    assert utc_offset(NOW.astimezone(customer_zone("America/Sao_Paulo"))) == "UTC-3"
    assert utc_offset(NOW) == "UTC+0"
