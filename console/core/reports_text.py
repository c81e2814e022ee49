"""The claims reports as text tables: cells, bars and sparklines, with no rendering library.

``deskside report`` and the console's reports screen draw the same tables; this
module decides every cell (so both show identical numbers) and leaves styling to
them: a :class:`TextTable` is columns with a *kind* (``key``, ``number``, ``bar``,
``spark``, ``trend``) and rows of plain strings. Keys that come from a helpdesk
(languages) are plain strings here too: callers render every cell as text, never
as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from console.core.reports import (
    ANGRY_AT,
    REOPEN_WITHIN,
    UNANALYSED,
    Breakdown,
    ChannelsReport,
    KeyStats,
    ReasonsReport,
    Window,
)
from console.core.reports_sla import SlaReport, SlaRow
from console.core.reports_stats import fold_points
from console.core.spark import sparkline

__all__ = [
    "BAR_WIDTH",
    "DEFINITIONS",
    "SPARK_WIDTH",
    "Column",
    "ColumnKind",
    "TextTable",
    "bar",
    "definitions",
    "duration_text",
    "report_tables",
    "share_text",
    "spark",
    "trend_text",
    "window_text",
]

BAR_WIDTH = 24
SPARK_WIDTH = 32

ColumnKind = Literal["key", "number", "bar", "spark", "trend"]

_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"
_NONE = "—"

DEFINITIONS: dict[str, str] = {
    "contacts": "tickets created in the window; a ticket with several reasons counts once "
    "for each, so reason shares can add up to more than 100%",
    "trend": "least-squares rise across the window relative to the average bucket "
    "(+50%: the fitted line climbs by half an average bucket)",
    "1st reply": "time from creation to the first public agent reply, over the answered "
    "tickets (the median, or p50 and p90)",
    "resolution": "time from creation to the (first) solve, over the solved tickets "
    "(the median, or p50 and p90)",
    "reopen": f"solved tickets the customer came back to within {REOPEN_WITHIN.days} days "
    "(wrote again on the ticket, or opened a new one), of the solved tickets",
    "rising": "the highest trends among the rows growing faster than all contacts together",
    "angry": f"analysed tickets whose mood is rising or at its peak, or reached hostility "
    f"{ANGRY_AT} at any message, of the analysed tickets",
    "within": "answered within the channel's first-response target, of the tickets answered "
    "or still unanswered past it (solved or closed without a reply are left out)",
    "p50/p90": "percentiles by linear interpolation (p50 is the median)",
    "waiting": "contacts of the window still unanswered after their target",
    "breached": "active tickets of any age whose due time has passed now (as sla:breached)",
}
"""What each column means; printed under the tables and in ``deskside report --help``."""

_BREAKDOWN_NOTES = ("contacts", "trend", "rising", "1st reply", "resolution", "reopen", "angry")
_SLA_NOTES = ("1st reply", "resolution", "p50/p90", "within", "waiting", "breached")


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: ColumnKind = "number"

    @property
    def justify(self) -> Literal["left", "right"]:
        return "right" if self.kind in ("number", "trend") else "left"


@dataclass(frozen=True, slots=True)
class TextTable:
    """A titled table of plain-text cells, with lines to print under it."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()
    aside: int = 0
    """How many last rows are totals or leftovers (``all``, ``unanalysed``), shown dimmed."""


# -- cells ------------------------------------------------------------------------------------


def duration_text(seconds: float | None) -> str:
    """``45s``, ``4m30s``, ``25m``, ``3h20m``, ``2d04h``; ``—`` for no value."""
    if seconds is None:
        return _NONE
    total = round(seconds)
    if total < 60:
        return f"{total}s"
    if total < 3600:
        minutes, rest = divmod(total, 60)
        return f"{minutes}m{rest:02d}s" if minutes < 10 else f"{minutes}m"
    if total < 48 * 3600:
        hours, rest = divmod(total, 3600)
        return f"{hours}h{rest // 60:02d}m"
    days, rest = divmod(total, 86400)
    return f"{days}d{rest // 3600:02d}h"


def share_text(value: float | None) -> str:
    """``12.5%``; ``—`` when there is nothing to share."""
    return _NONE if value is None else f"{value * 100:.1f}%"


def trend_text(value: float) -> str:
    """``+36%``, ``-12%``, ``0%``."""
    percent = round(value * 100)
    return f"{percent:+d}%" if percent else "0%"


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar ``value/top`` of ``width`` cells, in eighths of a cell."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(min(value, top) / top * width * 8))
    full, part = divmod(eighths, 8)
    return _FULL * full + (_EIGHTHS[part] if part else "")


def spark(points: Sequence[float | None], width: int = SPARK_WIDTH) -> str:
    """A sparkline from zero to the largest point; ``None`` points are blank."""
    if any(p is None for p in points):
        known = [p for p in points if p is not None]
        top = max(known, default=0.0)
        shown = [sparkline([p], high=top) if p is not None else " " for p in points[-width:]]
        return "".join(shown)
    values = [float(p) for p in points if p is not None]
    return sparkline(fold_points(values, width))


def window_text(window: Window) -> str:
    """``2026-10-26 09:23 → 2026-11-25 09:23 UTC, 30 days``."""
    unit = f"{window.by}{'s' * (window.buckets != 1)}"
    return f"{_when(window.since)} → {_when(window.until)} UTC, {window.buckets} {unit}"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def definitions(kind: str) -> list[str]:
    """The definition lines printed under a report of this kind."""
    names = _SLA_NOTES if kind == "sla" else _BREAKDOWN_NOTES
    return [f"{name}: {DEFINITIONS[name]}" for name in names]


# -- tables -----------------------------------------------------------------------------------

_HEADERS = {"reasons": "Reason", "channels": "Channel", "languages": "Language"}


def _breakdown_table(
    breakdown: Breakdown, window: Window, overall: float, bar_width: int, spark_width: int
) -> TextTable:
    columns = (
        Column(_HEADERS.get(breakdown.name, breakdown.name), "key"),
        Column("Contacts"),
        Column("Share"),
        Column("", "bar"),
        Column(f"Per {window.by}", "spark"),
        Column("Trend", "trend"),
        Column("1st reply"),
        Column("Resolution"),
        Column("Reopen"),
        Column("Angry"),
    )
    top = max((row.contacts for row in breakdown.rows if row.key != UNANALYSED), default=0)
    rows = tuple(_breakdown_row(row, top, bar_width, spark_width) for row in breakdown.rows)
    rising = ", ".join(f"{key} {trend_text(breakdown.row(key).trend)}" for key in breakdown.rising)
    faster = f"faster than all contacts ({trend_text(overall)})"
    notes = [f"Rising fastest: {rising}" if rising else f"Nothing is rising {faster}"]
    title = f"Contacts by {_HEADERS.get(breakdown.name, breakdown.name).lower()} · "
    aside = int(bool(rows) and breakdown.rows[-1].key == UNANALYSED)
    return TextTable(title + window_text(window), columns, rows, tuple(notes), aside)


def _breakdown_row(row: KeyStats, top: int, bar_width: int, spark_width: int) -> tuple[str, ...]:
    return (
        row.key,
        f"{row.contacts:,}",
        share_text(row.share),
        bar(row.contacts, top, bar_width) if row.key != UNANALYSED else "",
        spark(row.series, spark_width),
        trend_text(row.trend),
        duration_text(row.first_response_median),
        duration_text(row.resolution_median),
        share_text(row.reopen_rate),
        share_text(row.angry_share),
    )


def _summary(report: ReasonsReport | ChannelsReport) -> list[str]:
    lines = [f"All contacts: {report.contacts:,}, trend {trend_text(report.trend)}"]
    if report.unanalysed:
        lines.append(
            f"{report.unanalysed:,} contact{'s' * (report.unanalysed != 1)} not analysed yet "
            "(no reason, mood unknown): "
            "`deskside insights index` analyses them"
        )
    return lines


def _sla_table(report: SlaReport, bar_width: int, spark_width: int) -> TextTable:
    columns = (
        Column("Channel", "key"),
        Column("Target"),
        Column("Contacts"),
        Column("Answered"),
        Column("1st reply p50"),
        Column("p90"),
        Column(f"p50 per {report.window.by}", "spark"),
        Column("Within"),
        Column("", "bar"),
        Column("Resolution p50"),
        Column("p90"),
        Column("Waiting"),
        Column("Breached now"),
    )
    rows = tuple(_sla_row(row, bar_width, spark_width) for row in (*report.rows, report.overall))
    notes = [
        f"Targets from the config's [sla] section or the defaults; now is {_when(report.now)} UTC"
    ]
    title = f"First response and resolution by channel · {window_text(report.window)}"
    return TextTable(title, columns, rows, tuple(notes), aside=1)


def _sla_row(row: SlaRow, bar_width: int, spark_width: int) -> tuple[str, ...]:
    return (
        row.channel,
        duration_text(row.target) if row.target is not None else _NONE,
        f"{row.contacts:,}",
        f"{row.answered:,}",
        duration_text(row.first_response_p50),
        duration_text(row.first_response_p90),
        spark(row.series_p50, spark_width),
        share_text(row.within_share),
        bar(row.within_share or 0.0, 1.0, max(1, bar_width // 2)),
        duration_text(row.resolution_p50),
        duration_text(row.resolution_p90),
        f"{row.waiting_past_target:,}",
        f"{row.breached_now:,}",
    )


def report_tables(
    report: ReasonsReport | ChannelsReport | SlaReport,
    *,
    bar_width: int = BAR_WIDTH,
    spark_width: int = SPARK_WIDTH,
) -> list[TextTable]:
    """The tables of a report, in the order they are shown.

    Bars are at most ``bar_width`` cells and sparklines ``spark_width``.
    """
    if isinstance(report, SlaReport):
        return [_sla_table(report, bar_width, spark_width)]
    tables = [
        _breakdown_table(breakdown, report.window, report.trend, bar_width, spark_width)
        for breakdown in report.breakdowns
    ]
    last = tables[-1]
    tables[-1] = replace(last, notes=(*last.notes, *_summary(report)))
    return tables
