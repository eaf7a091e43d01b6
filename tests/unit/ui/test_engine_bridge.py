"""The one Qt adapter of the engine's events: each event becomes its typed signal on
the GUI thread, and a detached bridge hears nothing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from desk.client.api import ConnectionState
from desk.client.engine_events import (
    ConnectionChanged,
    EngineEvents,
    MessageArrived,
    PresenceChanged,
    SessionExpired,
    SyncStatus,
    TicketsLearned,
)
from desk.domain import Presence, PresenceState
from tests.helpers.messages import make_message
from tests.helpers.people import make_agent
from tests.helpers.tickets import make_ticket
from ui.engine_bridge import EngineBridge

BORIS = make_agent("Boris", id=12, email="boris@desk.test")


def record(bridge: EngineBridge) -> list[tuple[str, Any]]:
    got: list[tuple[str, Any]] = []
    bridge.ticketsLearned.connect(lambda t, c: got.append(("tickets", (t, c))))
    bridge.messageArrived.connect(lambda m: got.append(("message", m)))
    bridge.presenceChanged.connect(lambda p: got.append(("presence", p)))
    bridge.connectionChanged.connect(lambda s: got.append(("connection", s)))
    bridge.sessionExpired.connect(lambda text: got.append(("expired", text)))
    return got


def test_every_event_becomes_its_signal(qtbot: QtBot) -> None:
    events = EngineEvents()
    bridge = EngineBridge(events)
    got = record(bridge)
    tickets = (make_ticket(1, seq=1), make_ticket(2, seq=2))
    message = make_message(7, ticket_id=1)
    presence = Presence(1, BORIS, PresenceState.TYPING, datetime.now(UTC) + timedelta(seconds=9))
    status = SyncStatus(ConnectionState.OFFLINE, "Your session has expired.", True)
    events.publish(TicketsLearned(tickets, catching_up=False))
    events.publish(MessageArrived(message))
    events.publish(PresenceChanged(presence))
    events.publish(ConnectionChanged(status))
    events.publish(SessionExpired("Your session has expired."))
    assert got == [
        ("tickets", (tickets, False)),
        ("message", message),
        ("presence", presence),
        ("connection", status),
        ("expired", "Your session has expired."),
    ]

    bridge.detach()
    events.publish(SessionExpired("again"))
    assert len(got) == 5
    assert events.subscriber_count() == 0


def test_events_from_another_thread_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    events = EngineEvents()
    bridge = EngineBridge(events)
    threads: list[int] = []
    bridge.sessionExpired.connect(lambda _text: threads.append(threading.get_ident()))
    worker = threading.Thread(target=lambda: events.publish(SessionExpired("late")))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(threads), timeout=2000)
    assert threads == [threading.get_ident()]


def test_a_destroyed_bridge_unsubscribes(qtbot: QtBot) -> None:
    events = EngineEvents()
    bridge = EngineBridge(events)
    assert events.subscriber_count() == 1
    bridge.deleteLater()
    qtbot.waitUntil(lambda: events.subscriber_count() == 0, timeout=2000)
