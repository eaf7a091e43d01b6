"""A selectable plain-text label that wraps to a few lines and elides the last one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QWidget

from ui.widgets.text import plain_tooltip


class ElidingLabel(QLabel):
    """Selectable plain text wrapped to at most ``max_lines`` lines, the last one elided.

    Qt's labels either wrap or elide, not both, so the lines are laid out here with
    QTextLayout at the current width and the remainder of the last line is elided.
    A one-line label asks for its full width and gives way when space is short; a
    multi-line one (the title) takes whatever width the layout has.
    """

    def __init__(
        self,
        max_lines: int = 1,
        copy_label: str = "",
        parent: QWidget | None = None,
        *,
        min_width: int = 40,  # how far a one-line label may shrink
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._min_width = min_width
        self._max_lines = max_lines
        self._copy_label = copy_label
        self._elided = False
        self.setTextFormat(Qt.TextFormat.PlainText)  # this text comes from customers
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if max_lines > 1:
            self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        else:
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self._elided

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())  # no newlines or tab runs in a heading
        self.setToolTip(plain_tooltip(self._full) or "")
        self.updateGeometry()
        self._relayout()

    def minimumSizeHint(self) -> QSize:
        width = 80 if self._max_lines > 1 else min(self._text_width(), self._min_width)
        return QSize(width, self.fontMetrics().height())

    def sizeHint(self) -> QSize:
        if self._max_lines > 1:
            return QSize(320, super().sizeHint().height())
        return QSize(self._text_width(), super().sizeHint().height())

    def _text_width(self) -> int:
        margins = self.contentsMargins()
        return (
            self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right() + 2
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout()

    def _relayout(self) -> None:
        width = self.contentsRect().width()
        text = self._full
        if width <= 0 or not text:
            self.setText(text)
            self._elided = False
            return
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        starts: list[tuple[int, int]] = []
        layout.beginLayout()
        while len(starts) < self._max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append((line.textStart(), line.textLength()))
        layout.endLayout()
        lines = [text[s : s + n].rstrip() for s, n in starts[:-1]]
        rest = text[starts[-1][0] :] if starts else text
        metrics = self.fontMetrics()
        last = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        self._elided = last != rest
        self.setText("\n".join([*lines, last]))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # The shown text may be cut short, so copying offers the whole title.
        menu = QMenu(self)
        copy = menu.addAction(
            self._copy_label or QCoreApplication.translate("ElidingLabel", "Copy")
        )
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self._full))
        if self.hasSelectedText():
            selected = self.selectedText()
            part = menu.addAction(QCoreApplication.translate("ElidingLabel", "Copy selection"))
            part.triggered.connect(lambda: QGuiApplication.clipboard().setText(selected))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())  # popup, not exec: no nested event loop
