"""Claims reports on a small hand-checked desk: every number, and `deskside report` output.

The desk (``seed_desk``), with NOW = 2026-11-25 09:00 UTC and the window the last
4 days by day (buckets start Nov 21, 22, 23, 24 at 09:00):

==  =======  ====  =============  =====  ======  =================  ===================
id  channel  lang  created (Nov)  reply  solved  reasons            mood
==  =======  ====  =============  =====  ======  =================  ===================
T1  email    it    21 09:00 (b0)  +30m   +2h     where_is_my_order  calming, max 0.7: angry
T2  chat     en    22 11:00 (b1)  +2m    +1h     wismo, return      calm 0.2
T3  chat     en    22 15:00 (b1)  +10m   +4h     return_refund      rising 0.4: angry
T8  email    fr    23 12:00 (b2)  —      +5m     other              calm, max 0.49
T4  email    —     24 10:00 (b3)  —      —       return_refund      bad curve JSON
T5  phone    it    24 20:00 (b3)  +1m    +30m    (not analysed)     —
T6  phone    it    25 08:55 (b3)  —      —       payment            peak 0.45: angry
==  =======  ====  =============  =====  ======  =================  ===================

T1 is reopened by a customer message the next day; T5 by its customer's new ticket
T6. T4 (new, unanswered past its 4 h target, due 24 14:00) is breached; T6 is still
inside its 10 m phone target. T8 was closed with no reply (left out of the SLA
share). Outside the window: T0 (whatsapp, Nov 10, open, due Nov 11: breached now)
and T7 (sms, created exactly at NOW: the window's end is exclusive).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from api_client.backends.local.desk import Desk
from api_client.models import AuthorRole, Channel, Status, TicketUpdate
from console.cli import main
from console.commands import report as report_command
from console.core.db import open_store
from console.core.paths import desk_path
from console.core.reports import (
    Window,
    channels_report,
    fetch_contacts,
    make_window,
    parse_moment,
    reasons_report,
)
from console.core.reports_export import csv_rows, report_json
from console.core.reports_sla import DEFAULT_TARGETS, sla_report, sla_targets
from console.core.reports_stats import fold_points, median, percentile, trend
from console.core.reports_text import bar, duration_text, report_tables, spark, trend_text

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=4)
HOUR = 3600
M = timedelta(minutes=1)
H = timedelta(hours=1)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Desked:
    ids: dict[str, int]


def _insight(conn: sqlite3.Connection, ticket: int, phase: str, curve: str) -> None:
    conn.execute(
        "INSERT INTO ticket_insights(ticket_id, message_count, tags, language, hostility, "
        "phase, curve, signals) VALUES (?, 1, '', NULL, 0, ?, ?, '[]')",
        (ticket, phase, curve),
    )


def seed_desk(conn: sqlite3.Connection) -> Desked:
    """The desk of the module docstring, through the embedded desk's own operations."""
    desk = Desk(conn, "local")
    ids: dict[str, int] = {}

    def ticket(
        name: str,
        customer: int,
        channel: Channel,
        created: datetime,
        *,
        language: str | None = None,
        reply: timedelta | None = None,
        solved: timedelta | None = None,
        status: Status = Status.SOLVED,
        due: datetime | None = None,
    ) -> int:
        number = desk.create_ticket(
            subject=f"{name} [bold]subject[/]",
            customer_id=customer,
            channel=channel,
            language=language,
            created_at=created,
            due_at=due,
        )
        desk.add_message(
            number,
            body=f"{name}: help",
            author_role=AuthorRole.CUSTOMER,
            author_name="customer",
            created_at=created,
        )
        if reply is not None:
            desk.add_message(
                number,
                body="On it.",
                author_role=AuthorRole.AGENT,
                author_name="Giulia",
                created_at=created + reply,
            )
        if solved is not None:
            desk.update_ticket(number, TicketUpdate(status=status), at=created + solved)
        ids[name] = number
        return number

    people = {
        name: desk.create_customer(
            f"Customer {name}",
            contacts=[(Channel.EMAIL, f"{name.lower()}@example.com")],
            created_at=at(1, 9, month=1),
        )
        for name in "ABCDEFGH"
    }
    t1 = ticket("T1", people["A"], Channel.EMAIL, at(21, 9), language="it", reply=30 * M,
                solved=2 * H)  # fmt: skip
    desk.add_message(
        t1, body="It broke again", author_role=AuthorRole.CUSTOMER, author_name="A",
        created_at=at(22, 10),
    )  # fmt: skip
    t2 = ticket("T2", people["B"], Channel.CHAT, at(22, 11), language="en", reply=2 * M,
                solved=H)  # fmt: skip
    t3 = ticket("T3", people["C"], Channel.CHAT, at(22, 15), language="en", reply=10 * M,
                solved=4 * H)  # fmt: skip
    t8 = ticket("T8", people["F"], Channel.EMAIL, at(23, 12), language="fr", solved=5 * M,
                status=Status.CLOSED)  # fmt: skip
    t4 = ticket("T4", people["D"], Channel.EMAIL, at(24, 10), due=at(24, 14))
    ticket("T5", people["E"], Channel.PHONE, at(24, 20), language="it", reply=M,
           solved=30 * M)  # fmt: skip
    t6 = ticket("T6", people["E"], Channel.PHONE, at(25, 8, 55), language="it")
    t0 = ticket("T0", people["G"], Channel.WHATSAPP, at(10, 9), language="it", due=at(11, 9))
    ticket("T7", people["H"], Channel.SMS, NOW, language="en", due=NOW + timedelta(minutes=15))

    conn.executemany(
        "INSERT INTO ticket_reasons(reason, ticket_id) VALUES (?, ?)",
        [
            ("where_is_my_order", t1),
            ("where_is_my_order", t2),
            ("return_refund", t2),
            ("return_refund", t3),
            ("other", t8),
            ("return_refund", t4),
            ("payment", t6),
            ("payment", t0),
        ],
    )
    _insight(conn, t1, "calming", "[0.1, 0.7]")
    _insight(conn, t2, "calm", "[0.2]")
    _insight(conn, t3, "rising", "[0.1, 0.4]")
    _insight(conn, t8, "calm", "[0.3, 0.49]")
    _insight(conn, t4, "calm", "not json")
    _insight(conn, t6, "peak", "[0.45]")
    _insight(conn, t0, "calm", "[0.1]")
    return Desked(ids)


@pytest.fixture
def conn() -> sqlite3.Connection:
    store = open_store(":memory:")
    seed_desk(store)
    return store


# -- the arithmetic ---------------------------------------------------------------------------


def test_percentiles_interpolate_between_ranks() -> None:
    assert median([]) is None
    assert median([5]) == 5.0
    assert median([60, 121]) == 90.5
    assert percentile([300, 1800, 3600, 7200, 14400], 0.9) == 11520.0
    assert percentile([120, 600], 0.9) == 552.0
    with pytest.raises(ValueError):
        percentile([1], 1.5)


def test_trend_is_the_fitted_rise_over_the_mean() -> None:
    assert trend([1, 2, 1, 3]) == pytest.approx(6 / 7)
    assert trend([0, 0, 0, 1]) == 3.6
    assert trend([1, 1, 0, 0]) == -2.4
    assert trend([2, 2, 2]) == 0.0
    assert trend([0, 0]) == 0.0
    assert trend([7]) == 0.0
    assert trend([1, 0, 0, 2]) == trend([0, 0, 1, 0]) == 1.2  # equal, whatever the sums


def test_fold_points_keeps_the_newest_whole() -> None:
    assert fold_points([1, 2, 3], 5) == [1, 2, 3]
    assert fold_points([1, 1, 1, 1, 1], 2) == [2.0, 3.0]
    assert fold_points(list(range(10)), 5) == [1.0, 5.0, 9.0, 13.0, 17.0]
    assert len(fold_points([1.0] * 121, 60)) <= 60


def test_cells() -> None:
    assert duration_text(None) == "—"
    assert duration_text(45) == "45s"
    assert duration_text(270) == "4m30s"
    assert duration_text(1500) == "25m"
    assert duration_text(12000) == "3h20m"
    assert duration_text(3 * 86400 + 4 * HOUR) == "3d04h"
    assert trend_text(0.857) == "+86%"
    assert trend_text(-2.4) == "-240%"
    assert trend_text(0.001) == "0%"
    assert bar(3, 3, 4) == "████"
    assert bar(1, 2, 3) == "█▌"
    assert bar(0, 3) == ""
    assert spark([0, 1, 2]) == "▁▅█"
    assert spark([None, 60.0, None]) == " █ "


# -- the window -------------------------------------------------------------------------------


def test_windows_are_whole_buckets_ending_at_until() -> None:
    window = make_window(SINCE, NOW, "day")
    assert (window.since, window.until, window.buckets) == (SINCE, NOW, 4)
    weeks = make_window(NOW - timedelta(days=30), NOW)
    assert weeks.by == "day" and weeks.buckets == 30
    widened = make_window(NOW - timedelta(days=30), NOW, "week")
    assert widened.buckets == 5 and widened.since == NOW - timedelta(weeks=5)
    assert make_window(NOW - timedelta(days=90), NOW).by == "week"
    with pytest.raises(ValueError, match="empty"):
        make_window(NOW, NOW)
    with pytest.raises(ValueError, match="use --by week"):
        make_window(NOW - timedelta(days=1000), NOW, "day")


def test_parse_moment() -> None:
    assert parse_moment("30d", NOW) == NOW - timedelta(days=30)
    assert parse_moment("2w", NOW) == NOW - timedelta(weeks=2)
    assert parse_moment("12h", NOW) == NOW - timedelta(hours=12)
    assert parse_moment("2026-11-01", NOW) == at(1, 0)
    assert parse_moment("2026-11-01T08:30", NOW) == at(1, 8, 30)
    assert parse_moment("2026-11-01T08:30+01:00", NOW) == at(1, 7, 30)
    with pytest.raises(ValueError, match="not a span"):
        parse_moment("last month", NOW)


def test_sla_targets_from_the_config() -> None:
    targets = sla_targets({"chat": "3m", "social": "2h", "at_risk": "30m"})
    assert targets["chat"] == 180
    assert targets["facebook"] == targets["instagram"] == targets["twitter"] == 7200
    assert targets["email"] == DEFAULT_TARGETS["email"] == 4 * HOUR
    assert "at_risk" not in targets


# -- the reports on the hand-checked desk -----------------------------------------------------


def test_contacts_are_the_tickets_created_in_the_window() -> None:
    store = open_store(":memory:")
    names = {number: name for name, number in seed_desk(store).ids.items()}
    contacts = fetch_contacts(store, make_window(SINCE, NOW, "day"))
    assert sorted(names[c.id] for c in contacts) == ["T1", "T2", "T3", "T4", "T5", "T6", "T8"]
    assert sorted(names[c.id] for c in contacts if c.reopened) == ["T1", "T5"]
    assert sorted(names[c.id] for c in contacts if c.angry) == ["T1", "T3", "T6"]
    assert sorted(names[c.id] for c in contacts if not c.analysed) == ["T5"]


def test_reasons_report(conn: sqlite3.Connection) -> None:
    report = reasons_report(conn, since=SINCE, until=NOW, by="day", rising_min=1)
    assert report.window == Window(SINCE, NOW, "day")
    assert report.contacts == 7
    assert report.series == (1, 2, 1, 3)
    assert report.trend == pytest.approx(6 / 7)
    assert report.unanalysed == 1
    rows = report.reasons.rows
    assert [r.key for r in rows] == [
        "return_refund",
        "where_is_my_order",
        "other",
        "payment",
        "unanalysed",
    ]
    got = {r.key: r for r in rows}

    refund = got["return_refund"]
    assert (refund.contacts, refund.share, refund.series) == (3, 3 / 7, (0, 2, 0, 1))
    assert refund.trend == 0.4
    assert (refund.answered, refund.first_response_median) == (2, 360.0)  # 2m, 10m
    assert (refund.solved, refund.resolution_median) == (2, 9000.0)  # 1h, 4h
    assert (refund.reopened, refund.reopen_rate) == (0, 0.0)
    assert (refund.analysed, refund.angry, refund.angry_share) == (3, 1, 1 / 3)

    wismo = got["where_is_my_order"]
    assert (wismo.contacts, wismo.share, wismo.series, wismo.trend) == (
        2,
        2 / 7,
        (1, 1, 0, 0),
        -2.4,
    )
    assert (wismo.first_response_median, wismo.resolution_median) == (960.0, 5400.0)
    assert (wismo.solved, wismo.reopened, wismo.reopen_rate) == (2, 1, 0.5)
    assert (wismo.analysed, wismo.angry, wismo.angry_share) == (2, 1, 0.5)

    other = got["other"]
    assert (other.contacts, other.series, other.trend) == (1, (0, 0, 1, 0), 1.2)
    assert (other.answered, other.first_response_median) == (0, None)
    assert (other.resolution_median, other.reopen_rate, other.angry_share) == (300.0, 0.0, 0.0)

    payment = got["payment"]  # T6 only: T0 is older than the window
    assert (payment.contacts, payment.series, payment.trend) == (1, (0, 0, 0, 1), 3.6)
    assert (payment.solved, payment.reopen_rate, payment.resolution_median) == (0, None, None)
    assert (payment.angry, payment.angry_share) == (1, 1.0)

    unanalysed = got["unanalysed"]
    assert (unanalysed.contacts, unanalysed.first_response_median) == (1, 60.0)
    assert (unanalysed.reopened, unanalysed.reopen_rate) == (1, 1.0)
    assert (unanalysed.analysed, unanalysed.angry_share) == (0, None)

    # Faster than all contacts (6/7): payment 3.6, other 1.2; never "unanalysed".
    assert report.reasons.rising == ("payment", "other")
    default = reasons_report(conn, since=SINCE, until=NOW, by="day")
    assert default.reasons.rising == ()  # nothing has the 10 contacts to count as rising


def test_channels_report(conn: sqlite3.Connection) -> None:
    report = channels_report(conn, since=SINCE, until=NOW, by="day", rising_min=1)
    channels = {r.key: r for r in report.channels.rows}
    assert [r.key for r in report.channels.rows] == ["email", "chat", "phone"]
    email, chat, phone = channels["email"], channels["chat"], channels["phone"]
    assert (email.contacts, email.series, email.trend) == (3, (1, 0, 1, 1), 0.4)
    assert (email.first_response_median, email.resolution_median) == (1800.0, 3750.0)
    assert (email.reopen_rate, email.analysed, email.angry_share) == (0.5, 3, 1 / 3)
    assert (chat.contacts, chat.series, chat.trend) == (2, (0, 2, 0, 0), -1.2)
    assert (chat.first_response_median, chat.resolution_median) == (360.0, 9000.0)
    assert (chat.reopen_rate, chat.angry_share) == (0.0, 0.5)
    assert (phone.contacts, phone.series, phone.trend) == (2, (0, 0, 0, 2), 3.6)
    assert (phone.first_response_median, phone.resolution_median) == (60.0, 1800.0)
    assert (phone.reopened, phone.reopen_rate, phone.analysed, phone.angry_share) == (
        1,
        1.0,
        1,
        1.0,
    )
    assert report.channels.rising == ("phone",)

    languages = {r.key: r for r in report.languages.rows}
    assert [r.key for r in report.languages.rows] == ["it", "en", "fr", "unknown"]
    italian = languages["it"]
    assert (italian.contacts, italian.series, italian.trend) == (3, (1, 0, 0, 2), 1.2)
    assert (italian.first_response_median, italian.resolution_median) == (930.0, 4500.0)
    assert (italian.reopened, italian.reopen_rate, italian.angry_share) == (2, 1.0, 1.0)
    assert (languages["en"].contacts, languages["en"].angry_share) == (2, 0.5)
    assert (languages["fr"].resolution_median, languages["fr"].angry_share) == (300.0, 0.0)
    assert (languages["unknown"].contacts, languages["unknown"].reopen_rate) == (1, None)
    # it and fr both trend 1.2: more contacts first; "unknown" is never rising.
    assert report.languages.rising == ("it", "fr")


def test_sla_report(conn: sqlite3.Connection) -> None:
    report = sla_report(conn, since=SINCE, until=NOW, now=NOW, by="day")
    assert [r.channel for r in report.rows] == ["email", "chat", "phone", "whatsapp"]
    email, chat, phone = report.row("email"), report.row("chat"), report.row("phone")

    assert (email.target, email.contacts, email.answered) == (4 * HOUR, 3, 1)
    assert (email.first_response_p50, email.first_response_p90) == (1800.0, 1800.0)
    assert email.series_p50 == (1800.0, None, None, None)
    assert (email.solved, email.resolution_p50, email.resolution_p90) == (2, 3750.0, 6510.0)
    # T1 within, T4 waiting past 4 h; T8 closed without a reply is left out.
    assert (email.decided, email.within_target, email.within_share) == (2, 1, 0.5)
    assert (email.waiting_past_target, email.breached_now) == (1, 1)

    assert (chat.target, chat.answered, chat.first_response_p50, chat.first_response_p90) == (
        300,
        2,
        360.0,
        552.0,
    )
    assert chat.series_p50 == (None, 360.0, None, None)
    assert (chat.resolution_p50, chat.resolution_p90) == (9000.0, 13320.0)
    assert (chat.decided, chat.within_target, chat.within_share) == (2, 1, 0.5)  # 2m in, 10m out

    # T6 is 5 minutes old: inside its 10 m target, so not decided yet.
    assert (phone.decided, phone.within_share, phone.waiting_past_target) == (1, 1.0, 0)

    whatsapp = report.row("whatsapp")  # only T0, breached, older than the window
    assert (whatsapp.contacts, whatsapp.breached_now, whatsapp.within_share) == (0, 1, None)

    everything = report.overall
    assert (everything.contacts, everything.answered) == (7, 4)
    assert (everything.first_response_p50, everything.first_response_p90) == (360.0, 1440.0)
    assert (everything.resolution_p50, everything.resolution_p90) == (3600.0, 11520.0)
    assert everything.series_p50 == (1800.0, 360.0, None, 60.0)
    assert (everything.decided, everything.within_target, everything.within_share) == (5, 3, 0.6)
    assert (everything.waiting_past_target, everything.breached_now) == (1, 2)

    strict = sla_report(conn, since=SINCE, until=NOW, now=NOW, targets={"chat": 600})
    assert strict.row("chat").within_share == 1.0
    assert strict.row("email").within_share is None  # no target for email here


def test_tables_carry_the_chart_and_the_notes(conn: sqlite3.Connection) -> None:
    report = reasons_report(conn, since=SINCE, until=NOW, by="day", rising_min=1)
    (table,) = report_tables(report)
    assert table.title == "Contacts by reason · 2026-11-21 09:00 → 2026-11-25 09:00 UTC, 4 days"
    first = dict(zip((c.header for c in table.columns), table.rows[0], strict=True))
    assert first["Reason"] == "return_refund"
    assert first["Contacts"] == "3"
    assert first["Share"] == "42.9%"
    assert first[""] == "█" * 24  # the longest bar
    assert first["Per day"] == "▁█▁▅"
    assert (first["Trend"], first["1st reply"], first["Resolution"]) == ("+40%", "6m00s", "2h30m")
    assert (first["Reopen"], first["Angry"]) == ("0.0%", "33.3%")
    assert table.rows[-1][0] == "unanalysed" and table.aside == 1
    assert table.notes[0] == "Rising fastest: payment +360%, other +120%"
    assert table.notes[-1].startswith("1 contact not analysed yet")


# -- export -----------------------------------------------------------------------------------


def test_json_and_csv_rows(conn: sqlite3.Connection) -> None:
    report = channels_report(conn, since=SINCE, until=NOW, by="day")
    data = report_json(report, profile="local", generated_at=NOW)
    assert data["report"] == "channels"
    assert data["window"]["buckets"][0] == "2026-11-21T09:00:00Z"
    assert data["trend"] == 0.8571
    assert data["languages"][0]["first_response_median_s"] == 930.0
    assert data["rising"] == {"channels": [], "languages": []}
    rows = list(csv_rows(report))
    assert len(rows) == (3 + 4) * 4  # keys × buckets
    assert rows[0][:6] == ["channels", "channels", "email", "2026-11-21T09:00:00Z", 1, 3]

    sla = list(csv_rows(sla_report(conn, since=SINCE, until=NOW, now=NOW, by="day")))
    assert len(sla) == (4 + 1) * 4  # email, chat, phone, whatsapp and all × buckets
    assert sla[0][:8] == ["sla", "channels", "email", "2026-11-21T09:00:00Z", 1, 1800.0, 14400, 3]
    assert sla[-1][:6] == ["sla", "all", "all", "2026-11-24T09:00:00Z", 3, 60.0]


def test_csv_cells_never_run_as_formulas() -> None:
    store = open_store(":memory:")
    seed_desk(store)
    desk = Desk(store, "local")
    customer = desk.create_customer("Mallory")
    desk.create_ticket(
        subject="hi", customer_id=customer, channel=Channel.EMAIL, language="=1+1",
        created_at=NOW - H,
    )  # fmt: skip
    report = channels_report(store, since=SINCE, until=NOW, by="day")
    keys = {row[2] for row in csv_rows(report)}
    assert "'=1+1" in keys and "=1+1" not in keys


# -- the command ------------------------------------------------------------------------------


@pytest.fixture
def desk(monkeypatch: pytest.MonkeyPatch) -> Desked:
    store = open_store(desk_path("local"))
    try:
        seeded = seed_desk(store)
    finally:
        store.close()
    monkeypatch.setattr(report_command, "clock", lambda: NOW)
    return seeded


def test_cli_table_prints_the_chart(
    desk: Desked, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # pytest-xdist sets 80
    assert main(["report", "reasons", "--since", "4d"]) == 0
    out = capsys.readouterr().out
    assert "Contacts by reason · 2026-11-21 09:00 → 2026-11-25 09:00 UTC, 4 days" in out
    line = next(line for line in out.splitlines() if line.startswith("return_refund"))
    assert "█" * 24 in line and "▁█▁▅" in line and "42.9%" in line and "+40%" in line
    assert "All contacts: 7, trend +86%" in out
    assert "reopen: solved tickets the customer came back to within 7 days" in out


def test_cli_json(desk: Desked, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "sla", "--since", "2026-11-21T09:00", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["report"] == "sla" and data["profile"] == "local"
    assert data["now"] == data["generated_at"] == "2026-11-25T09:00:00Z"
    assert data["window"]["since"] == "2026-11-21T09:00:00Z"
    assert data["window"]["by"] == "day" and len(data["window"]["buckets"]) == 4
    assert data["targets"]["chat"] == 300
    assert [row["channel"] for row in data["channels"]] == ["email", "chat", "phone", "whatsapp"]
    overall = data["all"]
    assert overall["first_response_p90_s"] == 1440.0
    assert overall["series_first_response_p50_s"] == [1800.0, 360.0, None, 60.0]
    assert (overall["within_share"], overall["breached_now"]) == (0.6, 2)


def test_cli_json_reasons_shape(desk: Desked, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "reasons", "--since", "4d", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "report",
        "profile",
        "generated_at",
        "window",
        "contacts",
        "series",
        "trend",
        "unanalysed",
        "reasons",
        "rising",
    }
    refund = data["reasons"][0]
    assert refund == {
        "key": "return_refund",
        "contacts": 3,
        "share": 0.4286,
        "series": [0, 2, 0, 1],
        "trend": 0.4,
        "answered": 2,
        "first_response_median_s": 360.0,
        "solved": 2,
        "resolution_median_s": 9000.0,
        "reopened": 0,
        "reopen_rate": 0.0,
        "analysed": 3,
        "angry": 1,
        "angry_share": 0.3333,
    }
    assert data["rising"] == {"reasons": []}


def test_cli_csv(desk: Desked, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "reasons", "--since", "4d", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5 * 4
    refund = [row for row in rows if row["key"] == "return_refund"]
    assert [row["bucket_contacts"] for row in refund] == ["0", "2", "0", "1"]
    assert refund[0]["bucket"] == "2026-11-21T09:00:00Z"
    assert refund[0]["contacts"] == "3" and refund[0]["first_response_median_s"] == "360.0"
    payment = next(row for row in rows if row["key"] == "payment")
    assert payment["reopen_rate"] == "" and payment["angry_share"] == "1.0"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "last month"], "--since: 'last month' is not a span"),
        (["--since", "1d", "--until", "2d"], "the window is empty"),
        (["--since", "3y"], "--since: '3y' is not a span"),
        (["--since", "1000d", "--by", "day"], "use --by week"),
    ],
)
def test_cli_bad_window_is_a_usage_error(
    desk: Desked, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["report", "channels", *argv]) == 2
    assert message in capsys.readouterr().err
