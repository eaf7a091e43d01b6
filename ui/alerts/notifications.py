"""Desktop notifications for alerts: wording, rate limiting, sound, click-through.

Alerts come from ``desk.client.alerts.engine.AlertEngine``. Where the desktop has a
notification service (``ui.alerts.native``: freedesktop on Linux, toasts, Notification
Center) alerts go there, and only there: the tray icon keeps its count and menu, but
its balloon would be a second pop-up of the same alert (on Linux Qt's tray balloon
*is* a freedesktop notification). The tray's ``showMessage`` is the fallback when there
is no service or it fails (daemon gone, D-Bus error): that outage is logged once, and
the alert is never lost: with neither, ``notDelivered`` asks the window to show it.
``alertShown`` is emitted for every alert as it is shown.

Ordinary alerts are rate-limited — at most one per ``min_interval`` — and the ones held
back meanwhile are shown together as one summary; loud ones (URGENT / critical) are
shown at once, with the critical urgency (they stay until dismissed) and the chime.
Every notification of a ticket has an "Open" action, and the same on a click; an
unassigned ticket's also "Assign to me". Each is bound to its own ticket, so with
several notifications on screen each opens its own. A summary opens the window (or
its only ticket). An on-call repeat replaces the ticket's notification still on
screen instead of piling up another.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Iterable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from desk.client.alerts.types import Alert, AlertKind, summarise
from ui.alerts.native import NativeNote, NotificationService
from ui.alerts.sound import SoundPlayer
from ui.alerts.tray import TrayController
from ui.formatting import format_duration

__all__ = [
    "ASSIGN_ACTION",
    "OPEN_ACTION",
    "Notifier",
    "notification_body",
    "notification_title",
]

log = logging.getLogger(__name__)

_TITLE_MAX = 80
OPEN_ACTION = "open"
ASSIGN_ACTION = "assign"
_SUMMARY_SLOT = 0  # where a summary is kept on screen (ticket ids start at 1)


def _slot(alert: Alert) -> int:
    """Which notification on screen ``alert`` replaces: its ticket's, or the summary's."""
    return alert.ticket_id if alert.ticket_id is not None else _SUMMARY_SLOT


_SEP = " · "


translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _kind_label(kind: AlertKind) -> str:
    return {
        AlertKind.NEW_TICKET: translate("Notifications", "New ticket"),
        AlertKind.CUSTOMER_REPLY: translate("Notifications", "Reply"),
        AlertKind.ABOUT_TO_BREACH: translate("Notifications", "Due soon"),
        AlertKind.BREACHED: translate("Notifications", "Overdue"),
        AlertKind.SUMMARY: "Desk",
    }[kind]


def notification_title(alert: Alert) -> str:
    """``URGENT · #42 Bot down``, ``Overdue · #42 Bot down``, ``URGENT · Overdue · #42 …``."""
    if alert.kind is AlertKind.SUMMARY:
        return translate("Notifications", "Desk: urgent tickets") if alert.loud else "Desk"
    parts = []
    if alert.loud:
        parts.append(translate("Notifications", "URGENT"))
    if not alert.loud or alert.kind in (AlertKind.ABOUT_TO_BREACH, AlertKind.BREACHED):
        parts.append(_kind_label(alert.kind))
    parts.append(f"#{alert.ticket_id} {_shorten(alert.title, _TITLE_MAX)}")
    return _SEP.join(parts)


def _count_phrase(kind: AlertKind, n: int) -> str | None:
    if kind is AlertKind.NEW_TICKET:
        return translate("Notifications", "%n new ticket(s)", None, n)
    if kind is AlertKind.CUSTOMER_REPLY:
        return translate("Notifications", "%n new customer message(s)", None, n)
    if kind is AlertKind.ABOUT_TO_BREACH:
        return translate("Notifications", "%n ticket(s) due soon", None, n)
    if kind is AlertKind.BREACHED:
        return translate("Notifications", "%n ticket(s) overdue", None, n)
    return None


def _summary_body(alert: Alert) -> str:
    pieces = []
    for kind, n in alert.counts:
        phrase = _count_phrase(kind, n)
        if phrase is not None:
            pieces.append(phrase)
    text = ", ".join(pieces)
    if alert.catch_up:
        text = translate("Notifications", "%1 while you were offline").replace("%1", text)
    if alert.repeat:
        text = translate("Notifications", "Still waiting: %1").replace("%1", text)
    return text


def notification_body(alert: Alert) -> str:
    """The sender and what they wrote, or how the deadline stands."""
    if alert.kind is AlertKind.SUMMARY:
        return _summary_body(alert)
    lines = []
    deadline = alert.deadline
    if deadline is not None and alert.kind is AlertKind.BREACHED:
        lines.append(
            translate("Notifications", "Reply overdue by %1").replace(
                "%1", format_duration(deadline.overdue.total_seconds())
            )
        )
    elif deadline is not None and alert.kind is AlertKind.ABOUT_TO_BREACH:
        left = format_duration(deadline.remaining.total_seconds())
        template = (
            translate("Notifications", "Reply due in %1 of business time")
            if deadline.business_time
            else translate("Notifications", "Reply due in %1")
        )
        lines.append(template.replace("%1", left))
    quote = f"{alert.sender}: {alert.preview}" if alert.preview else alert.sender
    if quote:
        lines.append(_shorten(quote, 200))
    body = "\n".join(lines)
    if alert.repeat:
        body = (
            translate("Notifications", "Still waiting (reminder %1)").replace(
                "%1", str(alert.repeat)
            )
            + "\n"
            + body
        )
    return body


class Notifier(QObject):
    ticketRequested = Signal(int)  # a notification of one ticket was clicked ("Open")
    assignRequested = Signal(int)  # "Assign to me" on a notification of an unassigned ticket
    showRequested = Signal()  # a summary was clicked: show the window
    alertShown = Signal(object)  # every Alert as it is shown (or would be, without a tray)
    notDelivered = Signal(object)  # an Alert neither the service nor a tray could show

    def __init__(
        self,
        tray: TrayController | None,
        parent: QObject | None = None,
        *,
        service: NotificationService | None = None,
        sound: SoundPlayer | None = None,
        min_interval: float = 3.0,
        monotonic: Callable[[], float] = time.monotonic,
        timeout_ms: int = 10_000,
    ) -> None:
        super().__init__(parent)
        self._tray = tray
        self._service = service
        self._service_down = False
        self._on_screen: dict[int, str] = {}  # ticket id (or the summary slot) -> handle
        self._tasks: set[asyncio.Task[Any]] = set()
        self._sound = sound if sound is not None else SoundPlayer(self)
        self._min_interval = min_interval
        self._monotonic = monotonic
        self._timeout_ms = timeout_ms
        self._notifications_on = True
        self._sounds_on = True
        self._last_at: float | None = None
        self._last: Alert | None = None
        self._held: list[Alert] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self.flush)
        if tray is not None:
            tray.icon.messageClicked.connect(self._on_clicked)

    # --- settings -----------------------------------------------------------------------

    def set_enabled(self, *, notifications: bool, sounds: bool) -> None:
        """Notifications off hides the pop-ups; sounds off silences the chime. Independent:
        an on-call engineer may want the chime without the pop-ups, or the reverse."""
        self._notifications_on = notifications
        self._sounds_on = sounds
        if not notifications:
            self._held.clear()

    @property
    def last_shown(self) -> Alert | None:
        return self._last

    @property
    def held(self) -> tuple[Alert, ...]:
        return tuple(self._held)

    @property
    def reaches_desktop(self) -> bool:
        """False when neither the notification service nor a tray shows alerts (the
        window then shows them, from ``notDelivered``)."""
        native = self._service is not None and not self._service_down
        return native or self._tray_visible()

    @property
    def on_screen(self) -> dict[int, str]:
        """Native notifications still shown, by ticket id (0 for a summary)."""
        return dict(self._on_screen)

    # --- showing ----------------------------------------------------------------------------

    def notify(self, alerts: Iterable[Alert]) -> None:
        for alert in alerts:
            if alert.loud:
                self._show(alert)  # never held back
            elif self._cooling_down():
                self._held.append(alert)
            else:
                self._show(alert)
        self._schedule_flush()

    def flush(self) -> None:
        """Shows what was held back: one alert as itself, several as one summary."""
        if not self._held:
            return
        if self._cooling_down():
            self._schedule_flush()
            return
        held, self._held = self._held, []
        catch_up = all(a.catch_up for a in held)
        self._show(held[0] if len(held) == 1 else summarise(held, catch_up=catch_up))

    async def deliver(self, alert: Alert) -> bool:
        """Shows ``alert`` through the notification service; on failure through the tray
        (when there is one). True when the service showed it."""
        service = self._service
        if service is None:
            self._balloon(alert)
            return False
        slot = _slot(alert)
        previous = self._on_screen.pop(slot, None)
        try:
            if previous is not None:  # a repeat replaces the one still on screen
                await service.withdraw(previous)
            handle = await service.show(self._note(alert))
        except Exception as exc:  # whatever the service does, the alert gets through
            self._service_failed(exc)
            self._balloon(alert)
            return False
        if self._service_down:
            log.info("The desktop's notification service answers again")
            self._service_down = False
        self._on_screen[slot] = handle
        return True

    async def settled(self) -> None:
        """Waits until every notification on its way to the service has arrived (or
        fallen back)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def open_alert(self, alert: Alert) -> None:
        """What "Open" (or a click) on the notification of ``alert`` does."""
        if alert.ticket_id is not None:
            self.ticketRequested.emit(alert.ticket_id)
        elif len(alert.ticket_ids) == 1:
            self.ticketRequested.emit(alert.ticket_ids[0])
        else:
            self.showRequested.emit()

    def open_last(self) -> None:
        """What a click on the tray's last balloon does."""
        if self._last is None:
            self.showRequested.emit()
        else:
            self.open_alert(self._last)

    # --- internals --------------------------------------------------------------------------

    def _cooling_down(self) -> bool:
        return self._last_at is not None and (
            self._monotonic() - self._last_at < self._min_interval
        )

    def _schedule_flush(self) -> None:
        if not self._held or self._last_at is None:
            return
        wait = self._min_interval - (self._monotonic() - self._last_at)
        self._flush_timer.start(max(int(wait * 1000) + 1, 0))

    def _show(self, alert: Alert) -> None:
        if alert.loud and self._sounds_on:
            self._sound.play()
        if not self._notifications_on:
            return
        self._last_at = self._monotonic()
        self._last = alert
        self.alertShown.emit(alert)
        if self._service is None:
            self._balloon(alert)
        else:
            self._start(self.deliver(alert))

    def _note(self, alert: Alert) -> NativeNote:
        actions = [(OPEN_ACTION, translate("Notifications", "Open"))]
        if alert.ticket_id is not None and alert.unassigned:
            actions.append((ASSIGN_ACTION, translate("Notifications", "Assign to me")))
        return NativeNote(
            title=notification_title(alert),
            body=notification_body(alert),
            critical=alert.loud,
            actions=tuple(actions),
            on_action=partial(self._acted, alert),  # bound to this alert's own ticket
            timeout_s=max(self._timeout_ms // 1000, 1),
        )

    def _acted(self, alert: Alert, action: str) -> None:
        slot = _slot(alert)
        self._on_screen.pop(slot, None)  # the service closes a notification acted on
        if action == ASSIGN_ACTION and alert.ticket_id is not None:
            self.assignRequested.emit(alert.ticket_id)
        else:
            self.open_alert(alert)

    def _tray_visible(self) -> bool:
        return self._tray is not None and self._tray.icon.isVisible()

    def _balloon(self, alert: Alert) -> None:
        tray = self._tray
        if tray is None or not tray.icon.isVisible():
            self.notDelivered.emit(alert)  # nowhere on the desktop: the window shows it
            return
        icon = (
            QSystemTrayIcon.MessageIcon.Critical
            if alert.loud
            else QSystemTrayIcon.MessageIcon.Information
        )
        tray.icon.showMessage(
            notification_title(alert), notification_body(alert), icon, self._timeout_ms
        )

    def _service_failed(self, exc: BaseException) -> None:
        if not self._service_down:  # once per outage, not once per alert
            log.warning(
                "The desktop's notification service failed (%s); alerts go to the tray "
                "or the window until it answers again",
                exc,
            )
            self._service_down = True

    def _start(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)  # a reference, so the task cannot be collected mid-flight
        task.add_done_callback(self._tasks.discard)

    def _on_clicked(self) -> None:
        self.open_last()
