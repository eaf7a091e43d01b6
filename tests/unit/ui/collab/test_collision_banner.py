"""The collision banner (what it says, its buttons) and the flow around it in the ticket
pane: a stopped reply keeps every word, "Send anyway" queues it exactly once, "Edit
first" queues nothing. Renders the pane with presence chips and the banner in both
themes (saved to DESK_SHOTS_DIR when set)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desk.client.collision import Collision
from desk.client.store import Store
from desk.domain import Message, User
from tests.helpers.messages import file_attachment, make_message
from tests.helpers.people import ANNA_KOTOVA as ME
from tests.helpers.people import BORIS_IVANOV as BORIS
from tests.helpers.people import OLGA_PETROVA as OLGA
from tests.helpers.people import make_agent
from tests.helpers.presence import TYPING, VIEWING, make_mark
from tests.helpers.tickets import make_ticket
from ui.chat.composer import ComposedMessage
from ui.chat.thumbnails import ThumbnailLoader
from ui.collab.collision_banner import CollisionBanner, describe, headline
from ui.collab.collision_flow import CollisionFlow
from ui.collab.presence_chips import PresenceStrip
from ui.mainwindow.ticket_pane import TicketPane
from ui.mainwindow.window import add_presence_widgets
from ui.tasks import TaskRunner
from ui.theme import DARK, LIGHT, Theme, palette_for

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


# --- the banner ----------------------------------------------------------------------


@pytest.fixture
def banner(qtbot: Any) -> CollisionBanner:
    widget = CollisionBanner(LIGHT)
    qtbot.addWidget(widget)
    widget.resize(700, 160)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.usefixtures("qapp")  # English plurals come from a catalogue the app loads
def test_lines_say_who_did_what() -> None:
    assert describe(make_message(3, "Всё заработало,\nспасибо!", author=OLGA)) == (
        "Olga (customer) wrote: “Всё заработало, спасибо!”"
    )
    assert (
        describe(make_message(4, "Restarted it", author=BORIS))
        == "Boris I. already replied: “Restarted it”"
    )
    note = describe(make_message(5, "mine", author=BORIS, internal=True))
    assert note == "Boris I. added an internal note: “mine”"
    long = describe(make_message(6, "x" * 500, author=OLGA))
    assert long.endswith("…”") and len(long) < 160
    pdf = file_attachment(1, "a.pdf", 1, content_type="application/pdf", sha256="0")
    only_file = make_message(7, "", author=OLGA, attachments=[pdf])
    assert describe(only_file) == "Olga (customer) wrote: (1 attachment)"


def test_headlines() -> None:
    customer = Collision(42, (make_message(3, "a", author=OLGA),))
    colleague = Collision(42, (make_message(4, "b", author=BORIS),))
    both = Collision(42, (make_message(3, "a", author=OLGA), make_message(4, "b", author=BORIS)))
    assert headline(customer) == "While you were writing, the customer wrote again."
    assert headline(colleague) == "While you were writing, Boris I. replied to the customer."
    assert headline(both) == "While you were writing, the conversation moved on."


def test_banner_lists_messages_and_notes_in_order(banner: CollisionBanner) -> None:
    collision = Collision(
        42,
        (
            make_message(3, "<b>Still</b> broken", author=OLGA),
            make_message(5, "On it", author=BORIS),
        ),
        (make_message(4, "n", author=BORIS, internal=True),),
    )
    banner.show_collision(collision)
    assert banner.isVisible() and banner.collision() is collision
    assert banner.lines() == [
        "Olga (customer) wrote: “<b>Still</b> broken”",  # plain text, never HTML
        "Boris I. added an internal note: “n”",
        "Boris I. already replied: “On it”",
    ]
    assert all(line.textFormat() == Qt.TextFormat.PlainText for line in banner._lines)
    assert banner.more.isHidden()
    banner.dismiss()
    assert banner.isHidden() and banner.collision() is None


def test_banner_caps_the_list(banner: CollisionBanner) -> None:
    banner.show_collision(
        Collision(42, tuple(make_message(i, f"m{i}", author=OLGA) for i in range(3, 10)))
    )
    assert len(banner.lines()) == 4
    assert banner.more.isVisible() and "3 more" in banner.more.text()


def test_buttons_and_keys_only_emit(banner: CollisionBanner, qtbot: Any) -> None:
    sends: list[bool] = []
    edits: list[bool] = []
    shown: list[int] = []
    banner.sendAnywayRequested.connect(lambda: sends.append(True))
    banner.editRequested.connect(lambda: edits.append(True))
    banner.messageActivated.connect(shown.append)
    banner.send_button.click()
    banner.edit_button.click()
    assert sends == [] and edits == []  # nothing on show: nothing to decide
    banner.show_collision(Collision(42, (make_message(3, "hi", author=OLGA),)))
    qtbot.mouseClick(banner._lines[0], Qt.MouseButton.LeftButton)
    assert shown == [3]
    banner.send_button.click()
    QTest.keyClick(banner, Qt.Key.Key_Escape)
    assert sends == [True] and edits == [True]
    assert banner.isVisible()  # the owner decides when it goes


# --- the flow in the pane -----------------------------------------------------------


@dataclass
class FakeEngine:
    store: Store
    incoming: list[Message] = field(default_factory=list)  # on the server, not yet here
    refreshes: int = 0

    async def refresh_messages(self, ticket_id: int) -> int:
        self.refreshes += 1
        arrived, self.incoming = self.incoming, []
        if arrived:
            self.store.upsert_messages(arrived)
        return len(arrived)

    async def thumbnail(self, attachment_id: int, size: int = 320) -> bytes:
        raise AssertionError("no images here")


@dataclass
class FakeSession:
    me: User
    store: Store
    engine: FakeEngine


@dataclass
class World:
    pane: TicketPane
    banner: CollisionBanner
    flow: CollisionFlow
    store: Store
    engine: FakeEngine
    queued: list[tuple[int, str]]


@pytest.fixture
def world(qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[World]:
    store = Store(tmp_path / "cache.db")
    store.upsert_messages([make_message(1, "Бот молчит", author=OLGA)])
    engine = FakeEngine(store)
    loader = ThumbnailLoader(engine.thumbnail)
    pane = TicketPane(LIGHT, loader)
    qtbot.addWidget(pane)
    _strip, banner = add_presence_widgets(pane, LIGHT)
    queued: list[tuple[int, str]] = []
    flow: CollisionFlow

    def enqueue(ticket_id: int, message: ComposedMessage) -> None:  # as the controller does
        queued.append((ticket_id, message.body))
        pane.composer.clear_after_send()
        flow.sent(ticket_id)

    session = FakeSession(ME, store, engine)
    flow = CollisionFlow(session, TaskRunner(), pane, banner, enqueue)  # type: ignore[arg-type]
    pane.composer.sendRequested.connect(
        lambda m: flow.send_checked_later(pane.composer.ticket_id() or 0, m)
    )
    pane.chat_model.set_messages(store.messages(42), has_older=False)
    store.subscribe(  # the thread follows the store, as the controller makes it
        lambda ch: pane.chat_model.upsert(
            list(store.messages_by_id(ch.messages.get(42, frozenset())).values())
        )
    )
    pane.composer.set_ticket_context(make_ticket(42))
    pane.show_ticket()
    pane.resize(800, 700)
    pane.show()
    yield World(pane, banner, flow, store, engine, queued)
    loader.close()
    store.close()


def write(world: World, text: str) -> None:
    world.pane.composer.edit.setPlainText(text)
    world.flow.typing()  # the controller forwards the composer's typingActivity


async def settled(check: Callable[[], bool], limit: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.005)


def test_a_reply_with_nothing_new_goes_straight_out(
    world: World, qloop: asyncio.AbstractEventLoop
) -> None:
    write(world, "Перезапустили вебхук")
    assert world.pane.composer.send()
    qloop.run_until_complete(settled(lambda: bool(world.queued)))
    assert world.queued == [(42, "Перезапустили вебхук")]
    assert world.engine.refreshes == 1  # it looked at the server first
    assert world.banner.isHidden() and world.pane.composer.text() == ""
    assert not world.flow.guard.is_composing(42)


def test_stopped_then_send_anyway_queues_exactly_once(
    world: World, qloop: asyncio.AbstractEventLoop
) -> None:
    write(world, "Перезапустили вебхук")
    # only on the server:
    world.engine.incoming = [make_message(2, "I restarted it already", author=BORIS)]
    assert world.pane.composer.send()
    qloop.run_until_complete(settled(world.banner.isVisible))
    assert world.queued == []
    assert world.banner.lines() == ["Boris I. already replied: “I restarted it already”"]
    composer = world.pane.composer
    assert composer.text() == "Перезапустили вебхук" and composer.can_send()
    assert world.pane.chat_model.row_of_message(2) >= 0  # in the thread to scroll to

    world.banner.send_button.click()
    world.banner.send_button.click()  # a double click: the banner is gone, nothing more
    qloop.run_until_complete(settled(lambda: bool(world.queued)))
    qloop.run_until_complete(settled(lambda: composer.text() == ""))
    assert world.queued == [(42, "Перезапустили вебхук")]
    assert world.banner.isHidden()


def test_edit_first_sends_nothing_and_the_next_send_goes_through(
    world: World, qloop: asyncio.AbstractEventLoop
) -> None:
    write(world, "Try restarting")
    # arrived while writing:
    world.store.upsert_messages([make_message(2, "It works again!", author=OLGA)])
    assert world.pane.composer.send()
    qloop.run_until_complete(settled(world.banner.isVisible))
    world.banner.edit_button.click()
    assert world.banner.isHidden() and world.queued == []
    assert world.pane.composer.text() == "Try restarting"
    world.pane.composer.edit.setPlainText("Glad it works! Closing the ticket.")
    assert world.pane.composer.send()
    qloop.run_until_complete(settled(lambda: bool(world.queued)))
    assert world.queued == [(42, "Glad it works! Closing the ticket.")]


def test_something_newer_stops_send_anyway_again(
    world: World, qloop: asyncio.AbstractEventLoop
) -> None:
    write(world, "Answer")
    world.store.upsert_messages([make_message(2, "one more thing", author=OLGA)])
    world.pane.composer.send()
    qloop.run_until_complete(settled(world.banner.isVisible))
    world.engine.incoming = [make_message(3, "answered", author=BORIS, internal=False)]
    world.banner.send_button.click()
    qloop.run_until_complete(
        settled(lambda: world.banner.lines() == ["Boris I. already replied: “answered”"])
    )
    assert world.queued == [] and world.pane.composer.text() == "Answer"


def test_a_colleagues_note_alone_does_not_stop_a_reply(
    world: World, qloop: asyncio.AbstractEventLoop
) -> None:
    write(world, "Answer")
    world.store.upsert_messages([make_message(2, "fyi: VIP customer", author=BORIS, internal=True)])
    world.pane.composer.send()
    qloop.run_until_complete(settled(lambda: bool(world.queued)))
    assert world.banner.isHidden()


def test_emptying_the_reply_forgets_what_was_seen(world: World) -> None:
    write(world, "x")
    assert world.flow.guard.is_composing(42)
    world.pane.composer.edit.setPlainText("")
    world.pane.composer.flush_draft()
    assert not world.flow.guard.is_composing(42)
    world.pane.composer.edit.setPlainText("again")
    world.pane.composer.flush_draft()  # typing reports are throttled; the draft catches it
    assert world.flow.guard.is_composing(42)


# --- screenshots -------------------------------------------------------------------


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_render_pane_with_presence_and_banner(
    world: World, theme: Theme, tmp_path: Path, qtbot: Any
) -> None:
    pane = world.pane
    pane.setPalette(palette_for(theme))
    pane.set_theme(theme)
    world.banner.set_theme(theme)
    strip = pane.content.findChild(PresenceStrip)
    assert strip is not None
    strip.set_theme(theme)
    alexey = make_agent("Алексей Кузнецов", id=7, email="a@desk.test")
    strip.set_marks([make_mark(alexey, TYPING), make_mark(BORIS, VIEWING)])
    ticket = make_ticket(42, title="Бот перестал отвечать в Telegram после обновления")
    pane.header.set_current_user(ME)
    pane.header.set_ticket(ticket)
    pane.chat_model.set_current_user(ME)
    thread = [
        make_message(
            1, "Здравствуйте! После обновления бот перестал отвечать в Telegram.", author=OLGA
        ),
        make_message(2, "Смотрим, вернусь через 10 минут.", author=ME),
        make_message(
            3, "Это тот же вебхук, что в #4211 — беру на себя.", author=BORIS, internal=True
        ),
        make_message(4, "Перезапустили вебхук, проверьте, пожалуйста.", author=BORIS),
        make_message(5, "Заработало, спасибо!", author=OLGA),
    ]
    pane.chat_model.set_messages(thread, has_older=False)
    pane.composer.edit.setPlainText("Попробуйте, пожалуйста, переподключить бота в настройках")
    world.banner.show_collision(Collision(42, (thread[3], thread[4]), (thread[2],)))
    pane.resize(860, 900)
    qtbot.waitExposed(pane)
    out = Path(os.environ.get("DESK_SHOTS_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"presence-pane-{'dark' if theme.dark else 'light'}.png"
    assert pane.grab().save(str(path))
    assert path.stat().st_size > 10_000
