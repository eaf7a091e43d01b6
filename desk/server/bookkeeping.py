"""Ticket bookkeeping: the fields a ticket derives from what happens to it.

A posted message moves the counters, the last-message time and preview (the staff view
and, unless it is an internal note, the public view), who the ticket waits on and the
reply deadline; any change gives the ticket a new `seq` and `updated_at`; closing ends
the wait. Each rule is a pure function of the ticket's current fields that returns the
new ones, so the write paths (`messages.add_message`, `messages.touch`,
`tickets.close_ticket`) and the demo's batched loader (`desk.demo.seeding`) apply the
same rules, one with the ORM and a flush per row, the other on rows kept in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypedDict

from desk.domain import Category, Status, WaitingOn, preview_of
from desk.server.db.models import Ticket
from desk.sla import BusinessCalendar


class TicketFields(TypedDict, total=False):
    """New values for some of a ticket's columns."""

    status: str
    waiting_on: str | None
    owing_since: datetime | None
    due_at: datetime | None
    closed_at: datetime | None
    version: int
    seq: int
    updated_at: datetime
    message_count: int
    last_message_at: datetime | None
    last_message_preview: str
    public_seq: int
    public_updated_at: datetime
    public_message_count: int
    public_last_message_at: datetime | None
    public_last_message_preview: str


def after_message(
    ticket: Ticket,
    *,
    body: str,
    filenames: Iterable[str],
    internal: bool,
    from_customer: bool,
    at: datetime,
    calendar: BusinessCalendar,
) -> TicketFields:
    """What a message posted at `at` changes on its ticket (`after_change` comes next)."""
    # An attachment-only message previews as its file names.
    preview = preview_of(body if body.strip() else ", ".join(filenames))
    fields = TicketFields(
        message_count=ticket.message_count + 1, last_message_at=at, last_message_preview=preview
    )
    if internal:
        return fields  # customers never learn of a note, so nothing they see moves
    fields["public_message_count"] = ticket.public_message_count + 1
    fields["public_last_message_at"] = at
    fields["public_last_message_preview"] = preview
    if from_customer:
        # The team owes a reply from now on; every customer message restarts the clock.
        fields["waiting_on"] = WaitingOn.TEAM
        fields["owing_since"] = at
        fields["due_at"] = calendar.due_at(Category(ticket.category), at)
    else:
        fields["waiting_on"] = WaitingOn.CUSTOMER
        fields["owing_since"] = None
        fields["due_at"] = None
    fields["version"] = ticket.version + 1
    return fields


def after_change(seq: int, at: datetime, *, public: bool) -> TicketFields:
    """A change numbered `seq`; `public` when the customer's view changed too."""
    fields = TicketFields(seq=seq, updated_at=at)
    if public:
        fields["public_seq"] = seq
        fields["public_updated_at"] = at
    return fields


def after_close(ticket: Ticket, at: datetime) -> TicketFields:
    """Closing: final, nobody owes anything any more (`after_change` comes next)."""
    return TicketFields(
        status=Status.DONE,
        waiting_on=None,
        owing_since=None,
        due_at=None,
        closed_at=at,
        version=ticket.version + 1,
    )


def apply(ticket: Ticket, fields: TicketFields) -> None:
    for name, value in fields.items():
        setattr(ticket, name, value)
