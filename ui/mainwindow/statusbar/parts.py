"""Widgets of the status bar: connection state, the business clock, a clickable message."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from desk.sla import BusinessCalendar
from ui.formatting import format_duration
from ui.settings.store import OnCallMode
from ui.theme import Theme

Clock = Callable[[], datetime]

MESSAGE_MS = 8000
CLOCK_INTERVAL_MS = 15000


def utc_now() -> datetime:
    return datetime.now(UTC)


def _hhmm(when: datetime) -> str:
    # Russian offices read a 24-hour clock whatever the system locale says.
    return f"{when:%H:%M}"


def _long_text(when: datetime) -> str:
    day = QDate(when.year, when.month, when.day)
    return f"{QLocale().toString(day, 'dddd, d MMMM yyyy')}, {when:%H:%M:%S}"


class ConnectionState(enum.StrEnum):
    ONLINE = "online"
    CONNECTING = "connecting"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"


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


class ConnectionStatus(QWidget):
    """A coloured dot, the state in words, and when the last sync finished."""

    def __init__(
        self, theme: Theme, *, display_zone: tzinfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionStatus")
        self._theme = theme
        self._zone = display_zone  # None: the computer's local zone
        self._state = ConnectionState.CONNECTING
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

    def set_state(self, state: ConnectionState) -> None:
        self._state = ConnectionState(state)
        self._apply()

    def set_last_sync(self, when: datetime | None) -> None:
        if when is None:
            self.sync_label.hide()
            return
        local = when.astimezone(self._zone)
        self.sync_label.setText(self.tr("Last sync {0}").format(_hhmm(local)))
        self.sync_label.setToolTip(self.tr("Last synchronised {0}").format(_long_text(local)))
        self.sync_label.show()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._apply()

    def _apply(self) -> None:
        t = self._theme
        text, tip, color = {
            ConnectionState.ONLINE: (
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
        self.dot.set_color(color)
        self.state_label.setText(text)
        self.setToolTip(tip)
        self.sync_label.setStyleSheet(f"color: {t.muted_text.name()};")


class BusinessClock(QWidget):
    """``MSK 14:32 · Business hours``, refreshed every ``interval_ms``."""

    def __init__(
        self,
        calendar: BusinessCalendar,
        clock: Clock,
        theme: Theme,
        *,
        interval_ms: int = CLOCK_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("businessClock")
        self._calendar = calendar
        self._clock = clock
        self._theme = theme
        self._zone = ZoneInfo(calendar.levels.timezone)
        self._on_call = OnCallMode.AUTO
        self.time_label = QLabel(self)
        self.time_label.setObjectName("clockTime")
        self.hours_label = QLabel(self)
        self.hours_label.setObjectName("businessHours")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(8)
        layout.addWidget(self.time_label)
        layout.addWidget(self.hours_label)
        self.in_business_hours = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def set_on_call_mode(self, mode: OnCallMode) -> None:
        self._on_call = OnCallMode(mode)
        self.refresh()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.refresh()

    def refresh(self) -> None:
        now = self._clock().astimezone(self._zone)
        zone_name = now.tzname() or self._calendar.levels.timezone
        self.time_label.setText(f"{zone_name} {_hhmm(now)}")
        self.in_business_hours = self._calendar.is_business_time(now)
        t = self._theme
        if self.in_business_hours:
            closes = datetime.combine(now.date(), self._calendar.levels.closes, tzinfo=self._zone)
            self.hours_label.setText(self.tr("Business hours"))
            self.hours_label.setStyleSheet(f"color: {t.sla_ok.name()};")
            tip = self.tr("Business hours until {0} {1}").format(_hhmm(closes), zone_name)
        else:
            on_call = self._on_call is not OnCallMode.OFF
            self.hours_label.setText(
                self.tr("After hours — on call") if on_call else self.tr("After hours")
            )
            self.hours_label.setStyleSheet(f"color: {t.muted_text.name()};")
            tip = self._next_opening_text(now, zone_name)
        self.setToolTip(f"{_long_text(now)} {zone_name}\n{tip}")

    def _next_opening_text(self, now: datetime, zone_name: str) -> str:
        opening = self._calendar.next_opening(now).astimezone(self._zone)
        wait = format_duration((opening - now).total_seconds())
        if opening.date() == now.date():
            when = self.tr("today at {0}").format(_hhmm(opening))
        elif (opening.date() - now.date()).days == 1:
            when = self.tr("tomorrow at {0}").format(_hhmm(opening))
        else:
            day = QDate(opening.year, opening.month, opening.day)
            when = self.tr("{0} at {1}").format(
                QLocale().toString(day, "dddd d MMMM"), _hhmm(opening)
            )
        return self.tr("Business hours resume {0} {1} (in {2})").format(when, zone_name, wait)


class ClickableLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class MessageLabel(ClickableLabel):
    """Elides long messages to the space it gets; the full text is in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._suffix = ""
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def sizeHint(self) -> QSize:
        # As wide as the whole message wants; the layout may give less and we elide.
        margins = self.contentsMargins()
        extra = margins.left() + margins.right() + 24  # stylesheet padding
        width = self.fontMetrics().horizontalAdvance(self._full + self._suffix) + extra
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str, suffix: str = "") -> None:
        self._full, self._suffix = text, suffix
        self.updateGeometry()
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        room = self.contentsRect().width() - metrics.horizontalAdvance(self._suffix) - 4
        elided = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(room, 40))
        self.setText(elided + self._suffix)
