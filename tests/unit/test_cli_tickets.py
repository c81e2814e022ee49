"""`deskside tickets`, `ticket show|reply` and `backends` on a seeded embedded desk.

Commands run through ``console.cli.main`` exactly as a shell would; the tests read
stdout as JSON or as a table, and check exit codes and one-line errors on stderr.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import EntryPoint

import pytest

from api_client import registry
from api_client.backends.local.desk import Desk
from api_client.models import AuthorRole, Channel, Priority, Status
from console.cli import main
from console.core.db import open_store
from console.core.paths import config_dir, desk_path

HOSTILE_SUBJECT = "Where is [@click=app.quit] my [bold]order[/]?"
HOSTILE_NAME = "Maria [red]Rossi[/]"
CUSTOMER_BODY = "Ciao,\n  dov'è il mio ordine [link=x]1001[/link]?"


@dataclass
class Seeded:
    wismo: int
    refund: int
    other: int
    giulia: int


def at(day: int, month: int = 11, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def seed(conn: sqlite3.Connection) -> Seeded:
    """Two customers, three tickets, a thread, an order with a shipment, a reason."""
    desk = Desk(conn, "local")
    giulia = desk.ensure_agent("giulia", "Giulia Bianchi", group="Tier 1")
    maria = desk.create_customer(
        HOSTILE_NAME,
        contacts=[
            (Channel.EMAIL, "maria@example.it"),
            (Channel.PHONE, "+39 333 1234567"),
            (Channel.INSTAGRAM, "@maria.r"),
        ],
        language="it",
        timezone="Europe/Rome",
        tags=["vip"],
        created_at=at(2, 3),
    )
    bob = desk.create_customer("Bob Smith", contacts=[(Channel.EMAIL, "bob@example.com")])
    wismo = desk.create_ticket(
        subject=HOSTILE_SUBJECT,
        customer_id=maria,
        channel=Channel.EMAIL,
        priority=Priority.HIGH,
        language="it",
        tags=["wismo"],
        created_at=at(20),
        assignee_id=giulia,
    )
    desk.add_message(
        wismo,
        body=CUSTOMER_BODY,
        author_role=AuthorRole.CUSTOMER,
        author_name=HOSTILE_NAME,
        created_at=at(20),
    )
    desk.add_message(
        wismo,
        body="Buongiorno Maria, controllo subito.",
        author_role=AuthorRole.AGENT,
        author_name="Giulia Bianchi",
        author_id=giulia,
        created_at=at(20, minute=30),
    )
    refund = desk.create_ticket(
        subject="Refund please",
        customer_id=maria,
        channel=Channel.CHAT,
        status=Status.SOLVED,
        created_at=at(1, 10),
    )
    other = desk.create_ticket(
        subject="Hello", customer_id=bob, channel=Channel.CHAT, created_at=at(21)
    )
    conn.execute("INSERT INTO ticket_reasons(reason, ticket_id) VALUES ('wismo', ?)", (wismo,))
    order = conn.execute(
        "INSERT INTO orders(customer_id, number, status, total, currency, placed_at, items) "
        "VALUES (?, '10087', 'shipped', '59.90', 'EUR', ?, ?)",
        (
            maria,
            int(at(18).timestamp()),
            json.dumps([{"sku": "SH-1", "name": "Sneakers", "quantity": 1, "unit_price": "59.90"}]),
        ),
    ).lastrowid
    conn.execute(
        "INSERT INTO shipments(order_id, carrier, tracking_number, tracking_url, status, "
        "shipped_at, eta) VALUES (?, 'BRT', 'BRT0012345', NULL, 'in_transit', ?, ?)",
        (order, int(at(19).timestamp()), int(at(25, hour=18).timestamp())),
    )
    return Seeded(wismo=wismo, refund=refund, other=other, giulia=giulia)


@pytest.fixture(autouse=True)
def piped_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables at their piped width (pytest-xdist workers export ``COLUMNS=80``)."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def desk() -> Iterator[tuple[sqlite3.Connection, Seeded]]:
    conn = open_store(desk_path("local"))
    seeded = seed(conn)
    yield conn, seeded
    conn.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


TIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"
SUMMARY_KEYS = {
    "id", "profile", "account", "subject", "status", "priority", "channel", "language", "reasons",
    "stage",
    "assignee", "customer", "tags", "message_count", "due_at", "promised_by",
    "first_response_at", "created_at", "updated_at",
}  # fmt: skip


# -- deskside tickets ----------------------------------------------------------------------


def test_tickets_json_lists_active_tickets_with_the_stable_shape(desk, capsys) -> None:
    _, ids = desk
    code, out, _ = run(capsys, "tickets", "--json")
    assert code == 0
    tickets = json.loads(out)
    assert [t["id"] for t in tickets] == [str(ids.other), str(ids.wismo)]  # solved left out
    wismo = tickets[1]
    assert set(wismo) == SUMMARY_KEYS
    assert wismo["subject"] == HOSTILE_SUBJECT
    assert wismo["profile"] == "local"
    assert wismo["status"] == "open"  # the agent's public reply opened it
    assert wismo["priority"] == "high"
    assert wismo["channel"] == "email"
    assert wismo["language"] == "it"
    assert wismo["reasons"] == ["wismo"]
    assert wismo["stage"] == "listen"
    assert wismo["assignee"] == "Giulia Bianchi"
    assert wismo["customer"] == {"name": HOSTILE_NAME, "email": "maria@example.it"}
    assert wismo["message_count"] == 2
    assert wismo["created_at"] == "2026-11-20T09:00:00Z"
    assert wismo["updated_at"] == "2026-11-20T09:30:00Z"
    assert wismo["first_response_at"] == "2026-11-20T09:30:00Z"
    assert wismo["due_at"] is None
    assert tickets[0]["assignee"] is None


def test_tickets_query_and_limit(desk, capsys) -> None:
    _, ids = desk
    code, out, _ = run(capsys, "tickets", "--query", "status:solved", "--json")
    assert code == 0
    assert [t["id"] for t in json.loads(out)] == [str(ids.refund)]
    code, out, _ = run(capsys, "tickets", "-q", "", "--limit", "1", "--json")
    assert code == 0 and len(json.loads(out)) == 1
    code, out, _ = run(capsys, "tickets", "-q", "", "--limit", "2")
    assert code == 0 and "2 of 3 tickets" in out


@pytest.mark.parametrize("limit", ["0", "10001", "many"])
def test_tickets_limit_out_of_range_is_a_usage_error(desk, capsys, limit) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["tickets", "--limit", limit])
    assert exit_info.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_tickets_table_prints_markup_literally(desk, capsys) -> None:
    code, out, _ = run(capsys, "tickets")
    assert code == 0
    assert HOSTILE_SUBJECT in out
    assert HOSTILE_NAME in out
    assert "Giulia Bianchi" in out
    assert "wismo" in out
    assert "2 of 2 tickets" in out
    assert "\x1b" not in out


def test_tickets_bad_query_exits_2_with_one_line(desk, capsys) -> None:
    code, out, err = run(capsys, "tickets", "--query", "colour:blue")
    assert code == 2
    assert out == ""
    assert err.startswith("deskside: query: ")
    assert err.count("\n") == 1


def test_tickets_on_an_empty_desk(capsys) -> None:
    code, out, _ = run(capsys, "tickets", "--json")
    assert code == 0 and json.loads(out) == []


# -- deskside ticket show ------------------------------------------------------------------


def test_show_json_has_thread_customer_orders_and_other_tickets(desk, capsys) -> None:
    _, ids = desk
    code, out, _ = run(capsys, "ticket", "show", str(ids.wismo), "--json")
    assert code == 0
    ticket = json.loads(out)
    assert set(ticket) >= SUMMARY_KEYS
    assert {"messages", "orders", "other_tickets", "url"} <= set(ticket)
    assert ticket["id"] == str(ids.wismo)
    first, second = ticket["messages"]
    assert first["author"] == "customer" and first["kind"] == "customer"
    assert first["body"] == CUSTOMER_BODY
    assert first["delivery"] is None and first["public"] is True
    assert first["created_at"] == "2026-11-20T09:00:00Z"
    assert second["author"] == "agent" and second["kind"] == "reply"
    assert second["delivery"] == "sent"
    assert second["author_name"] == "Giulia Bianchi"
    assert set(second) == {
        "id", "author", "author_name", "kind", "public", "body", "channel", "created_at",
        "delivery", "outbox_id", "error",
    }  # fmt: skip
    customer = ticket["customer"]
    assert customer["name"] == HOSTILE_NAME
    assert customer["email"] == "maria@example.it"
    assert customer["phones"] == ["+39 333 1234567"]
    assert customer["handles"] == [{"channel": "instagram", "value": "@maria.r"}]
    assert customer["timezone"] == "Europe/Rome"
    assert customer["tags"] == ["vip"]
    (order,) = ticket["orders"]
    assert order["number"] == "10087"
    assert order["total"] == "59.90" and order["currency"] == "EUR"
    assert order["items"] == [
        {"sku": "SH-1", "name": "Sneakers", "quantity": 1, "unit_price": "59.90"}
    ]
    (shipment,) = order["shipments"]
    assert shipment["carrier"] == "BRT"
    assert shipment["tracking_number"] == "BRT0012345"
    assert shipment["status"] == "in_transit"
    assert shipment["eta"] == "2026-11-25T18:00:00Z"
    assert [t["id"] for t in ticket["other_tickets"]] == [str(ids.refund)]
    assert ticket["other_tickets"][0]["status"] == "solved"


@pytest.mark.parametrize("form", ["{}", "#{}", "local:{}", " local:#{} "])
def test_show_accepts_the_forms_of_an_id(desk, capsys, form) -> None:
    _, ids = desk
    code, out, _ = run(capsys, "ticket", "show", form.format(ids.wismo), "--json")
    assert code == 0
    assert json.loads(out)["id"] == str(ids.wismo)


def test_show_human_output(desk, capsys) -> None:
    _, ids = desk
    code, out, _ = run(capsys, "ticket", "show", str(ids.wismo))
    assert code == 0
    assert HOSTILE_SUBJECT in out
    assert "[link=x]1001[/link]?" in out
    assert "[customer]" in out and "[reply]" in out
    assert "Giulia Bianchi" in out and "sent" in out
    for text in ("maria@example.it", "+39 333 1234567", "instagram @maria.r", "Europe/Rome"):
        assert text in out
    for text in ("Order 10087", "Sneakers", "BRT", "BRT0012345", "in_transit", "2026-11-25"):
        assert text in out
    assert "Refund please" in out
    assert "\x1b" not in out


def test_show_unknown_ticket_exits_3(desk, capsys) -> None:
    code, out, err = run(capsys, "ticket", "show", "999")
    assert code == 3
    assert out == ""
    assert err == "deskside: no ticket 999 in profile 'local'\n"


@pytest.mark.parametrize("ref", ["", "#", "a b", "bad/profile:1"])
def test_show_malformed_id_exits_2(desk, capsys, ref) -> None:
    code, _, err = run(capsys, "ticket", "show", ref)
    assert code == 2
    assert "not a ticket id" in err


def test_show_profile_mismatch_exits_2(desk, capsys) -> None:
    _, ids = desk
    code, _, err = run(capsys, "--profile", "local", "ticket", "show", f"acme:{ids.wismo}")
    assert code == 2
    assert "belongs to profile 'acme'" in err
    code, _, err = run(capsys, "ticket", "show", f"acme:{ids.wismo}", "--profile", "local")
    assert code == 2
    assert "belongs to profile 'acme'" in err


def test_show_unknown_profile_exits_3(desk, capsys) -> None:
    code, _, err = run(capsys, "ticket", "show", "acme:1")
    assert code == 3
    assert "unknown profile 'acme'" in err
    code, _, err = run(capsys, "tickets", "--profile", "acme")
    assert code == 3 and "unknown profile 'acme'" in err
    code, out, _ = run(capsys, "tickets", "--profile", "local", "--json")
    assert code == 0 and len(json.loads(out)) == 2


# -- deskside ticket reply -----------------------------------------------------------------


def _messages(conn: sqlite3.Connection, ticket: int) -> list[tuple[str, int, str, str | None]]:
    return conn.execute(
        "SELECT author_role, public, body, external_id FROM messages WHERE ticket_id = ? "
        "ORDER BY id",
        (ticket,),
    ).fetchall()


def _outbox(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    return conn.execute("SELECT id, key, state FROM outbox ORDER BY id").fetchall()


def test_reply_goes_through_the_outbox_and_sets_the_status(desk, capsys) -> None:
    conn, ids = desk
    body = "Ciao Maria,\n\n  il pacco   arriva domani.\n\n"
    code, out, err = run(
        capsys, "ticket", "reply", str(ids.wismo), "--body", body, "--status", "pending"
    )
    assert code == 0, err
    (entry_id, key, state), *_ = _outbox(conn)
    assert out == f"queued {entry_id}\nsent {entry_id}\n"
    assert state == "sent"
    role, public, stored, external = _messages(conn, ids.wismo)[-1]
    assert (role, public, external) == ("agent", 1, key)
    assert stored == "Ciao Maria,\n\n  il pacco   arriva domani."  # only the end is trimmed
    status = conn.execute("SELECT status FROM tickets WHERE id = ?", (ids.wismo,)).fetchone()[0]
    assert status == "pending"
    code, out, _ = run(capsys, "ticket", "show", str(ids.wismo), "--json")
    last = json.loads(out)["messages"][-1]
    assert last["delivery"] == "sent" and last["outbox_id"] == entry_id
    assert last["id"] is not None


def test_reply_as_note_from_stdin(desk, capsys, monkeypatch) -> None:
    conn, ids = desk
    monkeypatch.setattr("sys.stdin", io.StringIO("  Customer called: [b]VIP[/b]\n"))
    code, out, err = run(capsys, "ticket", "reply", f"#{ids.wismo}", "--note", "-")
    assert code == 0, err
    assert out.splitlines()[-1].startswith("sent ")
    role, public, body, _ = _messages(conn, ids.wismo)[-1]
    assert (role, public, body) == ("agent", 0, "  Customer called: [b]VIP[/b]")
    code, out, _ = run(capsys, "ticket", "show", str(ids.wismo), "--json")
    assert json.loads(out)["messages"][-1]["kind"] == "note"


def test_reply_from_a_body_file(desk, capsys, tmp_path) -> None:
    conn, ids = desk
    answer = tmp_path / "answer.txt"
    answer.write_text("Line one\r\nLine two\n", encoding="utf-8")
    code, _, err = run(capsys, "ticket", "reply", str(ids.wismo), "--body-file", str(answer))
    assert code == 0, err
    assert _messages(conn, ids.wismo)[-1][2] == "Line one\nLine two"


def test_reply_body_file_that_cannot_be_read_exits_2(desk, capsys, tmp_path) -> None:
    conn, ids = desk
    missing = tmp_path / "nope.txt"
    code, out, err = run(capsys, "ticket", "reply", str(ids.wismo), "--body-file", str(missing))
    assert code == 2 and out == ""
    assert "nope.txt" in err and err.startswith("deskside: cannot read body file")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    code, _, err = run(capsys, "ticket", "reply", str(ids.wismo), "--body-file", str(binary))
    assert code == 2 and "binary.txt" in err and "UTF-8" in err
    assert _outbox(conn) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--body", "  \n\t "], "the body is empty"),
        ([], "no body"),
        (["--body", "x", "-"], "give the body once"),
        (["-", "--body-file", "f.txt"], "give the body once"),
    ],
)
def test_reply_bad_body_exits_2_and_queues_nothing(desk, capsys, extra, message) -> None:
    conn, ids = desk
    code, out, err = run(capsys, "ticket", "reply", str(ids.wismo), *extra)
    assert code == 2 and out == ""
    assert message in err
    assert _outbox(conn) == []


def test_reply_empty_stdin_exits_2(desk, capsys, monkeypatch) -> None:
    conn, ids = desk
    monkeypatch.setattr("sys.stdin", io.StringIO("\n\n"))
    code, _, err = run(capsys, "ticket", "reply", str(ids.wismo), "-")
    assert code == 2 and "standard input" in err
    assert _outbox(conn) == []


def test_reply_to_an_unknown_ticket_exits_3(desk, capsys) -> None:
    conn, _ = desk
    code, _, err = run(capsys, "ticket", "reply", "4242", "--body", "hi")
    assert code == 3 and "no ticket 4242" in err
    assert _outbox(conn) == []


def test_reply_bad_status_is_a_usage_error(desk, capsys) -> None:
    _, ids = desk
    with pytest.raises(SystemExit) as exit_info:
        main(["ticket", "reply", str(ids.wismo), "--body", "x", "--status", "done"])
    assert exit_info.value.code == 2


def test_reply_no_wait_shows_a_pending_message(desk, capsys) -> None:
    conn, ids = desk
    code, out, _ = run(capsys, "ticket", "reply", str(ids.wismo), "--body", "Soon", "--no-wait")
    assert code == 0
    (entry_id, _, state), *_ = _outbox(conn)
    assert out == f"queued {entry_id}\n" and state == "queued"
    code, out, _ = run(capsys, "ticket", "show", str(ids.wismo), "--json")
    pending = json.loads(out)["messages"][-1]
    assert pending["id"] is None
    assert pending["delivery"] == "queued"
    assert pending["outbox_id"] == entry_id
    assert pending["body"] == "Soon" and pending["kind"] == "reply"
    code, out, _ = run(capsys, "ticket", "show", str(ids.wismo))
    assert f"queued (outbox {entry_id})" in out


def test_a_delivered_write_shows_once_whatever_its_outbox_state(desk, capsys) -> None:
    """The answer was lost (row still queued) but the message arrived: shown once, as sent."""
    conn, ids = desk
    run(capsys, "ticket", "reply", str(ids.wismo), "--body", "Arrived", "--no-wait")
    (entry_id, key, _), *_ = _outbox(conn)
    Desk(conn).add_message(
        ids.wismo,
        body="Arrived",
        author_role=AuthorRole.AGENT,
        author_name="Giulia Bianchi",
        external_id=key,
    )
    code, out, _ = run(capsys, "ticket", "show", str(ids.wismo), "--json")
    assert code == 0
    arrived = [m for m in json.loads(out)["messages"] if m["body"] == "Arrived"]
    assert len(arrived) == 1
    assert arrived[0]["delivery"] == "sent" and arrived[0]["outbox_id"] == entry_id


def test_reply_on_a_read_only_profile_is_refused(desk, capsys) -> None:
    _, ids = desk
    config = config_dir()
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(
        f'[profiles.ro]\nbackend = "local"\nread_only = true\n'
        f'options = {{ path = "{desk_path("local")}" }}\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--profile", "ro", "ticket", "reply", str(ids.wismo), "--body", "x")
    assert code == 2 and "read-only" in err


# -- deskside backends ---------------------------------------------------------------------


def test_backends_lists_local_with_its_capabilities(capsys) -> None:
    code, out, _ = run(capsys, "backends")
    assert code == 0
    assert "local" in out and "Embedded desk" in out
    assert "versioned_updates" in out and "external_ids" in out
    code, out, _ = run(capsys, "backends", "--json")
    assert code == 0
    (local,) = [b for b in json.loads(out) if b["name"] == "local"]
    assert local["label"] == "Embedded desk"
    assert local["error"] is None
    assert local["entry_point"] == "api_client.backends.local:LocalBackend"
    assert {"notes", "orders", "versioned_updates", "external_ids"} <= set(local["capabilities"])
    assert local["capabilities"] == sorted(local["capabilities"])
    path = next(o for o in local["options"] if o["name"] == "path")
    assert path == {
        "name": "path",
        "label": "Desk file",
        "description": "the SQLite database",
        "required": True,
        "secret": False,
        "default": None,
    }


def test_a_backend_that_fails_to_load_is_listed_with_its_error(capsys, monkeypatch) -> None:
    points = {
        "broken": EntryPoint("broken", "no_such_module_here:Backend", registry.GROUP),
        "local": EntryPoint("local", "api_client.backends.local:LocalBackend", registry.GROUP),
    }
    monkeypatch.setattr(registry, "_entry_points", lambda: points)
    code, out, _ = run(capsys, "backends", "--json")
    assert code == 0
    broken, local = json.loads(out)
    assert broken["name"] == "broken" and broken["label"] is None
    assert "no_such_module_here" in broken["error"]
    assert local["error"] is None
    code, out, _ = run(capsys, "backends")
    assert code == 0 and "failed to load" in out and "Embedded desk" in out


def test_control_bytes_in_the_store_never_reach_the_terminal(desk, capsys) -> None:
    conn, ids = desk
    evil = "Evil \x1b]52;c;aGk=\x07 \x9b31m"
    conn.execute("UPDATE tickets SET subject = ? WHERE id = ?", (evil, ids.other))
    for argv in (["tickets"], ["ticket", "show", str(ids.other)]):
        code, out, _ = run(capsys, *argv)
        assert code == 0
        assert not {"\x1b", "\x07", "\x9b"} & set(out)
        assert "␛]52;c;aGk=␇" in out
    code, out, _ = run(capsys, "tickets", "--json")
    (other,) = [t for t in json.loads(out) if t["id"] == str(ids.other)]
    assert other["subject"] == "Evil ␛]52;c;aGk=␇ \ufffd31m"
