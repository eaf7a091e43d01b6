"""Presence in the UI: the strip of chips, the queue badge drawn by the delegate, and the
tracker that feeds them from the engine (timers for expiry and renewal)."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import SIGNAL
from PySide6.QtGui import QColor, QImage, QPainter

from desk.client.engine_events import EngineEvents, PresenceChanged
from desk.client.presence import PresenceMark
from desk.domain import Presence, PresenceState
from tests.helpers.clock import NOW
from tests.helpers.people import AGENTS, ME, make_admin, make_agent
from tests.helpers.people import ANNA_KOTOVA as ANNA
from tests.helpers.presence import LEFT, TYPING, VIEWING, make_mark, make_presence
from tests.helpers.tickets import make_ticket, realistic_tickets
from tests.helpers.waiting import wait_until
from ui.collab.presence_chips import (
    MAX_CHIPS,
    PresenceStrip,
    avatar_colour,
    initials,
    mark_text,
    paint_presence_badge,
)
from ui.collab.presence_tracker import PresenceTracker
from ui.engine_bridge import EngineBridge
from ui.queue.columns import Column
from ui.queue.delegate import QueueDelegate
from ui.queue.model import TicketTableModel
from ui.queue.view import QueueView
from ui.tasks import TaskRunner
from ui.theme import DARK, LIGHT, Theme, palette_for
from ui.widgets.text import plain_tooltip

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

BORIS = make_admin("Boris", id=12, email="boris@desk.test")
PRESENCE_SIGNAL = SIGNAL("presenceChanged(PyObject)")


def count_colour(image: QImage, box: tuple[int, int, int, int], colour: QColor) -> int:
    x0, y0, x1, y1 = box
    rgb = colour.rgb()
    return sum(1 for x in range(x0, x1) for y in range(y0, y1) if image.pixel(x, y) == rgb)


# --- texts -----------------------------------------------------------------------------


def test_initials_and_texts() -> None:
    assert initials("Анна Котова") == "АК"
    assert initials("Boris") == "B"
    assert initials("ann marie smith") == "AM"
    assert initials("   ") == "?"
    assert mark_text(make_mark(ANNA, TYPING)) == "Анна К. typing…"
    assert mark_text(make_mark(BORIS)) == "Boris viewing"


def test_avatar_colour_is_stable_per_agent() -> None:
    assert avatar_colour(ANNA, LIGHT) == avatar_colour(ANNA, LIGHT)
    assert avatar_colour(ANNA, LIGHT) != avatar_colour(BORIS, LIGHT)
    assert avatar_colour(ANNA, DARK) != avatar_colour(ANNA, LIGHT)


# --- the strip -----------------------------------------------------------------------


@pytest.fixture
def strip(qtbot: Any) -> PresenceStrip:
    widget = PresenceStrip(LIGHT)
    qtbot.addWidget(widget)
    widget.resize(700, 40)
    return widget


def test_strip_is_hidden_while_nobody_is_there(strip: PresenceStrip) -> None:
    strip.show()
    strip.set_marks([])
    assert strip.isHidden() and strip.text() == ""
    strip.set_marks([make_mark(ANNA, TYPING), make_mark(BORIS)])
    assert strip.isVisible()
    assert [c.text() for c in strip.chips()] == ["Анна К. typing…", "Boris viewing"]
    assert strip.toolTip() == plain_tooltip("Анна К. typing…, Boris viewing")
    strip.set_marks([])
    assert strip.isHidden() and strip.chips() == []


def test_strip_shows_a_few_then_more(strip: PresenceStrip) -> None:
    people = [make_agent(f"Agent {i}", id=20 + i, email=f"a{i}@x") for i in range(6)]
    strip.set_marks([make_mark(p) for p in people])
    assert len(strip.chips()) == MAX_CHIPS
    assert strip._more.text() == "+2 more"
    assert "Agent 5" in strip._more.toolTip() and "Agent 3" not in strip._more.toolTip()


def test_same_marks_do_not_rebuild(strip: PresenceStrip) -> None:
    strip.set_marks([make_mark(BORIS)])
    chips = strip.chips()
    strip.set_marks([make_mark(BORIS)])
    assert strip.chips() == chips


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_chip_paints_the_avatar(qtbot: Any, theme: Theme) -> None:
    strip = PresenceStrip(theme)
    qtbot.addWidget(strip)
    strip.set_marks([make_mark(BORIS), make_mark(ANNA, TYPING)])
    strip.show()
    qtbot.waitExposed(strip)
    for chip in strip.chips():
        image = chip.grab().toImage()
        box = (0, 0, image.width(), image.height())
        assert count_colour(image, box, avatar_colour(chip.mark.agent, theme)) > 30
    typing_chip = strip.chips()[1]
    assert typing_chip.mark.is_typing
    image = typing_chip.grab().toImage()
    box = (0, 0, image.width(), image.height())
    assert count_colour(image, box, theme.selection) > 30  # typing is highlighted


def test_badge_stacks_a_few_and_counts_the_rest(qapp: Any) -> None:
    image = QImage(200, 40, QImage.Format.Format_RGB32)
    image.fill(LIGHT.base)
    painter = QPainter(image)
    font = painter.font()
    assert paint_presence_badge(painter, 190, 20, 18, [], LIGHT, font, LIGHT.base) == 0
    one = paint_presence_badge(painter, 190, 20, 18, [make_mark(BORIS)], LIGHT, font, LIGHT.base)
    many = [make_mark(make_agent(f"P {i}", id=30 + i, email="")) for i in range(5)]
    five = paint_presence_badge(painter, 150, 20, 18, many, LIGHT, font, LIGHT.base)
    painter.end()
    assert one == 18
    assert five > 18 + 2 * 18 * 0.62  # three stacked avatars and a "+2"
    assert count_colour(image, (170, 10, 190, 30), avatar_colour(BORIS, LIGHT)) > 50


# --- the queue badge ---------------------------------------------------------------


def test_queue_rows_show_who_is_on_them(qtbot: Any) -> None:
    """At the end of the Ticket cell's second line (that column is never hidden)."""
    model = TicketTableModel(clock=lambda: NOW, current_user_id=ME.id)
    model.set_tickets([make_ticket(1, assignee=ME), make_ticket(2), make_ticket(3)])
    view = QueueView(model, LIGHT, tick_ms=None)
    view.setPalette(palette_for(LIGHT))
    qtbot.addWidget(view)
    view.resize(1300, 300)
    view.show()
    qtbot.waitExposed(view)
    delegate = view.itemDelegate()
    assert isinstance(delegate, QueueDelegate)
    on: dict[int, list[PresenceMark]] = {
        1: [make_mark(BORIS, ticket_id=1)],
        3: [make_mark(ANNA, TYPING, ticket_id=3)],
    }
    asked: list[int] = []

    def provider(ticket_id: int) -> list[PresenceMark]:
        asked.append(ticket_id)
        return on.get(ticket_id, [])

    def cell(ticket_id: int) -> tuple[int, int, int, int]:
        row = model.row_of(ticket_id)
        assert row is not None
        r = view.visualRect(model.index(row, Column.TICKET))
        return r.left() + r.width() * 3 // 4, r.top() + r.height() // 2, r.right(), r.bottom()

    before = view.viewport().grab().toImage()
    assert count_colour(before, cell(1), avatar_colour(BORIS, LIGHT)) == 0
    delegate.set_presence_provider(provider)
    image = view.viewport().grab().toImage()
    assert count_colour(image, cell(1), avatar_colour(BORIS, LIGHT)) > 40
    assert count_colour(image, cell(3), avatar_colour(ANNA, LIGHT)) > 40
    assert count_colour(image, cell(2), avatar_colour(BORIS, LIGHT)) == 0
    assert set(asked) == {1, 2, 3}  # asked per painted row, by ticket id


# --- the tracker -------------------------------------------------------------------


class FakeEngine:
    def __init__(self) -> None:
        self.me = ME
        self.events = EngineEvents()  # the real bus: the tracker hears it through a bridge
        self.posted: list[tuple[int, PresenceState]] = []

    async def set_presence(self, ticket_id: int, state: PresenceState) -> None:
        self.posted.append((ticket_id, state))


def test_tracker_feeds_the_board_and_expires_on_its_timer(
    qloop: asyncio.AbstractEventLoop,
) -> None:
    engine = FakeEngine()
    bridge = EngineBridge(engine.events)
    tracker = PresenceTracker(engine, bridge, TaskRunner(), settle=0.0)  # type: ignore[arg-type]
    changes: list[frozenset[int]] = []
    tracker.changed.connect(changes.append)
    assert bridge.receivers(PRESENCE_SIGNAL) == 1  # the tracker, nobody else

    async def go() -> None:
        now = datetime.now(UTC)
        soon = now + timedelta(seconds=0.3)
        engine.events.publish(PresenceChanged(make_presence(BORIS, VIEWING, expires_at=soon)))
        # my own echo: ignored
        engine.events.publish(PresenceChanged(make_presence(ME, TYPING, expires_at=soon)))
        assert [m.agent.id for m in tracker.viewers(42)] == [BORIS.id]
        assert changes == [frozenset({42})]
        await wait_until(lambda: len(changes) == 2)  # the expiry timer, no "left" needed
        assert tracker.viewers(42) == []

        tracker.open(42)
        await wait_until(lambda: engine.posted == [(42, VIEWING)])
        tracker.typing()
        await wait_until(lambda: engine.posted[-1] == (42, TYPING))
        tracker.detach()
        await wait_until(lambda: engine.posted[-1] == (42, LEFT))
        assert bridge.receivers(PRESENCE_SIGNAL) == 0
        engine.events.publish(PresenceChanged(Presence(42, BORIS, VIEWING, soon)))
        assert tracker.viewers(42) == []  # no longer listening

    qloop.run_until_complete(go())


def test_the_left_said_on_detaching_is_awaited_before_the_session_closes(
    qloop: asyncio.AbstractEventLoop,
) -> None:
    class SlowEngine(FakeEngine):
        async def set_presence(self, ticket_id: int, state: PresenceState) -> None:
            if state is LEFT:
                await asyncio.sleep(0.2)  # a round trip still under way at shutdown
            self.posted.append((ticket_id, state))

    engine = SlowEngine()
    tracker = PresenceTracker(engine, EngineBridge(engine.events), TaskRunner(), settle=0.0)  # type: ignore[arg-type]

    async def go() -> None:
        tracker.open(7)
        await wait_until(lambda: engine.posted == [(7, VIEWING)])
        tracker.detach()
        assert engine.posted[-1] == (7, VIEWING)  # "left" is on its way, not there yet
        await tracker.last_words_said(limit=5.0)
        assert engine.posted[-1] == (7, LEFT)
        await tracker.last_words_said(limit=5.0)  # nothing left to wait for: returns

    qloop.run_until_complete(go())


def test_tracker_never_reports_presence_errors(qloop: asyncio.AbstractEventLoop) -> None:
    from desk.client.api import Forbidden

    class Refusing(FakeEngine):
        async def set_presence(self, ticket_id: int, state: PresenceState) -> None:
            self.posted.append((ticket_id, state))
            raise Forbidden("no")

    engine = Refusing()
    runner = TaskRunner()
    errors: list[str] = []
    runner.errorRaised.connect(errors.append)
    bridge = EngineBridge(engine.events)
    tracker = PresenceTracker(engine, bridge, runner, settle=0.0)  # type: ignore[arg-type]

    async def go() -> None:
        tracker.open(5)
        await wait_until(lambda: engine.posted == [(5, VIEWING)] and runner.running == 0)
        tracker.detach()

    qloop.run_until_complete(go())
    assert errors == []


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_render_queue_with_presence(qtbot: Any, theme: Theme, tmp_path: Path) -> None:
    model = TicketTableModel(clock=lambda: NOW, current_user_id=ME.id)
    tickets = realistic_tickets(20)
    model.set_tickets(tickets)
    view = QueueView(model, theme, tick_ms=None)
    view.setPalette(palette_for(theme))
    qtbot.addWidget(view)
    view.resize(1250, 560)
    view.show()
    qtbot.waitExposed(view)
    first, second, third = (model.ticket_at(r) for r in range(3))
    assert first is not None and second is not None and third is not None
    crowd = {
        first.id: [
            make_mark(ANNA, TYPING, ticket_id=first.id),
            make_mark(BORIS, VIEWING, ticket_id=first.id),
        ],
        second.id: [make_mark(AGENTS[1], VIEWING, ticket_id=second.id)],
        third.id: [make_mark(p, VIEWING, ticket_id=third.id) for p in (ANNA, BORIS, *AGENTS[1:])],
    }
    delegate = view.itemDelegate()
    assert isinstance(delegate, QueueDelegate)
    delegate.set_presence_provider(lambda tid: crowd.get(tid, []))
    view.select_ticket(second.id)
    out = Path(os.environ.get("DESK_SHOTS_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"presence-queue-{'dark' if theme.dark else 'light'}.png"
    assert view.grab().save(str(path))
    assert path.stat().st_size > 10_000
