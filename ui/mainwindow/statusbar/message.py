"""The status bar's transient message: one line, elided to the room it gets."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.widgets.clickable import ClickableLabel

MESSAGE_MS = 8000  # how long a message stays unless clicked away


class MessageLabel(ClickableLabel):
    """Elides long messages to the space it gets; the full text is in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._suffix = ""
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def sizeHint(self) -> QSize:
        # As wide as the whole message wants; the layout may give less and we elide.
        margins = self.contentsMargins()
        extra = margins.left() + margins.right() + 24  # stylesheet padding
        width = self.fontMetrics().horizontalAdvance(self._full + self._suffix) + extra
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str, suffix: str = "") -> None:
        self._full, self._suffix = text, suffix
        self.updateGeometry()
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        room = self.contentsRect().width() - metrics.horizontalAdvance(self._suffix) - 4
        elided = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(room, 40))
        self.setText(elided + self._suffix)
