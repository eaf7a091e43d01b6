"""How much time is left before a ticket's response deadline, and how alarming that is.

The queue asks a ``DeadlineSource`` instead of subtracting datetimes itself, so the
countdown can be wall-clock (the default) or business time (``BusinessDeadlines``
over ``desk.sla.BusinessCalendar``) without the model or the delegate changing.
``due_at`` itself is an absolute instant stamped by the server, so *whether* a ticket
is overdue never depends on the source; only the amount shown does.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import NamedTuple, Protocol

from desk.domain import Category, Ticket

WARNING_FRACTION = 0.25  # amber when less than a quarter of the target is left
WARNING_FLOOR = timedelta(hours=1)  # ... or less than an hour, whichever is larger


class DeadlineState(enum.IntEnum):
    OK = 0
    WARNING = 1
    OVERDUE = 2


class DeadlineSource(Protocol):
    def remaining(self, ticket: Ticket, now: datetime) -> timedelta | None:
        """Time left to reply; negative when overdue; None when nothing is due."""
        ...

    def target(self, ticket: Ticket) -> timedelta | None:
        """The full time the team had for this reply, for the 25% warning; None if unknown."""
        ...


def owed_since(ticket: Ticket) -> datetime:
    """When the team started owing the reply: the customer's last message, as best known."""
    return ticket.last_message_at or ticket.updated_at


class WallClockDeadlines:
    """Plain clock time to ``due_at``; the target is the span from the customer's message."""

    def remaining(self, ticket: Ticket, now: datetime) -> timedelta | None:
        if ticket.due_at is None or ticket.is_done:
            return None
        return ticket.due_at - now

    def target(self, ticket: Ticket) -> timedelta | None:
        if ticket.due_at is None:
            return None
        span = ticket.due_at - owed_since(ticket)
        return span if span > timedelta(0) else None


class _Target(Protocol):
    @property
    def amount(self) -> timedelta: ...
    @property
    def business(self) -> bool: ...


class _Calendar(Protocol):
    def target(self, category: Category) -> _Target: ...
    def business_time_between(self, start: datetime, end: datetime) -> timedelta: ...


class BusinessDeadlines:
    """Business time left, per ``desk.sla``: a Friday-evening ticket due Monday 10:00
    shows one business hour, not sixty-four clock hours. Round-the-clock targets
    (critical) count clock time."""

    def __init__(self, calendar: _Calendar) -> None:
        self._calendar = calendar

    def remaining(self, ticket: Ticket, now: datetime) -> timedelta | None:
        due = ticket.due_at
        if due is None or ticket.is_done:
            return None
        if now >= due or not self._calendar.target(ticket.category).business:
            return due - now  # overdue is measured on the clock, as the customer feels it
        return self._calendar.business_time_between(now, due)

    def target(self, ticket: Ticket) -> timedelta | None:
        if ticket.due_at is None:
            return None
        return self._calendar.target(ticket.category).amount


def deadline_state(remaining: timedelta, target: timedelta | None) -> DeadlineState:
    if remaining <= timedelta(0):
        return DeadlineState.OVERDUE
    threshold = WARNING_FLOOR
    if target is not None:
        threshold = max(threshold, target * WARNING_FRACTION)
    return DeadlineState.WARNING if remaining < threshold else DeadlineState.OK


class DeadlineDisplay(NamedTuple):
    """What the deadline cell shows; compared between ticks to find cells to repaint."""

    text: str
    state: DeadlineState
