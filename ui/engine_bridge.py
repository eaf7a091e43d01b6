"""The sync engine's events (:mod:`desk.client.engine_events`) as Qt signals.

The one Qt subscriber of ``engine.events``; everything in the UI that wants to hear
from the engine (alerts, presence, the status bar, the session-expiry flow) connects
to a signal here. Like ``StoreBridge``, the object lives on the GUI thread, so if an
event were ever published from another thread, Qt would queue the delivery and the
slots would still run on the GUI thread. Each signal carries one typed payload:

* ``ticketsLearned(tuple[Ticket, ...], bool catching_up)``
* ``messageArrived(Message)``
* ``presenceChanged(Presence)``
* ``connectionChanged(SyncStatus)``
* ``sessionExpired(str message)``
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desk.client.engine_events import (
    ConnectionChanged,
    EngineEvent,
    EngineEvents,
    MessageArrived,
    PresenceChanged,
    SessionExpired,
    TicketsLearned,
)


class EngineBridge(QObject):
    ticketsLearned = Signal(object, bool)  # tuple[Ticket, ...], catching up
    messageArrived = Signal(object)  # desk.domain.Message
    presenceChanged = Signal(object)  # desk.domain.Presence
    connectionChanged = Signal(object)  # desk.client.engine_events.SyncStatus
    sessionExpired = Signal(str)  # a sentence saying why

    def __init__(self, events: EngineEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._subscription = events.subscribe(self._deliver)
        # Not a bound method of this object: it may be half-gone when destroyed fires.
        self.destroyed.connect(self._subscription.unsubscribe)

    def _deliver(self, event: EngineEvent) -> None:
        match event:
            case TicketsLearned(tickets, catching_up):
                self.ticketsLearned.emit(tickets, catching_up)
            case MessageArrived(message):
                self.messageArrived.emit(message)
            case PresenceChanged(presence):
                self.presenceChanged.emit(presence)
            case ConnectionChanged(status):
                self.connectionChanged.emit(status)
            case SessionExpired(message):
                self.sessionExpired.emit(message)

    def detach(self) -> None:
        """Stop listening to the engine (idempotent)."""
        self._subscription.unsubscribe()
