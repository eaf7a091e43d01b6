"""A tiny simulated helpdesk for the alert tests: the server's rules on a fake clock.

``World`` evolves tickets the way ``API.md`` says the server does (seq, waiting_on,
due_at, the viewer's unread count), so the tests read like what people do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from desk.client.alerts.engine import AlertEngine, AlertSettings
from desk.domain import (
    Category,
    Message,
    Priority,
    Role,
    Status,
    Ticket,
    User,
    WaitingOn,
    default_category,
    default_priority,
    is_urgent_title,
    preview_of,
)
from desk.sla import BusinessCalendar

MSK = ZoneInfo("Europe/Moscow")
CAL = BusinessCalendar()

ME = User(id=900, name="Anna Smirnova", email="anna@desk.example", role=Role.AGENT)
COLLEAGUE = User(id=901, name="Dmitry Volkov", email="dmitry@desk.example", role=Role.AGENT)
CUSTOMER = User(id=1, name="Ivan Petrov", email="ivan@romashka.ru", role=Role.CUSTOMER)


def msk(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """March 2026 in Moscow: Tue 10, Fri 13, Sat 14, Sun 15, Mon 16; Mon 9 is a holiday."""
    return datetime(2026, month, day, hour, minute, tzinfo=MSK)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, now: datetime) -> datetime:
        self.now = now
        return now


class World:
    """Tickets as the server would send them to ``ME``."""

    def __init__(self, clock: Clock, first_seq: int = 100) -> None:
        self.clock = clock
        self.seq = first_seq
        self.message_id = 5000
        self.tickets: dict[int, Ticket] = {}
        self.messages: list[Message] = []

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def _message(self, tid: int, author: User, body: str, internal: bool = False) -> Message:
        self.message_id += 1
        message = Message(
            id=self.message_id,
            ticket_id=tid,
            author=author,
            body=body,
            internal=internal,
            attachments=[],
            created_at=self.clock.now,
            client_id=None,
            seq=self._next_seq(),
        )
        self.messages.append(message)
        return message

    def new(self, tid: int, title: str = "Bot does not answer", **fields: Any) -> Ticket:
        """A customer opens a ticket (its body is the first message)."""
        now = self.clock.now
        body = fields.pop("body", "Hello, our bot stopped answering after the update.")
        self._message(tid, CUSTOMER, body)
        urgent = is_urgent_title(title)
        category = fields.pop("category", default_category(urgent))
        ticket = Ticket(
            id=tid,
            title=title,
            status=Status.ON_CUSTOMER,
            waiting_on=WaitingOn.TEAM,
            urgent=urgent,
            priority=fields.pop("priority", default_priority(urgent)),
            category=category,
            customer=CUSTOMER,
            assignee=fields.pop("assignee", None),
            created_at=now,
            updated_at=now,
            closed_at=None,
            last_message_at=now,
            last_message_preview=preview_of(body),
            message_count=1,
            unread_count=1,
            due_at=CAL.due_at(category, now),
            version=1,
            seq=self._next_seq(),
        )
        ticket = msgspec.structs.replace(ticket, **fields)
        self.tickets[tid] = ticket
        return ticket

    def _update(self, tid: int, **fields: Any) -> Ticket:
        old = self.tickets[tid]
        fields.setdefault("seq", self._next_seq())
        fields.setdefault("updated_at", self.clock.now)
        ticket = msgspec.structs.replace(old, version=old.version + 1, **fields)
        self.tickets[tid] = ticket
        return ticket

    def customer_writes(self, tid: int, body: str = "Any news? It is still broken.") -> Ticket:
        old = self.tickets[tid]
        self._message(tid, CUSTOMER, body)
        now = self.clock.now
        return self._update(
            tid,
            waiting_on=WaitingOn.TEAM,
            due_at=CAL.due_at(old.category, now),
            message_count=old.message_count + 1,
            unread_count=old.unread_count + 1,
            last_message_at=now,
            last_message_preview=preview_of(body),
        )

    def staff_writes(
        self, tid: int, by: User = ME, *, internal: bool = False, body: str = "On it."
    ) -> Ticket:
        old = self.tickets[tid]
        self._message(tid, by, body, internal)
        changes: dict[str, Any] = {
            "message_count": old.message_count + 1,
            "last_message_at": self.clock.now,
            "last_message_preview": preview_of(body),
        }
        if not internal:
            changes.update(waiting_on=WaitingOn.CUSTOMER, due_at=None)
        if by == ME:  # writing marks everything before as read for the author
            changes["unread_count"] = 0
        return self._update(tid, **changes)

    def assign(self, tid: int, user: User | None) -> Ticket:
        return self._update(tid, assignee=user)

    def set_fields(self, tid: int, **fields: Any) -> Ticket:
        return self._update(tid, **fields)

    def close(self, tid: int) -> Ticket:
        now = self.clock.now
        return self._update(
            tid, status=Status.DONE, waiting_on=None, due_at=None, closed_at=now, unread_count=0
        )

    def read(self, tid: int) -> Ticket:
        """I read it: a private event; the ticket's seq is unchanged."""
        old = self.tickets[tid]
        ticket = msgspec.structs.replace(old, unread_count=0)
        self.tickets[tid] = ticket
        return ticket

    def last_message(self) -> Message:
        return self.messages[-1]


def engine_at(clock: Clock, **kwargs: Any) -> AlertEngine:
    settings = kwargs.pop("settings", AlertSettings())
    return AlertEngine(ME, CAL, clock=clock, settings=settings, **kwargs)


__all__ = [
    "CAL",
    "COLLEAGUE",
    "CUSTOMER",
    "ME",
    "MSK",
    "Category",
    "Clock",
    "Priority",
    "World",
    "engine_at",
    "msk",
]
