"""Several accounts in one queue, end to end against two fake Zendesk accounts.

See :mod:`tests.agency`: ids overlap exactly between the two helpdesks, and the real
config, profile, backend and delivery code runs; only the HTTP transport is fake.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from api_client.models import Status, TicketUpdate
from console.cli import main
from console.core.accounts import open_deliverer
from console.core.config import load_config
from console.core.macros import changes_for
from console.core.macros.model import MacroActionsSpec
from console.core.macros.render import Rendered
from console.core.outbox import Outbox, OutboxState
from console.core.profiles import open_workspace
from console.core.query import QueryError
from console.core.workspace import Workspace
from tests.agency import Agency, setup_agency, setup_mixed, sync_agency
from tests.contract.world import WORLD


@pytest.fixture
def agency(monkeypatch: pytest.MonkeyPatch) -> Agency:
    return setup_agency(monkeypatch)


@pytest.fixture
def workspace(agency: Agency) -> Iterator[Workspace]:
    opened = open_workspace(load_config(), "agency")
    yield opened
    opened.close()


def _local(workspace: Workspace, account: str, remote: int) -> int:
    row = workspace.conn.execute(
        "SELECT id FROM tickets WHERE account = ? AND remote_id = ?", (account, str(remote))
    ).fetchone()
    return int(row[0])


async def _deliver(workspace: Workspace) -> list[OutboxState]:
    outbox = Outbox(workspace.conn, workspace.profile)
    async with open_deliverer(workspace.config, workspace, outbox) as deliverer:
        return [entry.state for entry in await deliverer.drain()]


# -- sync ------------------------------------------------------------------------------------


async def test_sync_fills_one_mirror_with_both_accounts_without_collisions(
    agency: Agency, workspace: Workspace
) -> None:
    await sync_agency(workspace)
    conn = workspace.conn
    per_account = dict(conn.execute("SELECT account, count(*) FROM tickets GROUP BY account"))
    assert per_account == {"shop_it": len(WORLD.tickets), "shop_de": len(WORLD.tickets)}
    wismo = agency.it_ids.tickets["wismo"]
    assert agency.de_ids.tickets["wismo"] == wismo  # the same remote id in both helpdesks
    subjects = dict(
        conn.execute("SELECT account, subject FROM tickets WHERE remote_id = ?", (str(wismo),))
    )
    assert subjects["shop_de"] == "DE " + subjects["shop_it"]
    # every helpdesk row knows its account, and each account's thread stays its own
    for table in ("customers", "agents", "groups", "messages"):
        accounts = {r[0] for r in conn.execute(f"SELECT DISTINCT account FROM {table}")}
        assert {"shop_it", "shop_de"} <= accounts, table
    threads = conn.execute(
        "SELECT t.account, count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id "
        "WHERE m.account = t.account GROUP BY t.account"
    ).fetchall()
    total = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    assert sum(count for _, count in threads) == total
    cursors = {r[0] for r in conn.execute("SELECT name FROM sync_state")}
    assert {"shop_it/changes", "shop_de/changes", "shop_it/me", "shop_de/me"} <= cursors


async def test_an_incremental_sync_of_one_account_leaves_the_other_alone(
    agency: Agency, workspace: Workspace
) -> None:
    await sync_agency(workspace)
    refund = agency.de_ids.tickets["refund"]
    agency.de.tick(60)
    agency.de.touch(refund, status="solved")
    await sync_agency(workspace)
    status = dict(
        workspace.conn.execute(
            "SELECT account, status FROM tickets WHERE remote_id = ?", (str(refund),)
        )
    )
    assert status["shop_de"] == "solved"
    assert status["shop_it"] != "solved"


def test_deskside_sync_syncs_every_account(
    agency: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--profile", "agency", "sync"]) == 0
    out = capsys.readouterr().out
    assert f"synced agency/shop_it: {len(WORLD.tickets)} tickets" in out
    assert f"synced agency/shop_de: {len(WORLD.tickets)} tickets" in out


def test_one_account_failing_does_not_stop_the_other(
    agency: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    agency.de.fail_next(401, times=50)
    assert main(["--profile", "agency", "sync"]) == 5
    captured = capsys.readouterr()
    assert "synced agency/shop_it" in captured.out
    assert "shop_de: the helpdesk refused the credentials" in captured.err
    assert "de-5ecr3t" not in captured.err


# -- the queue -------------------------------------------------------------------------------


async def test_account_filter_uses_the_index_and_rows_say_their_account(
    agency: Agency, workspace: Workspace
) -> None:
    await sync_agency(workspace)
    source = workspace.queue("account:shop_de")
    rows = source.page(0, 50)
    assert len(rows) == len(WORLD.tickets) == source.count()
    assert {row.account for row in rows} == {"shop_de"}
    assert all(row.subject.startswith("DE ") for row in rows)
    assert workspace.queue("-account:shop_de").count() == len(WORLD.tickets)
    assert workspace.queue("account:SHOP_IT").count() == len(WORLD.tickets)  # any case
    compiled = source.compiled
    plan = " ".join(
        str(row[-1])
        for row in workspace.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT t.id FROM tickets AS t WHERE {compiled.where} "
            f"ORDER BY {compiled.order_by} LIMIT 50",
            compiled.params,
        )
    )
    assert "tickets_account_updated" in plan


def test_account_filter_names_the_accounts_when_wrong(workspace: Workspace) -> None:
    with pytest.raises(QueryError, match="account:shop_fr is not one of: shop_it, shop_de"):
        workspace.queue("account:shop_fr")


def test_account_filter_on_a_single_account_profile_says_so(agency: Agency) -> None:
    single = open_workspace(load_config(), "shop_it")
    try:
        with pytest.raises(QueryError, match="single account"):
            single.queue("account:shop_it")
    finally:
        single.close()


# -- writes ------------------------------------------------------------------------------------


async def test_a_reply_goes_to_its_own_account_only(agency: Agency, workspace: Workspace) -> None:
    await sync_agency(workspace)
    remote = agency.de_ids.tickets["wismo"]  # shop_it has a ticket with this id too
    ticket = _local(workspace, "shop_de", remote)
    agency.it.requests.clear()
    agency.de.requests.clear()
    Outbox(workspace.conn, workspace.profile).enqueue_message(
        ticket, body="Das Paket ist unterwegs.", agent_id=workspace.me_id
    )
    assert await _deliver(workspace) == [OutboxState.SENT]
    assert agency.it.writes() == []
    [write] = agency.de.writes()
    assert write.path.endswith(f"/tickets/{remote}")
    comments = [c["body"] for c in agency.de.comments[remote]]
    assert comments[-1] == "Das Paket ist unterwegs."
    assert all(c["body"] != "Das Paket ist unterwegs." for c in agency.it.comments[remote])
    # the helpdesk's copy lands in the mirror under the right account
    stored = workspace.conn.execute(
        "SELECT account FROM messages WHERE body = 'Das Paket ist unterwegs.'"
    ).fetchall()
    assert stored == [("shop_de",)]


async def test_bulk_status_changes_reach_each_ticket_s_own_helpdesk(
    agency: Agency, workspace: Workspace
) -> None:
    await sync_agency(workspace)
    it_ticket = agency.it_ids.tickets["refund"]
    de_ticket = agency.de_ids.tickets["hostile"]
    untouched = agency.de.tickets[it_ticket]["status"]  # shop_de's ticket with shop_it's id
    outbox = Outbox(workspace.conn, workspace.profile)
    for account, remote in (("shop_it", it_ticket), ("shop_de", de_ticket)):
        outbox.enqueue_update(
            _local(workspace, account, remote), TicketUpdate(status=Status.ON_HOLD)
        )
    agency.it.requests.clear()
    agency.de.requests.clear()
    assert await _deliver(workspace) == [OutboxState.SENT, OutboxState.SENT]
    assert [w.path for w in agency.it.writes()] == [f"/api/v2/tickets/{it_ticket}"]
    assert [w.path for w in agency.de.writes()] == [f"/api/v2/tickets/{de_ticket}"]
    assert agency.it.tickets[it_ticket]["status"] == "hold"
    assert agency.de.tickets[it_ticket]["status"] == untouched
    assert agency.de.tickets[de_ticket]["status"] == "hold"


async def test_an_agent_of_another_account_is_never_sent(
    agency: Agency, workspace: Workspace
) -> None:
    await sync_agency(workspace)
    ticket = _local(workspace, "shop_it", agency.it_ids.tickets["refund"])
    outbox = Outbox(workspace.conn, workspace.profile)
    entry = outbox.enqueue_update(ticket, TicketUpdate(assignee_id=f"shop_de:{agency.de_ids.me}"))
    agency.it.requests.clear()
    assert await _deliver(workspace) == [OutboxState.FAILED]
    assert agency.it.writes() == [] and agency.de.writes() == []
    assert "assignee" in (outbox.get(entry.id).error or "")


async def test_a_read_only_account_stays_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    agency = setup_agency(monkeypatch, de_read_only=True)
    workspace = open_workspace(load_config(), "agency")
    try:
        await sync_agency(workspace)
        de_ticket = _local(workspace, "shop_de", agency.de_ids.tickets["wismo"])
        it_ticket = _local(workspace, "shop_it", agency.it_ids.tickets["wismo"])
        assert workspace.read_only_for([de_ticket])
        assert not workspace.read_only_for([it_ticket])
        outbox = Outbox(workspace.conn, workspace.profile)
        entry = outbox.enqueue_message(de_ticket, body="Hallo")
        agency.de.requests.clear()
        assert await _deliver(workspace) == [OutboxState.FAILED]
        assert agency.de.writes() == []
        assert "read-only" in (outbox.get(entry.id).error or "")
    finally:
        workspace.close()


# -- the command line ------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


async def test_ticket_show_names_the_account_and_a_shared_number_asks_which(
    agency: Agency, workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    await sync_agency(workspace)
    number = str(agency.de_ids.tickets["wismo"])
    code, _, err = _run(capsys, "ticket", "show", number)
    assert code == 2
    assert "several accounts" in err
    assert f"shop_it:{number}" in err and f"shop_de:{number}" in err
    code, out, _ = _run(capsys, "ticket", "show", f"shop_de:{number}", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["account"] == "shop_de" and shown["subject"].startswith("DE ")
    code, out, _ = _run(capsys, "ticket", "show", f"shop_it:{number}")
    assert code == 0 and "account" in out and "shop_it" in out
    code, out, _ = _run(capsys, "tickets", "--query", "account:shop_it", "--json")
    assert {t["account"] for t in json.loads(out)} == {"shop_it"}


def test_ticket_reply_on_account_b_is_posted_to_b_only(
    agency: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync"]) == 0
    number = agency.de_ids.tickets["refund"]
    agency.it.requests.clear()
    agency.de.requests.clear()
    code, out, err = _run(
        capsys, "ticket", "reply", f"shop_de:{number}", "--body", "Die Erstattung ist da."
    )
    assert code == 0, (out, err)
    assert agency.it.writes() == []
    assert [w.path for w in agency.de.writes()] == [f"/api/v2/tickets/{number}"]
    assert agency.de.comments[number][-1]["body"] == "Die Erstattung ist da."


def test_deskside_profiles_lists_each_account(
    agency: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync"]) == 0  # the default profile is the combined one
    capsys.readouterr()
    code, out, _ = _run(capsys, "profiles", "--json")
    assert code == 0
    rows = {row["name"]: row for row in json.loads(out)}
    accounts = rows["agency"]["accounts"]
    assert [a["name"] for a in accounts] == ["shop_it", "shop_de"]
    assert all(a["synced"] and a["backend"] == "zendesk" for a in accounts)
    assert accounts[1]["secrets"] == {"token": "env:SHOP_DE_TOKEN"}
    assert rows["agency"]["secrets"] == {}


async def test_a_macro_assigns_me_and_a_group_of_the_ticket_s_own_account(
    agency: Agency, workspace: Workspace
) -> None:
    await sync_agency(workspace)
    remote = agency.de_ids.tickets["hostile"]
    ticket = _local(workspace, "shop_de", remote)
    rendered = Rendered(
        macro_id="fix.assign",
        lang="de",
        text="",
        short=False,
        actions=MacroActionsSpec(assignee="me", group="Tier 1"),
        promised_by=None,
    )
    changes = changes_for(workspace, rendered, ticket_id=ticket)
    assert changes.assignee_id == f"shop_de:{agency.de_ids.me}"
    assert changes.group_id == f"shop_de:{agency.de_ids.group}"
    Outbox(workspace.conn, workspace.profile).enqueue_update(ticket, changes)
    agency.it.requests.clear()
    assert await _deliver(workspace) == [OutboxState.SENT]
    assert agency.it.writes() == []
    assert agency.de.tickets[remote]["assignee_id"] == agency.de_ids.me
    assert agency.de.tickets[remote]["group_id"] == agency.de_ids.group


async def test_assignee_me_finds_my_tickets_in_every_account(
    agency: Agency, workspace: Workspace
) -> None:
    agency.it.touch(agency.it_ids.tickets["wismo"], assignee_id=agency.it_ids.me)
    agency.de.touch(agency.de_ids.tickets["refund"], assignee_id=agency.de_ids.me)
    agency.de.touch(agency.de_ids.tickets["hostile"], assignee_id=agency.de_ids.me)
    await sync_agency(workspace)
    rows = workspace.queue("assignee:me").page(0, 10)
    assert sorted((r.account, r.number) for r in rows) == sorted(
        [
            ("shop_it", str(agency.it_ids.tickets["wismo"])),
            ("shop_de", str(agency.de_ids.tickets["refund"])),
            ("shop_de", str(agency.de_ids.tickets["hostile"])),
        ]
    )


# -- a Zendesk and a Freshdesk ------------------------------------------------------------------


async def test_a_zendesk_and_a_freshdesk_account_in_one_queue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mixed = setup_mixed(monkeypatch)
    workspace = open_workspace(load_config(), "mixed")
    try:
        await sync_agency(workspace)
        per_account = dict(
            workspace.conn.execute("SELECT account, count(*) FROM tickets GROUP BY account")
        )
        assert per_account == {"shop_it": len(WORLD.tickets), "shop_fr": len(WORLD.tickets)}
        remote = mixed.freshdesk_ids.tickets["refund"]
        assert remote == mixed.zendesk_ids.tickets["refund"]  # the same number in both
        outbox = Outbox(workspace.conn, workspace.profile)
        outbox.enqueue_message(
            _local(workspace, "shop_fr", remote),
            body="Le remboursement est parti.",
            changes=TicketUpdate(status=Status.PENDING),
        )
        outbox.enqueue_update(
            _local(workspace, "shop_it", remote), TicketUpdate(tags_add=("rimborso",))
        )
        mixed.zendesk.requests.clear()
        mixed.freshdesk.requests.clear()
        assert await _deliver(workspace) == [OutboxState.SENT, OutboxState.SENT]
        assert [c["body"] for c in mixed.freshdesk.conversations[remote]][-1] == (
            "Le remboursement est parti."
        )
        assert all(w.path.startswith(f"/api/v2/tickets/{remote}") for w in mixed.freshdesk.writes())
        assert [w.path for w in mixed.zendesk.writes()] == [f"/api/v2/tickets/{remote}"]
        assert "rimborso" in mixed.zendesk.tickets[remote]["tags"]
        assert all(
            c["body"] != "Le remboursement est parti." for c in mixed.zendesk.comments[remote]
        )
    finally:
        workspace.close()
