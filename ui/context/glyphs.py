"""Small line glyphs the context panel draws itself (chat, link, check, copy), so they
follow the theme's ink at any size and need no icon files."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)


def check_glyph(p: QPainter, box: QRectF, ink: QColor) -> None:
    p.setPen(QPen(ink, 1.8))
    c = box.center()
    p.drawPolyline([c + QPointF(-4.5, 0), c + QPointF(-1.5, 3.5), c + QPointF(5, -4)])


def glyph_icon(draw: Callable[[QPainter, QRectF], None], edge: int = 16) -> QIcon:
    ratio = 2.0  # drawn at 2x so it stays crisp on high-DPI screens
    pixmap = QPixmap(round(edge * ratio), round(edge * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(p, QRectF(1, 1, edge - 2, edge - 2))
    p.end()
    return QIcon(pixmap)


def copy_glyph(p: QPainter, box: QRectF, ink: QColor, paper: QColor) -> None:
    """Two overlapping pages: "copy"."""
    p.setPen(QPen(ink, 1.3))
    p.setBrush(Qt.BrushStyle.NoBrush)
    w, h = box.width() * 0.62, box.height() * 0.7
    p.drawRoundedRect(QRectF(box.left() + 0.5, box.top() + 0.5, w, h), 1.8, 1.8)
    p.setBrush(paper)
    p.drawRoundedRect(QRectF(box.right() - w - 0.5, box.bottom() - h - 0.5, w, h), 1.8, 1.8)


def chat_glyph(p: QPainter, box: QRectF, ink: QColor) -> None:
    """A speech bubble with a tail and three dots: a conversation on the platform."""
    body = QRectF(box.left() + 1, box.top() + 2, box.width() - 2, box.height() - 6)
    path = QPainterPath()
    path.addRoundedRect(body, 4, 4)
    tail = QPainterPath(QPointF(body.left() + 4, body.bottom() - 1))
    tail.lineTo(body.left() + 3, box.bottom())
    tail.lineTo(body.left() + 9, body.bottom() - 1)
    tail.closeSubpath()
    p.fillPath(path.united(tail), ink)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    for i in (-1, 0, 1):
        p.drawEllipse(QPointF(body.center().x() + i * 4, body.center().y()), 1.2, 1.2)


def link_glyph(p: QPainter, box: QRectF, ink: QColor) -> None:
    """Two interlocked chain links, tilted: a web link."""
    p.save()
    p.translate(box.center())
    p.rotate(-45)
    p.setPen(QPen(ink, 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(-7.5, -3, 9, 6), 3, 3)
    p.drawRoundedRect(QRectF(-1.5, -3, 9, 6), 3, 3)
    p.restore()
