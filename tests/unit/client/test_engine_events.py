"""The engine-events bus: typed subscriptions, several subscribers, handles, and a
faulty subscriber that is logged without stopping the others."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from desk.client.api import ConnectionState
from desk.client.engine_events import (
    ConnectionChanged,
    EngineEvent,
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

BORIS = make_agent("Boris", id=12, email="boris@desk.test")


def presence() -> Presence:
    return Presence(42, BORIS, PresenceState.VIEWING, datetime.now(UTC) + timedelta(seconds=30))


def every_kind() -> list[EngineEvent]:
    return [
        TicketsLearned((make_ticket(1, seq=1),), catching_up=True),
        MessageArrived(make_message(7, ticket_id=1)),
        PresenceChanged(presence()),
        ConnectionChanged(SyncStatus(ConnectionState.CONNECTED)),
        SessionExpired("Your session has expired."),
    ]


def test_a_kind_subscriber_hears_only_its_kind_and_an_all_subscriber_everything() -> None:
    events = EngineEvents()
    statuses: list[SyncStatus] = []
    everything: list[EngineEvent] = []
    events.subscribe(lambda e: statuses.append(e.status), ConnectionChanged)
    events.subscribe(everything.append)
    sent = every_kind()
    for event in sent:
        events.publish(event)
    assert statuses == [SyncStatus(ConnectionState.CONNECTED)]
    assert everything == sent


def test_several_subscribers_in_order_and_unsubscribe_by_handle_or_bus() -> None:
    events = EngineEvents()
    calls: list[str] = []
    first = events.subscribe(lambda _e: calls.append("first"), SessionExpired)
    second = events.subscribe(lambda _e: calls.append("second"), SessionExpired)
    third = events.subscribe(lambda _e: calls.append("third"))
    assert events.subscriber_count(SessionExpired) == 3
    assert events.subscriber_count(PresenceChanged) == 1  # only the catch-all
    events.publish(SessionExpired("gone"))
    assert calls == ["first", "second", "third"]

    first.unsubscribe()
    events.unsubscribe(third)
    first.unsubscribe()  # idempotent
    assert not first.active and second.active
    events.publish(SessionExpired("gone"))
    assert calls == ["first", "second", "third", "second"]
    assert events.subscriber_count() == 1


def test_a_subscriber_that_raises_is_logged_and_the_others_still_hear(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events = EngineEvents()
    heard: list[str] = []

    def broken(_event: EngineEvent) -> None:
        raise RuntimeError("a faulty subscriber")

    events.subscribe(lambda e: heard.append(f"before {e.message}"), SessionExpired)
    events.subscribe(broken)
    events.subscribe(lambda e: heard.append(f"after {e.message}"), SessionExpired)
    with caplog.at_level(logging.ERROR, logger="desk.client.engine_events"):
        events.publish(SessionExpired("one"))  # does not raise
        events.publish(SessionExpired("two"))
    assert heard == ["before one", "after one", "before two", "after two"]
    failures = [r for r in caplog.records if "subscriber failed on SessionExpired" in r.message]
    assert len(failures) == 2
    assert all(r.exc_info and "a faulty subscriber" in str(r.exc_info[1]) for r in failures)


def test_unsubscribing_during_delivery_takes_effect_from_the_next_event() -> None:
    events = EngineEvents()
    heard: list[int] = []
    handles = []

    def first(_e: EngineEvent) -> None:
        heard.append(1)
        handles[1].unsubscribe()  # the second one leaves while this event is delivered

    handles.append(events.subscribe(first))
    handles.append(events.subscribe(lambda _e: heard.append(2)))
    events.publish(SessionExpired("x"))
    events.publish(SessionExpired("y"))
    assert heard == [1, 1]  # an unsubscribed handle is never called again


def test_events_are_frozen() -> None:
    event = ConnectionChanged(SyncStatus(ConnectionState.OFFLINE, "down"))
    with pytest.raises(AttributeError):
        event.status = SyncStatus(ConnectionState.CONNECTED)  # type: ignore[misc]
