"""`deskside report live`: the supervisor dashboard's numbers, once, for scripts and alerting.

The same numbers the supervisor screen shows (:mod:`console.core.supervisor`),
counted once from the profile's store: a table for people, ``--format json`` for
scripts (the object of :func:`console.core.supervisor.dashboard_json`, with a
``version``). Customer text reaches the terminal only as :class:`rich.text.Text`.

``report.py`` owns the ``report`` group: it either hands ``report live`` to
:func:`live_report_command` (its ``--format`` and ``--profile`` are read; ``--since``,
``--until`` and ``--by`` mean nothing for a snapshot of now), or, with sub-commands,
adds the parser with :func:`add_live_parser`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from api_client.sanitize import sanitize
from console.commands.outbox import (
    EXIT_OK,
    EXIT_USAGE,
    make_console,
    opened,
    print_json,
    profile_option,
)
from console.core.errors import UserError
from console.core.spark import sparkline
from console.core.supervisor import (
    DEPTH_DIMENSIONS,
    Dashboard,
    DashboardSettings,
    TicketItem,
    compute_dashboard,
    dashboard_json,
    deadline_state,
    sla_targets,
)
from console.core.timefmt import age, countdown, span

__all__ = ["DEFAULT_LIMIT", "add_live_parser", "clock", "live_report_command"]

DEFAULT_LIMIT = 20
MAX_LIMIT = 1000

clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731
"""Now, for the snapshot (tests replace it; ``--now`` too)."""


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a time: {text!r} (ISO 8601, like 2026-11-25T09:00Z)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return value


def add_live_parser(report_subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``live`` to the ``deskside report`` group."""
    live = report_subparsers.add_parser(
        "live",
        help="the supervisor dashboard's numbers, once",
        description=(
            "Queue depth (and its change over the last hour), SLA deadlines breached or at "
            "risk, promised-by times, the oldest waiting and angry customers, agent load, and "
            "arrivals against solved tickets per 5 minutes: what `deskside --supervisor` shows."
        ),
    )
    live.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="a table for people, or JSON for scripts (default: table)",
    )
    live.add_argument(
        "-n",
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N tickets per list (default {DEFAULT_LIMIT}); counts are always whole",
    )
    live.add_argument("--now", type=_moment, default=None, help=argparse.SUPPRESS)
    profile_option(live)
    live.set_defaults(handler=live_report_command)


def live_report_command(args: argparse.Namespace) -> int:
    """Count the dashboard once and print it as a table or JSON."""
    output = getattr(args, "format", "table")
    if output not in ("table", "json"):
        raise UserError(f"report live: --format table or json, not {output}", exit_code=EXIT_USAGE)
    now: datetime = getattr(args, "now", None) or clock()
    limit: int = getattr(args, "limit", DEFAULT_LIMIT)
    with opened(getattr(args, "profile", None)) as (config, workspace):
        settings = DashboardSettings(
            targets=sla_targets(config.sla), at_risk=workspace.at_risk, list_limit=limit
        )
        dashboard = compute_dashboard(workspace.conn, settings, now)
        profile = workspace.profile
    if output == "json":
        print_json(dashboard_json(dashboard, profile=profile))
        return EXIT_OK
    _print_dashboard(make_console(), dashboard, profile)
    return EXIT_OK


# -- the table ------------------------------------------------------------------------------

_STATE_STYLES = {"breached": "bold red", "at_risk": "yellow", "ok": ""}


def _change(delta: int | None) -> Text:
    if delta is None:
        return Text("")
    return Text(f"{delta:+,}", style="yellow" if delta > 0 else "green" if delta < 0 else "dim")


def _depth_table(dashboard: Dashboard) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False, title_justify="left")
    table.add_column("Queue", no_wrap=True)
    table.add_column("now", justify="right")
    table.add_column("1h ago", justify="right")
    table.add_column("±", justify="right")
    total = dashboard.total
    table.add_row(
        Text("in the queue", style="bold"),
        Text(f"{total.now:,}"),
        Text(f"{total.hour_ago:,}" if total.hour_ago is not None else ""),
        _change(total.delta),
    )
    for dimension in DEPTH_DIMENSIONS:
        table.add_row(Text(f"by {dimension}", style="bold cyan"))
        for row in dashboard.depth[dimension]:
            table.add_row(
                Text("  " + sanitize(row.value.replace("_", " ") or "unknown")),
                Text(f"{row.now:,}"),
                Text("" if row.hour_ago is None else f"{row.hour_ago:,}", style="dim"),
                _change(row.delta),
            )
    return table


def _tickets_table(
    title: str, items: tuple[TicketItem, ...], dashboard: Dashboard, *, deadlines: bool
) -> Table:
    now = dashboard.now
    table = Table(box=None, header_style="bold", pad_edge=False, title=title, title_justify="left")
    table.add_column("due" if deadlines else "waiting", justify="right", no_wrap=True)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Priority", no_wrap=True)
    table.add_column("Channel", no_wrap=True)
    table.add_column("Subject", ratio=1, overflow="fold")
    table.add_column("Assignee", max_width=20)
    for item in items:
        if deadlines:
            state = deadline_state(item, now, dashboard.settings)
            first = Text(countdown(item.deadline, now), style=_STATE_STYLES.get(state, ""))
        else:
            first = Text(age(item.waiting_since, now))
        if item.phase:
            first.append(f" {item.phase}", style="red")
        table.add_row(
            first,
            Text(sanitize(item.number)),
            Text(item.priority),
            Text(item.channel),
            Text(sanitize(item.subject)),
            Text(sanitize(item.assignee or "—")),
        )
    return table


def _agents_table(dashboard: Dashboard) -> Table:
    table = Table(
        box=None, header_style="bold", pad_edge=False, title="Agents", title_justify="left"
    )
    table.add_column("Agent")
    table.add_column("open", justify="right")
    table.add_column("replies 1h", justify="right")
    table.add_column("median 1st", justify="right")
    table.add_column("current", no_wrap=True)
    for agent in dashboard.agents:
        median = agent.median_first_response
        current = (
            f"#{sanitize(agent.current_number)} {agent.current_stage}"
            if agent.current_number
            else ""
        )
        table.add_row(
            Text(sanitize(agent.name), style="dim" if agent.id is None else ""),
            Text(f"{agent.open:,}"),
            Text("" if agent.id is None else f"{agent.replies_last_hour:,}"),
            Text("" if median is None else span(median.total_seconds())),
            Text(current),
        )
    return table


def _print_dashboard(console: Console, dashboard: Dashboard, profile: str) -> None:
    head = Text()
    head.append(f"{profile} ", style="bold")
    head.append(f"at {dashboard.now.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC · ")
    head.append(f"{dashboard.total.now:,} in the queue · ")
    head.append(f"{dashboard.breached:,} breached", style="bold red")
    head.append(f" · {dashboard.at_risk:,} at risk · {dashboard.angry_count:,} angry")
    console.print(head)
    console.print()
    console.print(_depth_table(dashboard))
    sections = (
        (
            f"SLA: {dashboard.breached:,} breached, {dashboard.at_risk:,} at risk",
            dashboard.deadlines,
            True,
        ),
        (f"Promised by: {dashboard.promise_count:,}", dashboard.promises, True),
        (f"Oldest waiting: {dashboard.waiting_count:,}", dashboard.oldest, False),
        (f"Angry customers: {dashboard.angry_count:,}", dashboard.angry, False),
    )
    for title, items, deadlines in sections:
        console.print()
        console.print(_tickets_table(title, items, dashboard, deadlines=deadlines))
    console.print()
    console.print(_agents_table(dashboard))
    flow = dashboard.flow
    high = float(max((*flow.arrivals, *flow.solved, 1)))
    minutes = int(flow.bucket.total_seconds() // 60)
    console.print()
    console.print(
        Text(f"Per {minutes} minutes since {flow.start.astimezone(UTC):%H:%M} UTC", style="bold")
    )
    for name, values in (("arrivals", flow.arrivals), ("solved", flow.solved)):
        line = Text(f"{name:<9}")
        line.append(sparkline([float(v) for v in values], high=high), style="cyan")
        line.append(f" {sum(values):,}")
        console.print(line)
