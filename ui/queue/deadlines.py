"""How much time is left before a ticket's response deadline, and how alarming that is.

The queue asks a ``DeadlineSource`` instead of subtracting datetimes itself, so the
countdown can be wall-clock (the default) or business time (``BusinessDeadlines``
over ``desk.sla.BusinessCalendar``) without the model or the delegate changing.
``due_at`` itself is an absolute instant stamped by the server, so *whether* a ticket
is overdue never depends on the source; only the amount shown does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NamedTuple, Protocol

# One rule for the whole app: amber below a quarter of the target or an hour.
from desk.client.deadlines import (
    DeadlineCalendar,
    DeadlineState,
    WarningCutoffs,
    deadline_state,
    state_for,
)
from desk.domain import Category, Ticket
from ui.formatting import format_time_left


class DeadlineSource(Protocol):
    def warning_cutoffs(self, now: datetime) -> Mapping[Category, datetime] | None:
        """Per category, the instant before which a deadline is in WARNING at ``now``;
        None when the source has no calendar (the queue then uses wall-clock spans)."""
        ...

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
    def warning_cutoffs(self, now: datetime) -> Mapping[Category, datetime] | None:
        return None

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


class BusinessDeadlines:
    """Business time left, per ``desk.sla``: a Friday-evening ticket due Monday 10:00
    shows one business hour, not sixty-four clock hours. Round-the-clock targets
    (critical) count clock time."""

    def __init__(self, calendar: DeadlineCalendar) -> None:
        self._calendar = calendar

    def warning_cutoffs(self, now: datetime) -> Mapping[Category, datetime] | None:
        # The same rule the status bar and the alerts use (desk.client.deadlines), so the
        # Breaching view, the amber cells and the counts never disagree.
        cutoffs = WarningCutoffs(now, self._calendar)
        return {category: cutoffs[category] for category in Category}

    def remaining(self, ticket: Ticket, now: datetime) -> timedelta | None:
        # The one computation of time left (desk.client.deadlines), as the alerts use it.
        deadline = deadline_state(ticket, now, self._calendar)
        return None if deadline.state is DeadlineState.NONE else deadline.remaining

    def target(self, ticket: Ticket) -> timedelta | None:
        if ticket.due_at is None:
            return None
        return self._calendar.target(ticket.category).amount


class DeadlineDisplay(NamedTuple):
    """What the deadline cell shows; compared between ticks to find cells to repaint."""

    text: str
    state: DeadlineState


def deadline_display(
    source: DeadlineSource, ticket: Ticket, now: datetime
) -> DeadlineDisplay | None:
    """The countdown of ``ticket`` as the queue's cell and the ticket header show it;
    None when nothing is due."""
    remaining = source.remaining(ticket, now)
    if remaining is None or ticket.is_done or ticket.due_at is None:
        return None
    state = state_for(remaining, source.target(ticket), breached=now >= ticket.due_at)
    return DeadlineDisplay(format_time_left(remaining), state)
