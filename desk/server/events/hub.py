"""Wake-ups of open event streams, on the server's event loop.

After a write commits, `EventHub.notify()` records the new head of the event log and,
a moment later, starts loading the new events as one shared, once-rendered wave
(`prepare`, wired to `desk.server.events.streaming.WaveCache`); when it is loaded
every open stream is woken and takes its part of it without a load of its own. Presence
changes are pushed straight to the staff streams. A stream whose token stops working
is ended (`end_token`, `end`), and `close()` ends them all at shutdown. Safe to call
from worker threads.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from desk.server.viewer import Viewer

# Seconds between a commit and loading its wave (or waking the streams; see `_advance`).
# The writer's response leaves well within it (bench_fanout: sends with streams open
# cost the same at 1 ms as at 2 ms, and the message reaches them ~1 ms sooner).
WAKE_DELAY = 0.001


class Prepare(Protocol):
    """Starts loading the events (cursor, head] for the open streams; the future is done
    (whatever its outcome) when they can be woken to send them."""

    def __call__(self, cursor: int, head: int) -> asyncio.Future[Any]: ...


class Subscription:
    """One open stream: woken by the hub, with the presence payloads queued for it."""

    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.staff = viewer.is_staff
        self.wake = asyncio.Event()
        self.presence: deque[dict[str, Any]] = deque(maxlen=1000)
        # Set when its token stopped working: the stream ends and sends nothing more.
        self.ended = False
        # The log position it has sent up to (read by the metrics' backlog).
        self.cursor = 0


class EventHub:
    """Wakes streams on the server's event loop; safe to call from worker threads."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subs: set[Subscription] = set()
        self.closed = False
        # The highest seq committed by this process (streams read other writers' with a
        # timeout); only touched on the event loop.
        self.head = 0
        self._wake_pending = False
        # Set by the app once its event loop runs (see `_advance`).
        self.prepare: Prepare | None = None

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.closed = False

    def subscribe(self, viewer: Viewer) -> Subscription:
        sub = Subscription(viewer)
        self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self._subs.discard(sub)

    @property
    def subscriber_count(self) -> int:
        return len(self._subs)

    def subscriptions(self) -> list[Subscription]:
        return list(self._subs)

    def staff_ids(self) -> set[int]:
        """The staff users with an open stream: the recipients a wave counts unread for."""
        return {sub.viewer.id for sub in self._subs if sub.staff}

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
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

    def notify(self, seq: int = 0) -> None:
        self._call(self._advance, seq)

    def observe(self, seq: int) -> None:
        """A head read from the database (on the event loop)."""
        self.head = max(self.head, seq)

    def publish_presence(self, payload: dict[str, Any]) -> None:
        self._call(self._push_presence, payload)

    def end_token(self, token_hash: str) -> None:
        """Ends the streams opened with this token (it was signed out)."""
        self._call(self._end_where, lambda sub: sub.viewer.token_hash == token_hash)

    def end(self, subs: list[Subscription]) -> None:
        """Ends these streams (their token no longer works); on the event loop."""
        wanted = set(subs)
        self._end_where(lambda sub: sub in wanted)

    def close(self) -> None:
        """Ends every stream (server shutdown)."""
        self.closed = True
        self._call(self._wake_all)

    def _advance(self, seq: int) -> None:
        prior = self.head
        self.head = max(self.head, seq)
        if self._wake_pending or self._loop is None:
            return
        # A moment's delay lets the writer's own response leave first (a load started
        # at once slows it down: it competes for the interpreter), and a burst of
        # commits makes one wave.
        self._wake_pending = True
        self._loop.call_later(WAKE_DELAY, self._after_delay, prior)

    def _after_delay(self, prior: int) -> None:
        if self.prepare is None or not self._subs or self.head <= prior:
            self._wake()
            return
        # Streams that were up to date stand at `prior`: their wave starts loading now,
        # and they are woken once it is ready, so none waits for a thousand others to
        # wake before the load even starts. Commits meanwhile are picked up by the wake.
        ready = self.prepare(prior, self.head)
        ready.add_done_callback(lambda _: self._wake())

    def _wake(self) -> None:
        self._wake_pending = False
        self._wake_all()

    def _wake_all(self) -> None:
        for sub in self._subs:
            sub.wake.set()

    def _end_where(self, which: Callable[[Subscription], bool]) -> None:
        for sub in self._subs:
            if which(sub):
                sub.ended = True
                sub.wake.set()

    def _push_presence(self, payload: dict[str, Any]) -> None:
        for sub in self._subs:
            if sub.staff:
                sub.presence.append(payload)
                sub.wake.set()
