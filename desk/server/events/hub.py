"""The change log behind GET /events, the in-process wake-up hub, and presence.

Writers append rows to `events` inside their transaction and, after commit, call
`EventHub.notify()`, which wakes every open stream on the event loop; streams then
read the new rows and render them for their own user. Presence is in memory only.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from desk.server.config import Settings
from desk.server.db.engine import WriteTx
from desk.server.db.models import Counter, Event, IdempotencyKey

# Check the retention window once the log has grown this far past it.
_TRIM_SLACK = 0.1
_AGE_CHECK_EVERY = 1000


def record(
    tx: WriteTx,
    *,
    kind: str,
    seq: int,
    ticket_id: int,
    now: datetime,
    message_id: int | None = None,
    staff_only: bool = False,
    user_id: int | None = None,
) -> None:
    tx.session.add(
        Event(
            seq=seq,
            kind=kind,
            ticket_id=ticket_id,
            message_id=message_id,
            staff_only=staff_only,
            user_id=user_id,
            created_at=now,
        )
    )


def maybe_trim(tx: WriteTx, settings: Settings, now: datetime) -> None:
    """Drop events outside the retention window (count and age); cheap when nothing to do."""
    counter = tx.session.get(Counter, 1)
    assert counter is not None
    keep = settings.event_retention_count
    over_count = counter.seq - counter.trimmed_through > keep + max(1, int(keep * _TRIM_SLACK))
    # The age limit is checked whenever a transaction crosses a multiple of 1000.
    first = tx.first_seq if tx.first_seq is not None else counter.seq
    crossed = (first - 1) // _AGE_CHECK_EVERY != counter.seq // _AGE_CHECK_EVERY
    if not over_count and not crossed:
        return
    through = max(counter.trimmed_through, counter.seq - keep)
    cutoff = now - settings.event_retention_age
    old = tx.session.execute(select(func.max(Event.seq)).where(Event.created_at < cutoff))
    through = max(through, old.scalar_one() or 0)
    if through > counter.trimmed_through:
        tx.session.execute(delete(Event).where(Event.seq <= through))
        counter.trimmed_through = through
    tx.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))


class Subscription:
    def __init__(self, staff: bool) -> None:
        self.staff = staff
        self.wake = asyncio.Event()
        self.presence: deque[dict[str, Any]] = deque(maxlen=1000)


class EventHub:
    """Wakes streams on the server's event loop; safe to call from worker threads."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subs: set[Subscription] = set()
        self.closed = False

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.closed = False

    def subscribe(self, staff: bool) -> Subscription:
        sub = Subscription(staff)
        self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self._subs.discard(sub)

    @property
    def subscriber_count(self) -> int:
        return len(self._subs)

    def _call(self, fn: Any, *args: Any) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            fn(*args)
            return
        with contextlib.suppress(RuntimeError):  # the loop closed since the check
            loop.call_soon_threadsafe(fn, *args)

    def notify(self, _seq: int = 0) -> None:
        self._call(self._wake_all)

    def publish_presence(self, payload: dict[str, Any]) -> None:
        self._call(self._push_presence, payload)

    def close(self) -> None:
        """Ends every stream (server shutdown)."""
        self.closed = True
        self._call(self._wake_all)

    def _wake_all(self) -> None:
        for sub in self._subs:
            sub.wake.set()

    def _push_presence(self, payload: dict[str, Any]) -> None:
        for sub in self._subs:
            if sub.staff:
                sub.presence.append(payload)
                sub.wake.set()


@dataclass(frozen=True)
class _Presence:
    payload: dict[str, Any]
    expires_at: datetime


class PresenceBoard:
    """Who is viewing or typing where; entries lapse after the presence TTL."""

    def __init__(self, ttl: timedelta) -> None:
        self._ttl = ttl
        self._entries: dict[tuple[int, int], _Presence] = {}
        self._lock = threading.Lock()

    def update(
        self, ticket_id: int, agent: dict[str, Any], state: str, now: datetime
    ) -> dict[str, Any]:
        expires_at = now if state == "left" else now + self._ttl
        payload = {
            "ticket_id": ticket_id,
            "agent": agent,
            "state": state,
            "expires_at": expires_at,
        }
        with self._lock:
            key = (ticket_id, int(agent["id"]))
            if state == "left":
                self._entries.pop(key, None)
            else:
                self._entries[key] = _Presence(payload, expires_at)
        return payload

    def active(self, now: datetime) -> list[dict[str, Any]]:
        with self._lock:
            for key in [k for k, v in self._entries.items() if v.expires_at <= now]:
                del self._entries[key]
            return [entry.payload for entry in self._entries.values()]
