"""Small drawn glyphs for chat bubbles, and the "New messages" pill.

Glyphs are painted with QPainter paths rather than emoji or icon fonts, which
are missing on many Linux desktops (and offscreen), so they look the same everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QToolButton, QWidget

from ui.theme import Theme


def padlock(p: QPainter, x: float, cy: float, ink: QColor) -> None:
    """An 8 px padlock whose body is centred on ``cy``."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    p.drawRoundedRect(QRectF(x + 1, cy - 1.5, 8, 6), 1.2, 1.2)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(ink, 1.4))
    p.drawArc(QRectF(x + 2.5, cy - 6, 5, 7), 0, 180 * 16)


def status_icon(p: QPainter, icon: QRectF, color: QColor, *, failed: bool) -> None:
    """A clock (sending) or an exclamation mark (failed) in a circle."""
    p.setPen(QPen(color, 1.2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(icon)
    c = icon.center()
    if failed:
        p.drawLine(QPointF(c.x(), c.y() - 3), QPointF(c.x(), c.y() + 0.8))
        p.drawPoint(QPointF(c.x(), c.y() + 2.6))
    else:
        p.drawLine(c, QPointF(c.x(), c.y() - 3.5))
        p.drawLine(c, QPointF(c.x() + 2.5, c.y()))


def picture(p: QPainter, center: QPointF, ink: QColor, broken: QColor | None) -> None:
    """A framed mountain, the usual "image" sign; struck through when ``broken`` is given."""
    p.setPen(QPen(ink, 1.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    frame = QRectF(center.x() - 14, center.y() - 11, 28, 22)
    p.drawRoundedRect(frame, 3, 3)
    mountain = QPainterPath(QPointF(frame.left() + 3, frame.bottom() - 3))
    mountain.lineTo(frame.left() + 11, frame.top() + 9)
    mountain.lineTo(frame.left() + 17, frame.bottom() - 7)
    mountain.lineTo(frame.left() + 20, frame.bottom() - 10)
    mountain.lineTo(frame.right() - 3, frame.bottom() - 3)
    p.drawPath(mountain)
    if broken is not None:
        p.setPen(QPen(broken, 2))
        p.drawLine(frame.topRight() + QPointF(3, -3), frame.bottomLeft() + QPointF(-3, 3))


def document(p: QPainter, icon: QRectF, fill: QColor, ext: str, font: QFont) -> None:
    """A page with a folded corner and the file extension on it."""
    fold = 7.0
    doc = QPainterPath(icon.topLeft())
    doc.lineTo(icon.right() - fold, icon.top())
    doc.lineTo(icon.right(), icon.top() + fold)
    doc.lineTo(icon.bottomRight())
    doc.lineTo(icon.bottomLeft())
    doc.closeSubpath()
    p.fillPath(doc, fill)
    corner = QPainterPath(QPointF(icon.right() - fold, icon.top()))
    corner.lineTo(icon.right() - fold, icon.top() + fold)
    corner.lineTo(icon.right(), icon.top() + fold)
    corner.closeSubpath()
    p.fillPath(corner, fill.lighter(150))
    if ext:
        small = QFont(font)
        small.setPointSizeF(max(5.5, font.pointSizeF() * 0.72))
        p.setFont(small)
        p.setPen(QColor("#ffffff"))
        p.drawText(icon.adjusted(0, fold, 0, 0), Qt.AlignmentFlag.AlignCenter, ext)


class NewMessagesPill(QToolButton):
    """Floats over the bottom of the list when messages arrive while reading above."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("newMessagesPill")
        self.setText(self.tr("New messages ↓"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        hover = theme.accent.darker(112).name()
        self.setStyleSheet(
            f"QToolButton#newMessagesPill {{ background: {theme.accent.name()}; color: white;"
            " border: none; border-radius: 15px; padding: 0 16px; font-weight: 600;"
            " min-height: 30px; max-height: 30px; }"
            f"QToolButton#newMessagesPill:hover {{ background: {hover}; }}"
        )

    def place(self, viewport: QRect) -> None:
        """Centre it just above the bottom of ``viewport`` (in the parent's coordinates)."""
        self.adjustSize()
        x = viewport.x() + (viewport.width() - self.width()) // 2
        self.move(x, viewport.bottom() - self.height() - 12)
        self.raise_()
