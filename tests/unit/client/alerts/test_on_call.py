"""On-call mode, repeats until someone opens the ticket, and do-not-disturb."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from desk.client.alerts.engine import AlertEngine, AlertKind, AlertSettings, OnCallMode
from desk.domain import Category
from tests.helpers.clock import Clock, msk
from tests.helpers.people import COLLEAGUE, ME
from tests.helpers.presence import LEFT, VIEWING, make_presence
from tests.helpers.world import World
from tests.unit.client.alerts.alert_world import engine_at

FRIDAY_EVENING = msk(13, 19)


@pytest.fixture
def clock() -> Clock:
    return Clock(FRIDAY_EVENING)


@pytest.fixture
def world(clock: Clock) -> World:
    return World(clock)


@pytest.fixture
def engine(clock: Clock) -> AlertEngine:
    return engine_at(clock)


# --- when on call ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "on_call"),
    [
        (msk(13, 17, 59), False),  # Friday, business hours
        (msk(13, 18, 0), True),  # closing: business time is half-open
        (msk(14, 12), True),  # Saturday
        (msk(15, 23), True),  # Sunday night
        (msk(16, 8, 59), True),  # Monday before opening
        (msk(16, 9, 0), False),  # Monday opening
        (msk(9, 12), True),  # Monday 9 March 2026: a public holiday
    ],
)
def test_auto_mode_follows_the_business_calendar(now: datetime, on_call: bool) -> None:
    engine = engine_at(Clock(now))
    assert engine.on_call_active() is on_call


@pytest.mark.parametrize(
    ("mode", "now", "on_call"),
    [
        (OnCallMode.ON, msk(10, 12), True),
        (OnCallMode.OFF, msk(14, 3), False),
    ],
)
def test_the_mode_can_be_forced(mode: OnCallMode, now: datetime, on_call: bool) -> None:
    engine = engine_at(Clock(now))
    engine.set_on_call_mode(mode)
    assert engine.on_call_active() is on_call
    assert engine.settings.on_call_mode is mode


def test_auto_mode_switches_at_six_in_the_evening(clock: Clock, world: World) -> None:
    engine = engine_at(clock)
    clock.set(msk(13, 17, 59))
    assert engine.observe([world.new(1)])[0].kind is AlertKind.NEW_TICKET
    clock.set(msk(13, 18))
    assert engine.observe([world.new(2)]) == []  # ordinary tickets wait until Monday
    assert engine.observe([world.new(3, "URGENT: bot down")])[0].loud


# --- what gets through on call -----------------------------------------------------------


def test_on_call_lets_through_only_loud_alerts_and_breaches(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    clock.set(msk(13, 16))
    engine.observe([world.new(1, assignee=ME)])  # "other": due Monday 16:00
    clock.set(FRIDAY_EVENING)
    assert engine.observe([world.new(2)]) == []
    engine.observe([world.staff_writes(1, COLLEAGUE)])
    assert engine.observe([world.customer_writes(1)]) == []  # an ordinary reply on my ticket
    [loud] = engine.observe([world.new(3, "Bot down", category=Category.CRITICAL)])
    assert loud.loud and loud.kind is AlertKind.NEW_TICKET


def test_on_call_covers_loud_tickets_whoever_owns_them(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    engine.observe([world.new(1, "URGENT: down", assignee=COLLEAGUE)])
    engine.observe([world.staff_writes(1, COLLEAGUE)])
    [reply] = engine.observe([world.customer_writes(1)])
    assert reply.kind is AlertKind.CUSTOMER_REPLY and reply.loud
    clock.advance(hours=3, minutes=30)
    assert [a.kind for a in engine.check_deadlines()] == [AlertKind.ABOUT_TO_BREACH]


def test_an_ordinary_breach_on_call_alerts_once_and_does_not_repeat(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    clock.set(msk(12, 17))  # Thursday 17:00: due Friday 17:00
    engine.observe([world.new(1, assignee=ME)])
    clock.set(msk(13, 16))
    assert [a.kind for a in engine.check_deadlines()] == [AlertKind.ABOUT_TO_BREACH]
    clock.set(FRIDAY_EVENING)
    [breach] = engine.check_deadlines()
    assert (breach.kind, breach.loud) == (AlertKind.BREACHED, False)
    assert engine.repeating() == frozenset()
    clock.advance(hours=1)
    assert engine.tick() == []


# --- repeats until someone opens the ticket -------------------------------------------------


def test_a_loud_alert_repeats_every_interval(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    [first] = engine.observe([world.new(1, "URGENT: bot down")])
    assert engine.repeating() == {1}
    assert engine.next_repeat_at() == FRIDAY_EVENING + timedelta(minutes=5)
    clock.advance(minutes=4, seconds=59)
    assert engine.due_repeats() == []
    clock.advance(seconds=1)
    [again] = engine.due_repeats()
    assert (again.key, again.repeat, again.kind) == (first.key, 1, AlertKind.NEW_TICKET)
    assert engine.due_repeats() == []
    clock.advance(minutes=5)
    assert [a.repeat for a in engine.due_repeats()] == [2]


def test_a_late_timer_repeats_once_not_in_a_burst(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    engine.observe([world.new(1, "URGENT: bot down")])
    clock.advance(minutes=17)
    assert [a.repeat for a in engine.due_repeats()] == [1]
    assert engine.next_repeat_at() == clock.now + timedelta(minutes=5)


def test_the_repeat_interval_is_a_setting(clock: Clock, world: World) -> None:
    engine = engine_at(clock, settings=AlertSettings(repeat_interval=timedelta(minutes=2)))
    engine.observe([world.new(1, "URGENT: bot down")])
    clock.advance(minutes=2)
    assert len(engine.due_repeats()) == 1


Handle = Callable[[AlertEngine, World], object]


def _note_by_colleague(engine: AlertEngine, world: World) -> None:
    world.staff_writes(1, COLLEAGUE, internal=True)
    engine.observe_message(world.last_message())


def _viewed_by_colleague(engine: AlertEngine, world: World) -> None:
    until = world.clock.now + timedelta(seconds=30)
    engine.observe_presence(make_presence(COLLEAGUE, VIEWING, ticket_id=1, expires_at=until))


HANDLED: dict[str, Handle] = {
    "assigned": lambda e, w: e.observe([w.assign(1, COLLEAGUE)]),
    "answered": lambda e, w: e.observe([w.staff_writes(1, COLLEAGUE)]),
    "closed": lambda e, w: e.observe([w.close(1)]),
    "read by me": lambda e, w: e.observe([w.read(1)]),
    "a colleague's note": _note_by_colleague,
    "a colleague viewing": _viewed_by_colleague,
    "opened here": lambda e, w: e.set_open_ticket(1),
    "notification clicked": lambda e, w: e.acknowledge(1),
}


@pytest.mark.parametrize("how", list(HANDLED))
def test_repeats_stop_once_someone_opens_the_ticket(
    clock: Clock, world: World, engine: AlertEngine, how: str
) -> None:
    engine.observe([world.new(1, "URGENT: bot down")])
    clock.advance(minutes=5)
    assert len(engine.due_repeats()) == 1
    HANDLED[how](engine, world)
    assert engine.repeating() == frozenset()
    clock.advance(hours=1)
    assert engine.due_repeats() == []


def test_a_colleague_leaving_or_an_unrelated_change_does_not_stop_repeats(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    engine.observe([world.new(1, "URGENT: bot down"), world.new(2, "URGENT: slow")])
    left = make_presence(COLLEAGUE, LEFT, ticket_id=1, expires_at=clock.now + timedelta(seconds=30))
    engine.observe_presence(left)
    engine.set_open_ticket(2)
    engine.observe([world.set_fields(1, title="URGENT: bot down (all channels)")])
    assert engine.repeating() == {1}


def test_a_ticket_already_open_when_the_alert_fires_still_repeats(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    # Left open on an unattended screen at night, it must still ring.
    engine.set_open_ticket(1)
    engine.observe([world.new(1, "URGENT: bot down")])
    clock.advance(minutes=5)
    assert len(engine.due_repeats()) == 1


def test_repeats_end_when_business_hours_start(clock: Clock, world: World) -> None:
    engine = engine_at(clock)
    clock.set(msk(16, 8, 50))  # Monday morning
    engine.observe([world.new(1, "URGENT: bot down")])
    clock.set(msk(16, 8, 55))
    assert len(engine.due_repeats()) == 1
    clock.set(msk(16, 9, 0))
    assert engine.due_repeats() == []
    assert engine.repeating() == frozenset()


def test_switching_on_call_off_ends_repeats(world: World, engine: AlertEngine) -> None:
    engine.observe([world.new(1, "URGENT: bot down")])
    engine.set_on_call_mode(OnCallMode.OFF)
    assert engine.repeating() == frozenset()


def test_a_new_alert_on_a_handled_ticket_repeats_again(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    engine.observe([world.new(1, "URGENT: bot down", assignee=COLLEAGUE)])
    engine.observe([world.staff_writes(1, COLLEAGUE)])
    assert engine.repeating() == frozenset()
    clock.advance(minutes=20)
    [reply] = engine.observe([world.customer_writes(1)])
    clock.advance(minutes=5)
    [again] = engine.due_repeats()
    assert (again.key, again.repeat) == (reply.key, 1)


def test_many_repeats_at_once_collapse(clock: Clock, world: World, engine: AlertEngine) -> None:
    [summary] = engine.observe([world.new(i, f"URGENT: bot {i} down") for i in range(1, 6)])
    assert summary.kind is AlertKind.SUMMARY and summary.loud
    clock.advance(minutes=5)
    [repeat] = engine.due_repeats()
    assert repeat.kind is AlertKind.SUMMARY and repeat.count == 5 and repeat.loud
    assert repeat.key != summary.key  # a repeat is a new showing


# --- do not disturb ----------------------------------------------------------------------


def test_do_not_disturb_silences_everything_in_the_daytime(clock: Clock, world: World) -> None:
    clock.set(msk(10, 12))
    engine = engine_at(clock)
    engine.set_dnd(True)
    assert engine.dnd
    assert engine.observe([world.new(1, assignee=ME), world.new(2, "URGENT: down")]) == []
    clock.advance(hours=5)
    assert engine.check_deadlines() == []
    engine.set_dnd(False)  # silenced means dropped: no burst afterwards
    assert engine.tick() == []
    assert engine.observe([world.new(3)])[0].ticket_id == 3


def test_do_not_disturb_on_call_lets_only_loud_alerts_through(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    engine.set_dnd(True)
    clock.set(msk(13, 16))
    engine.observe([world.new(1, assignee=ME)])  # ordinary, due Monday 16:00
    clock.set(msk(16, 16, 1))
    engine.set_on_call_mode(OnCallMode.ON)
    assert engine.check_deadlines() == []  # an ordinary breach: silenced by DND
    [loud] = engine.observe([world.new(2, "URGENT: bot down")])
    assert loud.loud
    clock.advance(minutes=5)
    assert [a.ticket_id for a in engine.due_repeats()] == [2]
