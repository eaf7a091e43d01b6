"""Wake-ups of open event streams, on the server's event loop.

After a write commits, `EventHub.notify()` wakes every open stream; each then reads the
new rows of the event log (`desk.server.events.log`) for its own user. Presence
changes are pushed straight to the staff streams. Safe to call from worker threads.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any


class Subscription:
    """One open stream: woken by the hub, with the presence payloads queued for it."""

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
