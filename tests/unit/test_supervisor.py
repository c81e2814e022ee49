"""The supervisor dashboard's numbers on a hand-checked desk, its live upkeep, and its JSON.

The desk is described ticket by ticket in :mod:`tests.supervisor_desk`; every
expected number below can be counted from that table. A second Python process
writing to the same desk file shows that another console's writes reach the
dashboard within two seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from api_client.backends.local.desk import Desk
from api_client.models import Stage, TicketUpdate
from console.commands.live import add_live_parser, live_report_command
from console.core.db import open_store
from console.core.supervisor import (
    DEFAULT_TARGETS,
    FAST_POLL,
    IDLE_POLL,
    Dashboard,
    DashboardSettings,
    LiveDashboard,
    compute_dashboard,
    dashboard_json,
    deadline_state,
    poll_interval,
    sla_targets,
    slice_tickets,
)
from tests.supervisor_desk import NOW, Hand, build_desk

M = timedelta(minutes=1)
H = timedelta(hours=1)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def desk_file(tmp_path: Path) -> Iterator[tuple[Path, Hand]]:
    path = tmp_path / "hand.desk.sqlite3"
    conn = open_store(path)
    hand = build_desk(conn)
    conn.close()
    yield path, hand


@pytest.fixture
def dashboard(desk_file: tuple[Path, Hand]) -> Dashboard:
    conn = open_store(desk_file[0])
    try:
        return compute_dashboard(conn, DashboardSettings(), NOW)
    finally:
        conn.close()


def _depth(dashboard: Dashboard, dimension: str) -> dict[str, tuple[int, int | None]]:
    return {row.value: (row.now, row.hour_ago) for row in dashboard.depth[dimension]}


# -- the numbers ------------------------------------------------------------------------------


def test_queue_depth_now_and_an_hour_ago(dashboard: Dashboard) -> None:
    # Now: T1 T2 T3 T4 T5 T8 T9. An hour ago: T4 T5 T9 and T6 (solved since).
    assert (dashboard.total.now, dashboard.total.hour_ago, dashboard.total.delta) == (7, 4, 3)
    assert _depth(dashboard, "status") == {
        "new": (3, None),
        "open": (2, None),
        "pending": (1, None),
        "on_hold": (1, None),
    }
    assert _depth(dashboard, "channel") == {
        "chat": (3, 0),
        "email": (2, 3),
        "phone": (1, 0),
        "whatsapp": (1, 1),
    }
    assert [row.value for row in dashboard.depth["channel"]] == [
        "chat",
        "email",
        "whatsapp",  # as many as phone now, more an hour ago
        "phone",
    ]
    assert _depth(dashboard, "language") == {"it": (3, 2), "en": (2, 1), "fr": (1, 1), "de": (1, 0)}
    assert _depth(dashboard, "priority") == {
        "urgent": (1, 1),
        "high": (1, 0),
        "normal": (5, 3),
        "low": (0, 0),
    }
    assert _depth(dashboard, "reason") == {
        "": (4, 2),  # not analysed: T2 T3 T5 T8 now, T5 T6 then
        "where_is_my_order": (2, 1),
        "return_refund": (1, 1),
    }


def test_sla_deadlines_first_and_next_response(dashboard: Dashboard, desk_file) -> None:
    _, hand = desk_file
    t = hand.t
    assert (dashboard.breached, dashboard.at_risk) == (2, 2)
    assert [(i.id, i.kind, i.deadline) for i in dashboard.deadlines] == [
        (t[9], "next", NOW - 6 * M),  # the helpdesk's due_at
        (t[1], "first", NOW - 5 * M),  # created -10m + chat's 5m
        (t[2], "first", NOW + M),  # 1m left < chat's 2.5m risk window
        (t[4], "next", NOW + 20 * M),  # 20m left < email's 30m
    ]
    states = [deadline_state(i, NOW, dashboard.settings) for i in dashboard.deadlines]
    assert states == ["breached", "breached", "at_risk", "at_risk"]
    item = dashboard.deadlines[0]
    assert item.subject == "T9 [bold]not markup[/] ␛[31m"  # sanitised, never parsed
    assert item.assignee == "Marco [b]Bianchi[/b]" and item.channel == "whatsapp"


def test_promises_oldest_and_angry(dashboard: Dashboard, desk_file) -> None:
    t = desk_file[1].t
    assert dashboard.promise_count == 2  # T8's promise was kept: it is past the solve stage
    assert [(i.id, i.deadline) for i in dashboard.promises] == [
        (t[5], NOW - H),
        (t[4], NOW + 2 * H),
    ]
    # The workflow warns two hours before a promise: T4's is due in exactly two.
    assert [deadline_state(i, NOW, dashboard.settings) for i in dashboard.promises] == [
        "breached",
        "at_risk",
    ]
    # new/open, longest waiting first: answered ones since the customer's last message.
    assert dashboard.waiting_count == 5
    assert [i.id for i in dashboard.oldest] == [t[4], t[9], t[1], t[2], t[3]]
    assert dashboard.oldest[0].waiting_since == NOW - 3 * H
    # Rising or peak, still active (T6 is solved), longest waiting first.
    assert dashboard.angry_count == 2
    assert [(i.id, i.phase, i.curve) for i in dashboard.angry] == [
        (t[5], "peak", (0.6, 0.62)),
        (t[9], "rising", (0.1, 0.4, 0.7)),
    ]


def test_agent_load(dashboard: Dashboard, desk_file) -> None:
    hand = desk_file[1]
    t = hand.t
    nobody, first, second = dashboard.agents
    assert (nobody.id, nobody.open) == (None, 2)  # T1 T3
    assert (first.id, first.name, first.open) == (hand.marco, "Marco [b]Bianchi[/b]", 3)
    assert first.replies_last_hour == 1  # on T5 at -30m (the one at -2h50m is older)
    # First responses in the last 24h of marco's tickets: T9 10m, T6 2h20m, T7 1h.
    assert first.median_first_response == H
    assert (first.current_ticket, first.current_stage) == (t[9], "identify")
    assert (second.id, second.open, second.replies_last_hour) == (hand.giulia, 2, 1)
    assert second.median_first_response == 10 * M  # T4
    assert (second.current_ticket, second.current_stage) == (t[2], "listen")


def test_flow_per_five_minutes(dashboard: Dashboard) -> None:
    flow = dashboard.flow
    # Buckets end with the one in progress (09:00-09:05), so they start at 06:05.
    assert flow.start == NOW - 3 * H + 5 * M
    assert len(flow.arrivals) == len(flow.solved) == 36
    assert {i: n for i, n in enumerate(flow.arrivals) if n} == {29: 1, 33: 1, 34: 2}
    assert {i: n for i, n in enumerate(flow.solved) if n} == {11: 1, 29: 1}


def test_drill_down_slices(desk_file) -> None:
    path, hand = desk_file
    t = hand.t
    conn = open_store(path)
    settings = DashboardSettings()
    try:

        def ids(kind: str, value: str) -> list[int]:
            return [i.id for i in slice_tickets(conn, kind, value, settings, NOW)]

        assert ids("channel", "chat") == [t[1], t[2], t[3]]
        assert ids("language", "de") == [t[8]]
        assert ids("reason", "where_is_my_order") == [t[9], t[1]]
        assert ids("reason", "") == [t[5], t[8], t[2], t[3]]
        assert ids("assignee", str(hand.marco)) == [t[5], t[8], t[9]]
        assert ids("assignee", "") == [t[1], t[3]]
        assert ids("status", "on_hold") == [t[8]]
        assert ids("arrivals", "")[:2] == [t[3], t[2]]
        assert ids("solved", "") == [t[6], t[7]]
        assert len(ids("total", "")) == 7
        with pytest.raises(ValueError, match="unknown slice"):
            ids("nonsense", "")
    finally:
        conn.close()


# -- settings ---------------------------------------------------------------------------------


def test_sla_targets_from_the_config() -> None:
    targets = sla_targets({"chat": "2m", "email": "1h30m", "at_risk": "10m", "social": "2h"})
    assert targets["chat"] == 2 * M and targets["email"] == 90 * M
    assert targets["whatsapp"] == DEFAULT_TARGETS["whatsapp"] == 15 * M
    assert targets["instagram"] == targets["twitter"] == 2 * H
    assert "at_risk" not in targets
    assert sla_targets(None) == dict(DEFAULT_TARGETS)
    settings = DashboardSettings(targets=targets, at_risk=30 * M)
    assert settings.risk_window("chat") == M  # half of a 2-minute target
    assert settings.risk_window("email") == 30 * M
    assert settings.risk_window("carrier_pigeon") == 30 * M  # unknown channel: 4h target


def test_configured_targets_change_the_deadlines(desk_file) -> None:
    conn = open_store(desk_file[0])
    try:
        settings = DashboardSettings(targets=sla_targets({"chat": "15m"}))
        dashboard = compute_dashboard(conn, settings, NOW)
    finally:
        conn.close()
    t = desk_file[1].t
    # T1 is now due at +5m, T2 at +11m, T3 at +14m; chat's risk window is 7.5m.
    assert [i.id for i in dashboard.deadlines] == [t[9], t[1], t[4]]
    assert (dashboard.breached, dashboard.at_risk) == (1, 2)


def test_poll_interval_adapts() -> None:
    assert poll_interval(0) == FAST_POLL
    assert poll_interval(100) == IDLE_POLL
    assert poll_interval(0, fraction_left=0.1) == 2 * FAST_POLL
    assert poll_interval(100, fraction_left=0.9) == IDLE_POLL
    assert poll_interval(0, paused_for=3.0) == 3.0
    assert poll_interval(0, paused_for=600.0) == 5.0
    # Never more than a second while the embedded desk can change under us.
    assert max(poll_interval(n) for n in range(50)) <= 1.0


# -- live ---------------------------------------------------------------------------------------


def test_live_recounts_on_changes_only(desk_file) -> None:
    path, hand = desk_file
    ticks = [100.0]
    live = LiveDashboard(path, DashboardSettings(), clock=lambda: NOW, monotonic=lambda: ticks[0])
    writer = Desk(open_store(path))
    try:
        first = live.step()
        assert first is not None and first.total.now == 7
        ticks[0] += 1
        assert live.step() is None  # nothing changed, not yet time for a periodic recount
        writer.update_ticket(hand.t[9], TicketUpdate(stage=Stage.FIX), at=NOW - 20 * M)
        ticks[0] += 1
        assert live.changed == set()
        fresh = live.step()
        assert fresh is not None and fresh is not first
        marco = next(a for a in fresh.agents if a.id == hand.marco)
        assert marco.current_stage == "fix"
        ticks[0] += live.periodic + 1
        assert live.step() is not None  # time moves the numbers: recount now and then
        assert live.step(force=True) is not None
    finally:
        live.close()
        writer.conn.close()


def test_live_coalesces_a_burst(desk_file) -> None:
    path, hand = desk_file
    ticks = [0.0]
    live = LiveDashboard(path, DashboardSettings(), clock=lambda: NOW, monotonic=lambda: ticks[0])
    writer = Desk(open_store(path))
    try:
        first = live.step()
        assert first is not None
        object.__setattr__(first, "took", 0.2)  # pretend a refresh costs 200 ms
        writer.update_ticket(hand.t[2], TicketUpdate(stage=Stage.IDENTIFY), at=NOW)
        ticks[0] += 0.1
        assert live.step() is None  # within 3x the last cost: wait and gather more
        assert live.changed == {hand.t[2]}
        ticks[0] += 0.6
        assert live.step() is not None
    finally:
        live.close()
        writer.conn.close()


@pytest.mark.slow
def test_another_process_writes_are_seen_within_two_seconds(desk_file) -> None:
    path, _ = desk_file
    live = LiveDashboard(path, DashboardSettings(), clock=lambda: NOW)
    baseline = live.step(force=True)
    assert baseline is not None and baseline.depth["channel"][0].value == "chat"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.supervisor_child", str(path), "3", "2"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert child.stdout is not None
        delays = []
        for n in range(1, 4):
            line = child.stdout.readline().split()
            assert line[0] == "wrote", line
            written = time.monotonic()
            while True:
                live.step()
                if live.dashboard is not None and live.dashboard.total.now >= 7 + n:
                    break
                assert time.monotonic() - written < 2.0, f"write {n} not seen within 2 s"
                time.sleep(poll_interval(live.quiet_polls))
            delays.append(time.monotonic() - written)
        assert child.wait(timeout=10) == 0
    finally:
        child.kill()
        live.close()
    assert max(delays) < 2.0


# -- JSON and the command -------------------------------------------------------------------------


def test_dashboard_json(dashboard: Dashboard, desk_file) -> None:
    found = dashboard_json(dashboard, profile="local")
    assert found["version"] == 1 and found["now"] == "2026-11-25T09:00:00Z"
    assert found["queue"]["total"] == {"value": None, "now": 7, "hour_ago": 4, "change": 3}
    assert found["queue"]["status"][0] == {
        "value": "new",
        "now": 3,
        "hour_ago": None,
        "change": None,
    }
    assert (found["sla"]["breached"], found["sla"]["at_risk"]) == (2, 2)
    first = found["sla"]["tickets"][0]
    assert first["id"] == str(desk_file[1].t[9])
    assert (first["deadline_kind"], first["seconds_left"], first["state"]) == (
        "next",
        -360,
        "breached",
    )
    assert found["angry"]["tickets"][1]["curve"] == [0.1, 0.4, 0.7]
    marco = found["agents"][1]
    assert marco["median_first_response_seconds"] == 3600
    assert marco["current_ticket"] == {"id": str(desk_file[1].t[9]), "stage": "identify"}
    assert found["settings"]["first_response_targets"]["chat"] == 300
    assert sum(found["flow"]["arrivals"]) == 4
    json.dumps(found)  # serialisable as it is


def _report(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="deskside")
    parser.add_argument("--profile")
    commands = parser.add_subparsers(dest="command")
    report = commands.add_parser("report")
    add_live_parser(report.add_subparsers(dest="report", required=True))
    parsed = parser.parse_args(["report", "live", *args])
    assert parsed.handler is live_report_command
    code = parsed.handler(parsed)
    return code, capsys.readouterr().out


def test_report_live_json_and_table(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from console.core.paths import desk_path

    conn = open_store(desk_path("local"))
    build_desk(conn, me="root")
    conn.close()
    code, out = _report(["--format", "json", "--now", NOW.isoformat()], capsys)
    assert code == 0
    found = json.loads(out)
    assert found["queue"]["total"]["now"] == 7 and found["profile"] == "local"
    code, out = _report(["--now", "2026-11-25T09:00"], capsys)
    assert code == 0
    assert "7 in the queue" in out and "2 breached" in out and "[bold]" in out  # not markup
    assert "Marco [b]Bianchi[/b]" in out


def test_report_live_as_a_kind_of_report(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``report.py`` may hand its own arguments over: no --limit, no --now, maybe csv."""
    from console.commands import live
    from console.core.errors import UserError
    from console.core.paths import desk_path

    conn = open_store(desk_path("local"))
    build_desk(conn, me="root")
    conn.close()
    monkeypatch.setattr(live, "clock", lambda: NOW)
    args = argparse.Namespace(kind="live", format="json", profile=None, since="30d")
    assert live_report_command(args) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["now"] == "2026-11-25T09:00:00Z" and len(found["oldest_waiting"]["tickets"]) == 5
    with pytest.raises(UserError, match="table or json") as error:
        live_report_command(argparse.Namespace(kind="live", format="csv", profile=None))
    assert error.value.exit_code == 2


def test_report_live_rejects_a_bad_time(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _report(["--now", "yesterday"], capsys)
    assert exit_info.value.code == 2
    assert "not a time" in capsys.readouterr().err


def test_the_core_loads_no_textual() -> None:
    code = (
        "import sys, console.core.supervisor\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'screens'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"
