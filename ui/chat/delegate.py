"""Paints chat rows as bubbles and answers "what is under this point".

Layouts are cached by the row's identity and revision, its neighbour-dependent
flags and the layout width, so sizeHint() is a dict lookup after the first call
and painting reuses the QTextLayout the height was measured with.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desk.domain import Attachment
from ui.chat import decor
from ui.chat.layout import BubbleLayout, FileChipBox, HitArea, HitKind, Metrics, compute_layout
from ui.chat.rows import BubbleKind, ChatRow, Roles
from ui.chat.thumbnails import ThumbnailLoader
from ui.theme import LIGHT, Theme
from ui.widgets.painting import draw_pixmap_cover

_Index = QModelIndex | QPersistentModelIndex
_Sig = tuple[Any, ...]


class BubbleDelegate(QStyledItemDelegate):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        loader: ThumbnailLoader | None = None,
        max_layouts: int = 600,
    ) -> None:
        super().__init__(parent)
        self.theme = theme
        self.loader = loader
        self.metrics = Metrics.from_font(parent.font() if parent is not None else QFont())
        self.layout_width = 600
        self.cache_enabled = True  # off only to measure what the cache saves
        self.max_layouts = max_layouts
        self._generation = 0  # bumped by clear_cache(): heights stored on rows go stale
        self._row_at: Callable[[int], ChatRow | None] | None = None
        self._layouts: OrderedDict[_Sig, BubbleLayout] = OrderedDict()
        self.layouts_computed = 0

    # --- configuration ---------------------------------------------------------

    def set_layout_width(self, width: int) -> bool:
        """Width the rows wrap to; all cached sizes are for one width."""
        width = max(200, width)
        if width == self.layout_width:
            return False
        self.layout_width = width
        self.clear_cache()
        return True

    def set_font(self, font: QFont) -> None:
        self.metrics = Metrics.from_font(font)
        self.clear_cache()

    @property
    def generation(self) -> int:
        """Bumped whenever every cached size goes stale (width, font, clear_cache)."""
        return self._generation

    def clear_cache(self) -> None:
        self._generation += 1
        self._layouts.clear()

    # --- layout cache --------------------------------------------------------------

    def _loaded_size(self, att: Attachment) -> QSize | None:
        return self.loader.loaded_size(att.id) if self.loader is not None else None

    def _sig(self, row: ChatRow) -> _Sig:
        thumbs: tuple[object, ...] = ()
        if row.attachments and self.loader is not None and row.sizes_from_thumbnails:
            thumbs = tuple(self._loaded_size(a) for a in row.attachments if a.is_image)
        return (
            row.key,
            row.rev,
            row.day_header,
            row.grouped,
            self.layout_width,
            self._generation,
            thumbs,
        )

    def layout_for(self, row: ChatRow) -> BubbleLayout:
        sig = self._sig(row)
        if self.cache_enabled:
            cached = self._layouts.get(sig)
            if cached is not None:
                self._layouts.move_to_end(sig)
                return cached
        lay = compute_layout(row, self.layout_width, self.metrics, self._loaded_size)
        self.layouts_computed += 1
        if self.cache_enabled:
            self._layouts[sig] = lay
            row.height_sig, row.height = sig, lay.height
            if len(self._layouts) > self.max_layouts:
                self._layouts.popitem(last=False)
        return lay

    def height_for(self, row: ChatRow) -> int:
        if self.cache_enabled and row.height_sig == self._sig(row):
            return row.height
        return self.layout_for(row).height

    def bind(self, rows: Callable[[int], ChatRow | None] | None) -> None:
        """Read rows straight from the model (skips a QVariant round trip per sizeHint)."""
        self._row_at = rows

    def _row(self, index: _Index) -> ChatRow | None:
        if self._row_at is not None:
            return self._row_at(index.row())
        row: ChatRow | None = index.data(Roles.ROW)
        return row

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        row = self._row(index)
        if row is None:
            return QSize(1, 1)
        # Width 1: QListView stretches rows to the viewport; a wider hint would scroll sideways.
        return QSize(1, self.height_for(row))

    # --- geometry helpers shared by paint and hit-testing ------------------------

    def origin(self, row: ChatRow, rect: QRect) -> QPointF:
        """Where the row's layout starts; right-side rows follow the right edge while
        the view resizes (the wrap width updates once resizing pauses)."""
        dx = rect.width() - self.layout_width if row.side == "right" else 0
        return QPointF(rect.x() + dx, rect.y())

    def hit_test(self, index: _Index, rect: QRect, pos: QPoint) -> HitArea | None:
        row = self._row(index)
        if row is None:
            return None
        local = QPointF(pos) - self.origin(row, rect)
        return self.layout_for(row).hit(local)

    def bubble_rect(self, index: _Index, rect: QRect) -> QRectF:
        row = self._row(index)
        if row is None:
            return QRectF()
        return self.layout_for(row).bubble.translated(self.origin(row, rect))

    # --- painting ------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        row = self._row(index)
        if row is None:
            return
        lay = self.layout_for(row)
        t = self.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = option.rect
        if lay.header_rect is not None:
            header = lay.header_rect.translated(rect.x() + (rect.width() - lay.width) / 2, rect.y())
            self._paint_day(painter, header, lay.header_text)
        painter.translate(self.origin(row, rect))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        self._paint_bubble(painter, lay, row, selected)
        if lay.label_rect is not None:
            self._paint_internal_label(painter, lay.label_rect)
        self._paint_meta(painter, lay)
        if lay.text_layout is not None:
            painter.setPen(t.bubble_text)
            painter.setFont(self.metrics.font)
            lay.text_layout.draw(painter, lay.text_pos, self._link_formats(lay))
        for img_rect, att in lay.images:
            self._paint_image(painter, img_rect, att)
        for chip in lay.files:
            self._paint_chip(painter, chip, row)
        if lay.error_rect is not None:
            painter.setFont(self.metrics.meta_font)
            painter.setPen(t.bubble_failed_border)
            painter.drawText(lay.error_rect, Qt.AlignmentFlag.AlignLeft, lay.error_text)
        for button in lay.buttons:
            self._paint_button(painter, button.rect, button.label, button.kind)
        painter.restore()

    def _bubble_colors(self, row: ChatRow) -> tuple[QColor, QColor | None, float]:
        t = self.theme
        if row.kind is BubbleKind.CUSTOMER:
            return t.bubble_customer, None, 0.0
        fill = t.bubble_internal if row.internal else t.bubble_staff
        border = t.bubble_internal_border if row.internal else None
        if row.kind is BubbleKind.FAILED:
            return fill, t.bubble_failed_border, 1.6
        return fill, border, 1.0

    def _paint_bubble(self, p: QPainter, lay: BubbleLayout, row: ChatRow, selected: bool) -> None:
        fill, border, border_w = self._bubble_colors(row)
        r = self.metrics.radius
        path = QPainterPath()
        path.addRoundedRect(lay.bubble.adjusted(0.5, 0.5, -0.5, -0.5), r, r)
        if row.kind is BubbleKind.PENDING:
            p.setOpacity(0.72)  # deliberately left on: the whole unsent bubble is faded
        p.fillPath(path, fill)
        if border is not None:
            p.strokePath(path, QPen(border, border_w))
        if selected:
            ring = QColor(self.theme.accent)
            ring.setAlpha(200)
            p.strokePath(path, QPen(ring, 2.0))

    def _paint_day(self, p: QPainter, rect: QRectF, text: str) -> None:
        t = self.theme
        pill = QColor(t.border)
        pill.setAlpha(110 if not t.dark else 160)
        path = QPainterPath()
        path.addRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        if t.high_contrast:  # a tint of black or white would be a grey: outline it instead
            p.fillPath(path, t.alternate_base)
            p.strokePath(path, t.border)
        else:
            p.fillPath(path, pill)
        p.setFont(self.metrics.author_font)
        p.setPen(t.text if t.high_contrast else t.muted_text)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _note_ink(self) -> QColor:
        c = self.theme.bubble_internal_border
        return c.lighter(125) if self.theme.dark else c.darker(170)

    def _paint_internal_label(self, p: QPainter, rect: QRectF) -> None:
        ink = self._note_ink()
        decor.padlock(p, rect.x(), rect.center().y(), ink)
        p.setPen(ink)
        p.setFont(self.metrics.label_font)
        p.drawText(
            rect.adjusted(14, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QCoreApplication.translate("ChatView", "Internal note").upper(),
        )

    def _paint_meta(self, p: QPainter, lay: BubbleLayout) -> None:
        t, m = self.theme, self.metrics
        rect = lay.meta_rect
        p.setFont(m.author_font)
        p.setPen(self._note_ink() if lay.kind is BubbleKind.INTERNAL else t.bubble_text)
        p.drawText(
            rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, lay.author_text
        )
        p.setFont(m.meta_font)
        p.setPen(t.bubble_meta)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        p.drawText(rect, align, lay.time_text)
        if not lay.status_text:
            return
        fm = QFontMetricsF(m.meta_font)
        right = rect.right() - fm.horizontalAdvance(lay.time_text) - 8
        failed = lay.kind is BubbleKind.FAILED
        color = t.bubble_failed_border if failed else t.bubble_meta
        p.setPen(color)
        status_w = fm.horizontalAdvance(lay.status_text)
        p.drawText(
            QRectF(right - status_w, rect.y(), status_w, rect.height()), align, lay.status_text
        )
        icon = QRectF(right - status_w - 14, rect.center().y() - 5.5, 11, 11)
        decor.status_icon(p, icon, color, failed=failed)

    def _link_formats(self, lay: BubbleLayout) -> list[QTextLayout.FormatRange]:
        ranges = []
        for start, length in lay.link_ranges:
            fmt = QTextCharFormat()
            fmt.setForeground(self.theme.link)
            fmt.setFontUnderline(True)
            fr = QTextLayout.FormatRange()
            fr.start, fr.length, fr.format = start, length, fmt
            ranges.append(fr)
        return ranges

    def _chip_fill(self) -> QColor:
        if self.theme.dark:
            return QColor(0, 0, 0, 70)
        return QColor(255, 255, 255, 165)

    def _paint_image(self, p: QPainter, rect: QRectF, att: Attachment) -> None:
        t = self.theme
        path = QPainterPath()
        path.addRoundedRect(rect, 8, 8)
        pix = self.loader.pixmap(att.id) if self.loader is not None else None
        if pix is not None:
            draw_pixmap_cover(p, pix, rect, path)
            edge = QColor(self.theme.text)
            edge.setAlpha(28)
            p.strokePath(path, QPen(edge, 1))
            return
        error = self.loader.error(att.id) if self.loader is not None else None
        if error is None and self.loader is not None:
            self.loader.request(att.id)
        p.fillPath(path, self._chip_fill())
        ink = QColor(t.muted_text)
        ink.setAlpha(150)
        decor.picture(p, rect.center(), ink, t.bubble_failed_border if error is not None else None)
        if error is not None and rect.height() >= 80:
            p.setFont(self.metrics.meta_font)
            p.setPen(t.muted_text)
            caption = QRectF(rect.x() + 4, rect.center().y() + 16, rect.width() - 8, 20)
            text = QCoreApplication.translate("ChatView", "Image not available")
            p.drawText(caption, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

    def _paint_chip(self, p: QPainter, chip: FileChipBox, row: ChatRow) -> None:
        t, m = self.theme, self.metrics
        path = QPainterPath()
        path.addRoundedRect(chip.rect, 10, 10)
        p.fillPath(path, self._chip_fill())
        icon = QRectF(chip.rect.x() + 9, chip.rect.y() + 7, 26, chip.rect.height() - 14)
        decor.document(p, icon, t.accent, chip.ext, m.label_font)
        text_x = icon.right() + 10
        text_w = chip.rect.right() - 10 - text_x
        fm = QFontMetricsF(m.author_font)
        name = fm.elidedText(chip.name, Qt.TextElideMode.ElideMiddle, text_w)
        half = chip.rect.height() / 2
        p.setFont(m.author_font)
        p.setPen(t.bubble_text)
        p.drawText(
            QRectF(text_x, chip.rect.y() + 4, text_w, half - 3),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            name,
        )
        p.setFont(m.meta_font)
        p.setPen(t.bubble_meta)
        p.drawText(
            QRectF(text_x, chip.rect.y() + half + 1, text_w, half - 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            chip.detail,
        )

    def _paint_button(self, p: QPainter, rect: QRectF, label: str, kind: HitKind) -> None:
        t = self.theme
        path = QPainterPath()
        path.addRoundedRect(
            rect.adjusted(0.5, 0.5, -0.5, -0.5), rect.height() / 2, rect.height() / 2
        )
        if kind is HitKind.RETRY:
            p.fillPath(path, t.accent)
            p.setPen(QColor("#ffffff"))
        else:
            p.fillPath(path, self._chip_fill())
            p.strokePath(path, QPen(t.border, 1))
            p.setPen(t.bubble_text)
        p.setFont(self.metrics.author_font)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
