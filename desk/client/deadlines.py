"""The response-deadline state of a ticket: how much time is left and how alarming it is.

Qt-free and text-free: the queue, the ticket header and the alert engine take the
numbers from here and word them themselves.

Rules (``ui.queue.deadlines`` counts with the same ones, so every view agrees):
- No deadline (``due_at`` is null, or the ticket is done): state NONE.
- Breached once the wall clock reaches ``due_at``. ``due_at`` is an absolute instant
  stamped by the server, so *whether* a ticket is overdue never depends on units.
- Before that, the time left is counted in the unit of the ticket's target: business
  time for business-day targets (a Friday-evening ticket due Monday 10:00 has one
  hour left, not 64), clock time for the round-the-clock critical target.
- Overdue time is counted on the clock, as the customer waiting feels it.
- WARNING when less than a quarter of the target or less than one hour is left,
  whichever threshold is larger.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from desk.domain import Category, Status, Ticket
from desk.sla import WARNING_FLOOR, WARNING_FRACTION, warning_threshold

__all__ = [
    "NO_DEADLINE",
    "WARNING_FLOOR",
    "WARNING_FRACTION",
    "Deadline",
    "DeadlineCalendar",
    "DeadlineState",
    "WarningCutoffs",
    "breach_counts",
    "deadline_state",
    "state_for",
    "warning_threshold",
]

_CLOCK_DAY = timedelta(days=1)
_ZERO = timedelta(0)


class DeadlineState(enum.StrEnum):
    """The one deadline state of the app, from the alert engine to the painted cell."""

    NONE = "none"
    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"


class _Target(Protocol):
    @property
    def amount(self) -> timedelta: ...
    @property
    def business(self) -> bool: ...


class DeadlineCalendar(Protocol):
    """What this module needs of ``desk.sla.BusinessCalendar``."""

    @property
    def business_day(self) -> timedelta: ...
    def target(self, category: Category) -> _Target: ...
    def business_time_between(self, start: datetime, end: datetime) -> timedelta: ...
    def add_business_time(self, start: datetime, delta: timedelta) -> datetime: ...


@dataclass(frozen=True, slots=True)
class Deadline:
    """Where a ticket stands against its response deadline.

    ``remaining`` is negative when overdue and zero when there is no deadline.
    ``business_time`` says which unit ``remaining`` is in; ``day`` is the length of
    one "day" in that unit (a business day, or 24 hours), for texts like
    "1d 3h left (business time)". ``target`` is the full time the team had, in the
    same unit as a business-time ``remaining``. ``fraction_left`` is
    ``remaining / target`` clamped to 0..1 (0 when breached, 1 when there is none).
    """

    state: DeadlineState
    due_at: datetime | None
    remaining: timedelta
    business_time: bool
    target: timedelta | None
    fraction_left: float
    day: timedelta = _CLOCK_DAY

    @property
    def overdue(self) -> timedelta:
        """How long past the deadline (clock time); zero when not breached."""
        return -self.remaining if self.remaining < _ZERO else _ZERO

    def parts(self) -> tuple[int, int, int]:
        """Whole days (of ``day`` length), hours and minutes of ``abs(remaining)``.

        Rounded down, so a countdown never shows more time than is left.
        """
        total_minutes = int(abs(self.remaining).total_seconds()) // 60
        day_minutes = max(int(self.day.total_seconds()) // 60, 1)
        days, rest = divmod(total_minutes, day_minutes)
        hours, minutes = divmod(rest, 60)
        return days, hours, minutes


NO_DEADLINE = Deadline(DeadlineState.NONE, None, _ZERO, False, None, 1.0)


def state_for(remaining: timedelta, target: timedelta | None, *, breached: bool) -> DeadlineState:
    """The state of a deadline with ``remaining`` left of a ``target`` (None when unknown:
    only the one-hour floor applies). ``breached`` is whether the clock reached ``due_at``:
    zero business time left at night is a warning, not a breach."""
    if breached:
        return DeadlineState.BREACHED
    threshold = WARNING_FLOOR if target is None else warning_threshold(target)
    return DeadlineState.WARNING if remaining < threshold else DeadlineState.OK


def deadline_state(ticket: Ticket, now: datetime, calendar: DeadlineCalendar) -> Deadline:
    """The deadline of ``ticket`` at ``now`` (an aware datetime)."""
    due = ticket.due_at
    if due is None or ticket.status is Status.DONE:
        return NO_DEADLINE
    target = calendar.target(ticket.category)
    if now >= due:
        return Deadline(DeadlineState.BREACHED, due, due - now, False, target.amount, 0.0)
    if target.business:
        remaining = calendar.business_time_between(now, due)
        day = calendar.business_day
    else:
        remaining = due - now
        day = _CLOCK_DAY
    fraction = min(max(remaining / target.amount, 0.0), 1.0)
    state = state_for(remaining, target.amount, breached=False)
    return Deadline(state, due, remaining, target.business, target.amount, fraction, day)


class WarningCutoffs:
    """Per category, the instant before which a deadline is already in WARNING at ``now``.

    Business time to a deadline grows with the deadline, so "less than the threshold
    of business time is left" is the same as "the deadline is earlier than ``now`` plus
    the threshold in business time" — one calendar lookup per category instead of one
    per ticket.
    """

    def __init__(self, now: datetime, calendar: DeadlineCalendar) -> None:
        self._now = now
        self._calendar = calendar
        self._cutoffs: dict[Category, datetime] = {}

    def __getitem__(self, category: Category) -> datetime:
        cutoff = self._cutoffs.get(category)
        if cutoff is None:
            target = self._calendar.target(category)
            threshold = warning_threshold(target.amount)
            if target.business:
                cutoff = self._calendar.add_business_time(self._now, threshold)
            else:
                cutoff = self._now + threshold
            self._cutoffs[category] = cutoff
        return cutoff


def breach_counts(
    tickets: Iterable[Ticket], now: datetime, calendar: DeadlineCalendar
) -> tuple[int, int]:
    """(breached, due soon = in WARNING) over ``tickets``; agrees with :func:`deadline_state`."""
    cutoffs = WarningCutoffs(now, calendar)
    breached = soon = 0
    done = Status.DONE
    for ticket in tickets:
        due = ticket.due_at
        if due is None or ticket.status is done:
            continue
        if due <= now:
            breached += 1
        elif due < cutoffs[ticket.category]:
            soon += 1
    return breached, soon
