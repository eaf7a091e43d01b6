"""PresenceBoard (colleagues on tickets, expiring on a fake clock), PresenceReporter
(what we POST and when: no spam) and the engine's presence fan-out."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desk.client.api import ApiClient, PresenceEvent
from desk.client.engine_events import PresenceChanged
from desk.client.presence import PresenceBoard, PresenceReporter
from desk.client.store import Store
from desk.client.sync import SyncEngine
from desk.domain import Presence, PresenceState, User
from tests.helpers.clock import NOW
from tests.helpers.people import ANNA_KOTOVA as ME
from tests.helpers.people import BORIS_IVANOV as BORIS
from tests.helpers.people import make_admin, make_agent
from tests.helpers.presence import LEFT, TYPING, VIEWING, make_presence

OLGA = make_admin("Olga Smirnova", id=14, email="olga@desk.test")


class Clock:
    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Ticks:
    """A monotonic clock in seconds."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def presence_at(clock: Clock, agent: User, state: PresenceState, ticket: int = 42) -> Presence:
    expires = clock.now if state is LEFT else clock.now + timedelta(seconds=30)
    return make_presence(agent, state, ticket_id=ticket, expires_at=expires)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def board(clock: Clock) -> PresenceBoard:
    return PresenceBoard(ME.id, clock)


def shown(board: PresenceBoard, ticket: int = 42) -> list[tuple[str, str]]:
    return [(m.agent.name, m.state.value) for m in board.viewers(ticket)]


# --- the board ---------------------------------------------------------------------


def test_my_own_presence_is_ignored(board: PresenceBoard) -> None:
    reports: list[frozenset[int]] = []
    board.subscribe(reports.append)
    assert board.apply(make_presence(ME, TYPING)) == frozenset()
    assert board.viewers(42) == [] and reports == []


def test_viewing_then_typing_then_left(board: PresenceBoard, clock: Clock) -> None:
    reports: list[frozenset[int]] = []
    board.subscribe(reports.append)
    assert board.apply(make_presence(BORIS, VIEWING)) == {42}
    assert shown(board) == [("Boris Ivanov", "viewing")]
    assert board.typing(42) == []
    clock.advance(2)
    assert board.apply(presence_at(clock, BORIS, TYPING)) == {42}
    assert [m.agent.id for m in board.typing(42)] == [BORIS.id]
    assert board.apply(presence_at(clock, BORIS, LEFT)) == {42}
    assert board.viewers(42) == [] and board.tickets() == frozenset()
    assert reports == [frozenset({42})] * 3


def test_renewal_is_not_a_change(board: PresenceBoard, clock: Clock) -> None:
    reports: list[frozenset[int]] = []
    board.subscribe(reports.append)
    board.apply(presence_at(clock, BORIS, VIEWING))
    clock.advance(20)
    assert board.apply(presence_at(clock, BORIS, VIEWING)) == frozenset()
    assert reports == [frozenset({42})]
    # ...but it moves the expiry: still there 40 s after the first event.
    clock.advance(20)
    assert board.expire() == frozenset()
    assert shown(board) == [("Boris Ivanov", "viewing")]


def test_presence_expires_without_left(board: PresenceBoard, clock: Clock) -> None:
    reports: list[frozenset[int]] = []
    board.subscribe(reports.append)
    board.apply(make_presence(BORIS, VIEWING, ticket_id=42))
    board.apply(make_presence(OLGA, VIEWING, ticket_id=7, ttl=10))
    assert board.next_deadline() == NOW + timedelta(seconds=10)
    clock.advance(10)
    assert board.viewers(7) == []  # lapsed, even before expire() prunes it
    assert board.expire() == {7}
    assert board.tickets() == {42}
    assert board.next_deadline() == NOW + timedelta(seconds=30)
    clock.advance(25)
    assert board.expire() == {42}
    assert board.tickets() == frozenset() and board.next_deadline() is None
    assert reports == [frozenset({42}), frozenset({7}), frozenset({7}), frozenset({42})]


def test_typing_fades_to_viewing_without_renewal(board: PresenceBoard, clock: Clock) -> None:
    board.apply(make_presence(BORIS, TYPING))
    assert board.next_deadline() == NOW + timedelta(seconds=15)
    clock.advance(14)
    assert shown(board) == [("Boris Ivanov", "typing")]
    clock.advance(1)
    assert shown(board) == [("Boris Ivanov", "viewing")]
    assert board.expire() == {42}  # the repaint for the fade
    assert board.next_deadline() == NOW + timedelta(seconds=30)


def test_typing_first_then_by_name(board: PresenceBoard, clock: Clock) -> None:
    carl = make_agent("carl", id=9, email="c@desk.test")
    for agent in (carl, OLGA, BORIS):
        board.apply(make_presence(agent, VIEWING))
    board.apply(make_presence(OLGA, TYPING))
    assert [m.agent.id for m in board.viewers(42)] == [OLGA.id, BORIS.id, carl.id]


def test_clock_skew_falls_back_to_the_ttl(board: PresenceBoard, clock: Clock) -> None:
    # The server's clock is a minute behind ours: its expiry is already past for us.
    board.apply(make_presence(BORIS, VIEWING, expires_at=NOW - timedelta(seconds=30)))
    # ...or far ahead of ours.
    board.apply(make_presence(OLGA, VIEWING, ticket_id=7, expires_at=NOW + timedelta(hours=1)))
    assert board.viewers(42)[0].expires_at == NOW + timedelta(seconds=30)
    assert board.viewers(7)[0].expires_at == NOW + timedelta(seconds=30)


def test_clear_and_unsubscribe(board: PresenceBoard) -> None:
    reports: list[frozenset[int]] = []
    unsubscribe = board.subscribe(reports.append)
    board.apply(make_presence(BORIS, VIEWING, ticket_id=1))
    board.apply(make_presence(BORIS, VIEWING, ticket_id=2))
    assert board.clear() == {1, 2}
    unsubscribe()
    unsubscribe()  # twice is harmless
    board.apply(make_presence(BORIS, VIEWING))
    assert len(reports) == 3


# --- the reporter ------------------------------------------------------------------


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def posts() -> list[tuple[int, PresenceState]]:
    return []


@pytest.fixture
def reporter(ticks: Ticks, posts: list[tuple[int, PresenceState]]) -> PresenceReporter:
    return PresenceReporter(lambda t, s: posts.append((t, s)), ticks)


def run_for(reporter: PresenceReporter, ticks: Ticks, seconds: float) -> None:
    """Advance time, calling tick() whenever the reporter says something is due."""
    end = ticks.now + seconds
    while True:
        due = reporter.next_due()
        if due is None or ticks.now + due > end:
            ticks.now = end
            return
        ticks.now += due
        reporter.tick()


def test_viewing_after_settling_then_renewed(
    reporter: PresenceReporter, ticks: Ticks, posts: list[tuple[int, PresenceState]]
) -> None:
    reporter.open(42)
    assert reporter.next_due() == 1.0
    reporter.tick()
    assert posts == []  # not yet: the agent may be flicking through the queue
    run_for(reporter, ticks, 1.0)
    assert posts == [(42, VIEWING)] and reporter.announced is VIEWING
    run_for(reporter, ticks, 19.9)
    assert posts == [(42, VIEWING)]
    run_for(reporter, ticks, 0.1)
    assert posts == [(42, VIEWING)] * 2
    run_for(reporter, ticks, 60)
    assert posts == [(42, VIEWING)] * 5  # one every 20 s, well inside the server's 30 s


def test_flicking_through_tickets_posts_nothing(
    reporter: PresenceReporter, ticks: Ticks, posts: list[tuple[int, PresenceState]]
) -> None:
    for ticket in (1, 2, 3, 4):
        reporter.open(ticket)
        run_for(reporter, ticks, 0.3)
    assert posts == []
    run_for(reporter, ticks, 1.0)
    assert posts == [(4, VIEWING)]
    reporter.open(4)  # the same ticket again: nothing new
    assert posts == [(4, VIEWING)]


def test_switching_away_and_closing_say_left(
    reporter: PresenceReporter, ticks: Ticks, posts: list[tuple[int, PresenceState]]
) -> None:
    reporter.open(1)
    run_for(reporter, ticks, 1)
    reporter.open(2)
    assert posts == [(1, VIEWING), (1, LEFT)]
    run_for(reporter, ticks, 1)
    reporter.open(None)
    assert posts[-2:] == [(2, VIEWING), (2, LEFT)]
    assert reporter.next_due() is None
    reporter.close()  # nothing open: nothing to say
    assert len(posts) == 4


def test_typing_is_throttled_renewed_and_fades(
    reporter: PresenceReporter, ticks: Ticks, posts: list[tuple[int, PresenceState]]
) -> None:
    reporter.open(42)
    run_for(reporter, ticks, 1)
    posts.clear()
    reporter.typing()
    assert posts == [(42, TYPING)]
    # The composer reports every ~5 s while typing goes on; renewals every 10 s.
    for _ in range(12):  # one minute of typing
        run_for(reporter, ticks, 5)
        reporter.typing()
    assert posts == [(42, TYPING)] * 7
    assert all(state is TYPING for _, state in posts)
    # Typing stops: back to viewing after 10 quiet seconds, then ordinary renewals.
    run_for(reporter, ticks, 9.9)
    assert posts[-1] == (42, TYPING)
    run_for(reporter, ticks, 0.1)
    assert posts[-1] == (42, VIEWING) and reporter.announced is VIEWING
    run_for(reporter, ticks, 20)
    assert posts[-2:] == [(42, VIEWING)] * 2


def test_sending_ends_typing_at_once(
    reporter: PresenceReporter, ticks: Ticks, posts: list[tuple[int, PresenceState]]
) -> None:
    reporter.open(42)
    reporter.stop_typing()  # nothing announced yet: nothing to undo
    reporter.typing()
    run_for(reporter, ticks, 3)
    reporter.stop_typing()
    assert posts == [(42, TYPING), (42, VIEWING)]
    reporter.stop_typing()  # already viewing
    assert len(posts) == 2
    assert reporter.next_due() == 20.0  # the next renewal, not an idle fade


def test_typing_before_settling_announces_at_once(
    reporter: PresenceReporter, ticks: Ticks, posts: list[tuple[int, PresenceState]]
) -> None:
    reporter.open(42)
    reporter.typing()
    assert posts == [(42, TYPING)]
    reporter.open(None)
    assert posts == [(42, TYPING), (42, LEFT)]
    reporter.typing()  # no ticket: nothing
    assert len(posts) == 2


def test_a_working_hour_stays_under_the_spam_bound(
    reporter: PresenceReporter, ticks: Ticks, posts: list[tuple[int, PresenceState]]
) -> None:
    """An hour on one ticket, typing in bursts: at most one POST per 10 s, on average far less."""
    reporter.open(42)
    for minute in range(60):
        if minute % 3 == 0:
            for _ in range(6):  # 30 s of typing every third minute
                reporter.typing()
                run_for(reporter, ticks, 5)
            run_for(reporter, ticks, 30)
        else:
            run_for(reporter, ticks, 60)
    assert 3600 / 30 <= len(posts) < 3600 / 15  # kept alive, about one POST every 18 s


# --- the engine's fan-out ----------------------------------------------------------


def test_engine_delivers_presence_to_every_subscriber(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(tmp_path / "cache.db")
    engine = SyncEngine(ApiClient("http://127.0.0.1:9", "token"), store, ME)
    seen_by_alerts: list[Presence] = []
    board = PresenceBoard(ME.id, Clock())

    def broken(_e: PresenceChanged) -> None:
        raise RuntimeError("a faulty listener")

    engine.events.subscribe(lambda e: seen_by_alerts.append(e.presence), PresenceChanged)
    engine.events.subscribe(broken, PresenceChanged)
    engine.events.subscribe(lambda e: board.apply(e.presence), PresenceChanged)
    presence = make_presence(BORIS, VIEWING)
    with caplog.at_level(logging.ERROR, logger="desk.client.engine_events"):
        asyncio.run(engine._apply_event(PresenceEvent(presence), None))
    store.close()
    assert "subscriber failed on PresenceChanged" in caplog.text
    assert "a faulty listener" in caplog.text  # with its traceback
    assert seen_by_alerts == [presence]
    assert [m.agent.id for m in board.viewers(42)] == [BORIS.id]  # after the broken one
