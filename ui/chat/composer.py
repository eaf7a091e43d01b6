"""The reply composer under a ticket's thread.

It never sends anything itself: it emits ``sendRequested`` with a ComposedMessage and
keeps everything until the owner calls ``clear_after_send()`` (the message is queued)
or ``send_failed()``, so a failure to queue loses nothing the agent typed. Internal
notes get a look of their own (note colours, a label, an "Add note" button) because a
public reply sent by mistake cannot be taken back.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QImage, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.domain import Ticket
from desk.media import MAX_UPLOAD_BYTES
from ui.chat.attachments import AttachmentTray, PendingFile, format_size
from ui.chat.composer_style import composer_stylesheet
from ui.theme import LIGHT, Theme
from ui.widgets.message_edit import MessageEdit, image_from, local_files

__all__ = ["ComposedMessage", "Composer", "PendingFile"]

DRAFT_DELAY_MS = 400
TYPING_INTERVAL_S = 5.0


@dataclass(frozen=True)
class ComposedMessage:
    body: str  # trailing whitespace stripped; may be empty when files are attached
    internal: bool
    files: tuple[PendingFile, ...] = ()


class Composer(QFrame):
    sendRequested = Signal(object)  # ComposedMessage
    draftChanged = Signal(str, bool)  # text, internal
    typingActivity = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        clock: Callable[[], float] = time.monotonic,
        draft_delay_ms: int = DRAFT_DELAY_MS,
        typing_interval: float = TYPING_INTERVAL_S,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAcceptDrops(True)
        self._clock, self._typing_interval = clock, typing_interval
        self._last_typing: float | None = None
        self._ticket_id: int | None = None
        self._read_only_reason: str | None = None
        self._awaiting_owner = False  # between sendRequested and clear_after_send/send_failed
        self._quiet = False  # programmatic changes are neither drafts nor typing
        self._draft_dirty = False

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(draft_delay_ms)
        self._draft_timer.timeout.connect(self.flush_draft)

        self._note_label = QLabel(self.tr("Internal note · only your team sees this"), self)
        self._note_label.setObjectName("internalNoteLabel")
        self.tray = AttachmentTray(self)
        self.edit = MessageEdit(self)
        self.edit.setObjectName("composerEdit")
        self.edit.setAccessibleName(self.tr("Message"))
        self._banner = QLabel(self)
        self._banner.setObjectName("readOnlyBanner")
        self._banner.setWordWrap(True)
        self._banner.setTextFormat(Qt.TextFormat.PlainText)

        self.attach_button = QPushButton(self.tr("Attach…"), self)
        self.attach_button.setObjectName("attachButton")
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.attach_button.setToolTip(
            self.tr("Attach images, PDF, text or ZIP files up to {0}").format(
                format_size(MAX_UPLOAD_BYTES)  # the limit the server checks (desk.media)
            )
        )
        self.note_toggle = QPushButton(self.tr("Internal note"), self)
        self.note_toggle.setObjectName("internalNoteToggle")
        self.note_toggle.setCheckable(True)
        self.note_toggle.setAccessibleName(self.tr("Internal note"))
        self.note_toggle.setToolTip(self.tr("Write a note only your team sees (N); reply (R)"))
        self._hint = QLabel(self._send_hint(), self)
        self._hint.setObjectName("composerHint")
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setCursor(Qt.CursorShape.PointingHandCursor)
        for button in (self.attach_button, self.note_toggle, self.send_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # clicking keeps focus in the text

        self._bar = QWidget(self)
        bar = QHBoxLayout(self._bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(8)
        bar.addWidget(self.attach_button)
        bar.addWidget(self.note_toggle)
        bar.addStretch(1)
        bar.addWidget(self._hint)
        bar.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self._note_label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.tray)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self._banner)
        layout.addWidget(self._bar)
        layout.addStretch(0)  # a closed ticket's banner stays compact at the top

        self.edit.textChanged.connect(self._text_edited)
        self.edit.submitRequested.connect(self.send)
        self.edit.filesPasted.connect(self.add_paths)
        self.edit.imagePasted.connect(self.add_image)
        self.edit.fileDragActive.connect(self._set_drop_highlight)
        self.tray.filesChanged.connect(self._files_changed)
        self.note_toggle.toggled.connect(self._mode_toggled)
        self.attach_button.clicked.connect(self.open_attach_dialog)
        self.send_button.clicked.connect(self.send)

        self.setStyleSheet(composer_stylesheet(theme))
        self._banner.hide()
        self._apply_mode()
        self._update_actions()

    # --- state the owner reads ------------------------------------------------------

    def text(self) -> str:
        return self.edit.toPlainText()

    def is_internal(self) -> bool:
        return self.note_toggle.isChecked()

    def files(self) -> tuple[PendingFile, ...]:
        return self.tray.files()

    def ticket_id(self) -> int | None:
        """The ticket the composer writes to; during draftChanged, the draft's ticket."""
        return self._ticket_id

    def is_read_only(self) -> bool:
        return self._read_only_reason is not None

    def can_send(self) -> bool:
        if self.is_read_only() or self._awaiting_owner or self.tray.is_busy():
            return False
        return bool(self.text().strip()) or bool(self.tray.files())

    # --- sending --------------------------------------------------------------------

    def send(self) -> bool:
        """Emits sendRequested if there is something to send; keeps it all until told."""
        if not self.can_send():
            return False
        message = ComposedMessage(
            body=self.text().rstrip(), internal=self.is_internal(), files=self.tray.files()
        )
        self._awaiting_owner = True
        self._update_actions()
        self.sendRequested.emit(message)
        return True

    def clear_after_send(self) -> None:
        """The owner queued the message: empty the composer and the saved draft."""
        self._awaiting_owner = False
        self._quiet = True
        try:
            self.edit.clear()
            self.tray.clear()
        finally:
            self._quiet = False
        self._draft_dirty = True
        self.flush_draft()
        self._update_actions()

    def send_failed(self, message: str | None = None) -> None:
        """Queueing failed: everything stays, Send works again, the reason is shown."""
        self._awaiting_owner = False
        if message:
            self.tray.show_errors([message])
        self._update_actions()

    # --- drafts ---------------------------------------------------------------------

    def flush_draft(self) -> None:
        """Emits a pending draft now (switching tickets, closing the window)."""
        self._draft_timer.stop()
        if self._draft_dirty:
            self._draft_dirty = False
            self.draftChanged.emit(self.text(), self.is_internal())

    def load_draft(self, text: str, internal: bool, files: Iterable[PendingFile] = ()) -> None:
        """Restores a saved draft without reporting it back as a change."""
        self._draft_timer.stop()
        self._quiet = True
        try:
            self.edit.setPlainText(text)
            self.note_toggle.setChecked(internal)
            self.tray.clear()
            self.tray.add_files(files)
        finally:
            self._quiet = False
        self._draft_dirty = False
        self.edit.moveCursor(QTextCursor.MoveOperation.End)
        self._update_actions()

    # --- ticket and modes ----------------------------------------------------------

    def set_ticket_context(self, ticket: Ticket | None) -> None:
        """Points the composer at a ticket; a new ticket starts empty (then load_draft)."""
        new_id = ticket.id if ticket is not None else None
        if new_id != self._ticket_id:
            self.flush_draft()  # the previous ticket's draft, while ticket_id() is still its id
            self._ticket_id = new_id
            self._awaiting_owner = False
            self.load_draft("", False)
            self.tray.clear_errors()
            self._last_typing = None
        if ticket is None:
            self.set_read_only(self.tr("Open a ticket to reply."))
        elif ticket.is_done:
            self.set_read_only(
                self.tr(
                    "This ticket is closed and cannot be reopened. "
                    "The customer can open a new ticket."
                )
            )
        else:
            self.set_read_only(None)

    def set_read_only(self, reason: str | None) -> None:
        """With a reason, a banner replaces the editor and every control is disabled."""
        self._read_only_reason = reason
        self._banner.setText(reason or "")
        self._banner.setVisible(reason is not None)
        self.edit.setVisible(reason is None)
        self.edit.setReadOnly(reason is not None)
        self.tray.setEnabled(reason is None)
        self.setAcceptDrops(reason is None)
        self._apply_mode()
        self._update_actions()

    def set_internal(self, internal: bool) -> None:
        self.note_toggle.setChecked(internal)

    def focus_reply(self) -> None:
        self._focus_mode(internal=False)

    def focus_note(self) -> None:
        self._focus_mode(internal=True)

    def set_theme(self, theme: Theme) -> None:
        self.setStyleSheet(composer_stylesheet(theme))

    # --- attachments ---------------------------------------------------------------

    def add_paths(self, paths: Iterable[Path]) -> list[str]:
        if self.is_read_only():
            return []
        return self.tray.add_paths(list(paths))

    def add_image(self, image: QImage, now: datetime | None = None) -> None:
        if not self.is_read_only():
            self.tray.add_image(image, now)

    def open_attach_dialog(self) -> QFileDialog:
        """A non-modal file dialog (open(), never exec()); chosen files are checked on arrival."""
        dialog = QFileDialog(self, self.tr("Attach files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                self.tr(
                    "Images, PDF, text and ZIP (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.zip)"
                ),
                self.tr("All files (*)"),
            ]
        )
        dialog.filesSelected.connect(lambda names: self.add_paths(Path(n) for n in names))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # --- drag and drop onto the whole composer ----------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if not self.is_read_only() and (local_files(mime) or image_from(mime) is not None):
            self._set_drop_highlight(True)
            event.acceptProposedAction()
            return
        event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_highlight(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_highlight(False)
        mime = event.mimeData()
        files, image = local_files(mime), image_from(mime)
        if self.is_read_only() or (not files and image is None):
            event.ignore()
            return
        if files:
            self.add_paths(files)
        elif image is not None:
            self.add_image(image)
        event.acceptProposedAction()

    # --- internals ---------------------------------------------------------------------

    def _send_hint(self) -> str:
        keys = "⌘↩" if sys.platform == "darwin" else self.tr("Ctrl+Enter")
        return self.tr("{0} to send").format(keys)

    def _focus_mode(self, *, internal: bool) -> None:
        if self.is_read_only():
            return
        self.note_toggle.setChecked(internal)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _text_edited(self) -> None:
        self._update_actions()
        if self._quiet:
            return
        self._mark_draft_dirty()
        now = self._clock()
        if self._last_typing is None or now - self._last_typing >= self._typing_interval:
            self._last_typing = now
            self.typingActivity.emit()

    def _files_changed(self) -> None:
        self._update_actions()
        if not self._quiet:
            self._mark_draft_dirty()  # owners read files() when the draft arrives

    def _mode_toggled(self, _checked: bool) -> None:
        self._apply_mode()
        self._update_actions()
        if not self._quiet:
            self._mark_draft_dirty()

    def _mark_draft_dirty(self) -> None:
        self._draft_dirty = True
        self._draft_timer.start()

    def _apply_mode(self) -> None:
        internal = self.is_internal()
        self.setProperty("internal", internal)
        self._note_label.setVisible(internal and not self.is_read_only())
        self.edit.setPlaceholderText(
            self.tr("Internal note — only your team sees this")
            if internal
            else self.tr("Reply to the customer…")
        )
        self.send_button.setText(self.tr("Add note") if internal else self.tr("Send"))
        self.send_button.setAccessibleName(
            self.tr("Add internal note") if internal else self.tr("Send reply")
        )
        self._repolish()

    def _set_drop_highlight(self, active: bool) -> None:
        if bool(self.property("dropActive")) != active:
            self.setProperty("dropActive", active)
            self._repolish()

    def _repolish(self) -> None:
        # Selectors on dynamic properties are evaluated at polish time only.
        for widget in (self, *self.findChildren(QWidget)):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.update()

    def _update_actions(self) -> None:
        editable = not self.is_read_only()
        self.attach_button.setEnabled(editable)
        self.note_toggle.setEnabled(editable)
        self._bar.setVisible(editable)  # its buttons are disabled too, for keyboard shortcuts
        self.send_button.setEnabled(self.can_send())
