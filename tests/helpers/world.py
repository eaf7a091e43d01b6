"""A tiny simulated helpdesk: the server's rules on a fake clock.

``World`` evolves tickets the way ``docs/api.md`` says the server does (seq,
waiting_on, due_at, the viewer's unread count) for the signed-in ``ME``, so tests
read like what people do.
"""

from __future__ import annotations

from typing import Any

import msgspec

from desk.domain import Message, Status, Ticket, User, WaitingOn, preview_of
from desk.sla import BusinessCalendar

from .clock import Clock
from .messages import make_message
from .people import CUSTOMER, ME
from .tickets import make_ticket

CAL = BusinessCalendar()


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
        message = make_message(
            self.message_id,
            body,
            ticket_id=tid,
            author=author,
            internal=internal,
            created_at=self.clock.now,
            seq=self._next_seq(),
        )
        self.messages.append(message)
        return message

    def new(self, tid: int, title: str = "Bot does not answer", **fields: Any) -> Ticket:
        """A customer opens a ticket (its body is the first message)."""
        now = self.clock.now
        body = fields.pop("body", "Hello, our bot stopped answering after the update.")
        self._message(tid, CUSTOMER, body)
        ticket = make_ticket(
            tid,
            title=title,
            customer=CUSTOMER,
            assignee=fields.pop("assignee", None),
            created_at=now,
            updated_at=now,
            last_message_at=now,
            last_message_preview=preview_of(body),
            message_count=1,
            unread_count=1,
            seq=self._next_seq(),
        )
        priority = fields.pop("priority", ticket.priority)
        category = fields.pop("category", ticket.category)
        ticket = msgspec.structs.replace(
            ticket,
            priority=priority,
            category=category,
            due_at=CAL.due_at(category, now),
            **fields,
        )
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
