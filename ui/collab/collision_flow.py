"""The collision guard in the ticket pane: when writing began, the check before queueing,
and what "Send anyway" / "Edit first" do.

The ticket controller hands every public reply that is being written to
``send_checked_later``; only ``enqueue`` (the controller's, the one place a message is
queued) ever sends. On a collision the composer gets its Send back with every word
and file still in it, and the banner lists what arrived. "Send anyway" acknowledges
those messages and presses Send again — the reply goes through the same check (only
something newer can stop it) and is queued exactly once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from desk.client.collision import Collision, CollisionGuard, refresh_before_check
from desk.client.session import Session
from ui.chat.composer import ComposedMessage
from ui.collab.collision_banner import CollisionBanner
from ui.mainwindow.ticket_pane import TicketPane
from ui.tasks import TaskRunner, describe_error

Enqueue = Callable[[int, ComposedMessage], None]


class CollisionFlow(QObject):
    def __init__(
        self,
        session: Session,
        runner: TaskRunner,
        pane: TicketPane,
        banner: CollisionBanner,
        enqueue: Enqueue,
        *,
        refresh_timeout: float = 2.0,
    ) -> None:
        super().__init__(pane)
        self.guard = CollisionGuard(session.me, session.store)
        self.banner = banner
        self._session = session
        self._runner = runner
        self._pane = pane
        self._enqueue = enqueue
        self._refresh_timeout = refresh_timeout
        banner.sendAnywayRequested.connect(self._send_anyway)
        banner.editRequested.connect(self._edit_first)
        banner.messageActivated.connect(self.show_message)
        pane.composer.draftChanged.connect(self._draft_changed)

    # --- when writing begins and ends ------------------------------------------------

    def typing(self) -> None:
        ticket_id = self._pane.composer.ticket_id()
        if ticket_id is not None:
            self.guard.start_composing(ticket_id)

    def draft_restored(self, ticket_id: int) -> None:
        """A restored draft is a reply in progress; the thread on screen now counts as seen."""
        composer = self._pane.composer
        if composer.text().strip() or composer.files():
            self.guard.start_composing(ticket_id)

    def _draft_changed(self, text: str, _internal: bool) -> None:
        # Drafts settle ~0.4 s after an edit: emptied means nothing is being written.
        # (Typing reports are throttled, so a reply retyped soon after is caught here.)
        ticket_id = self._pane.composer.ticket_id()
        if ticket_id is None:
            return
        if text.strip() or self._pane.composer.files():
            self.guard.start_composing(ticket_id)
        else:
            self.guard.stop_composing(ticket_id)

    def leave(self, ticket_id: int) -> None:
        """Switching away: what was seen is re-read when the agent comes back."""
        self.guard.stop_composing(ticket_id)
        self.banner.dismiss()

    def sent(self, ticket_id: int) -> None:
        """The reply was queued: the next one starts from what is on screen then."""
        self.guard.stop_composing(ticket_id)
        self.banner.dismiss()

    # --- the check -------------------------------------------------------------------

    def send_checked_later(self, ticket_id: int, message: ComposedMessage) -> None:
        self._runner.start(
            self.send_checked(ticket_id, message),
            on_error=lambda e: self._pane.composer.send_failed(describe_error(e)),
        )

    async def send_checked(self, ticket_id: int, message: ComposedMessage) -> Collision | None:
        """Fetch the newest messages (bounded wait), then queue the reply unless it collides.

        The composer keeps its content, Send disabled, while this runs.
        """
        engine = self._session.engine
        await refresh_before_check(engine.refresh_messages, ticket_id, self._refresh_timeout)
        if self._pane.composer.ticket_id() != ticket_id:
            return None  # the agent moved on meanwhile; the saved draft holds the reply
        collision = self.guard.check(ticket_id)
        if collision is None:
            self._enqueue(ticket_id, message)
            return None
        self._pane.composer.send_failed(None)
        self.banner.show_collision(collision)
        self.show_message(collision.first_id)
        return collision

    def _send_anyway(self) -> None:
        collision = self.banner.collision()
        self.banner.dismiss()
        if collision is not None and collision.ticket_id == self._pane.composer.ticket_id():
            self.guard.acknowledge(collision)
            self._pane.composer.send()

    def _edit_first(self) -> None:
        collision = self.banner.collision()
        self.banner.dismiss()
        if collision is not None:
            self.guard.acknowledge(collision)
        self._pane.composer.edit.setFocus()

    def show_message(self, message_id: int) -> None:
        """Scroll the thread to a message (it is already there: the store has it)."""
        model = self._pane.chat_model
        row = model.row_of_message(message_id)
        if row >= 0:
            self._pane.chat_view.scrollTo(model.index(row, 0))
