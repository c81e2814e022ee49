"""CustomerPane: who the customer is, what they bought and what else they asked, beside the thread.

An agent answers better knowing the customer's orders, shipments and earlier
tickets without leaving the conversation. The pane only shows a
:class:`~console.core.customer.CustomerSummary` (read by the screen from the
store); choosing one of the other tickets is posted up as
``CustomerPane.TicketChosen``. Its width is a reactive the screen steps with
:meth:`CustomerPane.widen` / :meth:`CustomerPane.narrow`.

Every empty section says what is missing instead of leaving a blank box, and all
customer text is drawn as ``Content`` built from plain strings: never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from api_client.models import Order, Shipment
from console.core.customer import (
    CustomerSummary,
    OtherTicket,
    format_money,
    short_date,
    utc_offset,
)
from console.core.timefmt import age

__all__ = ["CustomerPane", "CustomerTickets"]

ORDERS_SHOWN = 20
"""The newest orders drawn in full; older ones are counted."""

LOCAL_TIME_REFRESH = 30.0
"""Seconds between redraws of the customer's local time."""

EMPTY_CUSTOMER = "No customer to show yet."
EMPTY_CONTACTS = "No contact points besides this conversation."
EMPTY_ORDERS = "No orders on record for this customer."
EMPTY_TICKETS = "No other tickets."

_MUTED = "$text-muted"
_STATUS_STYLES = {
    # orders and shipments
    "cancelled": "$error",
    "canceled": "$error",
    "refunded": "$warning",
    "returned": "$warning",
    "exception": "$error",
    "failed_attempt": "$warning",
    "lost": "$error",
    "delivered": "$success",
    # tickets
    "new": "$accent",
    "open": "$accent",
    "pending": "$warning",
    "on_hold": "$warning",
    "solved": _MUTED,
    "closed": _MUTED,
}


def _label(value: str) -> str:
    """A stored status or channel as words: ``in_transit`` → ``in transit``."""
    return value.replace("_", " ")


def _status(value: str) -> tuple[str, str]:
    return (_label(value), _STATUS_STYLES.get(value.lower(), ""))


def _field(name: str, value: Content | str, width: int) -> Content:
    return Content.assemble((name.ljust(width), _MUTED), value)


def _missing(text: str) -> Content:
    return Content.assemble((text, f"{_MUTED} italic"))


class CustomerTickets(OptionList):
    """The customer's other tickets, one option each; ``enter`` opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select",
            "Open ticket",
            id="customer.open_ticket",
            tooltip="Open this ticket of the same customer",
        ),
        Binding("down,j", "cursor_down", "Down", show=False, id="customer.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="customer.up"),
    ]


class CustomerPane(VerticalScroll):
    """The customer beside the ticket. Give it a summary with :meth:`show`."""

    MIN_COLUMNS: ClassVar[int] = 30
    MAX_COLUMNS: ClassVar[int] = 80
    STEP: ClassVar[int] = 5
    DEFAULT_COLUMNS: ClassVar[int] = 44

    DEFAULT_CSS = """
    CustomerPane {
        width: 44;
        max-width: 75%;
        height: 1fr;
        border-left: tall $panel;
        padding: 0 1;
    }
    CustomerPane:focus-within { border-left: tall $primary; }
    CustomerPane > .customer-pane--section {
        height: auto;
        border-top: solid $panel;
        border-title-color: $accent;
        border-title-style: bold;
        margin: 0 0 1 0;
    }
    CustomerPane > CustomerTickets {
        border: none;
        border-top: solid $panel;
        border-title-color: $accent;
        border-title-style: bold;
        padding: 0;
        max-height: 24;
    }
    CustomerPane > CustomerTickets:focus { border: none; border-top: solid $primary; }
    """

    columns: reactive[int] = reactive(DEFAULT_COLUMNS)
    """The pane's width in terminal columns, kept within ``MIN_COLUMNS``..``MAX_COLUMNS``."""

    class TicketChosen(Message):
        """The agent pressed enter on one of the customer's other tickets."""

        def __init__(self, ticket_id: int) -> None:
            super().__init__()
            self.ticket_id = ticket_id
            """The store's row id of the chosen ticket."""

    def __init__(
        self,
        *,
        columns: int | None = None,
        clock: Callable[[], datetime] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._summary: CustomerSummary | None = None
        self._orders_note: tuple[int, str] | None = None
        """Why the orders shown may be out of date, for one customer (their row id)."""
        self._clock = clock or (lambda: datetime.now(UTC))
        if columns is not None:
            self.set_reactive(CustomerPane.columns, self.validate_columns(columns))

    def compose(self) -> ComposeResult:
        section = "customer-pane--section"
        yield Static(_missing(EMPTY_CUSTOMER), id="customer-profile", classes=section)
        yield Static(id="customer-contacts", classes=section)
        yield Static(id="customer-numbers", classes=section)
        yield Static(id="customer-orders", classes=section)
        yield Static(_missing(EMPTY_TICKETS), id="customer-no-tickets", classes=section)
        yield CustomerTickets(id="customer-tickets", markup=False)

    def on_mount(self) -> None:
        self.styles.width = self.columns
        self._draw()
        self.set_interval(LOCAL_TIME_REFRESH, self._draw_profile)

    # -- width ------------------------------------------------------------------------------

    def validate_columns(self, columns: int) -> int:
        return max(self.MIN_COLUMNS, min(self.MAX_COLUMNS, columns))

    def watch_columns(self, columns: int) -> None:
        self.styles.width = columns

    def widen(self) -> None:
        """One step wider (up to ``MAX_COLUMNS``)."""
        self.columns += self.STEP

    def narrow(self) -> None:
        """One step narrower (down to ``MIN_COLUMNS``)."""
        self.columns -= self.STEP

    # -- data -------------------------------------------------------------------------------

    @property
    def summary(self) -> CustomerSummary | None:
        return self._summary

    def show(self, summary: CustomerSummary) -> None:
        """Show this customer (replacing whoever was shown)."""
        if self._orders_note is not None and self._orders_note[0] != summary.customer_id:
            self._orders_note = None
        self._summary = summary
        if self.is_mounted:
            self._draw()

    def note_orders(self, customer_id: int, text: str) -> None:
        """Show ``text`` (our own words) under the orders while this customer is shown."""
        self._orders_note = (customer_id, text)
        if self.is_mounted and self._summary is not None:
            self._draw()

    def clear(self) -> None:
        """Show no one (until the next :meth:`show`)."""
        self._summary = None
        self._orders_note = None
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        summary = self._summary
        has_summary = summary is not None
        for section in ("#customer-contacts", "#customer-numbers", "#customer-orders"):
            self.query_one(section).display = has_summary
        tickets = self.query_one(CustomerTickets)
        no_tickets = self.query_one("#customer-no-tickets", Static)
        if summary is None:
            self.query_one("#customer-profile", Static).update(_missing(EMPTY_CUSTOMER))
            tickets.display = no_tickets.display = False
            return
        self._draw_profile()
        self._static("#customer-contacts", "Contact points", self._contacts(summary))
        self._static("#customer-numbers", "Lifetime", self._numbers(summary))
        orders_title = f"Orders ({summary.order_count})" if summary.order_count else "Orders"
        self._static("#customer-orders", orders_title, self._orders(summary))
        title = f"Other tickets ({summary.other_ticket_count})"
        tickets.border_title = no_tickets.border_title = title
        tickets.set_options(self._ticket_options(summary))
        tickets.highlighted = 0 if summary.other_tickets else None
        tickets.display = bool(summary.other_tickets)
        no_tickets.display = not summary.other_tickets

    def _static(self, selector: str, title: str, content: Content) -> None:
        widget = self.query_one(selector, Static)
        widget.border_title = title  # our own words only: titles parse markup
        widget.update(content)

    def _draw_profile(self) -> None:
        if self._summary is not None and self.is_mounted:
            account = self._summary.account  # a profile name: letters, digits, _ - .
            title = f"Customer · {account}" if account else "Customer"
            self._static("#customer-profile", title, self._profile(self._summary))

    # -- sections ---------------------------------------------------------------------------

    def _profile(self, summary: CustomerSummary) -> Content:
        customer = summary.customer
        lines = [Content.assemble((customer.name, "bold"))]
        if customer.tags:
            lines.append(Content.assemble((" · ".join(customer.tags), "$accent")))
        else:
            lines.append(_missing("no tags"))
        language = customer.language or ""
        lines.append(_field("language", language or _missing("not known"), 11))
        lines.append(_field("local time", self._local_time(summary), 11))
        since = customer.created_at
        lines.append(
            _field("since", short_date(since, summary.now) if since else _missing("unknown"), 11)
        )
        if customer.notes.strip():
            lines.append(Content.assemble((customer.notes.strip(), _MUTED)))
        return Content("\n").join(lines)

    def _local_time(self, summary: CustomerSummary) -> Content:
        local = summary.local_time_at(self._clock())
        if local is None:
            zone = (summary.customer.timezone or "").strip()
            if not zone:
                return _missing("unknown (no time zone on record)")
            return Content.assemble(_missing("unknown (time zone “"), zone, _missing("” unknown)"))
        text = Content.assemble(f"{local:%a %H:%M} ", (f"({utc_offset(local)})", _MUTED))
        if local.hour < 7 or local.hour >= 22:
            text = Content.assemble(text, (" · night there", "$warning"))
        return text

    def _contacts(self, summary: CustomerSummary) -> Content:
        points = summary.contact_points
        if not points:
            return _missing(EMPTY_CONTACTS)
        width = max(len(_label(channel)) for channel, _ in points) + 2
        return Content("\n").join(
            _field(_label(channel), value, width) for channel, value in points
        )

    def _numbers(self, summary: CustomerSummary) -> Content:
        now = summary.now
        spend: Content | str
        if summary.spend:
            spend = " · ".join(format_money(amount, code) for code, amount in summary.spend)
        elif summary.order_count:
            spend = _missing("nothing (orders cancelled or refunded)")
        else:
            spend = _missing("nothing yet")
        first, last = summary.first_contact, summary.last_contact
        lines = [
            _field("orders", str(summary.order_count), 14),
            _field("spend", spend, 14),
            _field("tickets", str(summary.ticket_count), 14),
            _field(
                "first contact",
                short_date(first, now) if first else _missing("never wrote in"),
                14,
            ),
            _field(
                "last contact",
                f"{short_date(last, now)} ({age(last, now)} ago)"
                if last
                else _missing("never wrote in"),
                14,
            ),
        ]
        return Content("\n").join(lines)

    def _orders(self, summary: CustomerSummary) -> Content:
        note = self._orders_note
        orders = self._order_blocks(summary)
        if note is None or note[0] != summary.customer_id:
            return orders
        return Content("\n\n").join([Content.styled(note[1], "$warning"), orders])

    def _order_blocks(self, summary: CustomerSummary) -> Content:
        if not summary.orders:
            return _missing(EMPTY_ORDERS)
        blocks = [self._order(order, summary.now) for order in summary.orders[:ORDERS_SHOWN]]
        older = len(summary.orders) - ORDERS_SHOWN
        if older > 0:
            blocks.append(_missing(f"… and {older} older order{'s' * (older != 1)}"))
        return Content("\n\n").join(blocks)

    def _order(self, order: Order, now: datetime) -> Content:
        lines = [
            Content.assemble(
                (order.number, "bold"),
                (f" · {short_date(order.placed_at, now)} · ", _MUTED),
                _status(order.status),
                (" · ", _MUTED),
                format_money(order.total, order.currency),
            )
        ]
        if order.items:
            lines.extend(
                Content.assemble("  ", f"{item.quantity} × ", item.name or item.sku)
                for item in order.items
            )
        else:
            lines.append(Content.assemble("  ", _missing("no items on record")))
        if order.shipments:
            for shipment in order.shipments:
                lines.extend(self._shipment(shipment, now))
        else:
            lines.append(Content.assemble("  ", _missing("not shipped yet")))
        return Content("\n").join(lines)

    def _shipment(self, shipment: Shipment, now: datetime) -> list[Content]:
        parts: list[str | tuple[str, str] | Content] = [
            "  ",
            f"{shipment.carrier} {shipment.tracking_number}",
            (" · ", _MUTED),
            _status(shipment.status),
        ]
        if shipment.eta is not None:
            parts.extend([(" · ", _MUTED), f"ETA {short_date(shipment.eta, now)}"])
        elif shipment.status.lower() != "delivered":
            parts.extend([(" · ", _MUTED), _missing("no ETA")])
        lines = [Content.assemble(*parts)]
        if shipment.tracking_url:
            # Shown as text, not a live link: links open only after the full URL is confirmed.
            lines.append(Content.assemble("  ", (shipment.tracking_url, _MUTED)))
        return lines

    def _ticket_options(self, summary: CustomerSummary) -> list[Option | None]:
        options: list[Option | None] = []
        for ticket in summary.other_tickets:
            if options:
                options.append(None)  # a separator line between tickets
            options.append(self._ticket_option(ticket, summary.now))
        more = summary.other_ticket_count - len(summary.other_tickets)
        if more > 0:
            prompt = _missing(f"… and {more} older ticket{'s' * (more != 1)}")
            options.append(Option(prompt, disabled=True))
        return options

    def _ticket_option(self, ticket: OtherTicket, now: datetime) -> Option:
        reasons = (
            Content.assemble(("reason: " + ", ".join(ticket.reasons), _MUTED))
            if ticket.reasons
            else _missing("no reason recorded")
        )
        prompt = Content("\n").join(
            [
                Content.assemble(
                    (f"#{ticket.number}", "bold"),
                    (" · ", _MUTED),
                    _status(ticket.status),
                    (f" · {_label(ticket.channel)} · {short_date(ticket.created_at, now)}", _MUTED),
                ),
                Content(ticket.subject),
                reasons,
            ]
        )
        return Option(prompt, id=str(ticket.id))

    @on(OptionList.OptionSelected, "#customer-tickets")
    def _ticket_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.post_message(self.TicketChosen(int(event.option_id)))
