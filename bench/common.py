"""What every benchmark module shares: sample statistics, result rows and the repo paths.

Pure helpers (no terminal, no database), so they are unit-tested in
``tests/unit/test_bench_common.py``. A :class:`Row` is one line of the results
table in BENCHMARKS.md: the measured value, the baseline measured in the same
run, and whether the target holds.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "out"


def cache_dir() -> Path:
    """Where built desks are kept between runs (``DESKSIDE_BENCH_CACHE`` overrides)."""
    override = os.environ.get("DESKSIDE_BENCH_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "deskside-bench"


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile with linear interpolation (numpy's default method)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
    return percentile(samples, 0.95)


@dataclass(frozen=True)
class Stats:
    """Median, p95 and extremes of one measurement, in its own unit."""

    n: int
    median: float
    p95: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        return cls(len(samples), median(samples), p95(samples), min(samples), max(samples))


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or baseline is None or baseline <= 0:
        return None
    return value / baseline


def fmt_ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    ms = seconds * 1000
    return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"


def fmt_s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:,.1f} s"


def fmt_mb(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} MB"


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


@dataclass
class Row:
    """One line of the results table."""

    measurement: str
    value: str
    baseline: str = "—"
    ratio: str = "—"
    target: str = ""
    met: bool | None = None
    """``None``: not measured (or nothing to compare)."""
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.met is None:
            return "n/a"
        return "yes" if self.met else "**no**"


@dataclass
class Section:
    """A measurement's rows plus free text (method, per-case details) for BENCHMARKS.md."""

    title: str
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0


def markdown_table(rows: Sequence[Row]) -> str:
    head = "| measurement | value | baseline (same run) | ratio | target | met? |"
    rule = "|---|---|---|---|---|---|"
    lines = [head, rule]
    for row in rows:
        value = row.value + (f" ({row.note})" if row.note else "")
        lines.append(
            f"| {_cell(row.measurement)} | {_cell(value)} | {_cell(row.baseline)} | "
            f"{row.ratio} | {_cell(row.target)} | {row.verdict} |"
        )
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plain_table(rows: Sequence[Row]) -> str:
    """The same table for a terminal: fixed-width columns, no markdown."""
    header = ("measurement", "value", "baseline", "ratio", "target", "met?")
    body = [
        (r.measurement, r.value, r.baseline, r.ratio, r.target, r.verdict.strip("*")) for r in rows
    ]
    widths = [
        min(60, max(len(str(line[i])) for line in [header, *body])) for i in range(len(header))
    ]
    out = []
    for line in [header, *body]:
        out.append(
            "  ".join(str(cell)[: widths[i]].ljust(widths[i]) for i, cell in enumerate(line))
        )
    return "\n".join(out)


def replace_block(document: str, block: str, *, start: str, end: str) -> str:
    """Put ``block`` between the ``start`` and ``end`` markers, keeping everything else.

    Without markers the block is appended, so hand-written analysis around the
    generated results survives every run.
    """
    begin = document.find(start)
    finish = document.find(end, begin + len(start)) if begin >= 0 else -1
    if begin < 0 or finish < 0:
        joiner = "\n\n" if document.strip() else ""
        return f"{document.rstrip()}{joiner}{start}\n{block}\n{end}\n"
    return f"{document[:begin]}{start}\n{block}\n{end}{document[finish + len(end) :]}"
