"""Who else is on a ticket right now, and what this client tells the server about itself.

``PresenceBoard`` keeps the colleagues' presence that arrives as ``presence`` events:
per ticket, agent -> state and local expiry. It ignores the signed-in agent's own
presence (the server sends it back to every stream), forgets entries when they lapse
on an injected clock, and tells its listeners which tickets changed, so a view repaints
only those. Nothing here runs a timer: the owner calls ``expire()`` at
``next_deadline()``.

``PresenceReporter`` decides what to POST, and when, so the server never gets spam:

- ``viewing`` once a ticket has stayed open for a moment (``settle``: flicking through
  the queue with J/K announces nothing), renewed every ``renew_every`` seconds while it
  stays open (the server forgets presence after 30 s);
- ``typing`` on typing activity, renewed at most every ``typing_renew`` seconds while
  typing goes on, and back to ``viewing`` after ``typing_idle`` quiet seconds;
- ``left`` when the agent switches away or closes, only if something was announced.

Both are Qt-free and take their clocks as arguments, so tests drive time by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from desk.domain import Presence, PresenceState, User

DEFAULT_TTL = timedelta(seconds=30)  # the API's presence lifetime
TYPING_WINDOW = timedelta(seconds=15)  # "typing…" fades to "viewing" without a renewal
SKEW_SLACK = timedelta(seconds=5)

ChangeListener = Callable[[frozenset[int]], None]
Post = Callable[[int, PresenceState], None]


@dataclass(frozen=True, slots=True)
class PresenceMark:
    """One colleague on one ticket, as shown: viewing or typing, until ``expires_at``."""

    ticket_id: int
    agent: User
    state: PresenceState  # VIEWING or TYPING, never LEFT
    expires_at: datetime  # on the board's clock

    @property
    def is_typing(self) -> bool:
        return self.state is PresenceState.TYPING


@dataclass(slots=True)
class _Entry:
    agent: User
    expires_at: datetime
    typing_until: datetime | None  # None: viewing


class PresenceBoard:
    def __init__(
        self,
        me_id: int,
        clock: Callable[[], datetime],
        *,
        ttl: timedelta = DEFAULT_TTL,
        typing_window: timedelta = TYPING_WINDOW,
    ) -> None:
        self._me_id = me_id
        self._clock = clock
        self._ttl = ttl
        self._typing_window = typing_window
        self._entries: dict[int, dict[int, _Entry]] = {}  # ticket -> agent id -> entry
        self._listeners: list[ChangeListener] = []

    # --- listening -----------------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """``listener(ticket_ids)`` after each change of what is shown; returns an unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, changed: frozenset[int]) -> frozenset[int]:
        if changed:
            for listener in list(self._listeners):
                listener(changed)
        return changed

    # --- feeding ---------------------------------------------------------------------

    def apply(self, presence: Presence) -> frozenset[int]:
        """Take one ``presence`` event; returns (and reports) the tickets whose display changed."""
        if presence.agent.id == self._me_id:
            return frozenset()
        now = self._clock()
        changed = self._prune(now)
        tid = presence.ticket_id
        before = self._shown(tid, now)
        agents = self._entries.setdefault(tid, {})
        if presence.state is PresenceState.LEFT:
            agents.pop(presence.agent.id, None)
        else:
            expires = self._local_expiry(presence.expires_at, now)
            typing_until = (
                min(now + self._typing_window, expires)
                if presence.state is PresenceState.TYPING
                else None
            )
            agents[presence.agent.id] = _Entry(presence.agent, expires, typing_until)
        if not agents:
            del self._entries[tid]
        if self._shown(tid, now) != before:
            changed |= {tid}
        return self._emit(frozenset(changed))

    def expire(self) -> frozenset[int]:
        """Drop lapsed presence and fade stale "typing"; returns (and reports) what changed."""
        return self._emit(frozenset(self._prune(self._clock())))

    def clear(self) -> frozenset[int]:
        changed = frozenset(self._entries)
        self._entries.clear()
        return self._emit(changed)

    def _local_expiry(self, server_expiry: datetime, now: datetime) -> datetime:
        # The server's expiry is on its clock. A fresh event lies within one TTL of now;
        # anything else means the clocks disagree, so trust the TTL instead of the stamp.
        remaining = server_expiry - now
        if timedelta(0) < remaining <= self._ttl + SKEW_SLACK:
            return server_expiry
        return now + self._ttl

    def _prune(self, now: datetime) -> set[int]:
        changed: set[int] = set()
        for tid in list(self._entries):
            agents = self._entries[tid]
            for aid in list(agents):
                entry = agents[aid]
                if entry.expires_at <= now:
                    del agents[aid]
                    changed.add(tid)
                elif entry.typing_until is not None and entry.typing_until <= now:
                    entry.typing_until = None
                    changed.add(tid)
            if not agents:
                del self._entries[tid]
        return changed

    # --- reading ---------------------------------------------------------------------

    def viewers(self, ticket_id: int) -> list[PresenceMark]:
        """Everyone on the ticket now (typing ones included), typing first, then by name."""
        now = self._clock()
        marks = [
            PresenceMark(ticket_id, e.agent, self._state(e, now), e.expires_at)
            for e in self._entries.get(ticket_id, {}).values()
            if e.expires_at > now
        ]
        marks.sort(key=lambda m: (not m.is_typing, m.agent.name.casefold(), m.agent.id))
        return marks

    def typing(self, ticket_id: int) -> list[PresenceMark]:
        return [m for m in self.viewers(ticket_id) if m.is_typing]

    def tickets(self) -> frozenset[int]:
        """Tickets with anyone on them (entries not yet pruned included)."""
        return frozenset(self._entries)

    def next_deadline(self) -> datetime | None:
        """When the display next changes by itself (an expiry or a typing fade)."""
        times = [
            t
            for agents in self._entries.values()
            for e in agents.values()
            for t in (e.expires_at, e.typing_until)
            if t is not None
        ]
        return min(times, default=None)

    def _state(self, entry: _Entry, now: datetime) -> PresenceState:
        if entry.typing_until is not None and entry.typing_until > now:
            return PresenceState.TYPING
        return PresenceState.VIEWING

    def _shown(self, ticket_id: int, now: datetime) -> tuple[tuple[int, str, str], ...]:
        return tuple(
            sorted(
                (aid, e.agent.name, self._state(e, now).value)
                for aid, e in self._entries.get(ticket_id, {}).items()
                if e.expires_at > now
            )
        )


class PresenceReporter:
    """Decides what this agent's client POSTs; ``post`` does the sending (fire and forget)."""

    def __init__(
        self,
        post: Post,
        clock: Callable[[], float] = time.monotonic,
        *,
        settle: float = 1.0,
        renew_every: float = 20.0,
        typing_renew: float = 10.0,
        typing_idle: float = 10.0,
    ) -> None:
        self._post = post
        self._clock = clock
        self._settle = settle
        self._renew_every = renew_every
        self._typing_renew = typing_renew
        self._typing_idle = typing_idle
        self._ticket: int | None = None
        self._opened_at = 0.0
        self._announced: PresenceState | None = None  # what the server last heard, if anything
        self._last_post = 0.0
        self._last_typing: float | None = None

    @property
    def ticket_id(self) -> int | None:
        return self._ticket

    @property
    def announced(self) -> PresenceState | None:
        """The state the server last heard for the current ticket (None: nothing yet)."""
        return self._announced

    def open(self, ticket_id: int | None) -> None:
        """The agent now looks at ``ticket_id`` (None: at no ticket)."""
        if ticket_id == self._ticket:
            return
        self.close()
        self._ticket = ticket_id
        self._opened_at = self._clock()

    def close(self) -> None:
        """Leaving the current ticket (switching away, closing the window, signing out)."""
        if self._ticket is not None and self._announced is not None:
            self._post(self._ticket, PresenceState.LEFT)
        self._ticket = None
        self._announced = None
        self._last_typing = None

    def typing(self) -> None:
        """The composer reported typing (it already throttles to one report per ~5 s)."""
        if self._ticket is None:
            return
        now = self._clock()
        self._last_typing = now
        if (
            self._announced is not PresenceState.TYPING
            or now - self._last_post >= self._typing_renew
        ):
            self._send(PresenceState.TYPING, now)

    def stop_typing(self) -> None:
        """The reply was sent (or dropped): back to "viewing" now, not after the idle time."""
        if self._ticket is not None and self._announced is PresenceState.TYPING:
            self._send(PresenceState.VIEWING, self._clock())

    def tick(self) -> None:
        """Announce, renew or fade whatever is due now; call it at ``next_due()``."""
        if self._ticket is None:
            return
        now = self._clock()
        if self._announced is None:
            if now - self._opened_at >= self._settle:
                self._send(PresenceState.VIEWING, now)
            return
        if (
            self._announced is PresenceState.TYPING
            and self._last_typing is not None
            and now - self._last_typing >= self._typing_idle
        ):
            self._send(PresenceState.VIEWING, now)
        elif now - self._last_post >= self._renew_every:
            self._send(self._announced, now)

    def next_due(self) -> float | None:
        """Seconds until ``tick()`` has something to do; None while no ticket is open."""
        if self._ticket is None:
            return None
        now = self._clock()
        if self._announced is None:
            return max(0.0, self._opened_at + self._settle - now)
        due = self._last_post + self._renew_every
        if self._announced is PresenceState.TYPING and self._last_typing is not None:
            due = min(due, self._last_typing + self._typing_idle)
        return max(0.0, due - now)

    def _send(self, state: PresenceState, now: float) -> None:
        assert self._ticket is not None
        self._announced = state
        self._last_post = now
        if state is not PresenceState.TYPING:
            self._last_typing = None
        self._post(self._ticket, state)
