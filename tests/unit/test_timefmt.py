"""Short time renderings and the moments agents type (promised-by times)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.core.timefmt import SlaState, age, countdown, parse_when, sla_state

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def test_countdowns_and_ages_fit_in_four_characters() -> None:
    assert countdown(NOW + timedelta(minutes=12), NOW) == "12m"
    assert countdown(NOW - timedelta(hours=3), NOW) == "-3h"
    assert countdown(None, NOW) == ""
    assert age(NOW - timedelta(seconds=20), NOW) == "now"
    assert age(NOW - timedelta(days=3), NOW) == "3d"


def test_sla_states() -> None:
    assert sla_state(NOW - timedelta(minutes=1), NOW, 1800, True) == SlaState.BREACHED
    assert sla_state(NOW + timedelta(minutes=10), NOW, 1800, True) == SlaState.AT_RISK
    assert sla_state(NOW + timedelta(hours=2), NOW, 1800, True) == SlaState.OK
    assert sla_state(NOW - timedelta(hours=2), NOW, 1800, False) == SlaState.NONE


def test_parse_when_understands_what_agents_type() -> None:
    now = NOW
    assert parse_when("2h", now) == datetime(2026, 11, 25, 11, 30, tzinfo=UTC)
    assert parse_when("1d", now) == datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert parse_when("today 18:00", now) == datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    assert parse_when("tomorrow 12", now) == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert parse_when("2026-11-27 10:00", now) == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="not a time"):
        parse_when("soonish", now)
