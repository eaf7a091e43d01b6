"""Folding sections of the customer context panel: a header with a count, and its body."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.context.rows import translate
from ui.context.style import PAD, small_font
from ui.theme import Theme


class SectionHeader(QAbstractButton):
    """``▾ OTHER TICKETS            5``: click folds the section away."""

    def __init__(self, title: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setText(title)
        self.setCheckable(True)
        self.setChecked(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.count_text = ""

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_count(self, text: str) -> None:
        self.count_text = text
        # The count is painted beside the title: say it too.
        self.setAccessibleName(f"{self.text()}, {text}" if text else "")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, self.fontMetrics().height() + 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        c = QPointF(PAD + 4, rect.center().y())
        p.setPen(QPen(t.muted_text, 1.5))
        if self.isChecked():  # open: a chevron pointing down
            p.drawPolyline([c + QPointF(-3.5, -1.5), c + QPointF(0, 2), c + QPointF(3.5, -1.5)])
        else:
            p.drawPolyline([c + QPointF(-1.5, -3.5), c + QPointF(2, 0), c + QPointF(-1.5, 3.5)])
        font = small_font(self.font(), 0.82, bold=True)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        p.setFont(font)
        p.setPen(t.text if self.hasFocus() else t.muted_text)
        text_rect = rect.adjusted(PAD + 16, 0, -PAD, 0)
        align = Qt.AlignmentFlag.AlignVCenter
        p.drawText(text_rect, align | Qt.AlignmentFlag.AlignLeft, self.text())
        if self.count_text:
            p.setFont(small_font(self.font(), 0.85))
            p.drawText(text_rect, align | Qt.AlignmentFlag.AlignRight, self.count_text)
        p.end()


class Section(QWidget):
    """A header that folds its body away, with a quiet line when there is nothing."""

    def __init__(self, key: str, title: str, empty: str, theme: Theme, parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"{key}Section")
        self.header = SectionHeader(title, theme, self)
        self.header.setObjectName(f"{key}Header")
        self.body = QWidget(self)
        self.rows = QVBoxLayout(self.body)
        self.rows.setContentsMargins(0, 0, 0, 10)
        self.rows.setSpacing(1)
        self.empty = QLabel(empty, self.body)
        self.empty.setObjectName("sectionEmpty")
        self.empty.setIndent(24)
        self.rows.addWidget(self.empty)
        # Long threads can hold a hundred links: the first few show until asked.
        self.show_all = False
        self.show_all_button = QToolButton(self.body)
        self.show_all_button.setObjectName("showAll")
        self.show_all_button.setText(translate("ContextPanel", "Show all"))
        self.show_all_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_all_button.hide()
        self.rows.addWidget(self.show_all_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.header.toggled.connect(self.body.setVisible)

    def order_focus(self) -> None:
        """Tab goes header, its rows top to bottom, then "Show all": rows are made after
        every header, so Qt's creation order would visit all headers first."""
        chain: list[QWidget] = [self.header]
        for i in range(self.rows.count()):
            item = self.rows.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            inner = [
                w for w in widget.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus
            ]
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                chain.append(widget)
            chain += sorted(inner, key=lambda w: (w.y(), w.x()))
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def is_collapsed(self) -> bool:
        return not self.header.isChecked()

    def set_collapsed(self, collapsed: bool) -> None:
        self.header.setChecked(not collapsed)

    def offer_all(self, hidden: int, total: int) -> None:
        self.show_all_button.setText(
            translate("ContextPanel", "Show all %1").replace("%1", str(total))
        )
        self.show_all_button.setVisible(hidden > 0)
