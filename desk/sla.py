"""Service levels: the business calendar and ticket due times.

Shared by the server (which stamps ``due_at``) and the client (which counts down
thousands of tickets), so it is pure computation: no Qt, no I/O.

How it works: each business day is one interval ``[opening, closing)`` of *elapsed*
time, found by putting the configured wall-clock hours on the local date in the
configured zone (so a zone with DST keeps its 09:00 local opening). The intervals of
a contiguous range of years are kept as sorted integer microseconds since the epoch,
with a running total of business time before each day. Business time between two
instants is then a difference of two bisected positions, and adding business time is
one bisection on the running totals: O(log n) whatever the span, no day stepping.

Conventions
- Every datetime in must be timezone-aware (naive ones raise ``ValueError``); every
  datetime out is in UTC.
- Business time is half-open: an instant exactly at opening is business time, an
  instant exactly at closing is not.
- ``add_business_time(s, d)`` with ``d > 0`` returns the *earliest* instant by which
  ``d`` of business time has passed. A deadline that uses up a day exactly therefore
  lands on that day's closing (Friday 18:00), never on the next opening (Monday
  09:00); every such result lies in ``(opening, closing]`` of a business day.
  ``d == 0`` returns the start itself; a negative ``d`` raises ``ValueError``.
- ``business_time_between(a, b)`` is negative when ``b < a``.
- Holidays and transferred days off come from the ``holidays`` package; a weekend day
  the government made a working day (``weekend_workdays``) is a business day. Shortened
  pre-holiday days are not modelled (the package does not provide them).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from desk.domain import Category

__all__ = [
    "DEFAULT_TARGETS",
    "BusinessCalendar",
    "ServiceLevels",
    "Target",
    "default_targets",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_DEFAULT_BUSINESS_DAY = timedelta(hours=9)

# A deadline turns amber (WARNING) when less than a quarter of its target, or less than
# an hour, is left, whichever is more: the one rule of the queue, header, alerts, demo.
WARNING_FRACTION = 0.25
WARNING_FLOOR = timedelta(hours=1)


def warning_threshold(target: timedelta) -> timedelta:
    """Less time left than this is a WARNING."""
    return max(WARNING_FLOOR, target * WARNING_FRACTION)


@dataclass(frozen=True)
class Target:
    """How long the team has to reply."""

    amount: timedelta
    business: bool  # True: counted in business time; False: around the clock


def default_targets(business_day: timedelta = _DEFAULT_BUSINESS_DAY) -> Mapping[Category, Target]:
    """The response targets (``docs/api.md``) for a business day of the given length."""
    return MappingProxyType(
        {
            Category.CRITICAL: Target(timedelta(hours=4), business=False),
            Category.CONFIGURATION: Target(business_day, business=True),
            Category.FEATURE_REQUEST: Target(2 * business_day, business=True),
            Category.OTHER: Target(business_day, business=True),
        }
    )


DEFAULT_TARGETS: Mapping[Category, Target] = default_targets()


def _default_targets() -> Mapping[Category, Target]:
    return DEFAULT_TARGETS


@dataclass(frozen=True)
class ServiceLevels:
    """Server settings for business hours and reply targets.

    Left at ``DEFAULT_TARGETS``, the business-time targets follow the configured
    hours: "1 business day" is always ``closes - opens``.
    """

    timezone: str = "Europe/Moscow"
    opens: time = time(9)
    closes: time = time(18)
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday=0
    # A mapping is unhashable, so it stays out of the hash (equality still uses it).
    targets: Mapping[Category, Target] = field(default_factory=_default_targets, hash=False)
    holiday_country: str | None = "RU"  # None disables holidays

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone: {self.timezone!r}") from exc
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("opens and closes are local wall-clock times without tzinfo")
        if not self.opens < self.closes:
            raise ValueError("opens must be earlier than closes on the same day")
        workdays = frozenset(self.workdays)
        if not workdays or not workdays <= set(range(7)):
            raise ValueError("workdays must be a non-empty set of weekdays 0..6 (Monday=0)")
        object.__setattr__(self, "workdays", workdays)
        if self.targets is DEFAULT_TARGETS:
            targets = default_targets(self.business_day)
        else:
            targets = MappingProxyType(dict(self.targets))
        missing = [c.value for c in Category if c not in targets]
        if missing:
            raise ValueError(f"no target for categories: {', '.join(missing)}")
        if any(t.amount <= timedelta(0) for t in targets.values()):
            raise ValueError("targets must be positive")
        object.__setattr__(self, "targets", targets)

    @property
    def business_day(self) -> timedelta:
        day = date(2000, 1, 1)
        return datetime.combine(day, self.closes) - datetime.combine(day, self.opens)


@dataclass(frozen=True)
class _Year:
    days: frozenset[int]  # ordinals of the business days
    opens: list[int]  # per business day, in order: opening in epoch microseconds
    closes: list[int]


@dataclass(frozen=True)
class _Table:
    """Business intervals of the years ``lo..hi``; swapped whole, so readers never lock."""

    lo: int
    hi: int
    opens: list[int]
    closes: list[int]
    cum: list[int]  # business microseconds before day i (from the first day of the table)
    cum_end: list[int]  # cum[i] + length of day i

    def covers(self, lo_us: int, hi_us: int) -> bool:
        # Every business interval before hi_us and after lo_us is in the table.
        return bool(self.opens) and self.opens[0] <= lo_us and hi_us < self.opens[-1]

    def position(self, us: int) -> int:
        """Business microseconds from the table's first opening up to ``us``."""
        i = bisect.bisect_right(self.opens, us) - 1
        if i < 0:
            return 0
        return self.cum[i] + min(us, self.closes[i]) - self.opens[i]


_EMPTY = _Table(0, -1, [], [], [], [])


def _to_us(instant: datetime) -> int:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime not allowed: {instant!r}")
    return (instant - _EPOCH) // _US


def _from_us(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


def _utc_year(us: int) -> int:
    return _from_us(us).year


class BusinessCalendar:
    """Business hours of one :class:`ServiceLevels`; cheap to query, caches per year."""

    def __init__(self, levels: ServiceLevels = ServiceLevels()) -> None:
        self._levels = levels
        self._zone = ZoneInfo(levels.timezone)
        if levels.holiday_country is not None:
            try:
                holidays.country_holidays(levels.holiday_country, years=())
            except NotImplementedError as exc:
                raise ValueError(f"no holiday data for {levels.holiday_country!r}") from exc
        self._years: dict[int, _Year] = {}
        self._table = _EMPTY

    @property
    def levels(self) -> ServiceLevels:
        return self._levels

    @property
    def business_day(self) -> timedelta:
        return self._levels.business_day

    def target(self, category: Category) -> Target:
        return self._levels.targets[category]

    # --- queries -------------------------------------------------------------

    def is_business_day(self, day: date) -> bool:
        if isinstance(day, datetime):
            raise TypeError("is_business_day takes a local date, not a datetime")
        return day.toordinal() in self._year(day.year).days

    def is_business_time(self, instant: datetime) -> bool:
        us = _to_us(instant)
        table = self._covering(us, us)
        i = bisect.bisect_right(table.opens, us) - 1
        return i >= 0 and us < table.closes[i]

    def next_opening(self, instant: datetime) -> datetime:
        """The instant itself (in UTC) if it is business time, else the next opening."""
        us = _to_us(instant)
        table = self._covering(us, us)
        i = bisect.bisect_right(table.opens, us) - 1
        if i >= 0 and us < table.closes[i]:
            return _from_us(us)
        return _from_us(table.opens[i + 1])

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        a, b = _to_us(start), _to_us(end)
        table = self._covering(min(a, b), max(a, b))
        return timedelta(microseconds=table.position(b) - table.position(a))

    def add_business_time(self, start: datetime, delta: timedelta) -> datetime:
        us = _to_us(start)
        amount = delta // _US
        if amount < 0:
            raise ValueError("delta must not be negative")
        if amount == 0:
            return _from_us(us)
        table = self._covering(us, us)
        while True:
            goal = table.position(us) + amount
            if goal <= table.cum_end[-1]:
                break
            # Not enough years loaded: extend forward by about as many years as missing.
            if table.hi >= 9999:
                raise ValueError("deadline beyond the calendar's range")
            yearly = max(table.cum_end[-1] // (table.hi - table.lo + 1), 1)
            table = self._extend(table.lo, table.hi + 1 + (goal - table.cum_end[-1]) // yearly)
        # The first day whose closing reaches the goal; the goal is past its opening.
        i = bisect.bisect_left(table.cum_end, goal)
        return _from_us(table.opens[i] + goal - table.cum[i])

    def due_at(self, category: Category, since: datetime) -> datetime:
        target = self.target(category)
        if target.business:
            return self.add_business_time(since, target.amount)
        # Elapsed time in UTC: adding to a local aware datetime would be wall-clock
        # arithmetic and shift by an hour across a DST change.
        return _from_us(_to_us(since) + target.amount // _US)

    # --- caches --------------------------------------------------------------

    def _covering(self, lo_us: int, hi_us: int) -> _Table:
        table = self._table
        if table.covers(lo_us, hi_us):
            return table
        # A year of margin either side absorbs the difference between UTC and local years.
        lo, hi = _utc_year(lo_us) - 1, _utc_year(hi_us) + 1
        if table.opens:
            lo, hi = min(lo, table.lo), max(hi, table.hi)
        table = self._extend(lo, hi)
        if not table.covers(lo_us, hi_us):  # only at the ends of datetime's range
            raise ValueError("instant outside the calendar's range")
        return table

    def _extend(self, lo: int, hi: int) -> _Table:
        current = self._table
        if current.opens:
            lo, hi = min(lo, current.lo), max(hi, current.hi)
        lo, hi = max(lo, 1), min(hi, 9999)
        if current.opens and (lo, hi) == (current.lo, current.hi):
            return current
        self._load(range(lo, hi + 1))
        opens: list[int] = []
        closes: list[int] = []
        for year in range(lo, hi + 1):
            opens += self._years[year].opens
            closes += self._years[year].closes
        cum: list[int] = []
        cum_end: list[int] = []
        total = 0
        for o, c in zip(opens, closes, strict=True):
            cum.append(total)
            total += c - o
            cum_end.append(total)
        table = _Table(lo, hi, opens, closes, cum, cum_end)
        self._table = table
        return table

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            self._load([year])
            cached = self._years[year]
        return cached

    def _load(self, years: Iterable[int]) -> None:
        wanted = [y for y in years if y not in self._years]
        if not wanted:
            return
        levels = self._levels
        days_off: set[date] = set()
        worked_weekends: set[date] = set()
        if levels.holiday_country is not None:
            # Neighbouring years too: a transfer can move a day across New Year.
            span = range(max(min(wanted) - 1, 1), min(max(wanted) + 1, 9999) + 1)
            data = holidays.country_holidays(levels.holiday_country, years=span)
            days_off.update(data.keys())
            worked_weekends.update(data.weekend_workdays)
        for year in wanted:
            self._years[year] = self._build_year(year, days_off, worked_weekends)

    def _build_year(self, year: int, days_off: set[date], worked_weekends: set[date]) -> _Year:
        levels, zone = self._levels, self._zone
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        days: list[int] = []
        opens: list[int] = []
        closes: list[int] = []
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            if day in days_off:
                continue
            if day.weekday() not in levels.workdays and day not in worked_weekends:
                continue
            # Wall-clock hours on the local date; zoneinfo resolves the UTC offset.
            o = _to_us(datetime.combine(day, levels.opens, tzinfo=zone))
            c = _to_us(datetime.combine(day, levels.closes, tzinfo=zone))
            days.append(ordinal)
            if c > o:  # a DST jump could in theory swallow very short hours
                opens.append(o)
                closes.append(c)
        return _Year(frozenset(days), opens, closes)
