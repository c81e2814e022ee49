"""The claims reports as JSON and CSV rows, for scripts and spreadsheets (a stable interface).

JSON (one object; times are RFC 3339 UTC, durations seconds, shares and trends
fractions rounded to 4 places, ``null`` where there is nothing to measure)::

    {"report": "reasons" | "channels" | "sla", "profile": "local",
     "generated_at": "...Z",
     "window": {"since": "...Z", "until": "...Z", "by": "day" | "week",
                "buckets": ["...Z", ...]},          # bucket starts, oldest first
     "contacts": 120, "series": [3, 5, ...], "trend": 0.12,
     # reasons:  "unanalysed": 4, "reasons": [ROW, ...], "rising": {"reasons": [key, ...]}
     # channels: "unanalysed": 4, "channels": [ROW, ...], "languages": [ROW, ...],
     #           "rising": {"channels": [...], "languages": [...]}
     # sla:      "now": "...Z", "targets": {"chat": 300, ...},
     #           "channels": [SLA_ROW, ...], "all": SLA_ROW
    }

    ROW = {"key", "contacts", "share", "series", "trend", "answered",
           "first_response_median_s", "solved", "resolution_median_s", "reopened",
           "reopen_rate", "analysed", "angry", "angry_share"}
    SLA_ROW = {"channel", "target_s", "contacts", "series", "answered",
               "first_response_p50_s", "first_response_p90_s",
               "series_first_response_p50_s", "solved", "resolution_p50_s",
               "resolution_p90_s", "decided", "within_target", "within_share",
               "waiting_past_target", "breached_now"}

CSV: one row per key per bucket (``bucket`` is the bucket's start and
``bucket_contacts`` its count), each repeating the key's summary columns, so a
pivot table can chart either. A text cell that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``) is prefixed with ``'``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from console.core.reports import (
    ChannelsReport,
    KeyStats,
    ReasonsReport,
    Window,
)
from console.core.reports_sla import SlaReport, SlaRow

__all__ = [
    "BREAKDOWN_CSV_COLUMNS",
    "SLA_CSV_COLUMNS",
    "csv_header",
    "csv_rows",
    "report_json",
    "report_kind",
]

BREAKDOWN_CSV_COLUMNS = (
    "report",
    "group",
    "key",
    "bucket",
    "bucket_contacts",
    "contacts",
    "share",
    "trend",
    "answered",
    "first_response_median_s",
    "solved",
    "resolution_median_s",
    "reopened",
    "reopen_rate",
    "analysed",
    "angry",
    "angry_share",
)
SLA_CSV_COLUMNS = (
    "report",
    "group",
    "key",
    "bucket",
    "bucket_contacts",
    "bucket_first_response_p50_s",
    "target_s",
    "contacts",
    "answered",
    "first_response_p50_s",
    "first_response_p90_s",
    "solved",
    "resolution_p50_s",
    "resolution_p90_s",
    "decided",
    "within_target",
    "within_share",
    "waiting_past_target",
    "breached_now",
)

Report = ReasonsReport | ChannelsReport | SlaReport


def report_kind(report: Report) -> str:
    """``reasons``, ``channels`` or ``sla``."""
    if isinstance(report, SlaReport):
        return "sla"
    return "reasons" if isinstance(report, ReasonsReport) else "channels"


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _window(window: Window) -> dict[str, Any]:
    return {
        "since": _time(window.since),
        "until": _time(window.until),
        "by": window.by,
        "buckets": [_time(start) for start in window.bucket_starts()],
    }


def _row(row: KeyStats) -> dict[str, Any]:
    return {
        "key": row.key,
        "contacts": row.contacts,
        "share": _ratio(row.share),
        "series": list(row.series),
        "trend": _ratio(row.trend),
        "answered": row.answered,
        "first_response_median_s": _seconds(row.first_response_median),
        "solved": row.solved,
        "resolution_median_s": _seconds(row.resolution_median),
        "reopened": row.reopened,
        "reopen_rate": _ratio(row.reopen_rate),
        "analysed": row.analysed,
        "angry": row.angry,
        "angry_share": _ratio(row.angry_share),
    }


def _sla_row(row: SlaRow) -> dict[str, Any]:
    return {
        "channel": row.channel,
        "target_s": row.target,
        "contacts": row.contacts,
        "series": list(row.series),
        "answered": row.answered,
        "first_response_p50_s": _seconds(row.first_response_p50),
        "first_response_p90_s": _seconds(row.first_response_p90),
        "series_first_response_p50_s": [_seconds(value) for value in row.series_p50],
        "solved": row.solved,
        "resolution_p50_s": _seconds(row.resolution_p50),
        "resolution_p90_s": _seconds(row.resolution_p90),
        "decided": row.decided,
        "within_target": row.within_target,
        "within_share": _ratio(row.within_share),
        "waiting_past_target": row.waiting_past_target,
        "breached_now": row.breached_now,
    }


def report_json(report: Report, *, profile: str, generated_at: datetime) -> dict[str, Any]:
    """The report as the JSON object documented above."""
    head: dict[str, Any] = {
        "report": report_kind(report),
        "profile": profile,
        "generated_at": _time(generated_at),
        "window": _window(report.window),
    }
    if isinstance(report, SlaReport):
        return {
            **head,
            "now": _time(report.now),
            "contacts": report.contacts,
            "series": list(report.overall.series),
            "targets": dict(sorted(report.targets.items())),
            "channels": [_sla_row(row) for row in report.rows],
            "all": _sla_row(report.overall),
        }
    body: dict[str, Any] = {
        **head,
        "contacts": report.contacts,
        "series": list(report.series),
        "trend": _ratio(report.trend),
        "unanalysed": report.unanalysed,
    }
    for breakdown in report.breakdowns:
        body[breakdown.name] = [_row(row) for row in breakdown.rows]
    body["rising"] = {b.name: list(b.rising) for b in report.breakdowns}
    return body


def _cell(value: object) -> object:
    """Numbers as they are, ``None`` as empty, text safe from spreadsheet formulas."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_header(report: Report) -> tuple[str, ...]:
    return SLA_CSV_COLUMNS if isinstance(report, SlaReport) else BREAKDOWN_CSV_COLUMNS


def csv_rows(report: Report) -> Iterator[list[object]]:
    """The CSV rows under :func:`csv_header` (one per key per bucket)."""
    kind = report_kind(report)
    starts = [_time(start) for start in report.window.bucket_starts()]
    if isinstance(report, SlaReport):
        for group, row in [*(("channels", r) for r in report.rows), ("all", report.overall)]:
            data = _sla_row(row)
            summary = [data[name] for name in SLA_CSV_COLUMNS[6:]]
            for i, start in enumerate(starts):
                bucket = [start, row.series[i], _seconds(row.series_p50[i])]
                yield [_cell(v) for v in (kind, group, row.channel, *bucket, *summary)]
        return
    for breakdown in report.breakdowns:
        for stats in breakdown.rows:
            data = _row(stats)
            summary = [data[name] for name in BREAKDOWN_CSV_COLUMNS[5:]]
            for i, start in enumerate(starts):
                cells = (kind, breakdown.name, stats.key, start, stats.series[i], *summary)
                yield [_cell(v) for v in cells]
