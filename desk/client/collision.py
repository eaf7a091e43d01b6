"""The collision guard: stop a reply that the thread has overtaken.

When the agent starts writing a reply, the guard remembers the newest message they
had seen. At send time (before anything is queued, so a reply is never sent twice)
``check`` looks at what arrived since:

- a customer's message blocks: the reply may no longer fit the question;
- a colleague's public reply blocks: two agents must not answer the customer at once;
- a colleague's internal note does not block on its own, but is listed with the rest
  when something else blocks (it often says "I've got this");
- the agent's own messages (another device, the outbox settling) never count.

The agent then either sends anyway (``acknowledge`` and send again) or edits first
(``acknowledge``): either way the same messages never stop them twice. Internal notes
being written are never checked: they do not reach the customer.

Qt-free; it reads messages through the small ``MessageSource`` protocol (the store).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from desk.client.api import ApiError
from desk.domain import Message, Role, User


class MessageSource(Protocol):
    def latest_message_id(self, ticket_id: int) -> int | None: ...

    def messages(
        self, ticket_id: int, limit: int = ..., before_id: int | None = ...
    ) -> list[Message]: ...


@dataclass(frozen=True)
class Collision:
    ticket_id: int
    messages: tuple[Message, ...]  # what blocks, oldest first
    notes: tuple[Message, ...] = ()  # colleagues' internal notes that arrived meanwhile

    @property
    def who(self) -> tuple[User, ...]:
        """The distinct authors of the blocking messages, in order of arrival."""
        seen: dict[int, User] = {}
        for m in self.messages:
            seen.setdefault(m.author.id, m.author)
        return tuple(seen.values())

    @property
    def last_id(self) -> int:
        return max(m.id for m in (*self.messages, *self.notes))

    @property
    def first_id(self) -> int:
        return min(m.id for m in self.messages)


def blocks(message: Message, me: User) -> bool:
    """Whether ``message``, arriving while ``me`` writes a reply, must stop the reply."""
    if message.author.id == me.id:
        return False
    if message.author.role is Role.CUSTOMER:
        return True
    return not message.internal


class CollisionGuard:
    def __init__(self, me: User, source: MessageSource, *, scan_limit: int = 400) -> None:
        self._me = me
        self._source = source
        self._scan_limit = scan_limit
        self._seen: dict[int, int] = {}  # ticket -> newest message id seen when writing began

    def start_composing(self, ticket_id: int) -> None:
        """The agent began writing (or came back to a draft): remember what they had seen.

        A reply already in progress keeps its first mark.
        """
        if ticket_id not in self._seen:
            self._seen[ticket_id] = self._source.latest_message_id(ticket_id) or 0

    def stop_composing(self, ticket_id: int) -> None:
        """The reply was queued, emptied or left behind: nothing is being written."""
        self._seen.pop(ticket_id, None)

    def is_composing(self, ticket_id: int) -> bool:
        return ticket_id in self._seen

    def seen_id(self, ticket_id: int) -> int | None:
        return self._seen.get(ticket_id)

    def check(self, ticket_id: int, *, internal: bool = False) -> Collision | None:
        """What arrived since writing began that should stop this reply, or None."""
        seen = self._seen.get(ticket_id)
        if internal or seen is None:
            return None
        latest = self._source.latest_message_id(ticket_id)
        if latest is None or latest <= seen:
            return None
        fresh = [
            m
            for m in self._source.messages(ticket_id, limit=self._scan_limit)
            if m.id > seen and m.author.id != self._me.id
        ]
        blocking = tuple(m for m in fresh if blocks(m, self._me))
        if not blocking:
            return None
        notes = tuple(m for m in fresh if not blocks(m, self._me))
        return Collision(ticket_id, blocking, notes)

    def acknowledge(self, collision: Collision) -> None:
        """The agent has seen these messages: they will not stop this reply again."""
        seen = self._seen.get(collision.ticket_id, 0)
        self._seen[collision.ticket_id] = max(seen, collision.last_id)


async def refresh_before_check(
    refresh: Callable[[int], Awaitable[int]], ticket_id: int, within: float = 2.0
) -> bool:
    """Fetch the thread's newest messages before ``check``, waiting at most ``within`` s.

    Narrows the race where a colleague's reply is on the server but its event has not
    reached us yet. Offline or slow, the check runs on what the store has (the send is
    queued either way): returns whether the refresh finished.
    """
    with contextlib.suppress(ApiError, TimeoutError):
        await asyncio.wait_for(refresh(ticket_id), within)
        return True
    return False
