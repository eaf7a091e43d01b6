"""The attachments of the customer context panel: image tiles in a grid, and file rows."""

from __future__ import annotations

from pathlib import PurePath

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desk.client.customer_context import ThreadFile
from ui.chat import decor
from ui.chat.attachments import format_size
from ui.chat.thumbnails import ThumbnailLoader
from ui.context.rows import Now, PanelRow, ThemedButton
from ui.context.style import PAD, mix, small_font
from ui.formatting import format_relative
from ui.theme import Theme
from ui.widgets.painting import draw_pixmap_cover
from ui.widgets.text import plain_tooltip


def file_colour(theme: Theme, filename: str) -> QColor:
    ext = PurePath(filename).suffix.lower()
    return {
        ".pdf": theme.priority_critical,
        ".zip": theme.priority_high,
        ".txt": theme.priority_low,
    }.get(ext, theme.accent)


def extension(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    return ext[:4].upper() if dot and stem and ext else ""


class FileRow(PanelRow):
    """A document glyph with its extension, the file name, and ``52 KB · 2 h ago``."""

    def __init__(self, theme: Theme, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(theme, now, parent)
        self.file: ThreadFile | None = None

    def set_file(self, file: ThreadFile) -> None:
        if file == self.file:
            return
        self.file = file
        a = file.attachment
        self.setToolTip(plain_tooltip(f"{a.filename}\n{format_size(a.size)}") or "")
        self.setAccessibleName(a.filename)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, self.fontMetrics().height() * 2 + 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        t, file = self._theme, self.file
        if file is None:
            return
        a = file.attachment
        p = self._begin()
        line = self.fontMetrics().height()
        icon = QRectF(PAD - 3, (self.height() - 28) / 2, 22, 28)
        decor.document(p, icon, file_colour(t, a.filename), extension(a.filename), self.font())
        x = PAD + 24
        width = self.width() - PAD
        top = QRectF(x, 5, width - x, line)
        bottom = QRectF(x, 6 + line, width - x, line)
        mode = Qt.TextElideMode.ElideMiddle  # keep the extension visible
        self._text(p, x, top, a.filename, self.font(), t.text, mode=mode)
        detail = f"{format_size(a.size)}  ·  {format_relative(file.at, self._now())}"
        self._text(p, x, bottom, detail, small_font(self.font()), t.muted_text)
        p.end()


class ImageTile(ThemedButton):
    """A square thumbnail, cropped to fill; a placeholder until the loader has it."""

    def __init__(
        self, theme: Theme, loader: ThumbnailLoader | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(theme, parent)
        self._loader = loader
        self.file: ThreadFile | None = None

    def set_file(self, file: ThreadFile) -> None:
        if file == self.file:
            return
        self.file = file
        a = file.attachment
        dims = f"{a.width}×{a.height}, " if a.width and a.height else ""
        self.setToolTip(plain_tooltip(f"{a.filename}\n{dims}{format_size(a.size)}") or "")
        self.setAccessibleName(a.filename)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        t, file, loader = self._theme, self.file, self._loader
        if file is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        path = QPainterPath()
        path.addRoundedRect(rect, 6, 6)
        aid = file.attachment.id
        pix = loader.pixmap(aid) if loader is not None else None
        if pix is not None and not pix.isNull():
            draw_pixmap_cover(p, pix, rect, path)  # the middle of the shot, square
        else:
            error = loader.error(aid) if loader is not None else None
            if loader is not None and error is None:
                loader.request(aid)  # painting is what asks: only visible tiles load
            p.fillPath(path, mix(t.base, t.border, 0.5))
            ink = QColor(t.muted_text)
            ink.setAlpha(150)
            decor.picture(p, rect.center(), ink, t.sla_breached if error else None)
        edge = t.accent if (self._hover or self.hasFocus()) else t.border
        p.strokePath(path, QPen(edge, 2 if edge == t.accent else 1))
        p.end()

    def is_placeholder(self) -> bool:
        file, loader = self.file, self._loader
        return file is None or loader is None or loader.pixmap(file.attachment.id) is None


class TileGrid(QWidget):
    """Square tiles in as many columns as fit (at least two), filling the width."""

    MIN_TILE = 76
    GAP = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: list[ImageTile] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _grid(self, width: int) -> tuple[int, int]:
        columns = max(2, (width + self.GAP) // (self.MIN_TILE + self.GAP))
        side = max(24, (width - (columns - 1) * self.GAP) // columns)
        return columns, side

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        shown = [t for t in self.tiles if not t.isHidden()]
        if not shown:
            return 0
        columns, side = self._grid(width)
        rows = (len(shown) + columns - 1) // columns
        return rows * side + (rows - 1) * self.GAP

    def sizeHint(self) -> QSize:
        return QSize(3 * self.MIN_TILE + 2 * self.GAP, self.heightForWidth(260))

    def minimumSizeHint(self) -> QSize:
        return QSize(2 * 40 + self.GAP, 0)

    def relayout(self) -> None:
        columns, side = self._grid(self.width())
        shown = [t for t in self.tiles if not t.isHidden()]
        for i, tile in enumerate(shown):
            row, col = divmod(i, columns)
            tile.setGeometry(QRect(col * (side + self.GAP), row * (side + self.GAP), side, side))
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.relayout()
