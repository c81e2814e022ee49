"""The customer pane: every section, empty states, hostile text shown literally, enter, resizing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from api_client.models import (
    Channel,
    Contact,
    Customer,
    Order,
    OrderItem,
    Shipment,
)
from console.core.customer import CustomerSummary, OtherTicket, customer_zone
from screens.widgets.customer_pane import (
    EMPTY_CONTACTS,
    EMPTY_CUSTOMER,
    EMPTY_ORDERS,
    EMPTY_TICKETS,
    CustomerPane,
    CustomerTickets,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HOSTILE = "Reso [bold]x[/] [@click=app.quit]quit[/] [/"


class PaneApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[int] = []

    def compose(self) -> ComposeResult:
        yield CustomerPane(clock=lambda: NOW)

    def on_customer_pane_ticket_chosen(self, event: CustomerPane.TicketChosen) -> None:
        self.chosen.append(event.ticket_id)


def marco() -> CustomerSummary:
    customer = Customer(
        id="t:1",
        name="Marco Bianchi",
        emails=("marco@example.it",),
        phones=("+39 333 1234567",),
        handles=(
            Contact(channel=Channel.WHATSAPP, value="+39 333 7654321"),
            Contact(channel=Channel.INSTAGRAM, value="@marco.b"),
        ),
        language="it",
        timezone="Europe/Rome",
        tags=("vip", "wholesale"),
        created_at=datetime(2024, 3, 12, tzinfo=UTC),
    )
    order = Order(
        id="t:5",
        customer_id="t:1",
        number="#100231",
        status="shipped",
        total=Decimal("129.90"),
        currency="EUR",
        placed_at=NOW - timedelta(days=4),
        items=(
            OrderItem(sku="SNK-42", name="Sneaker Runner 42", quantity=2, unit_price=Decimal(65)),
        ),
        shipments=(
            Shipment(
                carrier="BRT",
                tracking_number="0123456789",
                tracking_url="https://brt.example/track/0123456789",
                status="in_transit",
                eta=datetime(2026, 11, 27, tzinfo=UTC),
            ),
        ),
    )
    cancelled = Order(
        id="t:4",
        customer_id="t:1",
        number="#100099",
        status="cancelled",
        total=Decimal(999),
        currency="EUR",
        placed_at=NOW - timedelta(days=90),
    )
    tickets = (
        OtherTicket(
            id=41,
            number="41",
            subject=HOSTILE,
            channel="whatsapp",
            status="open",
            created_at=NOW - timedelta(days=3),
            reasons=("return",),
        ),
        OtherTicket(
            id=17,
            number="17",
            subject="Dove è il mio pacco?",
            channel="chat",
            status="solved",
            created_at=NOW - timedelta(days=40),
            reasons=(),
        ),
    )
    return CustomerSummary(
        customer_id=1,
        customer=customer,
        orders=(order, cancelled),
        order_count=2,
        spend=(("EUR", Decimal("129.90")), ("GBP", Decimal(45))),
        ticket_count=3,
        first_contact=NOW - timedelta(days=40),
        last_contact=NOW - timedelta(hours=2),
        zone=customer_zone("Europe/Rome"),
        other_tickets=tickets,
        other_ticket_count=3,
        now=NOW,
    )


def nobody(timezone: str | None = None) -> CustomerSummary:
    return CustomerSummary(
        customer_id=2,
        customer=Customer(id="t:2", name="Nobody", timezone=timezone),
        orders=(),
        order_count=0,
        spend=(),
        ticket_count=1,
        first_contact=None,
        last_contact=None,
        zone=customer_zone(timezone),
        other_tickets=(),
        other_ticket_count=0,
        now=NOW,
    )


def section(app: App[None], name: str) -> str:
    widget = app.query_one(f"#customer-{name}", Static)
    assert widget.display, f"{name} is hidden"
    return str(widget.visual)


def shown_sections(app: App[None]) -> str:
    return "\n".join(str(w.visual) for w in app.query(Static) if w.display)


def ticket_lines(app: App[None]) -> list[str]:
    tickets = app.query_one(CustomerTickets)
    return [tickets.render_line(y).text for y in range(tickets.size.height)]


async def test_every_section_is_shown() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(CustomerPane).show(marco())
        await pilot.pause()
        profile = section(app, "profile")
        for text in ("Marco Bianchi", "vip · wholesale", "it", "since", "12 Mar 2024"):
            assert text in profile
        assert f"{NOW.astimezone(customer_zone('Europe/Rome')):%a} 13:00 (UTC+1)" in profile
        contacts = section(app, "contacts")
        for text in ("marco@example.it", "+39 333 1234567", "whatsapp", "+39 333 7654321"):
            assert text in contacts
        assert "instagram" in contacts and "@marco.b" in contacts
        numbers = section(app, "numbers")
        assert "€129.90 · £45.00" in numbers
        assert "2h ago" in numbers and "3" in numbers
        orders = section(app, "orders")
        for text in (
            "#100231",
            "€129.90",
            "in transit",
            "2 × Sneaker Runner 42",
            "BRT 0123456789 · in transit · ETA 27 Nov",
            "https://brt.example/track/0123456789",
            "#100099",
            "cancelled",
            "not shipped yet",
            "no items on record",
        ):
            assert text in orders, text
        tickets = app.query_one(CustomerTickets)
        assert tickets.display and tickets.option_count == 3  # two tickets and "1 older"
        assert str(tickets.border_title) == "Other tickets (3)"
        screen = "\n".join(ticket_lines(app))
        for text in ("#17", "Dove è il mio pacco?", "reason: return", "no reason recorded"):
            assert text in screen
        assert "older ticket" in screen


async def test_a_customer_with_nothing_gets_sentences_not_blank_boxes() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(CustomerPane)
        assert EMPTY_CUSTOMER in shown_sections(app)
        pane.show(nobody())
        await pilot.pause()
        text = shown_sections(app)
        for sentence in (EMPTY_CONTACTS, EMPTY_ORDERS, EMPTY_TICKETS):
            assert sentence in text
        assert "unknown (no time zone on record)" in text
        assert "not known" in text  # language
        assert "never wrote in" in text
        assert "nothing yet" in text  # spend
        assert not app.query_one(CustomerTickets).display
        for widget in app.query(Static):
            assert not widget.display or str(widget.visual).strip(), widget.id


async def test_an_unknown_zone_is_named_not_crashed_on() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(CustomerPane).show(nobody("Mars/[b]Base[/]"))
        await pilot.pause()
        assert "unknown (time zone “Mars/[b]Base[/]” unknown)" in section(app, "profile")


async def test_hostile_text_is_shown_literally() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(CustomerPane)
        pane.show(marco())
        await pilot.pause()
        tickets = app.query_one(CustomerTickets)
        prompt = tickets.get_option_at_index(0).prompt
        assert isinstance(prompt, Content) and HOSTILE in prompt.plain
        drawn = "".join(ticket_lines(app))
        for piece in ("Reso [bold]x[/]", "[@click=app.quit]quit[/]", "[/ "):
            assert piece in drawn, piece
        tickets.focus()
        await pilot.click(CustomerTickets, offset=(5, 1))  # on the subject line
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] was text, not an action
        assert app.chosen == [41]  # a click on the ticket opens it


async def test_enter_on_another_ticket_posts_its_id() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(CustomerPane).show(marco())
        await pilot.pause()
        app.query_one(CustomerTickets).focus()
        await pilot.press("enter")  # the newest is highlighted from the start
        await pilot.press("j", "enter")
        await pilot.press("k", "enter")
        await pilot.pause()
        assert app.chosen == [41, 17, 41]
        more = app.query_one(CustomerTickets).get_option_at_index(2)
        assert more.disabled and more.id is None  # "… 1 older ticket" is not a ticket


async def test_showing_another_customer_replaces_the_first() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(CustomerPane)
        pane.show(marco())
        await pilot.pause()
        pane.show(nobody())
        await pilot.pause()
        assert "Marco" not in shown_sections(app)
        assert app.query_one(CustomerTickets).option_count == 0
        assert pane.summary is not None and pane.summary.customer.name == "Nobody"


async def test_widen_and_narrow_stay_within_bounds() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(CustomerPane)
        start = pane.columns
        assert pane.outer_size.width == start == CustomerPane.DEFAULT_COLUMNS
        pane.widen()
        await pilot.pause()
        assert pane.columns == start + CustomerPane.STEP == pane.outer_size.width
        for _ in range(20):
            pane.widen()
        await pilot.pause()
        assert pane.columns == CustomerPane.MAX_COLUMNS == pane.outer_size.width
        for _ in range(20):
            pane.narrow()
        await pilot.pause()
        assert pane.columns == CustomerPane.MIN_COLUMNS == pane.outer_size.width


async def test_a_saved_width_is_restored_and_clamped() -> None:
    class WideApp(App[None]):
        def compose(self) -> ComposeResult:
            yield CustomerPane(columns=500)

    app = WideApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(CustomerPane)
        assert pane.columns == CustomerPane.MAX_COLUMNS == pane.outer_size.width
