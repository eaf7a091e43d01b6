"""The app's own entry on the desktop: the taskbar's attention, the badge, screen readers.

For a loud alert (URGENT / critical) the taskbar entry asks for attention
(``QApplication.alert``: a flashing task button on Windows and X11, a bouncing Dock
icon on macOS) and screen readers announce it at once (Qt 6.8's
``QAccessibleAnnouncementEvent`` with assertive politeness, which interrupts what the
reader is saying). The badge on the app's icon (``QGuiApplication.setBadgeNumber``:
the Dock, the Windows taskbar, Unity launcher entries on Linux) shows the same count as
the tray icon: tickets waiting for a reply.

The platform calls are injected so tests can see what is asked of the desktop; the
offscreen test platform shows none of it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from desk.client.alerts.types import Alert
from ui.alerts.notifications import notification_body, notification_title

__all__ = ["TaskbarAttention", "announce", "announcement", "set_badge_number"]


def announcement(target: QObject, text: str) -> QAccessibleAnnouncementEvent:
    """An assertive announcement of ``text`` on behalf of ``target``."""
    event = QAccessibleAnnouncementEvent(target, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    return event


def set_badge_number(count: int) -> None:
    """The count on the app's icon, where the platform has a badge (0 hides it)."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        app.setBadgeNumber(count)


def announce(target: QObject, text: str) -> None:
    """Has screen readers say ``text`` now (nothing when no assistive tool listens)."""
    QAccessible.updateAccessibility(announcement(target, text))


class TaskbarAttention(QObject):
    def __init__(
        self,
        window: QWidget,
        *,
        alert: Callable[[QWidget], None] = QApplication.alert,
        set_badge: Callable[[int], None] = set_badge_number,
        speak: Callable[[QObject, str], None] = announce,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._alert = alert
        self._set_badge = set_badge
        self._speak = speak
        self._badge: int | None = None

    @property
    def badge(self) -> int | None:
        """The count last put on the badge (None before the first)."""
        return self._badge

    def alert_shown(self, alert: Alert) -> None:
        """A notification was shown: loud ones call for attention and are announced."""
        if not alert.loud:
            return
        self._alert(self._window)
        self._speak(self._window, f"{notification_title(alert)}. {notification_body(alert)}")

    def set_count(self, count: int) -> None:
        """Tickets waiting for a reply; 0 clears the badge."""
        if count != self._badge:
            self._badge = count
            self._set_badge(count)

    def clear(self) -> None:
        """The session ends: no stale count on the icon."""
        self.set_count(0)
