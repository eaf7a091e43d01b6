"""Keeps the queue model in step with the store and the filter bar.

The model is loaded once from the local cache (instant start), then updated row by
row from the store's change notifications; selection and scroll survive updates.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from desk.client.deadlines import DeadlineState
from desk.client.store import Changes, Store
from desk.domain import Ticket
from ui.queue.deadlines import DeadlineSource, deadline_display
from ui.queue.filter_bar import FilterBar
from ui.queue.filtering import View
from ui.queue.model import TicketTableModel
from ui.queue.view import QueueView
from ui.store_bridge import StoreBridge

TICK_MS = 30_000  # countdowns are shown to the minute


def deadline_text_for(
    source: DeadlineSource, clock: Callable[[], datetime]
) -> Callable[[Ticket], tuple[str, DeadlineState]]:
    """The header's deadline line, computed the same way as the queue's cell."""

    def text(ticket: Ticket) -> tuple[str, DeadlineState]:
        shown = deadline_display(source, ticket, clock())
        return ("", DeadlineState.NONE) if shown is None else (shown.text, shown.state)

    return text


class QueueController(QObject):
    ticketSelected = Signal(int)  # the current ticket changed

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
        model.countsChanged.connect(self._show_counts)
        view.ticketActivated.connect(self.ticketSelected)
        bridge.changed.connect(self._on_changes)
        self._auto_selected = False
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(lambda: model.tick())
        self._ticker.start()
        self._show_counts()

    async def load(self) -> list[Ticket]:
        """Show the cached queue; decoding 100k tickets happens off the UI thread."""
        tickets = await asyncio.to_thread(self.store.load_tickets)
        self.model.set_tickets(tickets)
        self._select_top_once()
        return tickets

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
        if self.store.ticket(ticket_id) is None:
            return False
        self.filter_bar.set_view(View.ALL)
        self.filter_bar.search_edit.clear()
        self.filter_bar.flush()
        return self.view.select_ticket(ticket_id)
