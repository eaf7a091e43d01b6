"""The desktop's own notification service: freedesktop (Linux), toasts, Notification Center.

Why ``desktop-notifier`` and not QtDBus: it is one well-kept library for the three
platforms (org.freedesktop.Notifications over D-Bus through ``dbus-fast`` on Linux,
WinRT toasts on Windows, UNUserNotificationCenter on macOS), with actions, urgency and
timeouts behind one API. It is async, and it runs on the app's own qasync loop: on
Linux ``dbus-fast`` reads its socket with ``loop.add_reader``, which qasync serves
with a ``QSocketNotifier``, so the daemon's ``ActionInvoked`` signal arrives on the GUI
thread with no thread of its own (the desktop-session test in
``tests/unit/ui/alerts/test_native_dunst.py`` proves it against a real dunst).
QtDBus would cover Linux only, and would need hand-written marshalling of the hints
and actions that the library already gets right (including servers that want
``a{ss}`` hints).

The rest of the app sees a :class:`NotificationService`: show a :class:`NativeNote`,
get a handle back (or :class:`NotificationServiceError`), withdraw it by that handle.
``ui.alerts.notifications.Notifier`` holds the rules (which alert, which actions,
what falls back to the tray); tests put a fake service in its place.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import desk_resources

__all__ = [
    "DEFAULT_ACTION",
    "DesktopNotifierService",
    "NativeNote",
    "NotificationService",
    "NotificationServiceError",
    "native_service",
]

log = logging.getLogger(__name__)

DEFAULT_ACTION = "default"  # a click on the notification itself (``dunstctl action``)
_ICON_SIZE = 128
_SEND_TIMEOUT_S = 5.0  # a bus that hangs must not hold an alert back for long


@dataclass(frozen=True, slots=True)
class NativeNote:
    """One notification as the service shows it.

    ``actions`` are ``(key, label)`` buttons; ``on_action`` receives the key of the
    button pressed, or :data:`DEFAULT_ACTION` for a click on the notification.
    ``critical`` notifications use the critical urgency and never expire.
    """

    title: str
    body: str
    critical: bool
    actions: tuple[tuple[str, str], ...]
    on_action: Callable[[str], None]
    timeout_s: int = 10


class NotificationServiceError(Exception):
    """The service did not show a notification (no daemon, a D-Bus error, no answer)."""


class NotificationService(Protocol):
    async def show(self, note: NativeNote) -> str:
        """Shows ``note`` and returns its handle; raises when it could not be shown."""
        ...

    async def withdraw(self, handle: str) -> None:
        """Takes a shown notification off the screen (nothing if it is already gone)."""
        ...


class DesktopNotifierService:
    """:class:`NotificationService` on ``desktop_notifier.DesktopNotifier``."""

    def __init__(self, app_name: str = "Desk") -> None:
        from desktop_notifier import DesktopNotifier, Icon

        icon = Icon(path=desk_resources.icon_png(_ICON_SIZE))
        self._notifier = DesktopNotifier(app_name=app_name, app_icon=icon)
        # One call at a time: the library connects on first use, and two first sends at
        # once would open two D-Bus connections (one leaked). It also keeps the order.
        self._lock = asyncio.Lock()
        self._failures = _FailureCatcher()
        # The library logs a warning with a traceback on every failed send; the Notifier
        # logs an outage once, so the library's record is taken here instead.
        logging.getLogger("desktop_notifier.backends.base").addFilter(self._failures)

    async def show(self, note: NativeNote) -> str:
        from desktop_notifier import Button, Notification, Urgency

        dispatched: list[bool] = []
        notification = Notification(
            title=note.title,
            message=note.body,
            urgency=Urgency.Critical if note.critical else Urgency.Normal,
            buttons=tuple(
                # Each button calls back with its own key: the note's ticket is bound in
                # on_action, so several notifications on screen never mix up tickets.
                Button(title=label, on_pressed=_bound(note.on_action, key))
                for key, label in note.actions
            ),
            on_clicked=_bound(note.on_action, DEFAULT_ACTION),
            on_dispatched=lambda: dispatched.append(True),
            timeout=0 if note.critical else note.timeout_s,  # 0: until dismissed
        )
        async with self._lock:
            self._failures.error = None
            try:
                # The library swallows failures; on_dispatched is how it says "shown".
                handle = await asyncio.wait_for(
                    self._notifier.send_notification(notification), _SEND_TIMEOUT_S
                )
            except TimeoutError as exc:
                raise NotificationServiceError("the service did not answer") from exc
            cause = self._failures.error
        if not dispatched:
            reason = f"{type(cause).__name__}: {cause}" if cause else "not shown"
            raise NotificationServiceError(reason) from cause
        return handle

    async def withdraw(self, handle: str) -> None:
        try:
            async with self._lock:
                await asyncio.wait_for(self._notifier.clear(handle), _SEND_TIMEOUT_S)
        except Exception:  # already closed by the person, or the service went away
            log.debug("Could not withdraw notification %s", handle, exc_info=True)

    async def close(self) -> None:
        """Ends the D-Bus connection (Linux), so a bus that stops later is no error."""
        # The library has no close of its own; its D-Bus backend keeps the connection here.
        bus = getattr(self._notifier._backend, "bus", None)
        if bus is None:
            return
        bus.disconnect()
        try:
            await bus.wait_for_disconnect()
        except Exception:  # it was already broken: closed all the same
            log.debug("The D-Bus connection ended with an error", exc_info=True)


class _FailureCatcher(logging.Filter):
    """Keeps the error of the library's "Notification failed" record, and drops it."""

    def __init__(self) -> None:
        super().__init__()
        self.error: BaseException | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() != "Notification failed":
            return True
        self.error = record.exc_info[1] if record.exc_info else None
        return False


def _bound(on_action: Callable[[str], None], key: str) -> Callable[[], None]:
    return lambda: on_action(key)


def native_service() -> NotificationService | None:
    """The platform's service, or None where ``desktop-notifier`` has only its dummy
    (macOS outside an app bundle, old Windows): the tray then shows the balloons."""
    try:
        from desktop_notifier.backends.dummy import DummyNotificationCenter
        from desktop_notifier.main import get_backend_class
    except ImportError:  # a build without the dependency
        log.info("desktop-notifier is not installed: notifications use the tray")
        return None
    if get_backend_class() is DummyNotificationCenter:
        log.info("This platform has no notification service for Desk: using the tray")
        return None
    return DesktopNotifierService()
