"""The business clock: Moscow time and whether the support desk is open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desk.sla import BusinessCalendar
from ui.formatting import format_duration, format_hhmm, format_long_datetime
from ui.settings.store import OnCallMode
from ui.theme import Theme

Clock = Callable[[], datetime]  # returns an aware datetime; tests pass a fake one

CLOCK_INTERVAL_MS = 15000


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
        if zone_name == "MSK":  # tzdata's abbreviation is Latin; Russian writes "МСК"
            zone_name = self.tr("MSK")
        self.time_label.setText(f"{zone_name} {format_hhmm(now)}")
        self.in_business_hours = self._calendar.is_business_time(now)
        t = self._theme
        if self.in_business_hours:
            closes = datetime.combine(now.date(), self._calendar.levels.closes, tzinfo=self._zone)
            self.hours_label.setText(self.tr("Business hours"))
            self.hours_label.setStyleSheet(f"color: {t.sla_ok.name()};")
            tip = self.tr("Business hours until {0} {1}").format(format_hhmm(closes), zone_name)
        else:
            on_call = self._on_call is not OnCallMode.OFF
            self.hours_label.setText(
                self.tr("After hours — on call") if on_call else self.tr("After hours")
            )
            self.hours_label.setStyleSheet(f"color: {t.muted_text.name()};")
            tip = self._next_opening_text(now, zone_name)
        self.setToolTip(f"{format_long_datetime(now)} {zone_name}\n{tip}")

    def _next_opening_text(self, now: datetime, zone_name: str) -> str:
        opening = self._calendar.next_opening(now).astimezone(self._zone)
        wait = format_duration((opening - now).total_seconds())
        if opening.date() == now.date():
            when = self.tr("today at {0}").format(format_hhmm(opening))
        elif (opening.date() - now.date()).days == 1:
            when = self.tr("tomorrow at {0}").format(format_hhmm(opening))
        else:
            day = QDate(opening.year, opening.month, opening.day)
            when = self.tr("{0} at {1}").format(
                QLocale().toString(day, "dddd d MMMM"), format_hhmm(opening)
            )
        return self.tr("Business hours resume {0} {1} (in {2})").format(when, zone_name, wait)
