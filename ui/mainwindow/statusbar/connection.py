"""The connection indicator: a coloured dot, the sync state in words, the last sync.

The state is the client's own :class:`desk.client.api.ConnectionState` (one concept,
one name); this module only decides how each state looks. When the session has
expired it says "Signed out" instead, and a click on it asks to sign in again.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desk.client.api import ConnectionState
from ui.formatting import format_hhmm, format_long_datetime
from ui.theme import Theme


class _Dot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = QColor("gray")
        self.setFixedSize(QSize(10, 10))

    def set_color(self, color: QColor) -> None:
        self._color = QColor(color)
        self.update()

    def color(self) -> QColor:
        return QColor(self._color)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        painter.drawEllipse(self.rect().adjusted(1, 1, -1, -1))


class ConnectionIndicator(QWidget):
    """A coloured dot, the state in words, and when the last sync finished."""

    signInRequested = Signal()  # clicked while signed out (the session expired)

    def __init__(
        self, theme: Theme, *, display_zone: tzinfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionStatus")
        self._theme = theme
        self._zone = display_zone  # None: the computer's local zone
        self._state = ConnectionState.CONNECTING
        self._session_expired = False
        self.dot = _Dot(self)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("connectionText")
        self.sync_label = QLabel(self)
        self.sync_label.setObjectName("lastSync")
        self.sync_label.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(6)
        layout.addWidget(self.dot)
        layout.addWidget(self.state_label)
        layout.addSpacing(8)
        layout.addWidget(self.sync_label)
        self._apply()

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def session_expired(self) -> bool:
        return self._session_expired

    def set_state(self, state: ConnectionState, *, session_expired: bool = False) -> None:
        self._state = ConnectionState(state)
        self._session_expired = session_expired
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if session_expired else Qt.CursorShape.ArrowCursor
        )
        self._apply()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        inside = self.rect().contains(event.position().toPoint())
        if self._session_expired and event.button() == Qt.MouseButton.LeftButton and inside:
            self.signInRequested.emit()
        super().mouseReleaseEvent(event)

    def set_last_sync(self, when: datetime | None) -> None:
        if when is None:
            self.sync_label.hide()
            return
        local = when.astimezone(self._zone)
        self.sync_label.setText(self.tr("Last sync {0}").format(format_hhmm(local)))
        self.sync_label.setToolTip(
            self.tr("Last synchronised {0}").format(format_long_datetime(local))
        )
        self.sync_label.show()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._apply()

    def _apply(self) -> None:
        t = self._theme
        text, tip, color = {
            ConnectionState.CONNECTED: (
                self.tr("Online"),
                self.tr("Connected: new tickets and messages arrive as they happen."),
                t.sla_ok,
            ),
            ConnectionState.CONNECTING: (
                self.tr("Connecting…"),
                self.tr("Connecting to the server."),
                t.sla_warning,
            ),
            ConnectionState.RECONNECTING: (
                self.tr("Reconnecting…"),
                self.tr("The connection dropped; trying again. What you see may be stale."),
                t.sla_warning,
            ),
            ConnectionState.OFFLINE: (
                self.tr("Offline — changes will be sent when the connection returns"),
                self.tr("No connection to the server. Your replies wait in the outbox."),
                t.sla_breached,
            ),
        }[self._state]
        if self._session_expired:
            text, tip, color = (
                self.tr("Signed out — click to sign in again"),
                self.tr(
                    "Your session has expired. Replies wait in the outbox and drafts are "
                    "kept; they are sent once you sign in again."
                ),
                t.sla_breached,
            )
        self.dot.set_color(color)
        self.state_label.setText(text)
        self.setToolTip(tip)
        self.setAccessibleName(text)  # the dot's colour says it too, but only to the eye
        self.setAccessibleDescription(tip)
        self.sync_label.setStyleSheet(f"color: {t.muted_text.name()};")
