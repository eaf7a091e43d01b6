"""The tray icon: a count of tickets that need a reply, and a small menu.

The window asks :meth:`TrayController.should_hide_on_close` when it is closed: with a
visible tray icon the app keeps running there (alerts keep coming); without a tray
(some desktops have none, the offscreen test platform neither) closing quits.
The icon is the app's mark (``ui.app_icon``) drawn at each tray size with its count
badge painted on top, so both are crisp at every size.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QIcon,
    QPainter,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desk.client.alerts.types import Attention
from ui.app_icon import mark_renderer

__all__ = ["TrayController", "badge_text", "tray_icon", "tray_pixmap"]

_SIZES = (16, 20, 22, 24, 32, 48, 64)
_ALARM = QColor("#e5332a")
_CALM = QColor("#344054")
_WHITE = QColor("#ffffff")


translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def badge_text(count: int) -> str:
    return "" if count <= 0 else ("99+" if count > 99 else str(count))


def _draw_badge(p: QPainter, size: float, text: str, alarming: bool) -> None:
    # The badge is large on purpose: in a 16-22 px tray the count is the message.
    height = size * (0.62 if len(text) > 2 else 0.58)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(round(height * 0.8), 6))
    metrics = QFontMetricsF(font)
    width = max(height, min(metrics.horizontalAdvance(text) + height * 0.45, size))
    # "99+" in a 16 px icon: a smaller font rather than clipped digits.
    while font.pixelSize() > 5 and metrics.horizontalAdvance(text) > width - size * 0.06:
        font.setPixelSize(font.pixelSize() - 1)
        metrics = QFontMetricsF(font)
    rect = QRectF(size - width, size - height, width, height)
    ring = max(size * 0.045, 1.0)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_WHITE)  # a thin ring separates the badge from the glyph and the panel
    p.drawRoundedRect(rect.adjusted(-ring, -ring, 0, 0), (height + ring) / 2, (height + ring) / 2)
    p.setBrush(_ALARM if alarming else _CALM)
    p.drawRoundedRect(rect, height / 2, height / 2)
    p.setFont(font)
    p.setPen(_WHITE)
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def tray_pixmap(
    count: int, alarming: bool, size: int = 64, mark: QSvgRenderer | None = None
) -> QPixmap:
    """The icon at one size: the app's mark, and a badge with ``count`` (red when alarming)."""
    if mark is None:
        mark = mark_renderer()
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        mark.render(p, QRectF(0, 0, size, size))
        text = badge_text(count)
        if text:
            _draw_badge(p, size, text, alarming)
        elif alarming:  # nothing counted but something is wrong: a plain red dot
            p.setBrush(_ALARM)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QRectF(size * 0.62, size * 0.62, size * 0.36, size * 0.36))
    finally:
        p.end()
    return pixmap


def tray_icon(count: int, alarming: bool) -> QIcon:
    icon, mark = QIcon(), mark_renderer()
    for size in _SIZES:
        icon.addPixmap(tray_pixmap(count, alarming, size, mark))
    return icon


class TrayController(QObject):
    showRequested = Signal()
    quitRequested = Signal()
    onCallToggled = Signal(bool)
    dndToggled = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, available: bool | None = None) -> None:
        super().__init__(parent)
        if available is None:
            available = QSystemTrayIcon.isSystemTrayAvailable()
        self._available = available
        self._attention = Attention()
        self._on_call = False
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.open_action = QAction(translate("Tray", "Open Desk"), self.menu)
        self.on_call_action = QAction(translate("Tray", "On-call mode"), self.menu)
        self.on_call_action.setCheckable(True)
        self.dnd_action = QAction(translate("Tray", "Do not disturb"), self.menu)
        self.dnd_action.setCheckable(True)
        self.quit_action = QAction(translate("Tray", "Quit Desk"), self.menu)
        self.menu.addAction(self.open_action)
        self.menu.addSeparator()
        self.menu.addAction(self.on_call_action)
        self.menu.addAction(self.dnd_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.open_action.triggered.connect(self.showRequested)
        self.quit_action.triggered.connect(self.quitRequested)
        self.on_call_action.toggled.connect(self.onCallToggled)
        self.dnd_action.toggled.connect(self.dndToggled)
        self.icon.activated.connect(self._on_activated)
        self.icon.setContextMenu(self.menu)
        self._refresh()
        if self._available:
            self.icon.show()  # only then: an unavailable tray warns on show()

    # --- state pushed in by the app ----------------------------------------------------

    @property
    def available(self) -> bool:
        return self._available

    @property
    def attention(self) -> Attention:
        return self._attention

    def set_attention(self, attention: Attention) -> None:
        if attention != self._attention:
            self._attention = attention
            self._refresh()

    def set_on_call(self, active: bool) -> None:
        """Shows whether on call is in effect now (auto mode included), without echoing."""
        self._on_call = active
        self.on_call_action.blockSignals(True)
        self.on_call_action.setChecked(active)
        self.on_call_action.blockSignals(False)
        self._refresh()

    def set_dnd(self, on: bool) -> None:
        self.dnd_action.blockSignals(True)
        self.dnd_action.setChecked(on)
        self.dnd_action.blockSignals(False)
        self._refresh()

    def should_hide_on_close(self) -> bool:
        """True when closing the window should hide it to the tray instead of quitting."""
        return self._available and self.icon.isVisible()

    def tooltip(self) -> str:
        a = self._attention
        lines = ["Desk"]
        if a.needs_reply:
            lines.append(translate("Tray", "%n waiting for a reply", None, a.needs_reply))
        else:
            lines.append(translate("Tray", "No ticket needs a reply"))
        if a.urgent:
            lines.append(translate("Tray", "%n urgent", None, a.urgent))
        if a.breached:
            lines.append(translate("Tray", "%n overdue", None, a.breached))
        if a.mine:
            lines.append(translate("Tray", "%n assigned to me", None, a.mine))
        if self._on_call:
            lines.append(translate("Tray", "On call"))
        if self.dnd_action.isChecked():
            lines.append(translate("Tray", "Do not disturb"))
        return "\n".join(lines)

    # --- internals -------------------------------------------------------------------

    def _refresh(self) -> None:
        a = self._attention
        self.icon.setIcon(tray_icon(a.needs_reply, a.alarming))
        self.icon.setToolTip(self.tooltip())

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.showRequested.emit()

    def close(self) -> None:
        self.icon.hide()
        self.menu.deleteLater()
