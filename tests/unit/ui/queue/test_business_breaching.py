"""The Breaching view, its count and the amber cell agree on business time.

Friday 17:30 MSK, a configuration ticket due Monday 10:00 MSK: 64.5 clock hours left
but only 1.5 business hours (30 min on Friday, 1 h on Monday) of a 9-hour target, so
it is in WARNING on the business calendar and not on the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from desk.client.deadlines import DeadlineState
from desk.domain import Category, Ticket, WaitingOn
from desk.sla import BusinessCalendar
from tests.helpers.tickets import make_ticket
from ui.queue.deadlines import BusinessDeadlines
from ui.queue.filtering import QueueFilter, View
from ui.queue.model import TicketTableModel

from .conftest import FakeClock

FRIDAY_1730_MSK = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
MONDAY_1000_MSK = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def _friday_ticket() -> Ticket:
    return make_ticket(
        1,
        category=Category.CONFIGURATION,
        waiting_on=WaitingOn.TEAM,
        due_at=MONDAY_1000_MSK,
        created_at=datetime(2026, 11, 20, 7, 0, tzinfo=UTC),
        last_message_at=datetime(2026, 11, 20, 7, 0, tzinfo=UTC),
    )


def test_business_calendar_puts_a_friday_evening_ticket_in_breaching(
    make_model: Callable[..., TicketTableModel], clock: FakeClock
) -> None:
    clock.now = FRIDAY_1730_MSK
    model = make_model(deadlines=BusinessDeadlines(BusinessCalendar()))
    model.set_tickets([_friday_ticket()])
    assert model.counts()[View.BREACHING] == 1
    model.set_filter(QueueFilter(view=View.BREACHING))
    assert model.rowCount() == 1
    display = model.deadline_display(0)
    assert display is not None and display.state is DeadlineState.WARNING


def test_wall_clock_source_keeps_its_own_rule(
    make_model: Callable[..., TicketTableModel], clock: FakeClock
) -> None:
    clock.now = FRIDAY_1730_MSK
    model = make_model()  # WallClockDeadlines: 64.5 h of a 3-day span left
    model.set_tickets([_friday_ticket()])
    assert model.counts()[View.BREACHING] == 0
    display = model.deadline_display(0)
    assert display is not None and display.state is DeadlineState.OK
