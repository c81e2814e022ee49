"""The demo desk: deterministic, complete, consistent, readable by the desk, and safe text."""

from __future__ import annotations

import json
import sqlite3
import string
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from api_client.backends.local.demo import (
    CHANNEL_WEIGHTS,
    LANGUAGES,
    REASONS,
    RESPONSE_TARGETS,
    DeskNotEmptyError,
    build_demo,
    seed_if_empty,
)
from api_client.backends.local.demo_text import SLOTS
from api_client.backends.local.demo_text_notes import CALL_SUMMARIES, ESCALATION_NOTES, NOTES
from api_client.backends.local.desk import Desk
from api_client.backends.local.store import connect
from api_client.models import AuthorRole, Channel, Status
from api_client.sanitize import is_clean
from console.cli import main
from console.core.paths import config_file, desk_path

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NOW_S = int(NOW.timestamp())
WINDOW = 120 * 86_400


def _build(tickets: int = 2000, seed: int = 7, **options: object) -> sqlite3.Connection:
    conn = connect(":memory:")
    build_demo(conn, tickets=tickets, seed=seed, now=NOW, **options)  # type: ignore[arg-type]
    return conn


@pytest.fixture(scope="module")
def conn() -> Iterator[sqlite3.Connection]:
    built = _build(me="alice")
    yield built
    built.close()


def _dump(conn: sqlite3.Connection) -> list[list[tuple[object, ...]]]:
    return [
        conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in (
            "tickets",
            "messages",
            "customers",
            "customer_contacts",
            "orders",
            "shipments",
            "ticket_tags",
        )
    ]


# -- determinism ----------------------------------------------------------------------------------


def test_same_seed_and_now_give_identical_rows() -> None:
    assert _dump(_build(400, seed=11)) == _dump(_build(400, seed=11))


def test_another_seed_gives_other_rows() -> None:
    assert _dump(_build(400, seed=11))[:2] != _dump(_build(400, seed=12))[:2]


def test_the_child_process_writes_the_same_rows() -> None:
    assert _dump(_build(300, parallel=True)) == _dump(_build(300, parallel=False))


# -- coverage -------------------------------------------------------------------------------------


def test_every_language_channel_and_reason_appears(conn: sqlite3.Connection) -> None:
    languages = {row[0] for row in conn.execute("SELECT DISTINCT language FROM tickets")}
    channels = {row[0] for row in conn.execute("SELECT DISTINCT channel FROM tickets")}
    tags = {row[0] for row in conn.execute("SELECT DISTINCT tag FROM ticket_tags")}
    assert languages == set(LANGUAGES) == {"it", "en", "fr", "de", "es"}
    assert channels == set(CHANNEL_WEIGHTS) == {channel.value for channel in Channel}
    assert set(REASONS) <= tags


def test_email_is_the_busiest_channel(conn: sqlite3.Connection) -> None:
    top = conn.execute(
        "SELECT channel FROM tickets GROUP BY channel ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    assert top == "email"


def test_counts_match_the_request(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2000
    customers = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    assert customers == 800  # one per 2.5 tickets


def test_every_ticket_has_a_customer_message(conn: sqlite3.Connection) -> None:
    missing = conn.execute(
        "SELECT count(*) FROM tickets AS t WHERE NOT EXISTS (SELECT 1 FROM messages AS m "
        "WHERE m.ticket_id = t.id AND m.author_role = 'customer')"
    ).fetchone()[0]
    assert missing == 0


def test_threads_have_one_to_eight_messages(conn: sqlite3.Connection) -> None:
    low, high = conn.execute(
        "SELECT min(message_count), max(message_count) FROM tickets"
    ).fetchone()
    assert (low, high) == (1, 8)
    mismatched = conn.execute(
        "SELECT count(*) FROM tickets AS t WHERE message_count != "
        "(SELECT count(*) FROM messages WHERE ticket_id = t.id)"
    ).fetchone()[0]
    assert mismatched == 0


# -- escalations ----------------------------------------------------------------------------------


def _shouting(body: str) -> float:
    letters = [c for c in body if c.isalpha()]
    capitals = sum(c.isupper() for c in letters) / max(1, len(letters))
    return capitals + 0.05 * body.count("!")


def test_escalating_threads_rise_then_calm_down(conn: sqlite3.Connection) -> None:
    escalated = [
        row[0] for row in conn.execute("SELECT ticket_id FROM ticket_tags WHERE tag = 'escalated'")
    ]
    assert 0.05 < len(escalated) / 2000 < 0.11  # about 8%
    for ticket_id in escalated:
        scores = [
            _shouting(body)
            for (body,) in conn.execute(
                "SELECT body FROM messages WHERE ticket_id = ? AND author_role = 'customer' "
                "ORDER BY created_at, id",
                (ticket_id,),
            )
        ]
        peak = scores.index(max(scores))
        assert 0 < peak < len(scores) - 1, (ticket_id, scores)
        assert scores[0] < scores[peak] and scores[-1] < scores[peak]
        assert scores[peak + 1] < scores[peak] / 2  # the calm answer after the apology


def test_an_agent_reply_comes_between_the_peak_and_the_calm(conn: sqlite3.Connection) -> None:
    for (ticket_id,) in conn.execute("SELECT ticket_id FROM ticket_tags WHERE tag = 'escalated'"):
        thread = conn.execute(
            "SELECT author_role, public, body FROM messages WHERE ticket_id = ? "
            "ORDER BY created_at, id",
            (ticket_id,),
        ).fetchall()
        scores = [_shouting(body) if role == "customer" else -1.0 for role, _, body in thread]
        peak = scores.index(max(scores))
        calm = next(i for i in range(peak + 1, len(thread)) if thread[i][0] == "customer")
        assert ("agent", 1) in [(role, public) for role, public, _ in thread[peak + 1 : calm]]


# -- orders and customers -------------------------------------------------------------------------


def test_order_totals_are_the_sum_of_their_items(conn: sqlite3.Connection) -> None:
    for total, items in conn.execute("SELECT total, items FROM orders"):
        lines = json.loads(items)
        assert lines
        assert Decimal(total) == sum(
            Decimal(line["unit_price"]) * line["quantity"] for line in lines
        )


def test_order_numbers_follow_the_order_they_were_placed(conn: sqlite3.Connection) -> None:
    numbers = [int(n[1:]) for (n,) in conn.execute("SELECT number FROM orders ORDER BY placed_at")]
    assert numbers == sorted(numbers)
    assert numbers[0] == 100_001


def test_shipments_belong_to_real_orders_and_match_their_status(conn: sqlite3.Connection) -> None:
    orphans = conn.execute(
        "SELECT count(*) FROM shipments WHERE order_id NOT IN (SELECT id FROM orders)"
    ).fetchone()[0]
    assert orphans == 0
    pairs = set(
        conn.execute(
            "SELECT o.status, s.status FROM orders AS o JOIN shipments AS s ON s.order_id = o.id"
        ).fetchall()
    )
    for order_status, shipment_status in pairs:
        if order_status in ("delivered", "returned", "refunded"):
            assert shipment_status == "delivered"
        if order_status == "shipped":
            assert shipment_status in ("in_transit", "out_for_delivery", "exception")
    cancelled_shipped = conn.execute(
        "SELECT count(*) FROM orders AS o JOIN shipments AS s ON s.order_id = o.id "
        "WHERE o.status = 'cancelled'"
    ).fetchone()[0]
    assert cancelled_shipped == 0


def test_customers_have_one_to_five_orders(conn: sqlite3.Connection) -> None:
    low, high = conn.execute(
        "SELECT min(n), max(n) FROM (SELECT count(o.id) AS n FROM customers AS c "
        "LEFT JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id)"
    ).fetchone()
    assert (low, high) == (1, 5)


def test_some_customers_wrote_on_several_channels(conn: sqlite3.Connection) -> None:
    several = conn.execute(
        "SELECT count(*) FROM (SELECT customer_id FROM tickets GROUP BY customer_id "
        "HAVING count(DISTINCT channel) > 1)"
    ).fetchone()[0]
    assert several > 100


def test_tickets_quote_the_customers_real_order(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT t.fields, o.customer_id, t.customer_id, "
        "(SELECT group_concat(body, ' ') FROM messages WHERE ticket_id = t.id) "
        "FROM tickets AS t JOIN orders AS o ON o.number = json_extract(t.fields, '$.order_number') "
        "WHERE t.channel = 'email'"
    ).fetchall()
    assert rows
    for _, order_customer, ticket_customer, _ in rows:
        assert order_customer == ticket_customer
    quoted = sum(json.loads(fields)["order_number"] in text for fields, _, _, text in rows)
    assert quoted / len(rows) > 0.5


def test_customers_have_contacts_for_the_channels_they_used(conn: sqlite3.Connection) -> None:
    missing = conn.execute(
        "SELECT count(*) FROM (SELECT DISTINCT customer_id, channel FROM tickets "
        "WHERE channel IN ('whatsapp', 'sms', 'facebook', 'instagram', 'twitter')) AS used "
        "WHERE NOT EXISTS (SELECT 1 FROM customer_contacts AS c "
        "WHERE c.customer_id = used.customer_id AND c.channel = used.channel)"
    ).fetchone()[0]
    assert missing == 0
    emails = conn.execute("SELECT count(*), count(DISTINCT email) FROM customers").fetchone()
    assert emails[0] == emails[1]


# -- the desk's rules -----------------------------------------------------------------------------


def test_timestamps_fall_in_the_window_before_now(conn: sqlite3.Connection) -> None:
    low, high = conn.execute(
        "SELECT min(created_at), max(max(updated_at), coalesce(max(solved_at), 0)) FROM tickets"
    ).fetchone()
    assert low >= NOW_S - WINDOW and high <= NOW_S
    low, high = conn.execute("SELECT min(created_at), max(created_at) FROM messages").fetchone()
    assert low >= NOW_S - WINDOW and high <= NOW_S


def test_statuses_and_sla_clocks_are_realistic(conn: sqlite3.Connection) -> None:
    status = dict(conn.execute("SELECT status, count(*) FROM tickets GROUP BY status").fetchall())
    assert set(status) == {s.value for s in Status}
    assert status["closed"] + status["solved"] > 0.75 * 2000
    due = conn.execute(
        "SELECT due_at - ? FROM tickets WHERE due_at IS NOT NULL", (NOW_S,)
    ).fetchall()
    breached = sum(left < 0 for (left,) in due)
    assert 0 < breached < len(due) / 2  # some breached, most not
    for ticket_id, channel, created, first_response, due_at in conn.execute(
        "SELECT id, channel, created_at, first_response_at, due_at FROM tickets "
        "WHERE status = 'new'"
    ):
        assert due_at == created + RESPONSE_TARGETS[channel], ticket_id
        if channel != "phone":
            assert first_response is None
    closed_with_due = conn.execute(
        "SELECT count(*) FROM tickets WHERE status IN ('pending', 'on_hold', 'solved', 'closed') "
        "AND due_at IS NOT NULL"
    ).fetchone()[0]
    assert closed_with_due == 0


def test_stage_follows_the_thread(conn: sqlite3.Connection) -> None:
    assert set(
        row[0] for row in conn.execute("SELECT DISTINCT stage FROM tickets WHERE status = 'new'")
    ) == {"listen"}
    unanswered = conn.execute(
        "SELECT count(*) FROM tickets AS t WHERE stage = 'confirm' AND NOT EXISTS "
        "(SELECT 1 FROM messages WHERE ticket_id = t.id AND author_role = 'agent' AND public = 1)"
    ).fetchone()[0]
    assert unanswered == 0


def test_first_response_is_the_first_public_reply(conn: sqlite3.Connection) -> None:
    wrong = conn.execute(
        "SELECT count(*) FROM tickets AS t WHERE channel != 'phone' AND "
        "first_response_at IS NOT (SELECT min(created_at) FROM messages "
        "WHERE ticket_id = t.id AND author_role = 'agent' AND public = 1)"
    ).fetchone()[0]
    assert wrong == 0


def test_the_person_at_the_terminal_has_open_tickets(conn: sqlite3.Connection) -> None:
    mine = conn.execute(
        "SELECT count(*) FROM tickets AS t JOIN agents AS a ON a.id = t.assignee_id "
        "WHERE a.login = 'alice' AND t.status IN ('new', 'open', 'pending', 'on_hold')"
    ).fetchone()[0]
    assert mine >= 10
    assert conn.execute("SELECT count(*) FROM agents").fetchone()[0] == 16


def test_tags_are_kept_twice(conn: sqlite3.Connection) -> None:
    for ticket_id, tags in conn.execute("SELECT id, tags FROM tickets LIMIT 300"):
        rows = {
            row[0]
            for row in conn.execute("SELECT tag FROM ticket_tags WHERE ticket_id = ?", (ticket_id,))
        }
        assert rows == set(tags.split())


# -- text -----------------------------------------------------------------------------------------


def test_no_control_characters_anywhere(conn: sqlite3.Connection) -> None:
    texts = [
        *conn.execute("SELECT body, author_name FROM messages"),
        *conn.execute("SELECT subject, tags FROM tickets"),
        *conn.execute("SELECT name, email, notes, tags FROM customers"),
        *conn.execute("SELECT items, number FROM orders"),
        *conn.execute("SELECT tracking_number, tracking_url, carrier FROM shipments"),
        *conn.execute("SELECT value FROM customer_contacts"),
    ]
    for row in texts:
        for text in row:
            assert "\x1b" not in text
            assert is_clean(text), text
            assert not any(ord(c) < 32 and c != "\n" for c in text), text


def test_every_template_fills_with_the_documented_slots() -> None:
    slots = {slot: f"<{slot}>" for slot in SLOTS}
    templates: list[str] = []
    for text in LANGUAGES.values():
        for reason in text.reasons.values():
            for field in reason.__dataclass_fields__:
                value = getattr(reason, field)
                templates.extend(value if isinstance(value, tuple) else (value,))
        for field in text.__dataclass_fields__:
            value = getattr(text, field)
            if isinstance(value, tuple) and value and isinstance(value[0], str):
                templates.extend(value)
        assert set(text.reasons) == set(REASONS)
        assert len(text.furious) == len(ESCALATION_NOTES["en"]) == len(ESCALATION_NOTES["it"])
    for table in (NOTES, CALL_SUMMARIES):
        for by_reason in table.values():
            assert set(by_reason) == set(REASONS)
            for notes in by_reason.values():
                templates.extend(notes)
    assert len(templates) > 1000
    for template in templates:
        for _literal, slot, _spec, _conversion in string.Formatter().parse(template):
            assert slot is None or slot in slots, (slot, template)
        template.format_map(slots)


def test_threads_are_varied(conn: sqlite3.Connection) -> None:
    bodies = conn.execute(
        "SELECT count(*), count(DISTINCT body) FROM messages WHERE author_role = 'customer'"
    ).fetchone()
    assert bodies[1] / bodies[0] > 0.6
    subjects = conn.execute("SELECT count(DISTINCT subject) FROM tickets").fetchone()[0]
    assert subjects > 1000


def test_full_text_search_finds_words_of_every_language(conn: sqlite3.Connection) -> None:
    for word in ("rimborso", "refund", "remboursement", "Erstattung", "reembolso"):
        found = conn.execute(
            "SELECT count(*) FROM ticket_text WHERE ticket_text MATCH ?", (word,)
        ).fetchone()[0]
        assert found > 0, word
    assert conn.execute(
        "SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH 'ordine'"
    ).fetchone()[0]


# -- the desk can read it, and works on after it --------------------------------------------------


def test_the_desk_reads_tickets_threads_and_customers(conn: sqlite3.Connection) -> None:
    desk = Desk(conn)
    ticket = desk.ticket(1)
    assert ticket.id == "local:1"
    thread = desk.thread(ticket.id)
    assert thread[0].author_role is AuthorRole.CUSTOMER
    history = desk.customer_history(ticket.customer_id)
    assert history.orders and history.customer.emails
    assert any(t.id == ticket.id for t in history.tickets)
    assert all(
        order.total == sum(i.unit_price * i.quantity for i in order.items)
        for order in history.orders
    )
    assert len(desk.agents()) == 16
    assert {group.name for group in desk.groups()} == {"Tier 1", "Returns", "Payments", "VIP"}


def test_triggers_are_back_after_the_build() -> None:
    conn = _build(200)
    desk = Desk(conn)
    assert desk.last_change() == 0  # the feed starts after the build
    message = desk.add_message(
        1,
        body="Un nuovo messaggio con la parola zanzibar",
        author_role=AuthorRole.CUSTOMER,
        author_name="Test",
    )
    assert message > 0
    assert desk.last_change() > 0
    assert (
        conn.execute(
            "SELECT count(*) FROM ticket_text WHERE ticket_text MATCH 'zanzibar'"
        ).fetchone()[0]
        == 1
    )
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL, as store.connect set it


def test_refuses_a_desk_that_has_tickets(conn: sqlite3.Connection) -> None:
    with pytest.raises(DeskNotEmptyError):
        build_demo(conn, tickets=10, now=NOW)
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2000


def test_a_failed_build_leaves_the_desk_as_it_was() -> None:
    conn = connect(":memory:")
    triggers = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    calls = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_demo(conn, tickets=300, now=NOW, progress=interrupt)
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM agents").fetchone()[0] == 0
    assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == (
        triggers
    )
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert seed_if_empty(conn, me="bob", tickets=30)


def test_seed_if_empty_seeds_once() -> None:
    conn = connect(":memory:")
    assert seed_if_empty(conn, me="bob", tickets=50)
    assert not seed_if_empty(conn, me="bob", tickets=50)
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 50


def test_a_2000_ticket_build_is_quick() -> None:
    conn = connect(":memory:")
    stats = build_demo(conn, now=NOW)
    assert stats.tickets == 2000 and stats.messages > 5000
    assert stats.seconds < 2.0


# -- the command ----------------------------------------------------------------------------------


def test_the_command_builds_then_refuses_without_reset(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--tickets", "120", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "120 tickets" in out
    path = desk_path("local")
    assert path.exists()
    assert main(["demo", "--tickets", "120"]) == 4
    assert "--reset" in capsys.readouterr().err
    assert main(["demo", "--tickets", "80", "--reset"]) == 0
    check = connect(path)
    assert check.execute("SELECT count(*) FROM tickets").fetchone()[0] == 80
    check.close()


def test_the_command_uses_the_agent_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DESKSIDE_AGENT", "mario.rossi")
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('[profiles.other]\nbackend = "local"\n', encoding="utf-8")
    assert main(["demo", "--tickets", "60", "--profile", "other"]) == 0
    check = connect(desk_path("other"))
    name = check.execute("SELECT name FROM agents WHERE login = 'mario.rossi'").fetchone()
    assert name == ("Mario Rossi",)
    check.close()


def test_a_loyal_customer_uses_many_channels(conn: sqlite3.Connection) -> None:
    per_customer: dict[int, set[str]] = defaultdict(set)
    for customer, channel in conn.execute("SELECT customer_id, channel FROM tickets"):
        per_customer[customer].add(channel)
    assert max(len(channels) for channels in per_customer.values()) >= 4
