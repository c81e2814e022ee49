"""Gorgias JSON → deskside models: statuses, channels, messages, orders, views, the cursor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec
import pytest

from api_client.backends.gorgias import convert, orders
from api_client.backends.gorgias.feed import Mark, Position, mark_of
from api_client.backends.gorgias.shapes import GCustomer, GMacro, GMessage, GTicket, GView
from api_client.backends.gorgias.views import parse_filters, view_queries
from api_client.errors import InvalidRequestError, InvalidResponseError
from api_client.models import AuthorRole, Channel, Priority, Stage, Status
from api_client.sanitize import is_clean
from console.core.query import parse


def q(native: int | str) -> str:
    return f"acme:{native}"


def _ticket(**fields: Any) -> GTicket:
    raw = {"id": 7, "customer": {"id": 3}, "updated_datetime": "2026-11-02T09:00:00.123456"}
    return msgspec.convert({**raw, **fields}, GTicket)


def _message(**fields: Any) -> GMessage:
    raw = {"id": 9, "channel": "email", "created_datetime": "2026-11-02T09:00:00"}
    return msgspec.convert({**raw, **fields}, GMessage)


# -- statuses, channels, times -------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "snooze", "ours"),
    [
        ("open", None, Status.OPEN),
        ("open", "2026-11-05T09:00:00", Status.PENDING),
        ("closed", None, Status.SOLVED),
        ("closed", "2026-11-05T09:00:00", Status.SOLVED),
        (None, None, Status.OPEN),
    ],
)
def test_statuses_read(status: str | None, snooze: str | None, ours: Status) -> None:
    assert convert.status_of(status, snooze) is ours


def test_statuses_written() -> None:
    now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    day = timedelta(days=1)
    assert convert.status_fields(Status.SOLVED, now, day) == {
        "status": "closed",
        "snooze_datetime": None,
    }
    assert convert.status_fields(Status.PENDING, now, day) == {
        "status": "open",
        "snooze_datetime": "2026-11-03T09:00:00+00:00",
    }
    assert convert.status_fields(Status.NEW, now, day)["snooze_datetime"] is None


@pytest.mark.parametrize(
    ("value", "channel"),
    [
        ("email", Channel.EMAIL),
        ("chat", Channel.CHAT),
        ("gorgias_chat", Channel.CHAT),
        ("contact_form", Channel.WEB_FORM),
        ("help-center", Channel.WEB_FORM),
        ("phone", Channel.PHONE),
        ("aircall", Channel.PHONE),
        ("sms", Channel.SMS),
        ("whatsapp", Channel.WHATSAPP),
        ("whatsapp-message", Channel.WHATSAPP),
        ("facebook-messenger", Channel.FACEBOOK),
        ("facebook-mention-comment", Channel.FACEBOOK),
        ("instagram-direct-message", Channel.INSTAGRAM),
        ("instagram-ad-comment", Channel.INSTAGRAM),
        ("twitter-direct-message", Channel.TWITTER),
        ("yotpo-review", Channel.WEB_FORM),
        ("api", Channel.EMAIL),
        (None, Channel.EMAIL),
    ],
)
def test_channels(value: str | None, channel: Channel) -> None:
    assert convert.channel_of(value) is channel


@pytest.mark.parametrize(
    ("value", "priority"),
    [(None, Priority.NORMAL), ("high", Priority.HIGH), ("critical", Priority.URGENT)],
)
def test_a_priority_is_read_when_present(value: str | None, priority: Priority) -> None:
    assert convert.priority_of(value) is priority


def test_times_without_an_offset_are_utc() -> None:
    assert convert.parse_time("2020-01-27T10:42:21.932637", "t") == datetime(
        2020, 1, 27, 10, 42, 21, 932637, tzinfo=UTC
    )
    assert convert.parse_time("2018-12-04T03:29:37-08:00", "t").utcoffset() == timedelta(hours=-8)
    with pytest.raises(InvalidResponseError):
        convert.parse_time("yesterday", "t")
    assert convert.same_version("2020-01-27T10:42:21.932637", "2020-01-27T10:42:21.932637+00:00")
    assert not convert.same_version("2020-01-27T10:42:21", "2020-01-27T10:42:22")
    assert not convert.same_version("2020-01-27T10:42:21", "garbage")


# -- tickets and messages ------------------------------------------------------------------


def test_a_ticket_hides_stage_tags_and_keeps_the_version_as_written() -> None:
    raw = _ticket(
        subject=None,
        excerpt="Where is my parcel?\nIt is late",
        tags=[{"name": "vip"}, {"name": "stage_fix"}, {"name": "stage_identify"}],
        channel="instagram-direct-message",
        language="fr-CA",
    )
    ticket = convert.ticket(raw, q, site="https://acme.gorgias.com")
    assert ticket.subject == "Where is my parcel?" and ticket.tags == ("vip",)
    assert ticket.stage is Stage.FIX and ticket.channel is Channel.INSTAGRAM
    assert ticket.version == "2026-11-02T09:00:00.123456" and ticket.language == "fr"
    assert ticket.created_at == ticket.updated_at


def test_a_ticket_without_a_customer_is_refused() -> None:
    with pytest.raises(InvalidResponseError, match="customer"):
        convert.ticket(_ticket(customer=None), q, site="")


def test_hostile_text_is_sanitized() -> None:
    raw = _ticket(subject="Hi \x1b]52;c;cGF3bmVk\x07 \u202eeman")
    ticket = convert.ticket(raw, q, site="")
    message = convert.message(_message(body_text="\x1b[31mred\u200b"), ticket.id, q)
    assert is_clean(ticket.subject) and is_clean(message.body)


@pytest.mark.parametrize(
    ("fields", "role", "public"),
    [
        ({"from_agent": False, "sender": {"id": 3, "name": "Ann"}}, AuthorRole.CUSTOMER, True),
        ({"from_agent": True, "sender": {"id": 4}}, AuthorRole.AGENT, True),
        ({"from_agent": True, "sender": {"id": 4}, "rule_id": 1}, AuthorRole.SYSTEM, True),
        ({"from_agent": True}, AuthorRole.SYSTEM, True),
        (
            {"from_agent": True, "sender": {"id": 4}, "channel": "internal-note"},
            AuthorRole.AGENT,
            False,
        ),
    ],
)
def test_message_authors(fields: dict[str, Any], role: AuthorRole, public: bool) -> None:
    message = convert.message(_message(**fields), "acme:7", q)
    assert message.author_role is role and message.public is public


def test_a_message_on_a_tool_channel_takes_the_ticket_channel() -> None:
    for channel in ("api", "internal-note"):
        raw = _message(channel=channel, from_agent=True, sender={"id": 4})
        assert convert.message(raw, "acme:7", q, ticket_channel=Channel.SMS).channel is Channel.SMS


def test_a_message_body_falls_back_to_the_html() -> None:
    raw = _message(body_text=None, body_html="<p>Hello&nbsp;<b>Ann</b></p><p>bye</p>")
    assert convert.message(raw, "acme:7", q).body == "Hello\xa0Ann\nbye"
    assert convert.body_of(None, None) == ""


def test_a_message_without_an_id_or_a_time_is_refused() -> None:
    with pytest.raises(InvalidResponseError):
        convert.message(_message(id=None), "acme:7", q)
    with pytest.raises(InvalidResponseError):
        convert.message(_message(created_datetime=None), "acme:7", q)


def test_a_customer_leaves_deleted_channels_out() -> None:
    raw = msgspec.convert(
        {
            "id": 3,
            "firstname": "Ann",
            "lastname": "Lee",
            "channels": [
                {"type": "email", "address": "ann@old.example", "deleted_datetime": "2025-01-01"},
                {"type": "email", "address": "ann@new.example", "preferred": True},
                {"type": "sms", "address": "+33 6 12"},
                {"type": "twitter", "address": "@ann"},
                {"type": "custom-slug", "address": "x"},
            ],
        },
        GCustomer,
    )
    customer = convert.customer(raw, q)
    assert customer.name == "Ann Lee" and customer.emails == ("ann@new.example",)
    assert customer.phones == ("+33 6 12",) and [h.value for h in customer.handles] == ["@ann"]


# -- orders --------------------------------------------------------------------------------


def _shopify(*raw_orders: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"6": {"__integration_type__": "shopify", "orders": list(raw_orders), **extra}}


ORDER = {"id": 1, "name": "#1001", "created_at": "2026-10-01T10:00:00+02:00", "currency": "eur"}


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"financial_status": "pending"}, "pending"),
        ({"financial_status": "paid"}, "paid"),
        ({"financial_status": "paid", "fulfillment_status": "partial"}, "shipped"),
        ({"financial_status": "refunded", "fulfillment_status": "fulfilled"}, "refunded"),
        ({"cancelled_at": "2026-10-02T10:00:00Z", "financial_status": "voided"}, "cancelled"),
        (
            {
                "fulfillment_status": "fulfilled",
                "fulfillments": [{"tracking_number": "1Z", "shipment_status": "delivered"}],
            },
            "delivered",
        ),
    ],
)
def test_order_statuses(fields: dict[str, Any], status: str) -> None:
    (order,) = orders.customer_orders(_shopify({**ORDER, **fields}), "acme:3", q)
    assert order.status == status and order.currency == "EUR" and order.number == "#1001"


@pytest.mark.parametrize(
    ("fulfillment", "status"),
    [
        ({"shipment_status": "label_printed"}, "label_created"),
        ({"shipment_status": "in_transit"}, "in_transit"),
        ({"shipment_status": "out_for_delivery"}, "out_for_delivery"),
        ({"shipment_status": "attempted_delivery"}, "exception"),
        ({"shipment_status": "failure"}, "exception"),
        ({"shipment_status": None, "status": "success"}, "in_transit"),
        ({"shipment_status": None, "status": "pending"}, "label_created"),
    ],
)
def test_shipment_statuses(fulfillment: dict[str, Any], status: str) -> None:
    raw = {"tracking_company": "UPS", "tracking_numbers": ["1Z9"], **fulfillment}
    (order,) = orders.customer_orders(_shopify({**ORDER, "fulfillments": [raw]}), "acme:3", q)
    (parcel,) = order.shipments
    assert parcel.status == status and parcel.tracking_number == "1Z9"


def test_parcels_without_tracking_cancelled_or_with_odd_links_are_shown_safely() -> None:
    fulfillments = [
        {"status": "cancelled", "tracking_number": "A"},
        {"status": "success"},
        {
            "tracking_company": "DHL",
            "tracking_number": "B",
            "tracking_url": "javascript:alert(1)",
            "created_at": "2026-10-02T10:00:00Z",
            "estimated_delivery_at": "2026-10-04T10:00:00Z",
        },
    ]
    (order,) = orders.customer_orders(
        _shopify({**ORDER, "fulfillments": fulfillments}), "acme:3", q
    )
    (parcel,) = order.shipments
    assert parcel.tracking_url is None and parcel.eta == datetime(2026, 10, 4, 10, tzinfo=UTC)
    assert parcel.shipped_at == datetime(2026, 10, 2, 10, tzinfo=UTC)


def test_the_documented_example_order() -> None:
    """The spec's example: no name, no total_price, no currency; a line item and the tax."""
    example = {
        "id": 772803526679,
        "total_tax": "0.02",
        "created_at": "2018-12-04T03:29:37-08:00",
        "line_items": [
            {
                "title": "Acidulous candy",
                "sku": "0987654321",
                "name": "Acidulous candy",
                "price": "0.10",
                "quantity": 1,
                "price_set": {"shop_money": {"amount": "0.10", "currency_code": "USD"}},
            }
        ],
    }
    (order,) = orders.customer_orders(_shopify(example), "acme:3924", q)
    assert order.number == "772803526679" and order.total == Decimal("0.12")
    assert order.currency == "USD" and order.status == "pending"
    assert order.id == "acme:shopify-772803526679" and order.customer_id == "acme:3924"


def test_orders_come_from_shopify_only_newest_first_each_once() -> None:
    older = {**ORDER, "id": 2, "name": "#1000", "created_at": "2026-09-01T10:00:00Z"}
    last = {**ORDER, "last_fulfillment": {"tracking_number": "Z", "tracking_company": "GLS"}}
    integrations = {
        **_shopify(older, ORDER, last_order=last),
        "7": {"__integration_type__": "recharge", "orders": [ORDER]},
        "8": {"__integration_type__": "shopify", "orders": "broken"},
        "9": "not an object",
        "10": {"__integration_type__": "shopify", "orders": [{"id": 5}, {"created_at": "x"}]},
    }
    found = orders.customer_orders(integrations, "acme:3", q)
    assert [o.number for o in found] == ["#1001", "#1000"]
    assert orders.customer_orders(None, "acme:3", q) == []


def test_order_numbers_fall_back_on_the_order_number() -> None:
    (order,) = orders.customer_orders(
        _shopify({**ORDER, "name": None, "order_number": 1001}), "a:3", q
    )
    assert order.number == "#1001"


def test_line_items_without_a_price_use_the_price_set() -> None:
    item = {
        "sku": "S",
        "title": "Sock",
        "price": None,
        "price_set": {"shop_money": {"amount": 2.5}},
    }
    (order,) = orders.customer_orders(
        _shopify({**ORDER, "line_items": [item], "total_price": 2.5}), "a:3", q
    )
    assert order.items[0].unit_price == Decimal("2.5") and order.items[0].name == "Sock"
    assert order.total == Decimal("2.5")


# -- macros --------------------------------------------------------------------------------


def test_a_macro_with_a_private_note_and_no_reply() -> None:
    raw = msgspec.convert(
        {
            "id": 4,
            "name": "Escalate",
            "actions": [
                {"name": "addInternalNote", "arguments": {"body_text": "Needs a refund"}},
                {"name": "setAssignee", "arguments": {"assignee_user": None}},
                {"name": "setStatus", "arguments": {"status": "snoozed"}},
            ],
        },
        GMacro,
    )
    macro = convert.macro(raw, q)
    assert macro.bodies == {} and macro.actions.note == "Needs a refund"
    assert macro.actions.status is None and macro.actions.assignee_id is None


# -- views ---------------------------------------------------------------------------------


def test_filters_parse_into_calls() -> None:
    calls = parse_filters(
        "eq(ticket.status, 'open') && containsAll(ticket.tags.name, [\"a\", 'b c']) "
        "&& isEmpty(ticket.assignee_user) && eq(ticket.assignee_team.id, 8)"
    )
    assert [(c.name, c.field, c.value) for c in calls] == [
        ("eq", "ticket.status", "open"),
        ("containsAll", "ticket.tags.name", ("a", "b c")),
        ("isEmpty", "ticket.assignee_user", None),
        ("eq", "ticket.assignee_team.id", "8"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "eq(ticket.status, 'open') ||",
        "eq(ticket.status, 'open') &&",
        "eq(ticket.status 'open')",
        "eq(ticket.status, ['a', ['b']])",
        "(eq(ticket.status, 'open'))",
        "eq(ticket.status, 'open'",
        "@",
    ],
)
def test_filters_that_are_not_a_conjunction_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="conjunction"):
        parse_filters(text)


def _view(filters: str, **fields: Any) -> GView:
    return msgspec.convert({"id": 1, "name": "V", "filters": filters, **fields}, GView)


@pytest.mark.parametrize(
    ("filters", "query"),
    [
        ("eq(ticket.status, 'closed')", "status:solved"),
        ("neq(ticket.status, 'open')", "-status:open"),
        ("eq(ticket.channel, 'facebook-messenger')", "channel:facebook"),
        ("eq(ticket.language, 'IT')", "lang:it"),
        ("isEmpty(ticket.assignee_user.id)", "assignee:none"),
        ("containsAll(ticket.tags.name, ['a', 'b'])", "tag:a tag:b"),
        ("notContainsAny(ticket.tags.name, ['spam'])", "-tag:spam"),
        ("eq(ticket.assignee_user.id, 4)", 'assignee:"Ann Lee"'),
        ("eq(ticket.assignee_team.id, '8')", "group:Returns"),
    ],
)
def test_view_conditions_translate(filters: str, query: str) -> None:
    views = [_view(filters, order_by="last_message_datetime")]
    found = view_queries(views, agents={4: "Ann Lee"}, teams={8: "Returns"})
    assert found == {"V": query}
    parse(found["V"])  # the queue's own parser reads it


@pytest.mark.parametrize(
    "filters",
    [
        "eq(ticket.customer.email, 'a@b.c')",
        "eq(ticket.assignee_user.id, 99)",
        "containsAny(ticket.tags.name, ['with space'])",
        "notContainsAll(ticket.tags.name, ['a'])",
        "eq(ticket.channel, 'api')",
        "",
    ],
)
def test_views_without_an_exact_equivalent_are_left_out(filters: str) -> None:
    assert view_queries([_view(filters)]) == {}


def test_only_active_named_ticket_views_count() -> None:
    views = [
        _view("eq(ticket.status, 'open')", name=None),
        _view("eq(ticket.status, 'open')", type="customer-list"),
        _view("eq(ticket.status, 'open')", order_dir="asc", order_by="created_datetime"),
        _view("eq(ticket.status, 'closed')"),
    ]
    assert view_queries(views) == {"V": "status:open sort:created"}


# -- the feed cursor -----------------------------------------------------------------------


def test_positions_round_trip() -> None:
    when = datetime(2026, 11, 2, 9, tzinfo=UTC)
    position = Position(
        watermark=Mark(when, 7, "2026-11-02T09:00:00"),
        api_cursor="WyJuZXh0Il0=",
        descending=True,
        top=Mark(when + timedelta(hours=1), 9, "2026-11-02T10:00:00"),
    )
    assert Position.decode(position.encode()) == position
    assert Position.decode(None) == Position()
    assert Position.decode(Position().encode()) == Position()


@pytest.mark.parametrize(
    "cursor", ["", "[]", '{"v": 1, "c": 5}', '{"v": 1, "t": [1, 2]}', '{"v": 1, "w": ["x"]}']
)
def test_foreign_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(InvalidRequestError):
        Position.decode(cursor)


def test_marks_order_by_time_then_id() -> None:
    mark = mark_of(_ticket())
    assert mark is not None and mark.after(None)
    later = mark_of(_ticket(id=8))
    assert later is not None and later.after(mark) and not mark.after(later)
    assert mark_of(_ticket(updated_datetime=None, created_datetime=None)) is None
