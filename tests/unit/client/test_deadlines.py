"""Deadline state: units, thresholds, boundaries, and breach_counts agreeing with it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import msgspec
import pytest

from desk.client.deadlines import (
    NO_DEADLINE,
    DeadlineState,
    breach_counts,
    deadline_state,
    warning_threshold,
)
from desk.domain import Category, Status, Ticket, WaitingOn
from desk.sla import BusinessCalendar, ServiceLevels, Target
from tests.helpers.clock import Clock, msk
from tests.helpers.world import CAL, World

H = timedelta(hours=1)
M = timedelta(minutes=1)
TUESDAY_NOON = msk(10, 12)


def ticket(category: Category, due_at: datetime | None, **fields: object) -> Ticket:
    base = World(Clock(TUESDAY_NOON)).new(1, category=category)
    return msgspec.structs.replace(base, due_at=due_at, **fields)


def test_no_deadline_when_nothing_is_due_or_the_ticket_is_done() -> None:
    assert deadline_state(ticket(Category.OTHER, None), TUESDAY_NOON, CAL) is NO_DEADLINE
    done = ticket(Category.OTHER, TUESDAY_NOON + H, status=Status.DONE, waiting_on=None)
    assert deadline_state(done, TUESDAY_NOON, CAL).state is DeadlineState.NONE
    assert NO_DEADLINE.remaining == timedelta(0) and NO_DEADLINE.fraction_left == 1.0


def test_the_critical_target_counts_clock_time() -> None:
    d = deadline_state(ticket(Category.CRITICAL, msk(10, 14, 15)), TUESDAY_NOON, CAL)
    assert (d.state, d.remaining, d.business_time) == (DeadlineState.OK, 2 * H + 15 * M, False)
    assert d.parts() == (0, 2, 15) and d.fraction_left == pytest.approx(2.25 / 4)
    assert d.due_at == msk(10, 14, 15) and d.target == 4 * H


def test_a_business_day_target_counts_business_time_over_the_weekend() -> None:
    # Friday 17:00, due Monday 10:00: 1 h on Friday and 1 h on Monday, not 65 h.
    d = deadline_state(ticket(Category.OTHER, msk(16, 10)), msk(13, 17), CAL)
    assert (d.remaining, d.business_time, d.day) == (2 * H, True, 9 * H)
    assert d.state is DeadlineState.WARNING  # under a quarter of the 9 h day


def test_days_are_business_days_for_business_time() -> None:
    # Feature requests have 2 business days; 12 business hours left = 1 d 3 h.
    d = deadline_state(ticket(Category.FEATURE_REQUEST, msk(11, 15)), TUESDAY_NOON, CAL)
    assert d.remaining == 12 * H and d.parts() == (1, 3, 0)
    assert d.fraction_left == pytest.approx(12 / 18) and d.state is DeadlineState.OK


def test_breached_at_the_deadline_and_overdue_on_the_clock() -> None:
    due = msk(13, 18)  # a business-day deadline that landed on Friday's closing
    assert deadline_state(ticket(Category.OTHER, due), due, CAL).state is DeadlineState.BREACHED
    d = deadline_state(ticket(Category.OTHER, due), msk(13, 18, 35), CAL)
    assert (d.state, d.remaining, d.overdue, d.business_time) == (
        DeadlineState.BREACHED,
        -35 * M,
        35 * M,
        False,
    )
    assert d.parts() == (0, 0, 35) and d.fraction_left == 0.0
    # Monday morning it is 2 days 15 hours overdue, as the customer feels it.
    assert deadline_state(ticket(Category.OTHER, due), msk(16, 9), CAL).parts() == (2, 15, 0)


@pytest.mark.parametrize(
    ("category", "threshold"),
    [
        (Category.CRITICAL, H),  # a quarter of 4 h
        (Category.OTHER, 2 * H + 15 * M),  # a quarter of 9 business hours
        (Category.FEATURE_REQUEST, 4 * H + 30 * M),
    ],
)
def test_warning_starts_under_a_quarter_of_the_target(
    category: Category, threshold: timedelta
) -> None:
    assert warning_threshold(CAL.target(category).amount) == threshold
    due = CAL.add_business_time(TUESDAY_NOON, threshold)
    if not CAL.target(category).business:
        due = TUESDAY_NOON + threshold
    at_threshold = deadline_state(ticket(category, due), TUESDAY_NOON, CAL)
    assert at_threshold.state is DeadlineState.OK
    just_under = deadline_state(
        ticket(category, due - timedelta(microseconds=1)), TUESDAY_NOON, CAL
    )
    assert just_under.state is DeadlineState.WARNING


def test_warning_has_a_one_hour_floor() -> None:
    levels = ServiceLevels(
        targets={
            **{c: Target(9 * H, True) for c in Category},
            Category.CRITICAL: Target(2 * H, False),
        }
    )
    calendar = BusinessCalendar(levels)
    assert warning_threshold(2 * H) == H
    d = deadline_state(ticket(Category.CRITICAL, TUESDAY_NOON + 59 * M), TUESDAY_NOON, calendar)
    assert d.state is DeadlineState.WARNING and d.fraction_left == pytest.approx(59 / 120)


def test_a_deadline_further_than_the_target_is_fully_left() -> None:
    d = deadline_state(ticket(Category.CRITICAL, TUESDAY_NOON + 6 * H), TUESDAY_NOON, CAL)
    assert d.fraction_left == 1.0 and d.state is DeadlineState.OK


def test_states_match_the_ticket_headers_states() -> None:
    assert [s.value for s in DeadlineState] == ["none", "ok", "warning", "breached"]


def test_breach_counts_agree_with_deadline_state() -> None:
    rng = random.Random(20260310)
    base = World(Clock(TUESDAY_NOON)).new(1)
    start = msk(2, 0)  # covers a holiday (9 March) and two weekends
    tickets: list[Ticket] = []
    for i in range(3000):
        due = start + timedelta(minutes=rng.randrange(0, 21 * 24 * 60))
        category = rng.choice(list(Category))
        fields: dict[str, object] = {"id": i, "category": category, "due_at": due}
        if i % 17 == 0:
            fields.update(status=Status.DONE, waiting_on=None)
        elif i % 13 == 0:
            fields.update(due_at=None, waiting_on=WaitingOn.CUSTOMER)
        tickets.append(msgspec.structs.replace(base, **fields))
    nows = [start + timedelta(minutes=rng.randrange(0, 21 * 24 * 60)) for _ in range(40)]
    nows += [msk(13, 18), msk(16, 9), msk(9, 12)]
    for now in nows:
        states = [deadline_state(t, now, CAL).state for t in tickets]
        expected = (states.count(DeadlineState.BREACHED), states.count(DeadlineState.WARNING))
        assert breach_counts(tickets, now, CAL) == expected, now
