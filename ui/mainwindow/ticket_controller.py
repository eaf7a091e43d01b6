"""Binds the open ticket's data to the ticket pane, and the pane's actions to the engine.

Data comes only from the store (initially, then from its change notifications); the
controller never edits a model to pretend a change happened. Actions go to the sync
engine; their failures reach the TaskRunner, which shows them as sentences.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from desk.client.deadlines import DeadlineState
from desk.client.session import Session
from desk.client.store import Changes, OutboxEntry, OutboxFileSource, OutboxState
from desk.domain import Attachment, Ticket
from ui.chat.attachments import AttachmentError, validate_path
from ui.chat.composer import ComposedMessage
from ui.chat.image_viewer import ImageViewer
from ui.chat.rows import PendingEntry
from ui.collab.collision_banner import CollisionBanner
from ui.collab.collision_flow import CollisionFlow
from ui.collab.presence_chips import PresenceStrip
from ui.collab.presence_tracker import PresenceTracker
from ui.engine_bridge import EngineBridge
from ui.formatting import format_due_tooltip
from ui.mainwindow.ticket_pane import TicketPane
from ui.store_bridge import StoreBridge
from ui.tasks import TaskRunner, describe_error
from ui.theme import Theme

PAGE = 400  # newest messages shown first; older ones load on scroll-up
DeadlineText = Callable[[Ticket], tuple[str, DeadlineState]]


def pending_rows(entries: list[OutboxEntry]) -> list[PendingEntry]:
    rows = []
    for e in entries:
        if e.state is OutboxState.SENT:
            continue
        rows.append(
            PendingEntry(
                entry_id=e.id,
                ticket_id=e.ticket_id,
                body=e.body,
                internal=e.internal,
                state=e.state.value,  # type: ignore[arg-type]  # sent entries are skipped
                error=e.error,
                created_at=e.created_at,
                filenames=tuple(f.filename for f in e.files),
                client_id=e.client_id,
            )
        )
    return rows


def outbox_sources(message: ComposedMessage) -> list[OutboxFileSource]:
    sources: list[OutboxFileSource] = []
    for f in message.files:
        if f.data is not None:
            sources.append((f.filename, f.data, f.content_type))
        elif f.path is not None:
            sources.append(f.path)
    return sources


class TicketController(QObject):
    openTicketRequested = Signal(int)  # a #123 link was clicked
    infoMessage = Signal(str)  # a quiet confirmation for the status bar

    def __init__(
        self,
        session: Session,
        runner: TaskRunner,
        bridge: StoreBridge,
        pane: TicketPane,
        theme: Theme,
        deadline_text: DeadlineText,
        parent: QObject | None = None,
        *,
        engine_bridge: EngineBridge,
        presence_strip: PresenceStrip,
        collision_banner: CollisionBanner,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = runner
        self.pane = pane
        self._theme = theme
        self._deadline_text = deadline_text
        self._ticket_id: int | None = None
        self._viewers: list[ImageViewer] = []
        self._dialogs: list[QFileDialog] = []
        pane.chat_model.set_current_user(session.me)
        pane.header.set_current_user(session.me)
        bridge.changed.connect(self._on_changes)
        self._connect_pane()
        self._init_presence(engine_bridge, presence_strip)
        self._init_collision(collision_banner)

    @property
    def ticket_id(self) -> int | None:
        return self._ticket_id

    def _connect_pane(self) -> None:
        p, r, engine = self.pane, self.runner, self.session.engine
        p.composer.sendRequested.connect(self._send)
        p.composer.draftChanged.connect(self._save_draft)
        p.composer.typingActivity.connect(self._on_typing)
        p.header.fieldsEdited.connect(self._edit_fields)
        p.header.assigneeChosen.connect(
            lambda agent_id: self._edit_fields({"assignee_id": agent_id})
        )
        p.header.assignToMeRequested.connect(self.assign_to_me)
        p.header.closeConfirmed.connect(
            lambda tid: r.start(
                engine.close_ticket(tid), on_error=lambda _e: p.header.revert_edits()
            )
        )
        p.chat_view.retryRequested.connect(engine.retry)
        p.chat_view.discardRequested.connect(engine.discard)
        p.chat_view.olderRequested.connect(self._load_older)
        p.chat_view.linkActivated.connect(self.open_link)
        p.chat_view.ticketLinkActivated.connect(self.openTicketRequested)
        p.chat_view.imageActivated.connect(self.view_image)
        p.chat_view.fileActivated.connect(self.save_file)

    # --- opening -----------------------------------------------------------------

    def open(self, ticket_id: int | None) -> None:
        if ticket_id == self._ticket_id:
            return
        previous = self._ticket_id
        if previous is not None:
            self.pane.composer.flush_draft()
            self.session.engine.leave_ticket(previous)
            self.collision.leave(previous)
        self._ticket_id = ticket_id
        ticket = self.session.store.ticket(ticket_id) if ticket_id is not None else None
        self._show_presence_for(ticket.id if ticket is not None else None)
        if ticket is None:
            self._ticket_id = None
            self.pane.composer.set_ticket_context(None)
            self.pane.chat_model.clear()
            self.pane.show_placeholder()
            return
        self.pane.show_ticket()
        self._show_ticket(ticket)
        self.pane.composer.set_ticket_context(ticket)
        self._restore_draft(ticket.id)
        self.collision.draft_restored(ticket.id)
        messages = self.session.store.messages(ticket.id, limit=PAGE)
        self.pane.chat_model.set_messages(messages, has_older=len(messages) >= PAGE)
        self.pane.chat_model.set_pending(pending_rows(self.session.store.entries_for(ticket.id)))
        self.pane.chat_view.scroll_to_bottom()
        self.runner.start(self._open_remote(ticket.id))

    async def _open_remote(self, ticket_id: int) -> None:
        await self.session.engine.open_ticket(ticket_id)

    def _show_ticket(self, ticket: Ticket) -> None:
        self.pane.header.set_ticket(ticket)
        text, state = self._deadline_text(ticket)
        self.pane.header.set_deadline_text(text, state)
        # The wall-clock deadline in Moscow and local time, as in the queue's cell.
        self.pane.header.deadline_label.setToolTip(
            format_due_tooltip(ticket.due_at) if ticket.due_at and not ticket.is_done else ""
        )
        self.pane.composer.set_read_only(
            self.tr(
                "This ticket is closed and cannot be reopened. The customer can open a new one."
            )
            if ticket.is_done
            else None
        )

    def refresh_deadline(self) -> None:
        ticket = self.pane.header.ticket()
        if ticket is not None:
            self.pane.header.set_deadline_text(*self._deadline_text(ticket))

    def _restore_draft(self, ticket_id: int) -> None:
        draft = self.session.store.draft(ticket_id)
        if draft is None:
            return
        files = []
        for path in draft.attachments:
            try:
                files.append(validate_path(Path(path)))
            except AttachmentError:
                continue  # the file moved or changed since; the text is what matters
        self.pane.composer.load_draft(draft.text, draft.internal, files)

    # --- store changes -----------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        tid = self._ticket_id
        if tid is None:
            return
        store = self.session.store
        if tid in changes.tickets:
            ticket = store.ticket(tid)
            if ticket is not None:
                self._show_ticket(ticket)
        changed_messages = changes.messages.get(tid)
        if changed_messages:
            self.pane.chat_model.upsert(list(store.messages_by_id(changed_messages).values()))
            if self.pane.window().isActiveWindow():
                self.runner.start(self.session.engine.mark_read(tid))
        if tid in changes.outbox:
            self.pane.chat_model.set_pending(pending_rows(store.entries_for(tid)))

    def _load_older(self) -> None:
        if self._ticket_id is None:
            return
        first = next(
            (m for row in range(self.pane.chat_model.rowCount())
             if (m := self.pane.chat_model.message_at(row)) is not None),
            None,
        )  # fmt: skip
        if first is None:
            return
        older = self.session.store.messages(self._ticket_id, limit=PAGE, before_id=first.id)
        self.pane.chat_model.prepend_older(older, has_older=len(older) >= PAGE)

    # --- actions -------------------------------------------------------------------

    def _send(self, message: ComposedMessage) -> None:
        ticket_id = self.pane.composer.ticket_id()
        if ticket_id is None:
            return
        if message.internal or not self.collision.guard.is_composing(ticket_id):
            self._enqueue(ticket_id, message)
        else:
            self.collision.send_checked_later(ticket_id, message)  # may stop it: banner

    def _enqueue(self, ticket_id: int, message: ComposedMessage) -> None:
        """The one place a composed message is queued (the guard has had its say)."""
        try:
            self.session.engine.send(
                ticket_id, message.body, internal=message.internal, files=outbox_sources(message)
            )
        except (OSError, ValueError) as exc:
            # Nothing was queued: the composer keeps every word and file.
            self.pane.composer.send_failed(describe_error(exc))
            return
        self.pane.composer.clear_after_send()
        self.session.store.delete_draft(ticket_id)
        self.collision.sent(ticket_id)
        self.presence.stopped_typing()

    def _save_draft(self, text: str, internal: bool) -> None:
        ticket_id = self.pane.composer.ticket_id()
        if ticket_id is None:
            return
        paths = [f.path for f in self.pane.composer.files() if f.path is not None]
        self.session.store.save_draft(ticket_id, text, internal, paths)

    def _edit_fields(self, fields: dict[str, object]) -> None:
        if self._ticket_id is None:
            return
        header = self.pane.header
        header.set_busy(True)
        task = self.runner.start(
            self.session.engine.update_ticket(self._ticket_id, **fields),  # type: ignore[arg-type]
            on_error=lambda _e: header.revert_edits(),
        )
        task.add_done_callback(lambda _t: header.set_busy(False))

    def assign_to_me(self) -> None:
        self._edit_fields({"assignee_id": self.session.me.id})

    def close_ticket(self) -> None:
        """Asks first (non-modal); the header emits closeConfirmed on yes."""
        if self._ticket_id is not None:
            self.pane.header.request_close()

    # --- links and attachments ---------------------------------------------------------

    def open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def view_image(self, attachment: Attachment) -> None:
        viewer = ImageViewer(None, theme=self._theme)
        viewer.setWindowTitle(attachment.filename)
        viewer.set_loading(attachment.filename)
        viewer.resize(1000, 720)
        viewer.show()
        self._viewers.append(viewer)
        viewer.closed.connect(
            lambda: self._viewers.remove(viewer) if viewer in self._viewers else None
        )
        self.runner.start(
            self._load_image(viewer, attachment),
            on_error=lambda e: viewer.set_error(describe_error(e)),
        )

    async def _load_image(self, viewer: ImageViewer, attachment: Attachment) -> None:
        data = await self.session.engine.download(attachment.id)
        image = await asyncio.to_thread(QImage.fromData, data)
        if image.isNull():
            viewer.set_error(self.tr("This image could not be decoded."))
            return
        viewer.set_image(image, attachment.filename, data)

    def save_file(self, attachment: Attachment) -> None:
        parent = self.pane.window()
        dialog = QFileDialog(parent if isinstance(parent, QWidget) else None)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(attachment.filename)
        dialog.setWindowTitle(self.tr("Save attachment"))
        self._dialogs.append(dialog)
        dialog.fileSelected.connect(
            lambda path: self.runner.start(
                self.session.api.download_attachment_to(attachment.id, path),
                on_success=lambda _n: self._saved(path),
            )
        )
        dialog.finished.connect(lambda _r: self._dialogs.remove(dialog))
        dialog.open()

    def _saved(self, path: str) -> None:
        self.infoMessage.emit(self.tr("Saved {0}").format(Path(path).name))

    # --- presence (who else is here; what we tell the server) -----------------------

    def _init_presence(self, engine_bridge: EngineBridge, strip: PresenceStrip) -> None:
        self.presence_strip = strip
        self.presence = PresenceTracker(self.session.engine, engine_bridge, self.runner, self)
        self.presence.changed.connect(self._on_presence_changed)

    def _show_presence_for(self, ticket_id: int | None) -> None:
        self.presence.open(ticket_id)
        self.presence_strip.set_marks(self.presence.viewers(ticket_id) if ticket_id else [])

    def _on_presence_changed(self, tickets: frozenset[int]) -> None:
        if self._ticket_id is not None and self._ticket_id in tickets:
            self.presence_strip.set_marks(self.presence.viewers(self._ticket_id))

    def _on_typing(self) -> None:
        self.presence.typing()
        self.collision.typing()

    def shutdown(self) -> None:
        """Leave the open ticket (best effort) and stop listening for presence."""
        self.presence.detach()

    # --- collision guard (a reply the thread has overtaken) ---------------------------

    def _init_collision(self, banner: CollisionBanner) -> None:
        self.collision = CollisionFlow(self.session, self.runner, self.pane, banner, self._enqueue)
