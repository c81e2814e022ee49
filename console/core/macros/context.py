"""What a macro can say about a ticket: its variables, from the store, in the customer's locale.

A reply that says "your order of 18 November for €129.90" in Italian must say
"il tuo ordine del 18 novembre di 129,90 €": dates, times and amounts are
formatted with Babel (CLDR data) for the language the reply is written in, and
in the customer's time zone. So :func:`macro_context` gathers the *facts* once
(ticket, customer, latest order and shipment, agent, shop, now) as a
:class:`MacroContext`, and :meth:`MacroContext.variables` formats them for one
language when a macro is rendered.

Variables are groups (``order.number``, ``shipment.eta``) held in :class:`Vars`,
so a template asking for something that is not there gets an error that says
why ("the customer has no order on record") instead of an empty hole in a
customer's email; a value that is there but empty is a :class:`Blank`, and
printing one is an error too (see :mod:`console.core.macros.render`).

Customer-written values are data, never template source: Jinja prints a
variable's value as it is, so a customer called ``{{ 7*7 }}`` is greeted by
exactly that name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.numbers import format_currency

from api_client.errors import NotFoundError
from api_client.models import (
    Agent,
    Channel,
    Customer,
    Order,
    OrderItem,
    Shipment,
    Status,
    Ticket,
    native_id,
)
from console.core.config import Config
from console.core.customer import customer_zone
from console.core.errors import UserError
from console.core.macros.model import FALLBACK_LANGUAGE, LANGUAGES
from console.core.mirror import UNKNOWN_NAME
from console.core.workspace import Workspace

__all__ = [
    "LOCALES",
    "SAMPLE_NOW",
    "SAMPLE_SHOP",
    "Blank",
    "Formatter",
    "MacroContext",
    "NotPrintable",
    "Vars",
    "locale_for",
    "macro_context",
    "sample_context",
]

LOCALES = {"it": "it_IT", "en": "en_GB", "fr": "fr_FR", "de": "de_DE", "es": "es_ES"}
"""The locale each desk language is formatted in."""

EXIT_NOT_FOUND = 3

_DAY_PATTERNS = {
    "it": "EEEE d MMMM",
    "en": "EEEE d MMMM",
    "fr": "EEEE d MMMM",
    "de": "EEEE, d. MMMM",
    "es": "EEEE d 'de' MMMM",
}
"""A day as it is written in a sentence ("giovedì 26 novembre"); CLDR's skeletons abbreviate."""

_DAY_MONTH_PATTERNS = {
    "it": "d MMMM",
    "en": "d MMMM",
    "fr": "d MMMM",
    "de": "d. MMMM",
    "es": "d 'de' MMMM",
}
"""A date in the current year, as people write it ("18 novembre", "18. November")."""

_TIME_PATTERN = "HH:mm"


def locale_for(lang: str | None) -> Locale:
    """The Babel locale for a language code (``it`` → ``it_IT``); English (GB) when unknown."""
    code = LOCALES.get(lang or "", lang or "")
    try:
        return Locale.parse(code)
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(LOCALES[FALLBACK_LANGUAGE])


# -- values templates see ------------------------------------------------------------------------


class Blank(str):
    """An empty value (a shipment without a tracking URL); printing it is an error naming it.

    It is falsy, so ``{% if shipment.tracking_url %}`` and ``{{ x or y }}`` work.
    """

    path: str
    why: str

    def __new__(cls, path: str, why: str = "") -> Blank:
        blank = super().__new__(cls, "")
        blank.path = path
        blank.why = why
        return blank

    def __repr__(self) -> str:
        return f"Blank({self.path!r})"


class NotPrintable(TypeError):
    """A group of variables was turned into text (``"by " ~ order``)."""


class Vars(Mapping[str, object]):
    """A group of variables read as attributes (``order.number``).

    ``missing`` says why the whole group is absent (no order on record): the group
    is then empty and falsy, and any field of it is an error that says so.
    ``text`` is what printing the group itself shows (``{{ promised_by }}``).
    An ``open`` group (``shop``, whose keys the user chooses) reads an unknown name
    as a :class:`Blank`, so ``{% if shop.phone %}`` works and printing it says how
    to set it (``unknown_hint``).
    """

    def __init__(
        self,
        path: str,
        values: Mapping[str, object] | None = None,
        *,
        missing: str = "",
        text: str | None = None,
        unknown_hint: str = "",
        open: bool = False,
    ) -> None:
        self.path = path
        self.open = open
        self.fields: dict[str, object] = dict(values or {})
        self.missing = missing
        self.text = text
        self.unknown_hint = unknown_hint

    def __getitem__(self, key: str) -> object:
        return self.fields[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        raise NotPrintable(self.not_printable())

    def __repr__(self) -> str:
        return f"Vars({self.path!r})"

    def not_printable(self) -> str:
        if self.missing:
            return f"`{self.path}` is not available: {self.missing}"
        fields = ", ".join(f"{self.path}.{name}" for name in self.fields)
        return f"`{self.path}` is a group of values: print one of them ({fields})"

    def why_not(self, name: str) -> str:
        """Why ``name`` cannot be read from this group."""
        if self.missing:
            return f"`{self.path}.{name}` is not available: {self.missing}"
        known = ", ".join(self.fields) or "nothing"
        return f"`{self.path}` has no `{name}` (it has: {known})"


def _text(path: str, value: object, why: str = "") -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Blank(path, why)
    return value


# -- formatting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Formatter:
    """Dates, times and money for one language and time zone (the filters use it too)."""

    lang: str
    locale: Locale
    zone: tzinfo

    @classmethod
    def of(cls, lang: str, zone: tzinfo) -> Formatter:
        return cls(lang, locale_for(lang), zone)

    def _local(self, moment: datetime) -> datetime:
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(self.zone)

    def date(self, moment: datetime, format: str = "long") -> str:
        """``long`` (26 novembre 2026), ``short``, ``medium``, ``full``, ``day``
        (giovedì 26 novembre), ``day_month`` (26 novembre) or a CLDR pattern."""
        named = {"day": _DAY_PATTERNS, "day_month": _DAY_MONTH_PATTERNS}.get(format)
        if named is not None:
            pattern = named.get(self.lang)
            if pattern is None:
                fallback = "full" if format == "day" else "long"
                return format_date(self._local(moment).date(), fallback, locale=self.locale)
            format = pattern
        return format_date(self._local(moment).date(), format, locale=self.locale)

    def recent(self, moment: datetime, now: datetime) -> str:
        """A past date as a sentence says it: "18 novembre" this year, "18 novembre 2025" before."""
        same_year = self._local(moment).year == self._local(now).year
        return self.date(moment, "day_month" if same_year else "long")

    def time(self, moment: datetime, format: str = _TIME_PATTERN) -> str:
        """``18:00`` (24-hour, as all five desk languages write it) or a CLDR pattern."""
        return format_time(self._local(moment), format, tzinfo=self.zone, locale=self.locale)

    def date_time(self, moment: datetime, format: str = "medium") -> str:
        return format_datetime(self._local(moment), format, tzinfo=self.zone, locale=self.locale)

    def money(self, amount: Decimal | float | int, currency: str) -> str:
        """``129,90 €`` (it, de, fr, es), ``€129.90`` / ``£129.90`` (en)."""
        return format_currency(amount, currency.strip().upper(), locale=self.locale)

    def when(self, moment: datetime) -> str:
        """A day and time as a sentence says it: "giovedì 26 novembre alle 18:00"."""
        day, clock = self.date(moment, "day"), self.time(moment)
        hour = self._local(moment).hour
        phrase = {
            "it": f"{day} alle {clock}",
            "en": f"{clock} on {day}",
            "fr": f"{day} à {clock}",
            "de": f"{day}, {clock} Uhr",
            "es": f"{day} a la{'' if hour == 1 else 's'} {clock}",
        }.get(self.lang)
        return phrase if phrase is not None else self.date_time(moment)

    def items(self, names: list[str]) -> str:
        """``A, B e C``: a list as the language joins it."""
        return format_list(names, locale=self.locale) if names else ""


_ORDER_STATUS: dict[str, dict[str, str]] = {
    "it": {
        "pending": "in attesa di pagamento", "paid": "pagato", "fulfilled": "in preparazione",
        "shipped": "spedito", "delivered": "consegnato", "cancelled": "annullato",
        "canceled": "annullato", "refunded": "rimborsato", "returned": "reso",
    },
    "en": {
        "pending": "awaiting payment", "paid": "paid", "fulfilled": "being prepared",
        "shipped": "shipped", "delivered": "delivered", "cancelled": "cancelled",
        "canceled": "cancelled", "refunded": "refunded", "returned": "returned",
    },
    "fr": {
        "pending": "en attente de paiement", "paid": "payée", "fulfilled": "en préparation",
        "shipped": "expédiée", "delivered": "livrée", "cancelled": "annulée",
        "canceled": "annulée", "refunded": "remboursée", "returned": "retournée",
    },
    "de": {
        "pending": "Zahlung ausstehend", "paid": "bezahlt", "fulfilled": "in Bearbeitung",
        "shipped": "versandt", "delivered": "zugestellt", "cancelled": "storniert",
        "canceled": "storniert", "refunded": "erstattet", "returned": "zurückgesendet",
    },
    "es": {
        "pending": "pendiente de pago", "paid": "pagado", "fulfilled": "en preparación",
        "shipped": "enviado", "delivered": "entregado", "cancelled": "cancelado",
        "canceled": "cancelado", "refunded": "reembolsado", "returned": "devuelto",
    },
}  # fmt: skip

_SHIPMENT_STATUS: dict[str, dict[str, str]] = {
    "it": {
        "label_created": "etichetta creata", "in_transit": "in transito",
        "out_for_delivery": "in consegna", "delivered": "consegnato",
        "exception": "anomalia di consegna", "returned": "in rientro al mittente",
    },
    "en": {
        "label_created": "label created", "in_transit": "in transit",
        "out_for_delivery": "out for delivery", "delivered": "delivered",
        "exception": "delivery problem", "returned": "returning to sender",
    },
    "fr": {
        "label_created": "étiquette créée", "in_transit": "en transit",
        "out_for_delivery": "en cours de livraison", "delivered": "livré",
        "exception": "incident de livraison", "returned": "en retour vers l'expéditeur",
    },
    "de": {
        "label_created": "Versandlabel erstellt", "in_transit": "unterwegs",
        "out_for_delivery": "in Zustellung", "delivered": "zugestellt",
        "exception": "Zustellproblem", "returned": "Rücksendung an den Absender",
    },
    "es": {
        "label_created": "etiqueta creada", "in_transit": "en tránsito",
        "out_for_delivery": "en reparto", "delivered": "entregado",
        "exception": "incidencia en la entrega", "returned": "en devolución al remitente",
    },
}  # fmt: skip


def _label(table: Mapping[str, Mapping[str, str]], lang: str, status: str) -> str:
    labels = table.get(lang) or table[FALLBACK_LANGUAGE]
    key = status.strip().lower()
    return labels.get(key) or key.replace("_", " ")


# -- the context -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MacroContext:
    """The facts a macro is rendered from, for one ticket at one moment."""

    ticket: Ticket
    customer: Customer
    order: Order | None
    """The customer's latest order (by when it was placed)."""
    shipment: Shipment | None
    """The latest shipment of that order."""
    agent: Agent
    shop: Mapping[str, str] = field(default_factory=dict)
    """The ``[shop]`` table of the config: ``name``, ``url``, ``signature`` ..."""
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    zone: tzinfo = UTC
    """The customer's time zone; else ``shop.timezone``; else UTC."""

    @property
    def language(self) -> str | None:
        """The language the customer writes in: the ticket's, else the customer's."""
        return self.ticket.language or self.customer.language

    @property
    def short_form(self) -> bool:
        """Whether the ticket's channel calls for the short variant (chat, messaging, social)."""
        return self.ticket.channel.is_short_form

    def variables(
        self,
        lang: str,
        *,
        promised_by: datetime | None = None,
        promise_missing: str = "the ticket has no promise date",
    ) -> dict[str, object]:
        """The template variables for a reply in ``lang`` (see docs/macros.md for the list)."""
        fmt = Formatter.of(lang, self.zone)
        ticket, customer, agent = self.ticket, self.customer, self.agent
        known = customer.name.strip() if customer.name.strip() != UNKNOWN_NAME else ""
        first, _, last = known.partition(" ")
        why = "" if known else "the helpdesk has not sent the customer's name yet"
        agent_first = agent.name.strip().partition(" ")[0]
        shop = Vars(
            "shop",
            {key: _text(f"shop.{key}", value) for key, value in self.shop.items()},
            unknown_hint="it is not set: add it under [shop] in the config file",
            open=True,
        )
        signature = self.shop.get("signature", "").strip()
        if not signature:
            shop_name = self.shop.get("name", "").strip()
            signature = f"{agent_first}\n{shop_name}" if shop_name else agent_first
        promise = (
            Vars(
                "promised_by",
                {"date": fmt.date(promised_by, "day"), "time": fmt.time(promised_by)}
                | {"at": promised_by},
                text=fmt.when(promised_by),
            )
            if promised_by is not None
            else Vars("promised_by", missing=promise_missing)
        )
        return {
            "ticket": Vars(
                "ticket",
                {
                    "number": native_id(ticket.id),
                    "subject": _text("ticket.subject", ticket.subject),
                    "status": ticket.status.value,
                    "priority": ticket.priority.value,
                    "channel": ticket.channel.value,
                    "stage": ticket.stage.value,
                    "language": _text("ticket.language", ticket.language),
                    "tags": list(ticket.tags),
                    "url": _text("ticket.url", ticket.url, "the helpdesk gives no web address"),
                    "created": fmt.recent(ticket.created_at, self.now),
                },
            ),
            "customer": Vars(
                "customer",
                {
                    "name": _text("customer.name", known, why),
                    "first_name": _text("customer.first_name", first, why),
                    "last_name": _text("customer.last_name", last.strip(), why),
                    "email": _text("customer.email", customer.email, "no email address on record"),
                    "language": _text("customer.language", customer.language),
                    "timezone": _text("customer.timezone", customer.timezone),
                },
            ),
            "order": self._order(fmt),
            "shipment": self._shipment(fmt),
            "agent": Vars(
                "agent",
                {
                    "name": _text("agent.name", agent.name),
                    "first_name": _text("agent.first_name", agent_first),
                    "login": _text("agent.login", agent.login),
                    "email": _text("agent.email", agent.email),
                },
            ),
            "shop": shop,
            "signature": _text("signature", signature),
            "promised_by": promise,
            "today": fmt.date(self.now),
            "now": self.now,
            "lang": lang,
            "locale": str(fmt.locale),
            "_fmt": fmt,
        }

    def _order(self, fmt: Formatter) -> Vars:
        order = self.order
        if order is None:
            return Vars("order", missing="the customer has no order on record")
        names = [item.name for item in order.items if item.name.strip()]
        return Vars(
            "order",
            {
                "number": _text("order.number", order.number),
                "status": order.status,
                "status_label": _label(_ORDER_STATUS, fmt.lang, order.status),
                "date": fmt.recent(order.placed_at, self.now),
                "placed_at": order.placed_at,
                "total": fmt.money(order.total, order.currency),
                "amount": order.total,
                "currency": order.currency,
                "items": [
                    _item(f"order.items[{n}]", item, order.currency, fmt)
                    for n, item in enumerate(order.items)
                ],
                "item": _text(
                    "order.item", names[0] if names else None, "the order lists no items"
                ),
                "products": _text("order.products", fmt.items(names), "the order lists no items"),
                "count": sum(item.quantity for item in order.items),
            },
        )

    def _shipment(self, fmt: Formatter) -> Vars:
        shipment = self.shipment
        if shipment is None:
            why = (
                "the customer has no order on record"
                if self.order is None
                else f"order {self.order.number} has not been shipped yet"
            )
            return Vars("shipment", missing=why)
        eta_why = "the carrier gives no delivery date"
        return Vars(
            "shipment",
            {
                "carrier": _text("shipment.carrier", shipment.carrier),
                "tracking_number": _text("shipment.tracking_number", shipment.tracking_number),
                "tracking_url": _text(
                    "shipment.tracking_url", shipment.tracking_url, "the carrier gives no link"
                ),
                "status": shipment.status,
                "status_label": _label(_SHIPMENT_STATUS, fmt.lang, shipment.status),
                "shipped": _text(
                    "shipment.shipped",
                    fmt.recent(shipment.shipped_at, self.now) if shipment.shipped_at else None,
                    "no shipping date on record",
                ),
                "eta": _text(
                    "shipment.eta", fmt.date(shipment.eta, "day") if shipment.eta else None, eta_why
                ),
                "eta_at": shipment.eta if shipment.eta is not None else Blank("shipment.eta_at"),
            },
        )


def _item(path: str, item: OrderItem, currency: str, fmt: Formatter) -> Vars:
    return Vars(
        path,
        {
            "name": _text(f"{path}.name", item.name),
            "sku": _text(f"{path}.sku", item.sku),
            "quantity": item.quantity,
            "price": fmt.money(item.unit_price, currency),
        },
    )


def macro_context(
    workspace: Workspace, ticket_id: int, *, now: datetime, config: Config
) -> MacroContext:
    """Read a ticket's context from the store: ticket, customer, latest order and shipment.

    Raises :class:`UserError` (exit 3) when there is no such ticket.
    """
    desk = workspace.desk
    row = workspace.conn.execute(
        "SELECT customer_id FROM tickets WHERE id = ?", (ticket_id,)
    ).fetchone()
    if row is None:
        raise UserError(f"no ticket {ticket_id}", exit_code=EXIT_NOT_FOUND)
    try:
        ticket = desk.ticket(ticket_id)
        history = desk.customer_history(int(row[0]), ticket_limit=0)
        agent = desk.agent(workspace.me_id)
    except NotFoundError as error:
        raise UserError(str(error), exit_code=EXIT_NOT_FOUND) from None
    if config.agent.name:
        agent = Agent(
            id=agent.id,
            name=config.agent.name,
            email=agent.email or config.agent.email or None,
            login=agent.login,
            group_ids=agent.group_ids,
        )
    order = max(history.orders, key=lambda o: o.placed_at, default=None)
    shipments = order.shipments if order is not None else ()
    zone = (
        customer_zone(history.customer.timezone)
        or customer_zone(config.shop.get("timezone"))
        or UTC
    )
    return MacroContext(
        ticket=ticket,
        customer=history.customer,
        order=order,
        shipment=shipments[-1] if shipments else None,
        agent=agent,
        shop=dict(config.shop),
        now=now,
        zone=zone,
    )


# -- sample contexts (lint, previews) -------------------------------------------------------------

SAMPLE_NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SAMPLE_SHOP = {"name": "Aurora Shop", "url": "https://shop.example"}

_SAMPLES: dict[str, dict[str, Any]] = {
    "it": {
        "customer": "Marco Bianchi", "email": "marco.bianchi@example.it", "zone": "Europe/Rome",
        "agent": "Giulia Rossi", "currency": "EUR", "carrier": "BRT",
        "tracking": "BRT0012345678", "subject": "Dov'è il mio ordine?",
        "items": [("SH-41", "Sneakers Aurora", "89.90"), ("SO-3", "Calzini sportivi", "40.00")],
    },
    "en": {
        "customer": "Emma Clarke", "email": "emma.clarke@example.co.uk", "zone": "Europe/London",
        "agent": "Oliver Hughes", "currency": "GBP", "carrier": "Royal Mail",
        "tracking": "RM123456789GB", "subject": "Where is my order?",
        "items": [("SH-7", "Aurora trainers", "89.90"), ("SO-3", "Sports socks", "40.00")],
    },
    "fr": {
        "customer": "Camille Dubois", "email": "camille.dubois@example.fr", "zone": "Europe/Paris",
        "agent": "Léa Martin", "currency": "EUR", "carrier": "Colissimo",
        "tracking": "6A12345678901", "subject": "Où est ma commande ?",
        "items": [("SH-39", "Baskets Aurora", "89.90"), ("SO-3", "Chaussettes de sport", "40.00")],
    },
    "de": {
        "customer": "Jonas Becker", "email": "jonas.becker@example.de", "zone": "Europe/Berlin",
        "agent": "Lukas Schneider", "currency": "EUR", "carrier": "DHL",
        "tracking": "00340434161234567890", "subject": "Wo bleibt meine Bestellung?",
        "items": [("SH-43", "Aurora Sneaker", "89.90"), ("SO-3", "Sportsocken", "40.00")],
    },
    "es": {
        "customer": "Lucía Fernández", "email": "lucia.fernandez@example.es",
        "zone": "Europe/Madrid", "agent": "Carmen López", "currency": "EUR",
        "carrier": "SEUR", "tracking": "ES2026112512345", "subject": "¿Dónde está mi pedido?",
        "items": [("SH-38", "Zapatillas Aurora", "89.90"),
                  ("SO-3", "Calcetines deportivos", "40.00")],
    },
}  # fmt: skip


def sample_context(
    lang: str, *, channel: Channel = Channel.EMAIL, promised_by: datetime | None = None
) -> MacroContext:
    """A realistic context for ``lang`` (any of the desk's five; others get the English one).

    Used by ``deskside macro lint`` to render every macro before a customer sees it.
    """
    sample = _SAMPLES.get(lang) or _SAMPLES[FALLBACK_LANGUAGE]
    language = lang if lang in LANGUAGES else FALLBACK_LANGUAGE
    now = SAMPLE_NOW
    placed = datetime(2026, 11, 18, 11, 6, tzinfo=UTC)
    items = tuple(
        OrderItem(sku=sku, name=name, quantity=1, unit_price=Decimal(price))
        for sku, name, price in sample["items"]
    )
    shipment = Shipment(
        carrier=sample["carrier"],
        tracking_number=sample["tracking"],
        tracking_url=f"https://tracking.example/{sample['tracking']}",
        status="in_transit",
        shipped_at=datetime(2026, 11, 19, 14, 53, tzinfo=UTC),
        eta=datetime(2026, 11, 26, 17, 0, tzinfo=UTC),
    )
    order = Order(
        id="local:88",
        customer_id="local:311",
        number="10087",
        status="shipped",
        total=sum((item.unit_price for item in items), Decimal(0)),
        currency=sample["currency"],
        placed_at=placed,
        items=items,
        shipments=(shipment,),
    )
    customer = Customer(
        id="local:311",
        name=sample["customer"],
        emails=(sample["email"],),
        language=language,
        timezone=sample["zone"],
    )
    ticket = Ticket(
        id="local:1042",
        subject=sample["subject"],
        status=Status.OPEN,
        channel=channel,
        customer_id=customer.id,
        language=language,
        created_at=now,
        updated_at=now,
        version="3",
        promised_by=promised_by,
    )
    agent = Agent(id="local:7", name=sample["agent"], login="agent", email="help@shop.example")
    return MacroContext(
        ticket=ticket,
        customer=customer,
        order=order,
        shipment=shipment,
        agent=agent,
        shop=dict(SAMPLE_SHOP),
        now=now,
        zone=ZoneInfo(sample["zone"]),
    )
