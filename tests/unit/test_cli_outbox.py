"""`deskside outbox` and the delivery outcomes of `ticket reply`, on a seeded embedded desk.

Conflicts are made the honest way: a reply is queued against the ticket's version,
the ticket changes on the desk, then delivery is refused. Unavailable and refused
helpdesks are simulated by replacing the embedded backend's ``post_message``.
"""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, datetime

import pytest

from api_client.backends.local import LocalBackend
from api_client.backends.local.desk import Desk
from api_client.errors import BackendLoadError, InvalidRequestError, UnavailableError
from api_client.models import Priority, TicketUpdate
from console.cli import main
from console.core.outbox import Outbox
from tests.unit.test_cli_tickets import desk, piped_width, run

__all__ = ["desk", "piped_width"]  # fixtures shared with the ticket tests

ENTRY_KEYS = {
    "id", "key", "profile", "ticket", "state", "kind", "public", "summary", "body", "changes",
    "attempts", "uncertain", "error", "created_at", "updated_at", "next_attempt_at", "remote_id",
}  # fmt: skip


class TTYInput(io.StringIO):
    def isatty(self) -> bool:
        return True


def _state(conn: sqlite3.Connection, entry_id: int) -> str:
    return str(conn.execute("SELECT state FROM outbox WHERE id = ?", (entry_id,)).fetchone()[0])


def _queue(capsys, ticket: int, body: str = "Il pacco arriva domani.", *extra: str) -> int:
    code, out, _ = run(capsys, "ticket", "reply", str(ticket), "--body", body, "--no-wait", *extra)
    assert code == 0
    return int(out.split()[1])


def _stale(conn: sqlite3.Connection, capsys, ticket: int) -> int:
    """A reply queued against a version the ticket has since left."""
    entry_id = _queue(capsys, ticket)
    Desk(conn).update_ticket(ticket, TicketUpdate(priority=Priority.URGENT))
    return entry_id


def _bodies(conn: sqlite3.Connection, ticket: int) -> list[str]:
    rows = conn.execute("SELECT body FROM messages WHERE ticket_id = ? ORDER BY id", (ticket,))
    return [row[0] for row in rows]


# -- conflicts -------------------------------------------------------------------------------


def test_conflict_then_retry_without_and_with_force(desk, capsys) -> None:
    conn, ids = desk
    entry_id = _stale(conn, capsys, ids.wismo)

    code, out, err = run(capsys, "outbox", "deliver")
    assert code == 4
    assert out.startswith(f"conflict {entry_id}: the ticket changed meanwhile")
    assert "delivered 1: 0 sent, 1 conflict, 0 failed, 0 queued for retry" in out
    assert "deskside outbox" in err
    assert _state(conn, entry_id) == "conflict"
    assert "Il pacco arriva domani." not in _bodies(conn, ids.wismo)

    code, out, _ = run(capsys, "outbox", "--json")
    (entry,) = json.loads(out)
    assert set(entry) == ENTRY_KEYS
    assert entry["state"] == "conflict" and entry["id"] == entry_id
    assert entry["ticket"] == str(ids.wismo)
    assert "changed" in entry["error"]

    code, out, err = run(capsys, "ticket", "show", str(ids.wismo), "--json")
    pending = json.loads(out)["messages"][-1]
    assert pending["delivery"] == "conflict" and pending["id"] is None
    assert "changed" in pending["error"]

    code, out, err = run(capsys, "outbox", "retry", str(entry_id))
    assert code == 4
    assert out == ""
    assert "--force" in err and err.count("\n") == 1
    assert _state(conn, entry_id) == "conflict"

    code, out, err = run(capsys, "outbox", "retry", str(entry_id), "--force")
    assert code == 0, err
    assert out == f"queued {entry_id}\nsent {entry_id}\n"
    assert _bodies(conn, ids.wismo)[-1] == "Il pacco arriva domani."
    key = conn.execute("SELECT key FROM outbox WHERE id = ?", (entry_id,)).fetchone()[0]
    external = conn.execute(
        "SELECT external_id FROM messages WHERE ticket_id = ? ORDER BY id DESC LIMIT 1",
        (ids.wismo,),
    ).fetchone()[0]
    assert external == key


def test_reply_that_meets_a_conflict_exits_4(desk, capsys, monkeypatch) -> None:
    conn, ids = desk
    real = Outbox.enqueue_message

    def enqueue_then_someone_else_changes_the_ticket(self, ticket_id, **kwargs):
        entry = real(self, ticket_id, **kwargs)
        Desk(conn).update_ticket(ticket_id, TicketUpdate(priority=Priority.LOW))
        return entry

    monkeypatch.setattr(Outbox, "enqueue_message", enqueue_then_someone_else_changes_the_ticket)
    code, out, err = run(capsys, "ticket", "reply", str(ids.wismo), "--body", "Hello")
    assert code == 4
    entry_id = int(out.split()[1])
    assert out.splitlines()[1].startswith(f"conflict {entry_id}: ")
    assert f"deskside outbox retry {entry_id} --force" in err


# -- delivery outcomes -------------------------------------------------------------------------


def test_unavailable_helpdesk_leaves_the_reply_queued_exit_5(desk, capsys, monkeypatch) -> None:
    conn, ids = desk

    async def down(self, ticket_id, outgoing):
        raise UnavailableError("connection refused", sent=False)

    monkeypatch.setattr(LocalBackend, "post_message", down)
    code, out, err = run(capsys, "ticket", "reply", str(ids.wismo), "--body", "Hello")
    assert code == 5
    entry_id = int(out.split()[1])
    assert out.splitlines()[1] == f"queued {entry_id}: connection refused"
    assert "stays queued" in err
    assert _state(conn, entry_id) == "queued"
    code, out, _ = run(capsys, "outbox", "--json")
    (entry,) = json.loads(out)
    assert entry["attempts"] == 1 and entry["next_attempt_at"] is not None
    assert entry["error"] == "connection refused"


def test_refused_reply_fails_exit_1_and_can_be_retried(desk, capsys, monkeypatch) -> None:
    conn, ids = desk

    async def refuse(self, ticket_id, outgoing):
        raise InvalidRequestError("body too long")

    original = LocalBackend.post_message
    monkeypatch.setattr(LocalBackend, "post_message", refuse)
    code, out, _ = run(capsys, "ticket", "reply", str(ids.wismo), "--body", "Hello")
    assert code == 1
    entry_id = int(out.split()[1])
    assert "failed" in out and "body too long" in out
    assert _state(conn, entry_id) == "failed"
    monkeypatch.setattr(LocalBackend, "post_message", original)
    code, out, _ = run(capsys, "outbox", "retry", str(entry_id))
    assert code == 0 and out.endswith(f"sent {entry_id}\n")


def test_backend_that_cannot_be_built_keeps_the_entry_queued(desk, capsys, monkeypatch) -> None:
    conn, ids = desk

    def no_backend(config, workspace):
        raise BackendLoadError("no backend named 'zendesk' is installed")

    monkeypatch.setattr("console.core.accounts.backend_for", no_backend)
    code, out, err = run(capsys, "ticket", "reply", str(ids.wismo), "--body", "Hello")
    assert code == 5
    entry_id = int(out.split()[1])
    assert err.startswith("deskside: cannot deliver now: no backend named 'zendesk'")
    assert f"outbox entry {entry_id} stays queued" in err
    assert _state(conn, entry_id) == "queued"


def test_deliver_sends_what_is_due(desk, capsys) -> None:
    conn, ids = desk
    first = _queue(capsys, ids.wismo, "One")
    second = _queue(capsys, ids.other, "Two", "--note")
    code, out, _ = run(capsys, "outbox", "deliver")
    assert code == 0
    assert "delivered 2: 2 sent" in out
    assert _state(conn, first) == "sent" and _state(conn, second) == "sent"
    code, out, _ = run(capsys, "outbox", "deliver")
    assert code == 0 and "delivered 0" in out


# -- listing --------------------------------------------------------------------------------------


def test_list_table_and_states(desk, capsys) -> None:
    _, ids = desk
    sent = _queue(capsys, ids.wismo, "Sent [bold]already[/]")
    run(capsys, "outbox", "deliver")
    waiting = _queue(capsys, ids.other, "Waiting [@click=app.quit]", "--note")

    code, out, _ = run(capsys, "outbox")
    assert code == 0
    assert "note: Waiting [@click=app.quit]" in out
    assert "Sent [bold]already[/]" not in out  # sent entries are not listed by default
    assert "1 queued" in out and "1 sent" in out

    code, out, _ = run(capsys, "outbox", "list", "--state", "all", "--json")
    assert [e["id"] for e in json.loads(out)] == [sent, waiting]
    code, out, _ = run(capsys, "outbox", "--state", "sent", "--json")
    (entry,) = json.loads(out)
    assert entry["id"] == sent and entry["remote_id"] is not None
    assert entry["kind"] == "message" and entry["public"] is True
    assert entry["created_at"].endswith("Z")
    code, out, _ = run(capsys, "outbox", "list", "--json")
    (entry,) = json.loads(out)
    assert entry["id"] == waiting and entry["public"] is False and entry["changes"] == {}


def test_list_shows_field_changes(desk, capsys) -> None:
    _, ids = desk
    _queue(capsys, ids.wismo, "Done", "--status", "solved")
    code, out, _ = run(capsys, "outbox", "--json")
    assert code == 0
    assert json.loads(out)[0]["changes"] == {"status": "solved"}


def test_unknown_state_is_a_usage_error(desk, capsys) -> None:
    code, _, err = run(capsys, "outbox", "--state", "lost")
    assert code == 2 and "unknown state" in err


# -- discarding -------------------------------------------------------------------------------


def test_discard_needs_yes_without_a_terminal(desk, capsys, monkeypatch) -> None:
    conn, ids = desk
    entry_id = _queue(capsys, ids.wismo)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = run(capsys, "outbox", "discard", str(entry_id))
    assert code == 2 and out == ""
    assert err.startswith("deskside: pass --yes to discard without asking")
    assert _state(conn, entry_id) == "queued"
    code, out, _ = run(capsys, "outbox", "discard", str(entry_id), "--yes")
    assert code == 0 and out == f"discarded {entry_id}\n"
    assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_discard_asks_on_a_terminal(desk, capsys, monkeypatch) -> None:
    conn, ids = desk
    entry_id = _queue(capsys, ids.wismo)
    monkeypatch.setattr("sys.stdin", TTYInput("n\n"))
    code, _, err = run(capsys, "outbox", "discard", str(entry_id))
    assert code == 1
    assert f"Discard outbox entry {entry_id} (reply: Il pacco arriva domani.)? [y/N]" in err
    assert _state(conn, entry_id) == "queued"
    monkeypatch.setattr("sys.stdin", TTYInput("y\n"))
    code, out, _ = run(capsys, "outbox", "discard", str(entry_id))
    assert code == 0 and out == f"discarded {entry_id}\n"


def test_discard_refuses_sent_and_unknown_entries(desk, capsys) -> None:
    _, ids = desk
    entry_id = _queue(capsys, ids.wismo)
    run(capsys, "outbox", "deliver")
    code, _, err = run(capsys, "outbox", "discard", str(entry_id), "--yes")
    assert code == 4 and "sent and cannot be discarded" in err
    code, _, err = run(capsys, "outbox", "discard", "999", "--yes")
    assert code == 3 and err == "deskside: no outbox entry 999\n"


def test_retry_of_a_queued_entry_is_refused(desk, capsys) -> None:
    _, ids = desk
    entry_id = _queue(capsys, ids.wismo)
    code, _, err = run(capsys, "outbox", "retry", str(entry_id))
    assert code == 4 and "only failed or conflicting" in err


def test_retry_needs_a_numeric_id(desk, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["outbox", "retry", "abc"])
    assert exit_info.value.code == 2


def test_list_shows_every_kind_of_field_change(desk, capsys) -> None:
    conn, ids = desk
    Outbox(conn, "local").enqueue_update(
        ids.wismo,
        TicketUpdate(
            assignee_id=f"local:{ids.giulia}",
            promised_by=datetime(2026, 11, 26, 12, tzinfo=UTC),
            tags_add=("vip",),
            group_id=None,
        ),
    )
    code, out, _ = run(capsys, "outbox", "--json")
    assert code == 0
    (entry,) = json.loads(out)
    assert entry["kind"] == "update" and entry["public"] is None and entry["body"] is None
    assert entry["changes"] == {
        "assignee_id": str(ids.giulia),
        "group_id": None,
        "tags_add": ["vip"],
        "promised_by": "2026-11-26T12:00:00Z",
    }
    code, out, _ = run(capsys, "outbox")
    assert "update: " in out


def test_an_unexpected_error_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from console import cli

    def explode(args: object) -> int:
        raise RuntimeError("disk on fire")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda argv=None: parser)
    monkeypatch.delenv("DESKSIDE_DEBUG", raising=False)
    args = parser.parse_args(["outbox"])
    args.handler = explode
    monkeypatch.setattr(parser, "parse_args", lambda argv=None: args)
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert "deskside: unexpected error: RuntimeError: disk on fire" in err
    assert "Traceback" not in err
