"""Small painting helpers shared by delegates and widgets."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPixmap


def draw_pixmap_cover(painter: QPainter, pix: QPixmap, rect: QRectF, clip: QPainterPath) -> None:
    """Fill ``rect`` with ``pix`` scaled to cover it (cropping the overflow evenly on
    both sides, like CSS ``object-fit: cover``), clipped to ``clip``."""
    painter.save()
    painter.setClipPath(clip)
    size = pix.size().toSizeF() / pix.devicePixelRatio()
    size.scale(rect.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
    target = QRectF(QPointF(0, 0), size)
    target.moveCenter(rect.center())
    painter.drawPixmap(target, pix, QRectF(pix.rect()))
    painter.restore()
