"""Applying macros to tickets: dry runs write nothing, real runs go through the outbox.

A small embedded desk (Italian, German-on-chat and English-without-orders
customers) and one test macro file; commands run through ``console.cli.main``
as a shell would. Delivery uses the real deliverer and local backend on the same
desk file, so the test sees the reply and the field changes land on the ticket.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from api_client.backends.local import LocalBackend
from api_client.backends.local.desk import Desk
from api_client.models import AuthorRole, Channel, Priority, Stage, Status, TicketUpdate
from console.cli import main
from console.core.config import load_config
from console.core.db import open_store
from console.core.delivery import Deliverer
from console.core.macros import load_macros, macro_context, plan_apply, queue_plans
from console.core.mirror import UNKNOWN_NAME
from console.core.outbox import Outbox, OutboxKind
from console.core.paths import config_dir, config_file, desk_path
from console.core.profiles import open_workspace

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

MACROS = '''\
[[macro]]
id = "t.fix"
title = "Investigating"
stages = ["fix"]

[macro.actions]
status = "pending"
priority = "high"
stage = "fix"
assignee = "me"
group = "Tier 2"
tags_add = ["Carrier_Claim"]
tags_remove = ["new"]
promised_by = "24h"
note = "Promised {{ order.number }} by {{ promised_by.at | datetime('short') }}"

[macro.body]
it = """
Ciao {{ customer.first_name }},

controllo l'ordine {{ order.number }} ({{ order.total }}) e ti scrivo entro {{ promised_by }}.

{{ signature }}
"""
en = """
Hi {{ customer.first_name }},

I'm checking order {{ order.number }} and will write by {{ promised_by }}.

{{ signature }}
"""

[macro.short]
en = "Hi {{ customer.first_name }}, checking order {{ order.number }}!"

[[macro]]
id = "t.nogroup"
title = "Bad group"
body = { en = "Hi {{ customer.first_name }}" }
actions = { group = "Nobody's Team" }
'''


@dataclass
class Seeded:
    conn: sqlite3.Connection
    italian: int
    german: int
    english: int
    giulia: int
    tier2: int


def seed(conn: sqlite3.Connection) -> Seeded:
    desk = Desk(conn, "local")
    giulia = desk.ensure_agent("giulia", "Giulia Rossi", group="Tier 1")
    tier2 = desk.ensure_group("Tier 2")
    maria = desk.create_customer(
        "Maria Bianchi",
        contacts=[(Channel.EMAIL, "maria@example.it")],
        language="it",
        timezone="Europe/Rome",
    )
    jonas = desk.create_customer("Jonas Becker", language="de", timezone="Europe/Berlin")
    bob = desk.create_customer("Bob Smith", contacts=[(Channel.EMAIL, "bob@example.com")])
    italian = desk.create_ticket(
        subject="Dov'è il mio ordine?",
        customer_id=maria,
        channel=Channel.EMAIL,
        language="it",
        tags=["new", "wismo"],
        created_at=NOW,
    )
    german = desk.create_ticket(
        subject="Bestellung?", customer_id=jonas, channel=Channel.CHAT, language="de"
    )
    english = desk.create_ticket(
        subject="Hello", customer_id=bob, channel=Channel.EMAIL, language="en"
    )
    for ticket, name in ((italian, "Maria Bianchi"), (german, "Jonas Becker"), (english, "Bob")):
        desk.add_message(
            ticket, body="{{ 7*7 }} where?", author_role=AuthorRole.CUSTOMER, author_name=name
        )
    for customer, number, total in ((maria, "10087", "129.90"), (jonas, "20001", "59.00")):
        order = conn.execute(
            "INSERT INTO orders(customer_id, number, status, total, currency, placed_at, items) "
            "VALUES (?, ?, 'shipped', ?, 'EUR', ?, '[]')",
            (customer, number, total, int(datetime(2026, 11, 18, tzinfo=UTC).timestamp())),
        ).lastrowid
        conn.execute(
            "INSERT INTO shipments(order_id, carrier, tracking_number, status) "
            "VALUES (?, 'BRT', 'BRT001', 'in_transit')",
            (order,),
        )
    return Seeded(conn, italian, german, english, giulia, tier2)


def write_config(*, read_only: bool = False) -> None:
    text = (
        '[agent]\nlogin = "giulia"\nname = "Giulia Rossi"\n\n'
        '[shop]\nname = "Bottega Aurora"\nurl = "https://aurora.example"\n'
    )
    if read_only:
        text += '\n[profiles.local]\nbackend = "local"\nread_only = true\n'
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text, encoding="utf-8")


@pytest.fixture(autouse=True)
def piped_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output at its piped width (pytest-xdist workers export ``COLUMNS=80``)."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def desk() -> Iterator[Seeded]:
    write_config()
    folder = config_dir() / "macros"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test.toml").write_text(MACROS, encoding="utf-8")
    conn = open_store(desk_path("local"))
    seeded = seed(conn)
    yield seeded
    conn.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def versions(conn: sqlite3.Connection) -> dict[int, str]:
    return {int(r[0]): str(r[1]) for r in conn.execute("SELECT id, version FROM tickets")}


def deliver() -> None:
    async def drain() -> None:
        conn = open_store(desk_path("local"))
        backend = LocalBackend("local", {"path": str(desk_path("local")), "agent": "giulia"})
        await Deliverer(Outbox(conn, "local"), backend).drain()
        await backend.aclose()
        conn.close()

    asyncio.run(drain())


# -- the core --------------------------------------------------------------------------------------


def test_plan_apply_renders_each_ticket_and_one_failure_stops_nothing(desk: Seeded) -> None:
    config = load_config()
    workspace = open_workspace(config)
    try:
        macro = load_macros().get("t.fix")
        plans = plan_apply(
            workspace, macro, [desk.italian, desk.german, desk.english], config=config, now=NOW
        )
    finally:
        workspace.close()
    italian, german, english = plans
    assert italian.ok and german.ok and not english.ok
    assert italian.rendered is not None and german.rendered is not None
    assert italian.rendered.text == (
        "Ciao Maria,\n\ncontrollo l'ordine 10087 (129,90\xa0€) e ti scrivo entro "
        "giovedì 26 novembre alle 18:00.\n\nGiulia\nBottega Aurora"
    )
    assert italian.rendered.note == "Promised 10087 by 26/11/26, 18:00"
    assert (german.rendered.lang, german.rendered.short, german.rendered.fell_back) == (
        "en",
        True,
        True,
    )
    assert german.rendered.text == "Hi Jonas, checking order 20001!"
    promised = datetime(2026, 11, 26, 18, 0, tzinfo=ZoneInfo("Europe/Rome"))
    assert italian.changes == TicketUpdate(
        status=Status.PENDING,
        priority=Priority.HIGH,
        assignee_id=f"local:{desk.giulia}",
        group_id=f"local:{desk.tier2}",
        tags_add=("carrier_claim",),
        tags_remove=("new",),
        stage=Stage.FIX,
        promised_by=promised.astimezone(UTC),
    )
    assert italian.expected_version == versions(desk.conn)[desk.italian]
    assert english.error is not None
    assert english.error.startswith(
        f"{config_dir() / 'macros' / 'test.toml'}:28: macro t.fix (en): "
    )
    assert "the customer has no order on record" in english.error


def test_customer_text_in_the_context_is_never_evaluated(desk: Seeded) -> None:
    desk.conn.execute(
        "UPDATE customers SET name = '{{ 7*7 }} Bianchi' WHERE name = 'Maria Bianchi'"
    )
    config = load_config()
    workspace = open_workspace(config)
    try:
        context = macro_context(workspace, desk.italian, now=NOW, config=config)
        (plan,) = plan_apply(workspace, load_macros().get("t.fix"), [desk.italian], config=config)
    finally:
        workspace.close()
    assert context.customer.name == "{{ 7*7 }} Bianchi"
    assert plan.rendered is not None and plan.rendered.text.startswith("Ciao {{,")


def test_a_name_the_helpdesk_has_not_sent_is_no_name(desk: Seeded) -> None:
    """A mirror names a customer it has not received yet ``UNKNOWN_NAME``: a greeting
    must fail with the reason, never go out as "Ciao …,"."""
    desk.conn.execute("UPDATE customers SET name = ? WHERE name = 'Maria Bianchi'", (UNKNOWN_NAME,))
    config = load_config()
    workspace = open_workspace(config)
    try:
        (plan,) = plan_apply(workspace, load_macros().get("t.fix"), [desk.italian], config=config)
    finally:
        workspace.close()
    assert plan.rendered is None and plan.error is not None
    assert "customer.first_name" in plan.error
    assert "the helpdesk has not sent the customer's name yet" in plan.error


def test_an_unknown_group_fails_that_ticket_with_the_reason(desk: Seeded) -> None:
    config = load_config()
    workspace = open_workspace(config)
    try:
        (plan,) = plan_apply(
            workspace, load_macros().get("t.nogroup"), [desk.english], config=config
        )
        results = queue_plans(workspace, [plan])
    finally:
        workspace.close()
    assert plan.error == 'no group named "Nobody\'s Team" (actions.group)'
    assert not results[0].ok and Outbox(desk.conn, "local").entries() == []


# -- deskside macro apply --------------------------------------------------------------------------


def test_dry_run_shows_everything_and_writes_nothing(desk: Seeded, capsys) -> None:
    before = versions(desk.conn)
    code, out, _ = run(
        capsys, "macro", "apply", "t.fix", "--ticket", str(desk.italian), str(desk.german),
        str(desk.english), "--dry-run",
    )  # fmt: skip
    assert code == 1  # one ticket would fail
    assert f"#{desk.italian} would queue a reply (it) and an internal note" in out
    assert f"#{desk.german} would queue a reply (en, short, no de text)" in out
    assert f"#{desk.english} would fail: " in out and "no order on record" in out
    assert "| Ciao Maria," in out
    assert "status=pending" in out and "tags_add=carrier_claim" in out
    assert "2 would be queued, 1 would fail; nothing was written" in out
    assert Outbox(desk.conn, "local").entries() == []
    assert versions(desk.conn) == before


def test_dry_run_json(desk: Seeded, capsys) -> None:
    code, out, _ = run(
        capsys, "macro", "apply", "t.fix", "--ticket", str(desk.italian), "--dry-run", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["dry_run"] is True and data["failed"] == 0
    (ticket,) = data["tickets"]
    assert ticket["ticket"] == str(desk.italian) and ticket["lang"] == "it"
    assert ticket["changes"]["stage"] == "fix" and ticket["changes"]["tags_add"] == [
        "carrier_claim"
    ]
    assert ticket["reply_outbox_id"] is None
    assert Outbox(desk.conn, "local").entries() == []


def test_apply_queues_through_the_outbox_and_delivery_lands_it(desk: Seeded, capsys) -> None:
    code, out, _ = run(
        capsys, "macro", "apply", "t.fix", "--ticket", str(desk.italian), str(desk.german),
        str(desk.english), "--yes",
    )  # fmt: skip
    assert code == 1  # the English ticket failed; the others were queued anyway
    assert f"#{desk.italian} queued reply 1 + note 2 (it)" in out
    assert f"#{desk.german} queued reply 3 + note 4 (en, short, no de text)" in out
    assert f"#{desk.english} failed: " in out
    assert "2 queued, 1 failed (of 3)" in out

    outbox = Outbox(desk.conn, "local")
    entries = outbox.entries()
    assert [(e.ticket_id, e.kind, e.public) for e in entries] == [
        (desk.italian, OutboxKind.MESSAGE, True),
        (desk.italian, OutboxKind.MESSAGE, False),
        (desk.german, OutboxKind.MESSAGE, True),
        (desk.german, OutboxKind.MESSAGE, False),
    ]
    reply, note = entries[0], entries[1]
    assert reply.changes.status is Status.PENDING and reply.changes.stage is Stage.FIX
    assert reply.changes.tags_add == ("carrier_claim",)
    assert reply.changes.assignee_id == f"local:{desk.giulia}"
    assert reply.expected_version is not None
    assert note.changes.is_empty() and note.body is not None and note.body.startswith("Promised")

    deliver()
    desk_view = Desk(desk.conn, "local")
    ticket = desk_view.ticket(desk.italian)
    assert ticket.status is Status.PENDING and ticket.stage is Stage.FIX
    assert ticket.priority is Priority.HIGH
    assert "carrier_claim" in ticket.tags and "new" not in ticket.tags
    assert ticket.assignee_id == f"local:{desk.giulia}"
    assert ticket.group_id == f"local:{desk.tier2}"
    assert ticket.promised_by is not None
    thread = desk_view.thread(desk.italian)
    assert [m.kind.value for m in thread] == ["customer", "reply", "note"]
    assert thread[1].body.startswith("Ciao Maria,") and thread[1].author_name == "Giulia Rossi"
    assert desk_view.ticket(desk.english).stage is Stage.LISTEN  # untouched
    assert {e.state.value for e in outbox.entries()} == {"sent"}


def test_apply_to_several_tickets_asks_first(desk: Seeded, capsys) -> None:
    code, _, err = run(
        capsys, "macro", "apply", "t.fix", "--ticket", str(desk.italian), str(desk.german)
    )
    assert code == 2 and "pass --yes" in err
    assert Outbox(desk.conn, "local").entries() == []
    code, out, _ = run(capsys, "macro", "apply", "t.fix", "--ticket", str(desk.italian))
    assert code == 0 and "1 queued, 0 failed (of 1)" in out  # one named ticket: no question


def test_apply_by_query_with_a_limit(desk: Seeded, capsys) -> None:
    code, _, err = run(capsys, "macro", "apply", "t.fix", "--query", "", "--limit", "2", "--yes")
    assert code == 2 and "matches 3 tickets, more than --limit 2" in err
    code, out, _ = run(capsys, "macro", "apply", "t.fix", "-q", "lang:it", "--yes", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["queued"] == 1 and data["tickets"][0]["ticket"] == str(desk.italian)
    assert data["tickets"][0]["reply_outbox_id"] == 1 and data["tickets"][0]["note_outbox_id"] == 2
    code, _, err = run(capsys, "macro", "apply", "t.fix", "-q", "lang:", "--yes")
    assert code == 2 and "query:" in err


def test_apply_refuses_a_read_only_profile_and_unknown_things(desk: Seeded, capsys) -> None:
    code, _, err = run(capsys, "macro", "apply", "nope", "--ticket", str(desk.italian))
    assert code == 3 and "no macro 'nope'" in err
    code, _, err = run(capsys, "macro", "apply", "t.fix", "--ticket", "999")
    assert code == 3 and "no ticket 999" in err
    write_config(read_only=True)
    code, _, err = run(capsys, "macro", "apply", "t.fix", "--ticket", str(desk.italian))
    assert code == 2 and "read-only" in err
    assert Outbox(desk.conn, "local").entries() == []


# -- deskside macro render -------------------------------------------------------------------------


def test_render_prints_the_text_and_says_when_it_fell_back(desk: Seeded, capsys) -> None:
    code, out, err = run(capsys, "macro", "render", "t.fix", "--ticket", f"#{desk.italian}")
    assert code == 0 and err == ""
    assert out.startswith("Ciao Maria,\n\ncontrollo l'ordine 10087 (129,90\xa0€)")
    assert "--- internal note ---\nPromised 10087 by" in out
    code, out, err = run(capsys, "macro", "render", "t.fix", "--ticket", str(desk.german))
    assert code == 0 and out.startswith("Hi Jonas, checking order 20001!")
    assert "has no 'de' text; rendered in 'en'" in err
    code, out, _ = run(
        capsys, "macro", "render", "t.fix", "--ticket", str(desk.german), "--long", "--json"
    )
    data = json.loads(out)
    assert (data["lang"], data["wanted_lang"], data["short"]) == ("en", "de", False)
    assert data["text"].startswith("Hi Jonas,\n\nI'm checking order 20001")
    assert data["changes"]["status"] == "pending" and data["changes"]["group_id"] == (
        f"local:{desk.tier2}"
    )


def test_render_errors_are_one_located_line(desk: Seeded, capsys) -> None:
    code, out, err = run(capsys, "macro", "render", "t.fix", "--ticket", str(desk.english))
    assert code == 1 and out == ""
    assert err.startswith(
        f"deskside: {config_dir() / 'macros' / 'test.toml'}:28: macro t.fix (en):"
    )
    code, _, err = run(capsys, "macro", "render", "t.fix", "--ticket", "other:1")
    assert code == 3 and "unknown profile 'other'" in err
