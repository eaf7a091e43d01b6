"""A plain-text message editor: grows with its text, sends on Ctrl+Enter, routes pasted files.

Rich text never gets in: pasted HTML becomes its plain text. Pasted or dropped files
and pasted images are not inserted as text either; they are handed to the owner by
signal (``filesPasted``, ``imagePasted``) to become attachments.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
    QPixmap,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a drag or paste carries; empty when any URL is not a local file."""
    if not mime.hasUrls():
        return []
    urls = mime.urls()
    if not urls or not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]


def image_from(mime: QMimeData) -> QImage | None:
    if not mime.hasImage():
        return None
    data = mime.imageData()
    if isinstance(data, QPixmap):
        data = data.toImage()
    return data if isinstance(data, QImage) and not data.isNull() else None


class MessageEdit(QPlainTextEdit):
    submitRequested = Signal()
    filesPasted = Signal(list)  # list[Path]
    imagePasted = Signal(QImage)
    fileDragActive = Signal(bool)  # a file drag is over the editor (for a drop highlight)

    def __init__(
        self, parent: QWidget | None = None, *, min_lines: int = 3, max_lines: int = 10
    ) -> None:
        super().__init__(parent)
        self._min_lines, self._max_lines = min_lines, max_lines
        self.setTabChangesFocus(True)  # Tab leaves the editor, as in every other form field
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = self.document().documentLayout()
        layout.documentSizeChanged.connect(lambda _size: self.updateGeometry())

    # --- growing from min_lines to max_lines, then scrolling -------------------------

    def visual_lines(self) -> int:
        # QPlainTextDocumentLayout reports its height in wrapped lines, not pixels.
        return max(1, int(self.document().documentLayout().documentSize().height()))

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        document_margin = self.document().documentMargin()
        text = lines * self.fontMetrics().lineSpacing() + 2 * document_margin
        return int(text) + margins.top() + margins.bottom() + 2

    def sizeHint(self) -> QSize:
        lines = min(max(self.visual_lines(), self._min_lines), self._max_lines)
        return QSize(super().sizeHint().width(), self._height_for(lines))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # --- keys ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # ControlModifier is Cmd on macOS, so Cmd+Enter sends there.
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if not event.isAutoRepeat():  # a held key must not send twice
                    self.submitRequested.emit()
                event.accept()
                return
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                # Shift+Enter would insert U+2028; make it an ordinary newline.
                self.textCursor().insertText("\n")
                event.accept()
                return
        super().keyPressEvent(event)

    # --- paste and drop -----------------------------------------------------------

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if local_files(source) or source.hasImage() or source.hasHtml():
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = local_files(source)
        if files:
            self.filesPasted.emit(files)
            return
        image = image_from(source)
        # Spreadsheets put text *and* a picture of the cells on the clipboard: the text wins.
        if image is not None and not source.hasText():
            self.imagePasted.emit(image)
            return
        if source.hasText():
            text = source.text()
        elif source.hasHtml():
            text = QTextDocumentFragment.fromHtml(source.html()).toPlainText()
        else:
            return
        self.insertPlainText(text.replace("\r\n", "\n").replace("\u2028", "\n"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            self.fileDragActive.emit(True)
        super().dragEnterEvent(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.fileDragActive.emit(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.fileDragActive.emit(False)
        files = local_files(event.mimeData())
        if files:  # no text cursor games: the files become attachments
            self.filesPasted.emit(files)
            event.acceptProposedAction()
            return
        super().dropEvent(event)
