"""The fixed time every factory starts from, Moscow time, and a settable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # a Tuesday, 15:00 in Moscow
MSK = ZoneInfo("Europe/Moscow")


def msk(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """March 2026 in Moscow: Tue 10, Fri 13, Sat 14, Sun 15, Mon 16; Mon 9 is a holiday."""
    return datetime(2026, month, day, hour, minute, tzinfo=MSK)


class Clock:
    """A wall clock that only moves when told to; call it for the time."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, now: datetime) -> datetime:
        self.now = now
        return now
