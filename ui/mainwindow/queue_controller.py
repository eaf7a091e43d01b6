"""Keeps the queue model in step with the store and the filter bar.

The model is loaded once from the local cache (instant start), then updated row by
row from the store's change notifications; selection and scroll survive updates.

Start-up shows the open queue first: only open tickets are read and decoded before
the first paint. The done archive (most of a big cache) is asked for with
``archiveNeeded`` once the queue has painted its rows, or at once when a view that
shows done tickets is chosen; ``load_archive`` decodes it off the UI thread and merges
it in parts, between which the window keeps answering, without moving the rows on
screen. ``archivePart`` hands each part to whoever else indexes tickets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from desk.client.deadlines import DeadlineState
from desk.client.store import Changes, Store
from desk.domain import Ticket
from ui.queue.deadlines import DeadlineSource, deadline_display
from ui.queue.filter_bar import FilterBar
from ui.queue.filtering import QueueFilter, StatusFilter, View
from ui.queue.model import TicketTableModel
from ui.queue.view import QueueView
from ui.store_bridge import StoreBridge

TICK_MS = 30_000  # countdowns are shown to the minute
# A window that is shown but never painted (minimised, started to the tray) still
# gets its archive, a moment later.
ARCHIVE_FALLBACK_MS = 1_000
# Tickets merged per turn of the event loop: each part costs the UI thread ~20-30 ms
# (model, customer index, alerts), so input and paints are never held up for long.
ARCHIVE_PART = 10_000


def deadline_text_for(
    source: DeadlineSource, clock: Callable[[], datetime]
) -> Callable[[Ticket], tuple[str, DeadlineState]]:
    """The header's deadline line, computed the same way as the queue's cell."""

    def text(ticket: Ticket) -> tuple[str, DeadlineState]:
        shown = deadline_display(source, ticket, clock())
        return ("", DeadlineState.NONE) if shown is None else (shown.text, shown.state)

    return text


def shows_done(flt: QueueFilter) -> bool:
    """Whether the filter can list done tickets (they come from the archive)."""
    return flt.view is View.ALL or flt.status is StatusFilter.DONE


class QueueController(QObject):
    ticketSelected = Signal(int)  # the current ticket changed
    openLoaded = Signal(list)  # list[Ticket]: the cached open queue, before its top opens
    archiveNeeded = Signal()  # time to call load_archive(): the open queue is on screen
    archivePart = Signal(list)  # list[Ticket]: done tickets just merged into the model
    archiveLoaded = Signal()  # the whole archive is in the model

    def __init__(
        self,
        store: Store,
        bridge: StoreBridge,
        model: TicketTableModel,
        view: QueueView,
        filter_bar: FilterBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.model = model
        self.view = view
        self.filter_bar = filter_bar
        filter_bar.filterChanged.connect(model.set_filter)
        filter_bar.filterChanged.connect(self._archive_if_shown)
        model.countsChanged.connect(self._show_counts)
        view.ticketActivated.connect(self.ticketSelected)
        bridge.changed.connect(self._on_changes)
        self._auto_selected = False
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(lambda: model.tick())
        self._ticker.start()
        self._show_counts()
        self._open_loaded = False
        self._archive_asked = False
        self._archive_loaded = False
        self._archive_loading = False
        # Ids the store changed while the archive was being read: their rows in the
        # model are newer than the archive's copy (or were removed).
        self._touched: set[int] = set()
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(ARCHIVE_FALLBACK_MS)
        self._fallback.timeout.connect(self._ask_for_archive)

    @property
    def archive_loaded(self) -> bool:
        return self._archive_loaded

    async def load(self) -> list[Ticket]:
        """Show the cached open queue (decoded off the UI thread); the done archive
        is asked for once these rows have been painted."""
        tickets = await asyncio.to_thread(self.store.load_tickets, done=False)
        self.model.set_tickets(tickets)
        self._open_loaded = True
        self.openLoaded.emit(tickets)  # indexed before the top ticket opens and reads it
        self._select_top_once()
        if shows_done(self.model.queue_filter()):
            self._ask_for_archive()
        else:
            self.view.viewport().installEventFilter(self)
            self._fallback.start()
        return tickets

    async def load_archive(self) -> int:
        """Merge the done tickets into the model (once); returns how many."""
        if self._archive_loaded or self._archive_loading:
            return 0
        self._archive_loading = True
        self._touched.clear()
        merged = 0
        try:
            done = await asyncio.to_thread(self.store.load_tickets, done=True)
            for start in range(0, len(done), ARCHIVE_PART):
                if start:
                    await asyncio.sleep(0)  # let input, paints and changes through
                # A ticket the store changed meanwhile is in the model already, newer.
                part = [t for t in done[start : start + ARCHIVE_PART] if t.id not in self._touched]
                self.model.apply(part)
                self.archivePart.emit(part)
                merged += len(part)
        finally:
            self._archive_loading = False
            self._touched = set()
        self._archive_loaded = True
        self.archiveLoaded.emit()
        return merged

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint has finished, not in the middle of it.
            QTimer.singleShot(0, self._ask_for_archive)
        return False

    def _ask_for_archive(self) -> None:
        self._fallback.stop()
        if not self._archive_asked:
            self._archive_asked = True
            self.archiveNeeded.emit()

    def _archive_if_shown(self, flt: QueueFilter) -> None:
        if shows_done(flt) and self._open_loaded and not self._archive_loaded:
            self._archive_asked = False  # a failed earlier load may be tried again
            self._ask_for_archive()

    def _select_top_once(self) -> None:
        """Open the top of the queue once it has rows (from the cache, or from the
        first sync on a fresh cache), unless the agent already chose a ticket."""
        if self._auto_selected or self.model.rowCount() == 0:
            return
        self._auto_selected = True
        first = self.model.ticket_at(0)
        if first is not None and self.view.current_ticket_id() is None:
            self.view.select_ticket(first.id)

    def _on_changes(self, changes: Changes) -> None:
        if not changes.tickets:
            return
        if self._archive_loading:
            self._touched.update(changes.tickets)
        found = self.store.tickets_by_id(changes.tickets)
        removed = [tid for tid in changes.tickets if tid not in found]
        self.model.apply(list(found.values()), removed)
        self._select_top_once()

    def _show_counts(self) -> None:
        self.filter_bar.set_counts(self.model.counts())

    def select(self, ticket_id: int) -> bool:
        """Select a ticket (e.g. from a #123 link); widens the view if it is hidden."""
        if self.view.select_ticket(ticket_id):
            return True
        ticket = self.store.ticket(ticket_id)
        if ticket is None:
            return False
        if not self._archive_loaded:
            self.model.apply([ticket])  # a done ticket, before its archive arrived
        self.filter_bar.set_view(View.ALL)
        self.filter_bar.search_edit.clear()
        self.filter_bar.flush()
        return self.view.select_ticket(ticket_id)
