"""ui.formatting: durations, countdowns, relative times and deadline texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ui.formatting import (
    format_date,
    format_due_short,
    format_due_tooltip,
    format_duration,
    format_relative,
    format_time_left,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _app(qapp: Any) -> None:
    """translate() needs a QCoreApplication."""


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "< 1 min"),
        (59, "< 1 min"),
        (60, "1 min"),
        (35 * 60 + 59, "35 min"),
        (3600, "1 h"),
        (2 * 3600 + 5 * 60, "2 h 5 min"),
        (9 * 3600 + 59 * 60, "9 h 59 min"),
        (14 * 3600 + 30 * 60, "14 h"),
        (86400, "1 d"),
        (3 * 86400 + 4 * 3600 + 59, "3 d 4 h"),
        (-35 * 60, "35 min"),
    ],
)
def test_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_time_left() -> None:
    assert format_time_left(timedelta(hours=2, minutes=5)) == "2 h 5 min"
    assert format_time_left(timedelta(minutes=-35, seconds=-20)) == "overdue 35 min"
    assert format_time_left(timedelta(0)) == "overdue < 1 min"
    assert format_time_left(-timedelta(hours=2, minutes=59)) == "overdue 2 h"
    assert format_time_left(-timedelta(days=3, hours=5)) == "overdue 3 d"


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (timedelta(seconds=-30), "just now"),  # clock skew
        (timedelta(seconds=30), "just now"),
        (timedelta(minutes=5), "5 min ago"),
        (timedelta(hours=3, minutes=59), "3 h ago"),
        (timedelta(days=2), "2 d ago"),
    ],
)
def test_relative(ago: timedelta, text: str) -> None:
    assert format_relative(NOW - ago, NOW) == text


def test_relative_falls_back_to_a_date() -> None:
    assert format_relative(NOW - timedelta(days=30), NOW) == format_date(
        NOW - timedelta(days=30), NOW
    )
    old = format_relative(NOW - timedelta(days=400), NOW)
    assert "2025" in old


def test_due_tooltip_has_moscow_time() -> None:
    tip = format_due_tooltip(datetime(2026, 3, 10, 9, 30, tzinfo=UTC))
    assert "12:30" in tip and "Moscow" in tip


def test_due_short() -> None:
    local_now = NOW.astimezone()
    same_day = local_now.replace(hour=23, minute=10)
    assert format_due_short(same_day, NOW) == "by 23:10"
    later = format_due_short(same_day + timedelta(days=3), NOW)
    assert later.startswith("by ") and "23:10" in later and len(later) > len("by 23:10")
