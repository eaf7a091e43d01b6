"""The alerting rules in business hours: what alerts, for whom, once, and how loud.

On-call mode, repeats and do-not-disturb are in ``test_alerts_on_call.py``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk.client.alerts.engine import (
    Alert,
    AlertEngine,
    AlertKind,
    AlertSettings,
    OnCallMode,
    is_loud,
)
from desk.domain import Category, Priority
from tests.helpers.clock import Clock, msk
from tests.helpers.people import COLLEAGUE, ME
from tests.helpers.world import World
from tests.unit.client.alerts.alert_world import engine_at

TUESDAY_NOON = msk(10, 12)


@pytest.fixture
def clock() -> Clock:
    return Clock(TUESDAY_NOON)


@pytest.fixture
def world(clock: Clock) -> World:
    return World(clock)


@pytest.fixture
def engine(clock: Clock) -> AlertEngine:
    return engine_at(clock)


def kinds(alerts: list[Alert]) -> list[tuple[AlertKind, int | None]]:
    return [(a.kind, a.ticket_id) for a in alerts]


# --- new tickets ---------------------------------------------------------------------


def test_a_new_ticket_alerts_with_its_first_message(engine: AlertEngine, world: World) -> None:
    [alert] = engine.observe([world.new(1, "Webhook returns 500", body="Since   10:00\nall fail")])
    assert alert.kind is AlertKind.NEW_TICKET
    assert (alert.ticket_id, alert.title, alert.sender) == (1, "Webhook returns 500", "Ivan Petrov")
    assert alert.preview == "Since 10:00 all fail"
    assert alert.loud is False and alert.repeat == 0 and alert.catch_up is False
    assert alert.key == "new:1"


def test_a_new_ticket_alerts_even_when_assigned_to_a_colleague(
    engine: AlertEngine, world: World
) -> None:
    assert kinds(engine.observe([world.new(1, assignee=COLLEAGUE)])) == [(AlertKind.NEW_TICKET, 1)]


def test_an_alert_says_whether_its_ticket_has_no_assignee(
    engine: AlertEngine, world: World
) -> None:
    """The notification offers "Assign to me" only then."""
    [nobody] = engine.observe([world.new(1)])
    [colleague] = engine.observe([world.new(2, assignee=COLLEAGUE)])
    assert nobody.unassigned is True and colleague.unassigned is False


@pytest.mark.parametrize(
    ("title", "fields", "loud"),
    [
        ("URGENT: bot down", {}, True),
        ("Срочно! бот молчит", {}, True),
        ("Bot down", {"category": Category.CRITICAL}, True),
        ("Bot down", {"priority": Priority.CRITICAL}, True),
        ("Bot down", {"priority": Priority.HIGH}, False),
        ("Not urgent: a question", {}, False),
    ],
)
def test_urgent_or_critical_tickets_are_loud(
    engine: AlertEngine, world: World, title: str, fields: dict[str, object], loud: bool
) -> None:
    ticket = world.new(1, title, **fields)
    assert is_loud(ticket) is loud
    [alert] = engine.observe([ticket])
    assert alert.loud is loud


# --- customer replies ------------------------------------------------------------------


def answered(engine: AlertEngine, world: World, tid: int, assignee: object = ME) -> None:
    """A ticket the engine knows, answered by the team and waiting on the customer."""
    engine.observe([world.new(tid, assignee=assignee)])
    engine.observe([world.staff_writes(tid, COLLEAGUE)])


def test_a_customer_reply_on_my_ticket_alerts(engine: AlertEngine, world: World) -> None:
    answered(engine, world, 1)
    [alert] = engine.observe([world.customer_writes(1, "Still   broken, see logs")])
    assert alert.kind is AlertKind.CUSTOMER_REPLY
    assert (alert.ticket_id, alert.sender, alert.preview) == (
        1,
        "Ivan Petrov",
        "Still broken, see logs",
    )
    assert alert.key == "reply:1:3"


@pytest.mark.parametrize(("assignee", "alerts"), [(ME, 1), (COLLEAGUE, 0), (None, 0)])
def test_replies_alert_only_on_my_tickets(
    engine: AlertEngine, world: World, assignee: object, alerts: int
) -> None:
    answered(engine, world, 1, assignee)
    assert len(engine.observe([world.customer_writes(1)])) == alerts


def test_a_reply_on_the_ticket_open_on_screen_alerts(engine: AlertEngine, world: World) -> None:
    answered(engine, world, 1, COLLEAGUE)
    engine.set_open_ticket(1)
    assert kinds(engine.observe([world.customer_writes(1)])) == [(AlertKind.CUSTOMER_REPLY, 1)]
    engine.set_open_ticket(None)
    assert engine.observe([world.customer_writes(1)]) == []


def test_a_reply_on_an_unassigned_urgent_ticket_alerts_everyone(
    engine: AlertEngine, world: World
) -> None:
    engine.observe([world.new(1, "URGENT: payments down")])
    engine.observe([world.staff_writes(1, COLLEAGUE)])
    [alert] = engine.observe([world.customer_writes(1)])
    assert (alert.kind, alert.loud) == (AlertKind.CUSTOMER_REPLY, True)


def test_a_follow_up_while_already_waiting_on_the_team_alerts(
    engine: AlertEngine, world: World
) -> None:
    engine.observe([world.new(1, assignee=ME)])
    # waiting_on stays "team"; my unread count grows: only customer messages count.
    [alert] = engine.observe([world.customer_writes(1)])
    assert alert.kind is AlertKind.CUSTOMER_REPLY


def test_a_follow_up_is_recognised_from_the_message_when_unread_is_overridden(
    engine: AlertEngine, world: World
) -> None:
    # The store shows unread 0 while the ticket is open, so only the message tells.
    engine.observe([world.read(world.new(1, assignee=ME).id)])
    reply = world.customer_writes(1, "Here are the logs")
    engine.observe_message(world.last_message())
    [alert] = engine.observe([world.read(reply.id)])
    assert (alert.kind, alert.preview) == (AlertKind.CUSTOMER_REPLY, "Here are the logs")


def test_a_hand_back_to_the_team_is_a_reply_even_with_unread_overridden(
    engine: AlertEngine, world: World
) -> None:
    # Only a customer message sets waiting_on to "team", whatever unread says.
    answered(engine, world, 1)
    world.customer_writes(1)
    assert kinds(engine.observe([world.read(1)])) == [(AlertKind.CUSTOMER_REPLY, 1)]


# --- own actions and the team's actions ---------------------------------------------------


def test_my_own_actions_never_alert(engine: AlertEngine, world: World) -> None:
    engine.observe([world.new(1)])
    steps = [
        world.assign(1, ME),
        world.staff_writes(1, ME, internal=True),  # a note: count grows, still "team"
        world.set_fields(1, priority=Priority.CRITICAL),
        world.staff_writes(1, ME),  # a public reply
        world.close(1),
    ]
    for ticket in steps:
        engine.observe_message(world.last_message())
        assert engine.observe([ticket]) == [], ticket
    world.clock.advance(days=3)
    assert engine.tick() == []


def test_a_colleagues_internal_note_on_my_ticket_does_not_alert(
    engine: AlertEngine, world: World
) -> None:
    engine.observe([world.new(1, assignee=ME)])
    note = world.staff_writes(1, COLLEAGUE, internal=True)
    assert engine.observe([note]) == []  # without the message event ...
    engine.observe_message(world.last_message())
    assert engine.observe([world.staff_writes(1, COLLEAGUE, internal=True)]) == []  # ... and with


def test_a_colleagues_reply_on_my_ticket_does_not_alert(engine: AlertEngine, world: World) -> None:
    engine.observe([world.new(1, assignee=ME)])
    engine.observe_message(world.messages[-1])
    assert engine.observe([world.staff_writes(1, COLLEAGUE)]) == []


# --- no duplicates -----------------------------------------------------------------------


def test_the_same_changes_replayed_never_alert_twice(engine: AlertEngine, world: World) -> None:
    history = [world.new(1, assignee=ME), world.new(2)]
    history += [world.staff_writes(1, COLLEAGUE), world.customer_writes(1)]
    first = engine.observe(history)
    assert len(first) == 3
    # A reconnect replays everything, live or as a catch-up, in any order.
    assert engine.observe(history) == []
    assert engine.observe(reversed(history), initial=True) == []
    assert engine.observe([history[0]]) == []  # an older version after a newer one


def test_an_older_version_replayed_does_not_roll_the_ticket_back(
    engine: AlertEngine, world: World
) -> None:
    waiting = world.new(1, assignee=ME)
    engine.observe([waiting, world.staff_writes(1, ME)])
    assert engine.observe([waiting]) == []
    assert engine.attention().needs_reply == 0
    latest = engine.ticket(1)
    assert latest is not None and latest.seq == world.tickets[1].seq


def test_the_same_event_has_the_same_key_in_every_session(clock: Clock, world: World) -> None:
    ticket = world.new(1, assignee=ME)
    a, b = engine_at(clock), engine_at(clock)
    assert a.observe([ticket]) == b.observe([ticket])


def test_a_read_marker_event_with_the_same_seq_alerts_nothing(
    engine: AlertEngine, world: World
) -> None:
    engine.observe([world.new(1, assignee=ME)])
    assert engine.observe([world.read(1)]) == []


# --- catch-up after a start or reconnect -------------------------------------------------


def test_tickets_from_an_earlier_session_are_the_silent_baseline(clock: Clock) -> None:
    world = World(clock)
    old = [world.new(i, "URGENT: down" if i == 1 else "Question") for i in range(1, 6)]
    engine = engine_at(clock, seen_seq=world.seq)
    assert engine.observe(old, initial=True) == []
    # The catch-up that follows alerts what happened after that position.
    assert kinds(engine.observe([world.new(6)], initial=True)) == [(AlertKind.NEW_TICKET, 6)]


def test_catch_up_alerts_recent_activity_and_absorbs_old(clock: Clock, world: World) -> None:
    engine = engine_at(clock, seen_seq=world.seq)
    clock.set(TUESDAY_NOON - timedelta(hours=2))
    world.new(1)
    world.new(2, assignee=ME)
    clock.set(TUESDAY_NOON - timedelta(minutes=10))
    world.new(3)
    world.customer_writes(2)
    clock.set(TUESDAY_NOON)
    # The server sends the latest version of each ticket changed since the position.
    alerts = engine.observe(world.tickets.values(), initial=True)
    assert kinds(alerts) == [(AlertKind.CUSTOMER_REPLY, 2), (AlertKind.NEW_TICKET, 3)]
    assert all(a.catch_up for a in alerts)


def test_catch_up_alerts_a_reply_on_a_known_ticket_within_the_window(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    answered(engine, world, 1)
    answered(engine, world, 2)
    clock.advance(minutes=5)
    world.customer_writes(1)
    clock.advance(minutes=30)  # offline for a while
    world.customer_writes(2)
    clock.advance(minutes=1)
    caught_up = [world.tickets[1], world.tickets[2]]
    # #1's reply is 31 minutes old: absorbed; #2's is 1 minute old: alerts.
    assert kinds(engine.observe(caught_up, initial=True)) == [(AlertKind.CUSTOMER_REPLY, 2)]


def test_catch_up_alerts_unanswered_urgent_tickets_whatever_their_age(
    clock: Clock, world: World
) -> None:
    engine = engine_at(clock)
    clock.set(TUESDAY_NOON - timedelta(hours=3))
    world.new(1, "URGENT: down")
    world.new(2, "URGENT: slow")
    world.staff_writes(2, COLLEAGUE)  # answered meanwhile: old news
    clock.set(TUESDAY_NOON)
    alerts = engine.observe(world.tickets.values(), initial=True)
    assert [(a.kind, a.ticket_id, a.loud) for a in alerts] == [(AlertKind.NEW_TICKET, 1, True)]


def test_a_flood_while_offline_collapses_into_one_summary(clock: Clock, world: World) -> None:
    engine = engine_at(clock, seen_seq=world.seq)
    arrived = [world.new(i) for i in range(1, 7)] + [world.new(7, "URGENT: bot down")]
    [summary] = engine.observe(arrived, initial=True)
    assert summary.kind is AlertKind.SUMMARY
    assert (summary.count, summary.count_of(AlertKind.NEW_TICKET)) == (7, 7)
    assert summary.loud and summary.catch_up and summary.ticket_id is None
    assert summary.ticket_ids[0] == 7 and sorted(summary.ticket_ids) == list(range(1, 8))
    # Every part was recorded: the same catch-up again shows nothing at all.
    assert engine.observe(arrived, initial=True) == []


def test_the_burst_limit_is_a_setting(clock: Clock, world: World) -> None:
    engine = engine_at(clock, settings=AlertSettings(burst_limit=7))
    assert len(engine.observe([world.new(i) for i in range(1, 8)])) == 7
    [summary] = engine.observe([world.new(i) for i in range(8, 16)])
    assert summary.count == 8 and not summary.loud


def test_a_summary_key_is_stable_for_the_same_alerts(clock: Clock) -> None:
    tickets = [World(clock).new(i) for i in range(1, 6)]
    first = engine_at(clock).observe(tickets)
    second = engine_at(clock).observe(list(reversed(tickets)))
    assert first[0].key == second[0].key


# --- deadlines -----------------------------------------------------------------------------


def test_about_to_breach_then_breached_once_per_deadline(clock: Clock, world: World) -> None:
    engine = engine_at(clock, settings=AlertSettings(on_call_mode=OnCallMode.OFF))
    engine.observe([world.new(1, "Critical: bot down", category=Category.CRITICAL, assignee=ME)])
    assert engine.check_deadlines() == []
    clock.advance(hours=3, minutes=1)  # 59 min of the 4 h left: WARNING
    [warning] = engine.check_deadlines()
    assert (warning.kind, warning.loud) == (AlertKind.ABOUT_TO_BREACH, True)
    assert warning.deadline is not None and warning.deadline.remaining == timedelta(minutes=59)
    assert engine.check_deadlines() == []
    clock.advance(hours=1)
    [breach] = engine.check_deadlines()
    assert breach.kind is AlertKind.BREACHED and breach.deadline is not None
    assert breach.deadline.overdue == timedelta(minutes=1)
    clock.advance(hours=5)
    assert engine.check_deadlines() == []
    # A new customer message restarts the deadline: it may warn and breach again.
    engine.observe([world.customer_writes(1)])
    clock.advance(hours=4)
    assert [a.kind for a in engine.tick()] == [AlertKind.BREACHED]


def test_a_business_day_deadline_warns_in_business_time(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    clock.set(msk(13, 17))  # Friday 17:00: due Monday 17:00 ("other": 1 business day)
    engine.observe([world.new(1, assignee=ME)])
    clock.set(msk(16, 14, 44))  # 2 h 16 min of business time left: still OK
    assert engine.check_deadlines() == []
    clock.set(msk(16, 14, 46))  # under a quarter of the 9 h day
    [alert] = engine.check_deadlines()
    assert alert.kind is AlertKind.ABOUT_TO_BREACH and alert.deadline is not None
    assert alert.deadline.business_time and alert.deadline.parts() == (0, 2, 14)
    clock.set(msk(16, 17))
    assert [a.kind for a in engine.check_deadlines()] == [AlertKind.BREACHED]


@pytest.mark.parametrize(("assignee", "alerts"), [(ME, 1), (None, 1), (COLLEAGUE, 0)])
def test_deadline_alerts_are_for_my_and_unassigned_tickets(
    clock: Clock, world: World, engine: AlertEngine, assignee: object, alerts: int
) -> None:
    engine.observe([world.new(1, category=Category.CRITICAL, assignee=assignee)])
    clock.advance(hours=5)
    assert len(engine.check_deadlines()) == alerts


def test_answered_or_closed_tickets_have_no_deadline_alerts(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    engine.observe([world.new(1, category=Category.CRITICAL), world.new(2, assignee=ME)])
    engine.observe([world.staff_writes(1, COLLEAGUE), world.close(2)])
    clock.advance(days=4)
    assert engine.check_deadlines() == []


def test_many_breaches_found_at_start_collapse(clock: Clock, world: World) -> None:
    engine = engine_at(clock, seen_seq=10**6)
    clock.set(TUESDAY_NOON - timedelta(days=2))
    old = [world.new(i, category=Category.CRITICAL) for i in range(1, 6)]
    clock.set(TUESDAY_NOON)
    assert engine.observe(old, initial=True) == []
    [summary] = engine.check_deadlines()
    assert summary.kind is AlertKind.SUMMARY and summary.count_of(AlertKind.BREACHED) == 5
    assert engine.check_deadlines() == []


# --- the tray's numbers --------------------------------------------------------------------


def test_attention_counts_tickets_that_need_a_reply(
    clock: Clock, world: World, engine: AlertEngine
) -> None:
    engine.observe([world.new(1, assignee=ME), world.new(2, "URGENT: down"), world.new(3)])
    engine.observe([world.staff_writes(3, COLLEAGUE)])
    attention = engine.attention()
    assert (attention.needs_reply, attention.urgent, attention.breached, attention.mine) == (
        2,
        1,
        0,
        1,
    )
    assert attention.alarming
    clock.advance(days=3)
    assert engine.attention().breached == 2


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="repeat_interval"):
        AlertSettings(repeat_interval=timedelta(0))
    with pytest.raises(ValueError, match="burst_limit"):
        AlertSettings(burst_limit=0)
    with pytest.raises(ValueError, match="catch_up_window"):
        AlertSettings(catch_up_window=timedelta(minutes=-1))
