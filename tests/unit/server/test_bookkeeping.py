"""The ticket bookkeeping rules on their own, without a database: what a posted message,
a change and closing do to a ticket's fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desk.domain import Category, Status, WaitingOn
from desk.server import bookkeeping
from desk.server.db.models import Ticket
from desk.server.schemas import TicketCreateIn
from desk.server.tickets import new_ticket_row
from desk.sla import BusinessCalendar

OPENED = datetime(2025, 3, 19, 12, 0, tzinfo=UTC)
CALENDAR = BusinessCalendar()


@pytest.fixture
def ticket() -> Ticket:
    return new_ticket_row(TicketCreateIn(title="Printer offline", body="x"), 7, OPENED)


def post(ticket: Ticket, body: str, *, internal: bool = False, from_customer: bool = True,
         filenames: tuple[str, ...] = (), minutes: int = 5) -> datetime:  # fmt: skip
    at = OPENED + timedelta(minutes=minutes)
    fields = bookkeeping.after_message(ticket, body=body, filenames=filenames,
                                       internal=internal, from_customer=from_customer, at=at,
                                       calendar=CALENDAR)  # fmt: skip
    bookkeeping.apply(ticket, fields)
    return at


def test_a_customer_message_makes_the_team_owe_a_reply(ticket: Ticket) -> None:
    at = post(ticket, "  It is   offline again ")
    assert ticket.waiting_on == WaitingOn.TEAM and ticket.owing_since == at
    assert ticket.due_at == CALENDAR.due_at(Category(ticket.category), at)
    assert (ticket.message_count, ticket.public_message_count, ticket.version) == (1, 1, 2)
    assert ticket.last_message_preview == ticket.public_last_message_preview
    assert ticket.last_message_preview == "It is offline again"
    assert ticket.last_message_at == ticket.public_last_message_at == at


def test_a_staff_reply_waits_on_the_customer(ticket: Ticket) -> None:
    post(ticket, "Help!")
    post(ticket, "On it", from_customer=False, minutes=9)
    assert ticket.waiting_on == WaitingOn.CUSTOMER
    assert ticket.owing_since is None and ticket.due_at is None


def test_an_internal_note_moves_only_the_staff_view(ticket: Ticket) -> None:
    customer_at = post(ticket, "Help!")
    before = (ticket.waiting_on, ticket.due_at, ticket.version)
    note_at = post(ticket, "Check the toner", internal=True, from_customer=False, minutes=20)
    assert (ticket.message_count, ticket.public_message_count) == (2, 1)
    assert ticket.last_message_at == note_at and ticket.public_last_message_at == customer_at
    assert ticket.public_last_message_preview == "Help!"
    assert (ticket.waiting_on, ticket.due_at, ticket.version) == before


def test_an_attachment_only_message_previews_its_file_names(ticket: Ticket) -> None:
    post(ticket, " \n", filenames=("shot.png", "log.txt"))
    assert ticket.last_message_preview == "shot.png, log.txt"


def test_a_change_moves_the_public_view_only_when_public(ticket: Ticket) -> None:
    later = OPENED + timedelta(hours=1)
    bookkeeping.apply(ticket, bookkeeping.after_change(41, later, public=False))
    assert (ticket.seq, ticket.updated_at) == (41, later)
    assert (ticket.public_seq, ticket.public_updated_at) == (0, OPENED)
    bookkeeping.apply(ticket, bookkeeping.after_change(42, later, public=True))
    assert (ticket.public_seq, ticket.public_updated_at) == (42, later)


def test_closing_ends_the_wait(ticket: Ticket) -> None:
    post(ticket, "Help!")
    closed = OPENED + timedelta(days=1)
    bookkeeping.apply(ticket, bookkeeping.after_close(ticket, closed))
    assert ticket.status == Status.DONE and ticket.closed_at == closed
    assert ticket.waiting_on is None and ticket.owing_since is None and ticket.due_at is None
    assert ticket.version == 3
