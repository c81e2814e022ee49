"""The benchmark's pure helpers: quantiles, the results table, and keeping hand-written text."""

from __future__ import annotations

import pytest

from bench.common import Row, Stats, markdown_table, percentile, ratio, replace_block

START, END = "<!-- start -->", "<!-- end -->"


def test_percentile_interpolates_like_numpy() -> None:
    samples = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert percentile(samples, 0.5) == 30.0
    assert percentile(samples, 0.95) == pytest.approx(48.0)
    assert percentile([7.0], 0.95) == 7.0


def test_percentile_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_stats_and_ratio() -> None:
    stats = Stats.of([3.0, 1.0, 2.0])
    assert (stats.n, stats.median, stats.low, stats.high) == (3, 2.0, 1.0, 3.0)
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(None, 2.0) is None
    assert ratio(1.0, 0.0) is None


def test_table_escapes_pipes_and_marks_misses() -> None:
    table = markdown_table([Row("a | b", "1 ms", target="≤ 2", met=False)])
    assert "a \\| b" in table
    assert "**no**" in table


def test_block_is_appended_then_replaced_keeping_the_rest() -> None:
    first = replace_block("# Title\n\nnotes\n", "one", start=START, end=END)
    assert first.startswith("# Title\n\nnotes\n\n")
    assert f"{START}\none\n{END}" in first
    second = replace_block(first + "\nmore notes\n", "two", start=START, end=END)
    assert "one" not in second
    assert f"{START}\ntwo\n{END}" in second
    assert second.endswith("more notes\n")
    assert "notes" in second.split(START)[0]
