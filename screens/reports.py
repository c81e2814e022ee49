"""ReportsScreen: claims analytics — why customers write, and how fast they hear back.

Three tabs over the same window: contacts by reason, by channel and language, and
first-response/resolution times per channel against their targets, each a table
with a bar chart and sparklines (the very tables ``deskside report`` prints, from
:mod:`console.core.reports_text`). ``w`` cycles the window (7, 30, 90 days).

The numbers are computed in a thread worker with its own store connection, so a
large desk never blocks the UI; a newer request (another window, a refresh)
supersedes a running one. Every cell is shown as :class:`rich.text.Text`: languages
come from the helpdesk and are never parsed as markup.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Static, Tab, Tabs
from textual.worker import get_current_worker

from console.core.db import open_store
from console.core.reports import (
    ChannelsReport,
    Granularity,
    ReasonsReport,
    channels_report,
    fetch_contacts,
    make_window,
    reasons_report,
)
from console.core.reports_sla import SlaReport, sla_report
from console.core.reports_text import TextTable, definitions, report_tables
from console.core.workspace import Workspace

__all__ = [
    "BAR_WIDTH",
    "TABS",
    "WINDOWS",
    "ReportSet",
    "ReportsScreen",
    "definitions_renderable",
    "report_renderable",
]

BAR_WIDTH = 16
"""Bars are a little shorter than on the command line: the screen shares its width."""

WINDOWS: dict[str, tuple[timedelta, Granularity]] = {
    "7d": (timedelta(days=7), "day"),
    "30d": (timedelta(days=30), "day"),
    "90d": (timedelta(days=90), "week"),
}
"""The windows ``w`` cycles through, and their time buckets."""

TABS: dict[str, str] = {
    "reasons": "Reasons",
    "channels": "Channels & languages",
    "sla": "Response times",
}

_KIND_STYLES = {"bar": "cyan", "spark": "green", "key": "bold"}


@dataclass(frozen=True)
class ReportSet:
    """The three reports of one window, computed together from one pass over the store."""

    window: str
    reasons: ReasonsReport
    channels: ChannelsReport
    sla: SlaReport
    seconds: float

    def of(self, tab: str) -> ReasonsReport | ChannelsReport | SlaReport:
        if tab == "sla":
            return self.sla
        return self.channels if tab == "channels" else self.reasons


def _table(table: TextTable) -> Table:
    shown = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1))
    for column in table.columns:
        shown.add_column(column.header, justify=column.justify, no_wrap=True)
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


def report_renderable(
    report: ReasonsReport | ChannelsReport | SlaReport, *, bar_width: int = BAR_WIDTH
) -> Group:
    """A report's tables and the notes under them, every cell plain text."""
    parts: list[RenderableType] = []
    for number, table in enumerate(report_tables(report, bar_width=bar_width)):
        if number:
            parts.append(Text(""))
        parts += [Text(table.title, style="bold"), _table(table)]
        parts += [Text(note) for note in table.notes]
    return Group(*parts)


def definitions_renderable(kind: str) -> Text:
    """What the columns of a report of this kind mean."""
    return Text("\n".join(definitions(kind)), style="dim")


class ReportsScreen(Screen[None]):
    """Claims analytics of one workspace: reasons, channels and languages, response times."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab,l", "next_tab", "Next report", id="reports.next_tab", tooltip="The next report"
        ),
        Binding(
            "shift+tab,h",
            "previous_tab",
            "Previous report",
            id="reports.previous_tab",
            show=False,
        ),
        Binding("w", "window", "Window", id="reports.window", tooltip="Cycle 7, 30 and 90 days"),
        Binding("r", "refresh", "Refresh", id="reports.refresh", show=False),
        Binding("escape", "back", "Back", id="reports.back", tooltip="Back to the queue"),
    ]

    DEFAULT_CSS = """
    ReportsScreen ContentSwitcher { height: 1fr; }
    ReportsScreen .report-body { height: 1fr; scrollbar-gutter: stable; }
    ReportsScreen .report { height: auto; padding: 0 1; }
    ReportsScreen .definitions { height: auto; padding: 1 1 0 1; }
    ReportsScreen #reports-status {
        height: 1; background: $panel; color: $text-muted; padding: 0 1;
    }
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        targets: Mapping[str, int] | None = None,
        window: str = "30d",
    ) -> None:
        super().__init__()
        if window not in WINDOWS:
            raise ValueError(f"window must be one of {', '.join(WINDOWS)}, not {window!r}")
        self.workspace = workspace
        self.targets = None if targets is None else dict(targets)
        self.window_key = window
        self.results: ReportSet | None = None
        self.error = ""

    def compose(self) -> ComposeResult:
        yield Tabs(*(Tab(label, id=f"tab-{key}") for key, label in TABS.items()), id="tabs")
        with ContentSwitcher(initial="body-reasons"):
            for key in TABS:
                with ScrollableContainer(id=f"body-{key}", classes="report-body"):
                    yield Static(
                        Text("Computing…", style="dim"), id=f"report-{key}", classes="report"
                    )
        yield Static(id="reports-status")
        yield Footer()

    @property
    def current_tab(self) -> str:
        active = self.query_one(Tabs).active or "tab-reasons"
        return active.removeprefix("tab-")

    def on_mount(self) -> None:
        self.query_one("#body-reasons", ScrollableContainer).focus()
        self._start()

    # -- actions --------------------------------------------------------------------------------

    def action_next_tab(self) -> None:
        self.query_one(Tabs).action_next_tab()

    def action_previous_tab(self) -> None:
        self.query_one(Tabs).action_previous_tab()

    def action_window(self) -> None:
        keys = list(WINDOWS)
        self.window_key = keys[(keys.index(self.window_key) + 1) % len(keys)]
        self._start()

    def action_refresh(self) -> None:
        self._start()

    def action_back(self) -> None:
        self.dismiss(None)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        key = self.current_tab
        self.query_one(ContentSwitcher).current = f"body-{key}"
        self.query_one(f"#body-{key}", ScrollableContainer).focus()

    # -- computing off the UI thread ---------------------------------------------------------

    def _start(self) -> None:
        self._status(f"Computing the last {self._window_words()}…")
        self._compute(self.window_key)

    def _window_words(self) -> str:
        span, by = WINDOWS[self.window_key]
        return f"{span.days} days by {by}"

    @work(thread=True, exclusive=True, group="reports", exit_on_error=False)
    def _compute(self, key: str) -> None:
        worker = get_current_worker()
        started = time.monotonic()
        span, by = WINDOWS[key]
        now = self.workspace.clock()
        since = now - span
        try:
            conn = open_store(self.workspace.path)
            try:
                contacts = fetch_contacts(conn, make_window(since, now, by))
                reasons = reasons_report(conn, since=since, until=now, by=by, contacts=contacts)
                channels = channels_report(conn, since=since, until=now, by=by, contacts=contacts)
                sla = sla_report(
                    conn,
                    since=since,
                    until=now,
                    now=now,
                    by=by,
                    targets=self.targets,
                    contacts=contacts,
                )
            finally:
                conn.close()
        except Exception as error:  # shown, not a stuck "Computing…"
            if not worker.is_cancelled:
                message = str(error) if isinstance(error, sqlite3.Error) else repr(error)
                self.app.call_from_thread(self._failed, key, message)
            return
        results = ReportSet(key, reasons, channels, sla, time.monotonic() - started)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, results)

    def _show(self, results: ReportSet) -> None:
        if results.window != self.window_key:
            return  # a newer window was asked for meanwhile
        self.results = results
        self.error = ""
        console = self.app.console
        for key in TABS:
            body = report_renderable(results.of(key))
            shown = self.query_one(f"#report-{key}", Static)
            shown.update(body)
            # As wide as the tables want (plus padding): a narrow terminal scrolls
            # sideways instead of cutting the numbers short.
            unbounded = console.options.update_width(1000)
            wanted = Measurement.get(console, unbounded, body).maximum + 2
            shown.styles.width = max(wanted, 20)
        self._status(
            f"Last {self._window_words()} · {results.reasons.contacts:,} contacts · "
            f"computed in {results.seconds:.1f} s at {_clock(self.workspace.clock())} · "
            "w: 7/30/90 days · tab: next report"
        )

    def _failed(self, key: str, message: str) -> None:
        if key != self.window_key:
            return
        self.error = message
        self._status(f"The reports failed: {message}")

    def _status(self, text: str) -> None:
        self.query_one("#reports-status", Static).update(Text(text))


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")
