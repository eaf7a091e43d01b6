"""What the sync engine tells the rest of the app, as typed events. Qt-free.

Data reaches the app one way: the store's change notifications
(:class:`desk.client.store.Changes`) say which rows changed. Everything else the
engine has to say travels here, as one of five frozen events:

* :class:`TicketsLearned` — tickets the engine received, marked ``catching_up`` when
  they come from a catch-up (so a reconnect is not mistaken for a burst of live
  activity); for alerting.
* :class:`MessageArrived` — a new message from the live stream; for alerting.
* :class:`PresenceChanged` — a colleague is viewing, typing or left (never stored).
* :class:`ConnectionChanged` — the engine's :class:`SyncStatus` changed.
* :class:`SessionExpired` — the server no longer accepts the token; published once
  per expiry, after which the engine waits for a new token (nothing is retried).

    events = engine.events
    handle = events.subscribe(on_presence, PresenceChanged)   # one kind
    everything = events.subscribe(on_any_event)               # all kinds
    handle.unsubscribe()                                      # or events.unsubscribe(handle)

Subscribers are called in the order they subscribed, on the thread that publishes
(the engine's event loop). A subscriber that raises is logged and skipped: it never
stops the engine or the subscribers after it. The Qt side has exactly one subscriber,
``ui.engine_bridge.EngineBridge``, which turns these into Qt signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from desk.client.api import ConnectionState
from desk.domain import Message, Presence, Ticket

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """The engine's connection to the server, as the status bar shows it."""

    state: ConnectionState
    message: str | None = None  # a sentence for people when something is wrong
    session_expired: bool = False  # offline until someone signs in again


@dataclass(frozen=True, slots=True)
class TicketsLearned:
    tickets: tuple[Ticket, ...]
    catching_up: bool  # from a catch-up (start, reconnect, resync), not live activity


@dataclass(frozen=True, slots=True)
class MessageArrived:
    message: Message


@dataclass(frozen=True, slots=True)
class PresenceChanged:
    presence: Presence


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    status: SyncStatus


@dataclass(frozen=True, slots=True)
class SessionExpired:
    message: str  # why, in a sentence ("Your session has expired. ...")


EngineEvent = TicketsLearned | MessageArrived | PresenceChanged | ConnectionChanged | SessionExpired
E = TypeVar("E", TicketsLearned, MessageArrived, PresenceChanged, ConnectionChanged, SessionExpired)


class Subscription:
    """The handle :meth:`EngineEvents.subscribe` returns; ``unsubscribe`` is idempotent."""

    __slots__ = ("__weakref__", "_events", "kind", "listener")

    def __init__(
        self, events: EngineEvents, listener: Callable[[Any], object], kind: type | None
    ) -> None:
        self._events: EngineEvents | None = events
        self.listener = listener
        self.kind = kind  # None: every kind

    @property
    def active(self) -> bool:
        return self._events is not None

    def unsubscribe(self) -> None:
        events, self._events = self._events, None
        if events is not None:
            events._remove(self)


class EngineEvents:
    """A tiny typed event bus: several subscribers, each for one kind or for all."""

    def __init__(self) -> None:
        self._subscriptions: tuple[Subscription, ...] = ()  # replaced, never mutated

    @overload
    def subscribe(self, listener: Callable[[EngineEvent], object]) -> Subscription: ...

    @overload
    def subscribe(self, listener: Callable[[E], object], kind: type[E]) -> Subscription: ...

    def subscribe(
        self, listener: Callable[[Any], object], kind: type | None = None
    ) -> Subscription:
        subscription = Subscription(self, listener, kind)
        self._subscriptions = (*self._subscriptions, subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        subscription.unsubscribe()

    def subscriber_count(self, kind: type | None = None) -> int:
        """How many subscribers an event of ``kind`` reaches (all subscribers: None)."""
        return sum(
            1 for s in self._subscriptions if kind is None or s.kind is None or s.kind is kind
        )

    def publish(self, event: EngineEvent) -> None:
        # A snapshot: subscribing or unsubscribing from a listener affects the next event.
        for subscription in self._subscriptions:
            if subscription.kind is not None and not isinstance(event, subscription.kind):
                continue
            if not subscription.active:
                continue
            try:
                subscription.listener(event)
            except Exception:  # one faulty subscriber must not stop sync or the others
                log.exception(
                    "An engine-events subscriber failed on %s: %r",
                    type(event).__name__,
                    subscription.listener,
                )

    def _remove(self, subscription: Subscription) -> None:
        self._subscriptions = tuple(s for s in self._subscriptions if s is not subscription)


__all__ = [
    "ConnectionChanged",
    "EngineEvent",
    "EngineEvents",
    "MessageArrived",
    "PresenceChanged",
    "SessionExpired",
    "Subscription",
    "SyncStatus",
    "TicketsLearned",
]
