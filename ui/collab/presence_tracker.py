"""Presence for one signed-in window: the board of colleagues and what we report.

Qt glue around :mod:`desk.client.presence`: it listens to colleagues' presence on the
window's ``EngineBridge`` (``presenceChanged``, which the alerts hear too), re-emits what
changed as ``changed`` for the ticket pane and the queue, and runs two single-shot timers — one
for the board's next expiry, one for the reporter's next renewal — so nothing wakes up
while nothing is due. POSTs go out one at a time, in order, and never raise: presence
is a courtesy, not something to show an error about.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desk.client.api import ApiError
from desk.client.presence import PresenceBoard, PresenceMark, PresenceReporter
from desk.client.sync import SyncEngine
from desk.domain import Presence, PresenceState, utc_now
from ui.engine_bridge import EngineBridge
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
_SLACK_MS = 30  # fire just after a deadline, not just before it


class PresenceTracker(QObject):
    changed = Signal(object)  # frozenset[int]: tickets whose presence display changed

    def __init__(
        self,
        engine: SyncEngine,
        engine_bridge: EngineBridge,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        **reporter_options: Any,
    ) -> None:
        """``reporter_options``: ``settle``, ``renew_every``, ``typing_renew``, ``typing_idle``."""
        super().__init__(parent)
        self._engine = engine
        self._bridge: EngineBridge | None = engine_bridge
        self._runner = runner
        self._clock = clock
        self._lock = asyncio.Lock()
        self._detached = False
        self._last_words: set[asyncio.Task[None]] = set()
        self.board = PresenceBoard(engine.me.id, clock)
        self.reporter = PresenceReporter(self._post, monotonic, **reporter_options)
        self._expiry_timer = self._single_shot(self._expire)
        self._report_timer = self._single_shot(self._tick)
        self._unsubscribe: Callable[[], None] | None = self.board.subscribe(self._on_board)
        engine_bridge.presenceChanged.connect(self._on_presence)

    def _single_shot(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    # --- what the window tells us -----------------------------------------------------

    def open(self, ticket_id: int | None) -> None:
        """The ticket on screen (None: none)."""
        self.reporter.open(ticket_id)
        self._schedule_report()

    def typing(self) -> None:
        self.reporter.typing()
        self._schedule_report()

    def stopped_typing(self) -> None:
        self.reporter.stop_typing()
        self._schedule_report()

    def viewers(self, ticket_id: int) -> list[PresenceMark]:
        return self.board.viewers(ticket_id)

    def detach(self) -> None:
        """Say "left" for the open ticket (best effort) and stop listening."""
        self._detached = True
        self.reporter.close()
        self._expiry_timer.stop()
        self._report_timer.stop()
        bridge, self._bridge = self._bridge, None
        if bridge is not None:
            bridge.presenceChanged.disconnect(self._on_presence)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # --- incoming ----------------------------------------------------------------------

    def _on_presence(self, presence: Presence) -> None:
        self.board.apply(presence)
        self._schedule_expiry()

    def _on_board(self, tickets: frozenset[int]) -> None:
        self.changed.emit(tickets)

    def _expire(self) -> None:
        self.board.expire()
        self._schedule_expiry()

    def _schedule_expiry(self) -> None:
        deadline = self.board.next_deadline()
        if deadline is None:
            self._expiry_timer.stop()
            return
        ms = max(0, round((deadline - self._clock()).total_seconds() * 1000)) + _SLACK_MS
        self._expiry_timer.start(ms)

    # --- outgoing ----------------------------------------------------------------------

    def _tick(self) -> None:
        self.reporter.tick()
        self._schedule_report()

    def _schedule_report(self) -> None:
        due = self.reporter.next_due()
        if due is None:
            self._report_timer.stop()
        else:
            self._report_timer.start(round(due * 1000) + _SLACK_MS)

    def _post(self, ticket_id: int, state: PresenceState) -> None:
        if not self._detached:
            self._runner.start(self._send(ticket_id, state))
            return
        # The window is closing: the session's client may close under this request and
        # the runner may be cancelling everything, so it runs on its own and fails quietly.
        try:
            task = asyncio.get_running_loop().create_task(self._last_word(ticket_id, state))
        except RuntimeError:
            return  # no loop any more: the server forgets us in 30 s anyway
        self._last_words.add(task)
        task.add_done_callback(self._last_words.discard)

    async def last_words_said(self, limit: float) -> None:
        """Wait (at most ``limit`` seconds) for the "left" said on detaching, so the
        session's client is not closed under it: others' chips clear at once instead
        of after the server's 30 s expiry."""
        if self._last_words:
            await asyncio.wait(set(self._last_words), timeout=limit)

    async def _last_word(self, ticket_id: int, state: PresenceState) -> None:
        try:
            await self._send(ticket_id, state)
        except Exception as exc:  # closing: nobody is left to show it to
            log.info("Could not say %s for #%s on closing: %r", state.value, ticket_id, exc)

    async def _send(self, ticket_id: int, state: PresenceState) -> None:
        async with self._lock:  # in order: "left" never overtakes the "viewing" before it
            with contextlib.suppress(ApiError):
                await self._engine.set_presence(ticket_id, state)
                return
            log.info("Presence %s for #%s was not accepted", state.value, ticket_id)
