"""The list of macros shown by the picker and the manage dialog, and its row painter.

Rows are two lines: the title, and a one-line preview of the body (newlines shown as
spaces, elided). The preview text comes from a function the owner passes in, so the
picker can show the body already filled for the open ticket.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desk.client.macros import Macro, swap_layout
from ui.theme import Theme

ModelIndex = QModelIndex | QPersistentModelIndex
PreviewRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
MatchRole = Qt.ItemDataRole.UserRole + 3  # list of (start, length) in the title to highlight
_PREVIEW_CHARS = 300  # enough to fill any row; the painter elides the rest


def one_line(text: str, limit: int = _PREVIEW_CHARS) -> str:
    return " ".join(text[: limit * 2].split())[:limit]


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def match_spans(title: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words occur in the title, preferring starts of words."""
    folded = _fold(title)
    if len(folded) != len(title):
        return []  # a letter changed length when folded: positions would be wrong
    spans: list[tuple[int, int]] = []
    for token in _fold(query).split():
        for candidate in (token, swap_layout(token)):
            at = _word_start(folded, candidate)
            if at < 0:
                at = folded.find(candidate)
            if at >= 0:
                spans.append((at, len(candidate)))
                break
    return spans


def _word_start(text: str, token: str) -> int:
    at = text.find(token)
    while at > 0 and text[at - 1].isalnum():
        at = text.find(token, at + 1)
    return at


class MacroListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._macros: list[Macro] = []
        self._previews: list[str] = []
        self._preview: Callable[[Macro], str] = lambda m: m.body
        self._query = ""

    def set_query(self, query: str) -> None:
        """The text to highlight in titles (set before ``set_macros``)."""
        self._query = query

    def set_preview(self, preview: Callable[[Macro], str]) -> None:
        self._preview = preview
        self._previews = [one_line(preview(m)) for m in self._macros]
        if self._macros:
            last = self.index(len(self._macros) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [PreviewRole])

    def set_macros(self, macros: Sequence[Macro]) -> None:
        self.beginResetModel()
        self._macros = list(macros)
        self._previews = [one_line(self._preview(m)) for m in self._macros]
        self.endResetModel()

    def macro_at(self, row: int) -> Macro | None:
        return self._macros[row] if 0 <= row < len(self._macros) else None

    def row_of(self, macro_id: int) -> int | None:
        return next((r for r, m in enumerate(self._macros) if m.id == macro_id), None)

    def macros(self) -> list[Macro]:
        return list(self._macros)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._macros)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._macros):
            return None
        macro = self._macros[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return macro.title
        if role == PreviewRole:
            return self._previews[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._previews[index.row()]
        if role == IdRole:
            return macro.id
        if role == MatchRole:
            return match_spans(macro.title, self._query) if self._query.strip() else []
        return None


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


class MacroDelegate(QStyledItemDelegate):
    """Title over a muted preview; colours only from the theme."""

    PAD_X, PAD_Y, GAP = 10, 6, 2

    def __init__(self, theme: Theme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.theme = theme

    def _fonts(self, base: QFont) -> tuple[QFont, QFont]:
        title = QFont(base)
        title.setWeight(QFont.Weight.DemiBold)
        preview = QFont(base)
        preview.setPointSizeF(max(base.pointSizeF() - 1.0, 7.0))
        return title, preview

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        title, preview = self._fonts(option.font)
        height = QFontMetrics(title).height() + QFontMetrics(preview).height()
        return QSize(200, height + 2 * self.PAD_Y + self.GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        t = self.theme
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected or hovered:
            fill = t.selection if selected else _blend(t.base, t.selection, 0.45)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect.adjusted(4, 1, -4, -1), 6, 6)
        if selected:
            painter.setBrush(t.accent)
            painter.drawRoundedRect(rect.left() + 4, rect.top() + 7, 3, rect.height() - 14, 1, 1)

        title_font, preview_font = self._fonts(option.font)
        inner = rect.adjusted(self.PAD_X + 6, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        title_metrics, preview_metrics = QFontMetrics(title_font), QFontMetrics(preview_font)
        title = title_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            inner.width(),
        )
        preview = preview_metrics.elidedText(
            str(index.data(PreviewRole) or ""), Qt.TextElideMode.ElideRight, inner.width()
        )
        title_rect = QRect(inner.left(), inner.top(), inner.width(), title_metrics.height())
        self._paint_matches(painter, index, title, title_metrics, title_rect)
        painter.setFont(title_font)
        painter.setPen(t.selection_text if selected else t.text)
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        painter.setFont(preview_font)
        painter.setPen(_blend(t.muted_text, t.selection_text, 0.3) if selected else t.muted_text)
        preview_rect = QRect(
            inner.left(),
            title_rect.bottom() + 1 + self.GAP,
            inner.width(),
            preview_metrics.height(),
        )
        painter.drawText(
            preview_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, preview
        )
        painter.restore()

    def _paint_matches(
        self,
        painter: QPainter,
        index: ModelIndex,
        shown: str,
        metrics: QFontMetrics,
        rect: QRect,
    ) -> None:
        spans = index.data(MatchRole) or []
        full = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        visible = len(shown) if shown == full else max(len(shown) - 1, 0)  # minus the "…"
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.theme.link)
        # An underline in the link colour reads on plain and selected rows alike.
        baseline = rect.top() + (rect.height() + metrics.ascent() - metrics.descent()) // 2
        for start, length in spans:
            if start + length > visible:
                continue
            x = rect.left() + metrics.horizontalAdvance(full[:start])
            width = metrics.horizontalAdvance(full[start : start + length])
            painter.drawRoundedRect(x, baseline + 2, width, 2, 1, 1)
