"""The business calendar: hand-computed cases, the Russian calendar, properties.

Moscow is UTC+3 all year (no DST since 2014), so the hand-computed cases are
written in Moscow wall-clock time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.domain import Category
from desk.sla import (
    DEFAULT_TARGETS,
    BusinessCalendar,
    ServiceLevels,
    Target,
)

MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
H = timedelta(hours=1)
US = timedelta(microseconds=1)
DAY = 9 * H  # one business day at the default 09:00-18:00

CAL = BusinessCalendar()
BERLIN_CAL = BusinessCalendar(ServiceLevels(timezone="Europe/Berlin", holiday_country=None))


def msk(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=MSK)


# --- hand-computed cases -------------------------------------------------------

ADD_CASES = [
    # Mon 10:00 + 1 day: 8 h on Monday, 1 h on Tuesday.
    (msk(2025, 3, 3, 10), DAY, msk(2025, 3, 4, 10)),
    # Fri 17:00 + 2 h: 1 h on Friday, weekend, 1 h on Monday.
    (msk(2025, 3, 14, 17), 2 * H, msk(2025, 3, 17, 10)),
    # Saturday noon: the clock starts on Monday at opening.
    (msk(2025, 3, 15, 12), H, msk(2025, 3, 17, 10)),
    # Exactly at opening: a whole day ends exactly at that day's closing (convention).
    (msk(2025, 3, 17, 9), DAY, msk(2025, 3, 17, 18)),
    # Exactly at closing: nothing left that day, so 10:00 the next day.
    (msk(2025, 3, 17, 18), H, msk(2025, 3, 18, 10)),
    # Midnight counts from that morning's opening.
    (msk(2025, 3, 18, 0), DAY, msk(2025, 3, 18, 18)),
    # Before opening, a tiny amount.
    (msk(2025, 3, 18, 7), US, msk(2025, 3, 18, 9) + US),
    # Mon 09:00 + 6 days: Mon-Fri (5), Sat 8 March is a holiday, Mon 10 March works.
    (msk(2025, 3, 3, 9), 6 * DAY, msk(2025, 3, 10, 18)),
    # New Year 2026: Dec 31 2025 is a transferred day off, Jan 1-8 holidays, Fri Jan 9
    # transferred (from Sat Jan 3), weekend: 1 h on Tue Dec 30, then Mon Jan 12.
    (msk(2025, 12, 30, 17), 2 * H, msk(2026, 1, 12, 10)),
    (msk(2025, 12, 31, 10), DAY, msk(2026, 1, 12, 18)),
    # May 2025: Thu 1 May holiday, Fri 2 May transferred, weekend -> Mon 5 May 09:00 + 8 h.
    (msk(2025, 4, 30, 17), DAY, msk(2025, 5, 5, 17)),
    # Victory Day 2025: Wed 7 May 8 h; Thu 8 May transferred, Fri 9 May holiday,
    # weekend; Mon 12 May 9 h; Tue 13 May 1 h.
    (msk(2025, 5, 7, 10), 2 * DAY, msk(2025, 5, 13, 10)),
    # Russia Day 2025: Wed 11 June 6 h; Thu 12 holiday, Fri 13 transferred; Mon 16 3 h.
    (msk(2025, 6, 11, 12), DAY, msk(2025, 6, 16, 12)),
    # Sat 1 Nov 2025 is a working Saturday (its day off moved to Mon 3 Nov).
    (msk(2025, 10, 31, 17), 2 * H, msk(2025, 11, 1, 10)),
    # Sat 1 Nov 17:00: 1 h; Sun 2, Mon 3 (transferred), Tue 4 (holiday) off -> Wed 5.
    (msk(2025, 11, 1, 17), 2 * H, msk(2025, 11, 5, 10)),
    # Fri 12 June 2026 is Russia Day: Thu 11 17:00 -> Mon 15 10:00.
    (msk(2026, 6, 11, 17), 2 * H, msk(2026, 6, 15, 10)),
    # Wed 4 Nov 2026 is Unity Day: Tue 3 17:00 -> Thu 5 10:00.
    (msk(2026, 11, 3, 17), 2 * H, msk(2026, 11, 5, 10)),
    # March 2026: Sun 8 March is observed on Mon 9: Fri 6 17:00 -> Tue 10 10:00.
    (msk(2026, 3, 6, 17), 2 * H, msk(2026, 3, 10, 10)),
    # Across a year end, span of months: Thu 9 Jan 2025 (first working day) 09:00 plus
    # 247 business days (the official count for 2025) ends on Tue 30 Dec 2025 18:00.
    (msk(2025, 1, 9, 9), 247 * DAY, msk(2025, 12, 30, 18)),
    # Instants from a zone with DST: Fri 28 Mar 2025 16:00 in Berlin (CET) is 18:00 in
    # Moscow, the closing; Berlin moves its clocks that Sunday -> Mon 31 Mar 10:00 MSK.
    (datetime(2025, 3, 28, 16, tzinfo=BERLIN), H, msk(2025, 3, 31, 10)),
    # Sun 30 Mar 2025 03:30 CEST, just after Berlin's jump: Mon 31 Mar 10:00 MSK.
    (datetime(2025, 3, 30, 3, 30, tzinfo=BERLIN), H, msk(2025, 3, 31, 10)),
    # Berlin's repeated hour on Sun 26 Oct 2025, both folds: Mon 27 Oct 10:00 MSK.
    (datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN), H, msk(2025, 10, 27, 10)),
    (datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=BERLIN), H, msk(2025, 10, 27, 10)),
    # Mon 27 Oct 2025 10:00 in Berlin (CET, UTC+1) is 12:00 MSK: 6 h left, 3 h on Tuesday.
    (datetime(2025, 10, 27, 10, tzinfo=BERLIN), DAY, msk(2025, 10, 28, 12)),
]


@pytest.mark.parametrize(("start", "delta", "expected"), ADD_CASES)
def test_add_business_time_cases(start: datetime, delta: timedelta, expected: datetime) -> None:
    due = CAL.add_business_time(start, delta)
    assert due == expected
    assert due.tzinfo is UTC
    assert CAL.business_time_between(start, due) == delta


BETWEEN_CASES = [
    # Same day, inside hours.
    (msk(2025, 3, 3, 10), msk(2025, 3, 3, 12, 30), timedelta(hours=2, minutes=30)),
    # Fri 17:00 -> Mon 10:00: 1 h + 1 h.
    (msk(2025, 3, 14, 17), msk(2025, 3, 17, 10), 2 * H),
    # Both ends out of hours on the same night: nothing.
    (msk(2025, 3, 3, 19), msk(2025, 3, 4, 8), timedelta(0)),
    # The whole New Year break 2026 (Dec 30 18:00 -> Jan 12 09:00) is no business time.
    (msk(2025, 12, 30, 18), msk(2026, 1, 12, 9), timedelta(0)),
    # Reversed ends give a negative result.
    (msk(2025, 3, 17, 10), msk(2025, 3, 14, 17), -2 * H),
    # The whole of 2025 is its 247 working days.
    (msk(2025, 1, 1), msk(2026, 1, 1), 247 * DAY),
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN_CASES)
def test_business_time_between_cases(start: datetime, end: datetime, expected: timedelta) -> None:
    assert CAL.business_time_between(start, end) == expected


def test_business_time_boundaries() -> None:
    assert CAL.is_business_time(msk(2025, 3, 3, 9))  # opening is in
    assert not CAL.is_business_time(msk(2025, 3, 3, 18))  # closing is out
    assert CAL.is_business_time(msk(2025, 3, 3, 18) - timedelta(microseconds=1))
    assert not CAL.is_business_time(msk(2025, 3, 8, 12))  # Saturday (and a holiday)
    assert CAL.is_business_time(msk(2025, 11, 1, 12))  # the working Saturday


def test_next_opening() -> None:
    inside = datetime(2025, 3, 3, 10, 15, tzinfo=BERLIN)
    assert CAL.next_opening(inside) == inside  # already open: itself, in UTC
    assert CAL.next_opening(inside).tzinfo is UTC
    assert CAL.next_opening(msk(2025, 3, 3, 18)) == msk(2025, 3, 4, 9)
    assert CAL.next_opening(msk(2025, 3, 3, 3)) == msk(2025, 3, 3, 9)
    assert CAL.next_opening(msk(2025, 12, 30, 18)) == msk(2026, 1, 12, 9)


def test_due_at_per_category() -> None:
    since = msk(2025, 3, 14, 15)  # Friday 15:00
    assert CAL.due_at(Category.CRITICAL, since) == msk(2025, 3, 14, 19)  # 4 h wall clock
    assert CAL.due_at(Category.CONFIGURATION, since) == msk(2025, 3, 17, 15)  # 3 h + 6 h
    assert CAL.due_at(Category.OTHER, since) == msk(2025, 3, 17, 15)
    assert CAL.due_at(Category.FEATURE_REQUEST, since) == msk(2025, 3, 18, 15)
    # Critical ignores the calendar entirely: a Saturday night during the holidays.
    assert CAL.due_at(Category.CRITICAL, msk(2026, 1, 3, 22)) == msk(2026, 1, 4, 2)


def test_critical_target_is_elapsed_time_across_a_dst_change() -> None:
    # 01:00 CEST on 26 Oct 2025 is 23:00 UTC the day before; 4 elapsed hours later is
    # 03:00 UTC = 04:00 CET. Wall-clock addition in Berlin would say 05:00 CET.
    since = datetime(2025, 10, 26, 1, tzinfo=BERLIN)
    due = CAL.due_at(Category.CRITICAL, since)
    assert due == datetime(2025, 10, 26, 3, tzinfo=UTC)
    assert due.tzinfo is UTC


def test_zero_and_negative_delta() -> None:
    saturday = datetime(2025, 3, 15, 12, tzinfo=BERLIN)
    assert CAL.add_business_time(saturday, timedelta(0)) == saturday
    with pytest.raises(ValueError, match="negative"):
        CAL.add_business_time(saturday, -H)


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2025, 3, 3, 10)
    aware = msk(2025, 3, 3, 10)
    calls: list[Callable[[], object]] = [
        lambda: CAL.is_business_time(naive),
        lambda: CAL.next_opening(naive),
        lambda: CAL.add_business_time(naive, H),
        lambda: CAL.business_time_between(naive, aware),
        lambda: CAL.business_time_between(aware, naive),
        lambda: CAL.due_at(Category.OTHER, naive),
        lambda: CAL.due_at(Category.CRITICAL, naive),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="naive"):
            call()
    with pytest.raises(TypeError):
        CAL.is_business_day(aware)


# --- the Russian calendar, as the holidays package has it ------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 5), False),  # New Year holidays
        (date(2026, 1, 9), False),  # transferred from Sat 3 Jan
        (date(2026, 1, 12), True),
        (date(2025, 12, 31), False),  # transferred from Sun 5 Jan 2025
        (date(2025, 11, 1), True),  # the working Saturday of 2025
        (date(2025, 11, 3), False),  # its day off
        (date(2025, 11, 4), False),  # Unity Day
        (date(2025, 5, 2), False),
        (date(2025, 5, 8), False),
        (date(2025, 6, 13), False),
        (date(2026, 3, 9), False),  # 8 March on a Sunday, observed on Monday
        (date(2026, 5, 11), False),  # 9 May on a Saturday, observed on Monday
        (date(2026, 6, 12), False),
        (date(2026, 11, 4), False),
        (date(2025, 3, 10), True),  # an ordinary Monday
        (date(2025, 3, 15), False),  # an ordinary Saturday
    ],
)
def test_russian_calendar(day: date, working: bool) -> None:
    assert CAL.is_business_day(day) is working


def test_working_saturday_comes_from_the_library() -> None:
    data = holidays.country_holidays("RU", years=2025)
    assert date(2025, 11, 1) in data.weekend_workdays
    assert CAL.is_business_day(date(2025, 11, 1))


@pytest.mark.parametrize(("year", "count"), [(2024, 248), (2025, 247), (2026, 247)])
def test_working_days_per_year_match_the_official_calendar(year: int, count: int) -> None:
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    start = date(year, 1, 1)
    assert sum(CAL.is_business_day(start + timedelta(n)) for n in range(days)) == count


def test_holidays_can_be_disabled() -> None:
    cal = BusinessCalendar(ServiceLevels(holiday_country=None))
    assert cal.is_business_day(date(2026, 1, 5))
    assert not cal.is_business_day(date(2025, 11, 1))  # a plain Saturday again


# --- a configured zone with DST ------------------------------------------------


def test_berlin_hours_follow_local_wall_clock_across_dst() -> None:
    # Fri 28 Mar 2025 17:00 CET (16:00 UTC) + 2 h: 1 h Friday, Mon 31 Mar 10:00 CEST.
    start = datetime(2025, 3, 28, 17, tzinfo=BERLIN)
    assert BERLIN_CAL.add_business_time(start, 2 * H) == datetime(2025, 3, 31, 8, tzinfo=UTC)
    # Fri 24 Oct 2025 17:00 CEST + 2 h: Mon 27 Oct 10:00 CET = 09:00 UTC.
    start = datetime(2025, 10, 24, 17, tzinfo=BERLIN)
    assert BERLIN_CAL.add_business_time(start, 2 * H) == datetime(2025, 10, 27, 9, tzinfo=UTC)
    # Opening is 09:00 local on both sides of the change.
    assert BERLIN_CAL.next_opening(datetime(2025, 3, 29, tzinfo=UTC)) == datetime(
        2025, 3, 31, 7, tzinfo=UTC
    )
    assert BERLIN_CAL.next_opening(datetime(2025, 10, 25, tzinfo=UTC)) == datetime(
        2025, 10, 27, 8, tzinfo=UTC
    )


def test_dst_change_inside_business_hours_counts_elapsed_time() -> None:
    # Hours 01:00-04:00 every day: on 30 Mar 2025 Berlin skips 02:00-03:00, so the day
    # holds 2 elapsed hours; on 26 Oct it repeats 02:00-03:00, so it holds 4.
    levels = ServiceLevels(
        timezone="Europe/Berlin",
        opens=time(1),
        closes=time(4),
        workdays=frozenset(range(7)),
        holiday_country=None,
    )
    cal = BusinessCalendar(levels)
    spring = datetime(2025, 3, 30, tzinfo=BERLIN)
    autumn = datetime(2025, 10, 26, tzinfo=BERLIN)
    assert cal.business_time_between(spring, spring + timedelta(hours=12)) == 2 * H
    assert cal.business_time_between(autumn, autumn + timedelta(hours=12)) == 4 * H
    assert cal.business_day == 3 * H


# --- settings --------------------------------------------------------------------


def test_default_targets() -> None:
    assert CAL.business_day == DAY
    assert CAL.target(Category.CRITICAL) == Target(4 * H, business=False)
    assert CAL.target(Category.CONFIGURATION) == Target(DAY, business=True)
    assert CAL.target(Category.FEATURE_REQUEST) == Target(2 * DAY, business=True)
    assert CAL.target(Category.OTHER) == Target(DAY, business=True)
    assert dict(DEFAULT_TARGETS) == dict(ServiceLevels().targets)
    assert hash(ServiceLevels()) == hash(ServiceLevels())


def test_default_business_targets_follow_configured_hours() -> None:
    cal = BusinessCalendar(ServiceLevels(opens=time(10), closes=time(16)))
    assert cal.business_day == 6 * H
    assert cal.target(Category.OTHER) == Target(6 * H, business=True)
    assert cal.target(Category.FEATURE_REQUEST) == Target(12 * H, business=True)
    assert cal.target(Category.CRITICAL) == Target(4 * H, business=False)
    # Tue 3 Mar 2025 15:00 + 6 h: 1 h, then Wed 10:00 + 5 h.
    assert cal.due_at(Category.OTHER, msk(2025, 3, 4, 15)) == msk(2025, 3, 5, 15)


def test_custom_targets_are_frozen_copies() -> None:
    mine = {c: Target(H, business=True) for c in Category}
    levels = ServiceLevels(targets=mine)
    mine[Category.OTHER] = Target(100 * H, business=True)
    assert levels.targets[Category.OTHER] == Target(H, business=True)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timezone": "Mars/Olympus"},
        {"opens": time(18), "closes": time(9)},
        {"opens": time(9), "closes": time(9)},
        {"opens": time(9, tzinfo=UTC)},
        {"workdays": frozenset()},
        {"workdays": frozenset({7})},
        {"targets": {Category.OTHER: Target(H, business=True)}},
        {"targets": {c: Target(timedelta(0), business=True) for c in Category}},
    ],
)
def test_invalid_settings(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ServiceLevels(**kwargs)  # type: ignore[arg-type]


def test_unknown_holiday_country() -> None:
    with pytest.raises(ValueError, match="holiday"):
        BusinessCalendar(ServiceLevels(holiday_country="XX"))


# --- properties ------------------------------------------------------------------

ZONES = st.sampled_from([UTC, MSK, BERLIN, NEW_YORK, KOLKATA])
INSTANTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=ZONES
)
DELTAS = st.timedeltas(min_value=timedelta(0), max_value=30 * DAY)
PROPS = settings(max_examples=300, deadline=None)


RU_DATA = holidays.country_holidays("RU", years=range(2023, 2029))


def reference_between(start: datetime, end: datetime) -> timedelta:
    """Slow oracle: walks local days, asks the holidays package about each one."""
    data = RU_DATA
    total = timedelta(0)
    day = start.astimezone(MSK).date() - timedelta(1)
    while day <= end.astimezone(MSK).date() + timedelta(1):
        if data.is_working_day(day):
            lo = max(start, datetime.combine(day, time(9), MSK))
            hi = min(end, datetime.combine(day, time(18), MSK))
            total += max(hi - lo, timedelta(0))
        day += timedelta(1)
    return total


@PROPS
@given(INSTANTS, INSTANTS)
def test_between_matches_a_day_walking_oracle(a: datetime, b: datetime) -> None:
    a, b = min(a, b), max(a, b)
    assert CAL.business_time_between(a, b) == reference_between(a, b)


@PROPS
@given(INSTANTS, DELTAS)
def test_add_then_measure_round_trips(start: datetime, delta: timedelta) -> None:
    for cal in (CAL, BERLIN_CAL):
        due = cal.add_business_time(start, delta)
        assert due.tzinfo is UTC
        assert due >= start
        assert cal.business_time_between(start, due) == delta


@PROPS
@given(INSTANTS, DELTAS.filter(bool))
def test_deadline_is_in_hours_or_exactly_at_closing(start: datetime, delta: timedelta) -> None:
    for cal in (CAL, BERLIN_CAL):
        due = cal.add_business_time(start, delta)
        just_before = due - timedelta(microseconds=1)
        # (opening, closing]: the microsecond before is always business time ...
        assert cal.is_business_time(just_before)
        # ... and it is the earliest such instant.
        assert cal.business_time_between(start, just_before) == delta - US
        if not cal.is_business_time(due):  # then exactly at a closing
            assert due.astimezone(ZoneInfo(cal.levels.timezone)).time() == time(18)


@PROPS
@given(INSTANTS, INSTANTS, DELTAS, DELTAS)
def test_add_is_monotonic(a: datetime, b: datetime, d1: timedelta, d2: timedelta) -> None:
    a, b = min(a, b), max(a, b)
    d1, d2 = min(d1, d2), max(d1, d2)
    assert CAL.add_business_time(a, d1) <= CAL.add_business_time(a, d2)
    assert CAL.add_business_time(a, d1) <= CAL.add_business_time(b, d1)


@PROPS
@given(INSTANTS, INSTANTS, INSTANTS)
def test_between_is_additive_and_bounded(a: datetime, b: datetime, c: datetime) -> None:
    ab, bc = CAL.business_time_between(a, b), CAL.business_time_between(b, c)
    assert ab + bc == CAL.business_time_between(a, c)
    assert CAL.business_time_between(b, a) == -ab
    lo, hi = min(a, b), max(a, b)
    assert timedelta(0) <= CAL.business_time_between(lo, hi) <= hi - lo


@PROPS
@given(INSTANTS)
def test_next_opening_is_the_first_business_instant(instant: datetime) -> None:
    for cal in (CAL, BERLIN_CAL):
        opening = cal.next_opening(instant)
        assert opening >= instant
        assert cal.is_business_time(opening)
        assert cal.business_time_between(instant, opening) == timedelta(0)
        assert cal.is_business_time(instant) == (opening == instant)
        local = opening.astimezone(ZoneInfo(cal.levels.timezone))
        assert local.time() == time(9) or opening == instant
