"""`deskside report reasons|channels|sla`: claims analytics on the command line.

Complaints are worth counting: which causes bring customers to write, over which
channels and in which languages, which causes are rising, how fast they are
answered and solved, how often customers come back and how many got angry. The
numbers come from :mod:`console.core.reports` (the console's reports screen shows
the same); this module parses the window, picks the output and prints it:

- ``table`` (default): a table per breakdown with a bar chart and a sparkline
  column, the rising causes, and what every column means;
- ``csv``: one row per key per time bucket with the key's summary columns, for
  spreadsheets (:mod:`console.core.reports_export`);
- ``json``: one object, a stable interface documented in docs/cli.md.

Exit codes: 0 ok, 1 failed, 2 bad input (an unreadable ``--since``, an empty window).
"""

from __future__ import annotations

import argparse
import csv
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from rich.table import Table
from rich.text import Text

from console.commands.outbox import (
    EXIT_OK,
    EXIT_USAGE,
    make_console,
    opened,
    print_json,
    profile_option,
)
from console.core.errors import UserError
from console.core.reports import (
    ChannelsReport,
    Granularity,
    ReasonsReport,
    channels_report,
    make_window,
    parse_moment,
    reasons_report,
)
from console.core.reports_export import csv_header, csv_rows, report_json
from console.core.reports_sla import SlaReport, sla_report, sla_targets
from console.core.reports_text import DEFINITIONS, TextTable, definitions, report_tables

__all__ = ["KINDS", "clock", "register", "report_command", "rich_table"]

KINDS = ("reasons", "channels", "sla", "live")
FORMATS = ("table", "csv", "json")

clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731
"""Now, for the window and for "breached now" (tests replace it)."""

_KIND_STYLES = {"bar": "cyan", "spark": "green", "key": "bold"}


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``report`` to the ``deskside`` parser."""
    meanings = "\n".join(
        textwrap.fill(f"{name}: {text}", 78, initial_indent="  ", subsequent_indent="    ")
        for name, text in DEFINITIONS.items()
    )
    parser = subparsers.add_parser(
        "report",
        help="claims analytics: contacts by reason, channel and language; response times",
        description=(
            "Count and follow why customers write. reasons: contacts per contact reason; "
            "channels: per channel and per language; sla: first-response and resolution "
            "times per channel against the targets of the config's [sla] section."
        ),
        epilog=f"What the columns mean:\n{meanings}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", choices=KINDS, metavar="{reasons,channels,sla,live}")
    parser.add_argument(
        "--since",
        default="30d",
        metavar="WHEN",
        help="start of the window: a span back from now (30d, 12h, 2w), a date (2026-11-01) "
        "or a time (2026-11-01T08:00, UTC unless it says) (default: 30d)",
    )
    parser.add_argument(
        "--until", metavar="WHEN", help="end of the window, as --since (default: now)"
    )
    parser.add_argument(
        "--by",
        choices=("day", "week"),
        help="time buckets (default: day up to 45 days, else week)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table for people, csv for spreadsheets, json for scripts (default: table)",
    )
    profile_option(parser)
    parser.set_defaults(handler=report_command)


def _moment(option: str, text: str, now: datetime) -> datetime:
    try:
        return parse_moment(text, now)
    except ValueError as error:
        raise UserError(f"{option}: {error}", exit_code=EXIT_USAGE) from None


def report_command(args: argparse.Namespace) -> int:
    """Compute the asked report over the profile's store and print it."""
    if args.kind == "live":
        from console.commands.live import live_report_command

        return live_report_command(args)
    now = clock()
    since = _moment("--since", args.since, now)
    until = now if args.until is None else _moment("--until", args.until, now)
    by: Granularity | None = args.by
    try:
        make_window(since, until, by)
    except ValueError as error:
        raise UserError(str(error), exit_code=EXIT_USAGE) from None
    with opened(args.profile) as (config, workspace):
        conn = workspace.conn
        report: ReasonsReport | ChannelsReport | SlaReport
        if args.kind == "reasons":
            report = reasons_report(conn, since=since, until=until, by=by)
        elif args.kind == "channels":
            report = channels_report(conn, since=since, until=until, by=by)
        else:
            try:
                targets = sla_targets(config.sla)
            except ValueError as error:
                raise UserError(f"[sla]: {error}", exit_code=EXIT_USAGE) from None
            report = sla_report(conn, since=since, until=until, now=now, by=by, targets=targets)
        profile = workspace.profile
    if args.format == "json":
        print_json(report_json(report, profile=profile, generated_at=now))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(csv_header(report))
        writer.writerows(csv_rows(report))
        sys.stdout.flush()
    else:
        _print_tables(report, args.kind)
    return EXIT_OK


def rich_table(table: TextTable) -> Table:
    """A :class:`TextTable` as a rich table; every cell is plain :class:`Text`."""
    shown = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1))
    for column in table.columns:
        shown.add_column(column.header, justify=column.justify, no_wrap=True, overflow="ellipsis")
    first_aside = len(table.rows) - table.aside
    for number, row in enumerate(table.rows):
        cells = []
        for column, value in zip(table.columns, row, strict=True):
            style = _KIND_STYLES.get(column.kind, "")
            if column.kind == "trend":
                style = "red" if value.startswith("+") else "green" if value[:1] == "-" else ""
            cells.append(Text(value, style=style))
        shown.add_row(*cells, style="dim" if number >= first_aside else "")
    return shown


def _print_tables(report: ReasonsReport | ChannelsReport | SlaReport, kind: str) -> None:
    console = make_console()
    for table in report_tables(report):
        console.print(Text(table.title, style="bold"))
        console.print(rich_table(table))
        for note in table.notes:
            console.print(Text(note))
        console.print()
    for line in definitions(kind):
        console.print(Text(line, style="dim"))
