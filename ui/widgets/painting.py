"""Small painting helpers shared by delegates and widgets."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPainterPath, QPixmap


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


def dot_icon(colour: QColor, diameter: int = 10) -> QIcon:
    ratio = 2.0  # crisp on high-DPI screens too
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        ratio = max(app.devicePixelRatio(), 1.0)
    size = round(diameter * ratio)
    pixmap = QPixmap(size, size)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, diameter - 2, diameter - 2)
    painter.end()
    return QIcon(pixmap)
