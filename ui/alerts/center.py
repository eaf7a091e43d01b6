"""Wires the alert engine to the tray and the notifier, so the window only composes.

The window feeds it what the store reports (tickets, messages, presence, the open
ticket) and applies settings; a timer checks deadlines and on-call repeats. Every
alert goes to the ``Notifier``; after every change the tray and the taskbar's badge
get fresh counts, and loud alerts ask the taskbar for attention.
Tray toggles change the engine at once and are re-emitted for the window to persist
(``onCallModeChanged``); the tray's on-call item shows whether on call is in effect
*now*, so in automatic mode it turns itself on at 18:00.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from desk.client.alerts.engine import Alert, AlertEngine
from desk.client.alerts.types import AlertSettings, OnCallMode
from desk.domain import Message, Presence, Ticket
from ui.alerts.notifications import Notifier
from ui.alerts.taskbar import TaskbarAttention
from ui.alerts.tray import TrayController
from ui.settings.store import DeskSettings

__all__ = ["AlertCenter"]


class AlertCenter(QObject):
    ticketRequested = Signal(int)  # a notification was clicked: open this ticket
    assignRequested = Signal(int)  # "Assign to me" on a notification: assign and open it
    showRequested = Signal()  # show the window (tray click, summary click, "Open Desk")
    quitRequested = Signal()
    onCallModeChanged = Signal(object)  # OnCallMode chosen in the tray: persist it
    refreshed = Signal()  # counts may have changed (after observing or a tick)

    def __init__(
        self,
        engine: AlertEngine,
        notifier: Notifier,
        tray: TrayController,
        parent: QObject | None = None,
        *,
        taskbar: TaskbarAttention | None = None,
        tick_ms: int = 15_000,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.notifier = notifier
        self.tray = tray
        self.taskbar = taskbar
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        tray.onCallToggled.connect(self._on_call_toggled)
        tray.dndToggled.connect(self._dnd_toggled)
        tray.showRequested.connect(self.showRequested)
        tray.quitRequested.connect(self.quitRequested)
        notifier.ticketRequested.connect(self._ticket_clicked)
        notifier.assignRequested.connect(self._assign_clicked)
        notifier.showRequested.connect(self.showRequested)
        if taskbar is not None:
            notifier.alertShown.connect(taskbar.alert_shown)
        self._refresh()

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.taskbar is not None:
            self.taskbar.clear()  # the session ends: no stale count on the app's icon

    def apply_settings(self, settings: DeskSettings) -> None:
        self.engine.configure(
            AlertSettings(
                on_call_mode=settings.on_call_mode,
                repeat_interval=timedelta(minutes=settings.on_call_repeat_minutes),
                catch_up_window=self.engine.settings.catch_up_window,
                burst_limit=self.engine.settings.burst_limit,
            )
        )
        self.notifier.set_enabled(
            notifications=settings.notifications_on, sounds=settings.sounds_on
        )
        self._refresh()

    # --- what the store reports -----------------------------------------------------------

    def observe(self, tickets: Iterable[Ticket], *, initial: bool = False) -> list[Alert]:
        return self._show(self.engine.observe(tickets, initial=initial))

    def observe_message(self, message: Message) -> None:
        self.engine.observe_message(message)

    def observe_presence(self, presence: Presence) -> None:
        self.engine.observe_presence(presence)

    def set_open_ticket(self, ticket_id: int | None) -> None:
        self.engine.set_open_ticket(ticket_id)

    def tick(self) -> list[Alert]:
        return self._show(self.engine.tick())

    # --- internals --------------------------------------------------------------------------

    def _show(self, alerts: list[Alert]) -> list[Alert]:
        if alerts:
            self.notifier.notify(alerts)
        self._refresh()
        return alerts

    def _refresh(self) -> None:
        attention = self.engine.attention()
        self.tray.set_attention(attention)
        if self.taskbar is not None:
            self.taskbar.set_count(attention.needs_reply)  # the tray's count, on the badge
        self.tray.set_on_call(self.engine.on_call_active())
        self.tray.set_dnd(self.engine.dnd)
        self.refreshed.emit()

    def _on_call_toggled(self, checked: bool) -> None:
        mode = OnCallMode.ON if checked else OnCallMode.OFF
        self.engine.set_on_call_mode(mode)
        self._refresh()
        self.onCallModeChanged.emit(mode)

    def _dnd_toggled(self, checked: bool) -> None:
        self.engine.set_dnd(checked)
        self._refresh()

    def _ticket_clicked(self, ticket_id: int) -> None:
        self.engine.acknowledge(ticket_id)
        self.ticketRequested.emit(ticket_id)

    def _assign_clicked(self, ticket_id: int) -> None:
        self.engine.acknowledge(ticket_id)
        self.assignRequested.emit(ticket_id)
