"""Builds the alerting side of a session: engine, tray, notifier and their feeds.

Notifications go to the desktop's notification service where there is one
(``ui.alerts.native``), the tray icon shows the counts, and the taskbar entry
(``ui.alerts.taskbar``) asks for attention, announces loud alerts to screen readers and
carries the same count on the app's badge.

The sync engine reports what it learns (tickets, marked when they come from a
catch-up, new messages, colleagues' presence) through the window's ``EngineBridge``;
the tray and notifications outlive a hidden window, so this lives beside the window,
not in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QWidget

from desk.client.alerts.engine import AlertEngine
from desk.client.alerts.types import AlertSettings
from desk.client.deadlines import breach_counts
from desk.client.session import Session
from desk.domain import Ticket, utc_now
from desk.sla import BusinessCalendar
from ui.alerts.center import AlertCenter
from ui.alerts.native import NotificationService, native_service
from ui.alerts.notifications import Notifier, notification_title
from ui.alerts.taskbar import TaskbarAttention
from ui.alerts.tray import TrayController
from ui.engine_bridge import EngineBridge
from ui.mainwindow.statusbar.bar import DeskStatusBar
from ui.settings.store import DeskSettings


def build_alerts(
    session: Session,
    calendar: BusinessCalendar,
    settings: DeskSettings,
    window: QWidget,
    *,
    tray_available: bool | None = None,
    service: Callable[[], NotificationService | None] = native_service,
) -> AlertCenter:
    engine = AlertEngine(
        session.me,
        calendar,
        clock=utc_now,
        settings=AlertSettings(on_call_mode=settings.on_call_mode),
        seen_seq=session.store.sync_seq(),
    )
    tray = TrayController(window, available=tray_available)
    notifier = Notifier(tray, window, service=service())
    center = AlertCenter(engine, notifier, tray, window, taskbar=TaskbarAttention(window))
    center.apply_settings(settings)
    return center


def feed_alerts(
    center: AlertCenter,
    engine_bridge: EngineBridge,
    cached: Sequence[Ticket],
    status: DeskStatusBar,
    calendar: BusinessCalendar,
) -> None:
    """Start feeding: the cached queue first (already seen), then the engine's news."""

    def show_counts() -> None:
        status.set_sla_counts(*breach_counts(center.engine.tickets(), utc_now(), calendar))
        status.set_on_call_mode(center.engine.settings.on_call_mode)

    center.refreshed.connect(show_counts)
    # No notification service and no tray: the window's status bar says it instead.
    center.notifier.notDelivered.connect(lambda alert: status.show_info(notification_title(alert)))
    center.observe(cached, initial=True)

    def tickets(batch: tuple[Ticket, ...], catching_up: bool) -> None:
        center.observe(batch, initial=catching_up)

    engine_bridge.ticketsLearned.connect(tickets)
    engine_bridge.messageArrived.connect(center.observe_message)
    engine_bridge.presenceChanged.connect(center.observe_presence)
    center.start()
