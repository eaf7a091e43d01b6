"""Two agents on one ticket, each in their own Desk window, against the real server:
they see each other viewing and typing, presence goes away when one leaves (or just
stops renewing), and when both answer at once the second reply is stopped by the
collision guard until its author chooses "Send anyway" — then it is sent exactly once."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, QSettings

from desk.client.api import ApiClient
from desk.client.presence import PresenceMark
from desk.client.session import Session, open_session, sign_in
from desk.domain import PresenceState, Role
from desk.sla import BusinessCalendar
from tests.e2e.conftest import DEFAULT_PASSWORD, LiveServer, TestUser
from tests.helpers.app_harness import go_live, shown_window, wait_until
from ui.alerts.wiring import build_alerts, feed_alerts
from ui.mainwindow.ticket_pane import TicketPane
from ui.mainwindow.window import MainWindow
from ui.settings.store import DeskSettings, SettingsStore
from ui.tasks import TaskRunner

pytestmark = pytest.mark.e2e


@dataclass
class Desk:
    """One agent's running app: session, window and the errors it showed."""

    session: Session
    window: MainWindow
    errors: list[str] = field(default_factory=list)

    @property
    def pane(self) -> TicketPane:
        return self.window.pane

    async def open_ticket(self, ticket_id: int) -> None:
        model = self.window.queue_model
        await wait_until(lambda: model.row_of(ticket_id) is not None)
        assert self.window.queue.select(ticket_id)

    def strip(self) -> list[tuple[str, PresenceState]]:
        return [(m.agent.name, m.state) for m in self.window.presence_strip.marks()]

    def queue_badge(self, ticket_id: int) -> list[PresenceMark]:
        return list(self.window.ticket.presence.viewers(ticket_id))

    async def close(self) -> None:
        self.window.shutdown()
        self.window.hide()
        await self.window.runner.cancel_all()
        await self.session.close()


@pytest.fixture
def make_settings(tmp_path: Path) -> Iterator[Callable[[str], SettingsStore]]:
    def make(name: str) -> SettingsStore:
        path = tmp_path / f"{name}.ini"
        return SettingsStore(QSettings(str(path), QSettings.Format.IniFormat))

    yield make


async def open_desk(
    server: LiveServer, user: TestUser, settings: SettingsStore, root: Path
) -> Desk:
    token, me = await sign_in(server.url, user.email, DEFAULT_PASSWORD)
    session = open_session(server.url, token, me, store_root=root)
    runner = TaskRunner()
    errors: list[str] = []
    runner.errorRaised.connect(errors.append)
    window = shown_window(session, runner, settings, size=(1300, 800))
    await go_live(window)
    return Desk(session, window, errors)


def save_shot(window: MainWindow, name: str) -> None:
    """The real window, for a person to look at (only when DESK_SHOTS_DIR is set)."""
    out = os.environ.get("DESK_SHOTS_DIR")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(Path(out) / name))


async def bodies_by(api: ApiClient, ticket_id: int, author_id: int) -> list[str]:
    return [m.body async for m in api.iter_messages(ticket_id) if m.author.id == author_id]


def test_two_agents_presence_and_collision(
    live_server: LiveServer,
    qloop: asyncio.AbstractEventLoop,
    make_settings: Callable[[str], SettingsStore],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    anna = live_server.create_user(Role.AGENT, name="Anna Kotova")
    boris = live_server.create_user(Role.AGENT, name="Boris Ivanov")
    olga = live_server.create_user(Role.CUSTOMER, name="Olga Petrova", company="Flowers")
    reply_a = "Перезапустили вебхук, проверьте, пожалуйста."
    reply_b = "Попробуйте переподключить бота в настройках."

    async def scenario() -> None:
        async with ApiClient(live_server.url, olga.token) as cust:
            ticket = await cust.create_ticket("Бот молчит в Telegram", "Бот не отвечает с утра")
            other = await cust.create_ticket("Счёт за март", "Пришлите счёт, пожалуйста")
            a = await open_desk(live_server, anna, make_settings("a"), tmp_path / "a")
            b = await open_desk(live_server, boris, make_settings("b"), tmp_path / "b")
            # B runs the alerts too: they and the window both listen to presence.
            quiet = DeskSettings(sounds_on=False, notifications_on=False)
            alerts = build_alerts(
                b.session, BusinessCalendar(), quiet, b.window, tray_available=False
            )
            feed_alerts(alerts, b.window.engine_bridge, [], b.window.status, BusinessCalendar())
            # One way from the engine: its one bridge, whose presence both hear.
            assert b.session.engine.events.subscriber_count() == 1
            presence = SIGNAL("presenceChanged(PyObject)")
            assert b.window.engine_bridge.receivers(presence) == 2
            try:
                await a.open_ticket(ticket.id)
                await b.open_ticket(ticket.id)

                # Each sees the other viewing: in the header strip and on the queue row.
                await wait_until(lambda: b.strip() == [("Anna Kotova", PresenceState.VIEWING)])
                await wait_until(lambda: a.strip() == [("Boris Ivanov", PresenceState.VIEWING)])
                assert [m.agent.id for m in b.queue_badge(ticket.id)] == [anna.id]

                # A types: B sees "typing".
                a.pane.composer.edit.setFocus()
                a.pane.composer.edit.insertPlainText(reply_a)
                await wait_until(lambda: b.strip() == [("Anna Kotova", PresenceState.TYPING)])

                # A switches to another ticket: B sees A leave at once (no 30 s wait).
                assert a.window.queue.select(other.id)
                await wait_until(lambda: b.strip() == [])
                assert b.queue_badge(ticket.id) == []
                await wait_until(lambda: [m.agent.id for m in b.queue_badge(other.id)] == [anna.id])
                # ...and comes back to the draft.
                assert a.window.queue.select(ticket.id)
                await wait_until(lambda: a.pane.composer.text() == reply_a)
                await wait_until(lambda: b.strip() == [("Anna Kotova", PresenceState.VIEWING)])

                # Both write replies; A sends first and it goes straight out.
                b.pane.composer.edit.insertPlainText(reply_b)
                assert a.pane.composer.send()
                await wait_until(lambda: a.pane.composer.text() == "")
                assert a.window.collision_banner.isHidden()
                for _ in range(400):
                    if await bodies_by(cust, ticket.id, anna.id) == [reply_a]:
                        break
                    await asyncio.sleep(0.05)
                assert await bodies_by(cust, ticket.id, anna.id) == [reply_a]

                # B's send is stopped, showing A's reply; nothing of B's reached the server.
                assert b.pane.composer.send()
                banner = b.window.collision_banner
                await wait_until(banner.isVisible)
                assert banner.lines() == [f"Anna K. already replied: “{reply_a}”"]
                assert b.pane.composer.text() == reply_b and b.pane.composer.can_send()
                assert await bodies_by(cust, ticket.id, boris.id) == []
                save_shot(b.window, "presence-e2e-collision.png")

                # "Send anyway" (clicked twice): exactly one reply from B.
                banner.send_button.click()
                banner.send_button.click()
                store_b = b.session.store
                await wait_until(lambda: b.pane.composer.text() == "")
                await wait_until(lambda: not store_b.pending_entries())
                await wait_until(
                    lambda: any(m.author.id == boris.id for m in store_b.messages(ticket.id))
                )
                assert banner.isHidden()
                assert await bodies_by(cust, ticket.id, boris.id) == [reply_b]
                assert await bodies_by(cust, ticket.id, anna.id) == [reply_a]
                # The idempotency key was used once: the server has exactly these four.
                everything = [m.body async for m in cust.iter_messages(ticket.id)]
                assert everything == ["Бот не отвечает с утра", reply_a, reply_b]
            finally:
                alerts.stop()
                await a.close()
                await b.close()
            assert a.errors == [] and b.errors == []

    qloop.run_until_complete(scenario())


def test_presence_lapses_without_a_left(
    make_live_server: Callable[..., LiveServer],
    qloop: asyncio.AbstractEventLoop,
    make_settings: Callable[[str], SettingsStore],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A colleague whose app vanished (no "left") disappears when the server's TTL ends."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    server = make_live_server(presence_ttl=timedelta(seconds=1))
    boris = server.create_user(Role.AGENT, name="Boris Ivanov")
    carl = server.create_user(Role.AGENT, name="Carl Gone")
    olga = server.create_user(Role.CUSTOMER, name="Olga Petrova")

    async def scenario() -> None:
        async with (
            ApiClient(server.url, olga.token) as cust,
            ApiClient(server.url, carl.token) as c,
        ):
            ticket = await cust.create_ticket("Export", "How do I export chats?")
            b = await open_desk(server, boris, make_settings("b"), tmp_path / "b")
            try:
                await b.open_ticket(ticket.id)
                await c.set_presence(ticket.id, PresenceState.VIEWING)  # once, never renewed
                await wait_until(lambda: b.strip() == [("Carl Gone", PresenceState.VIEWING)])
                await wait_until(lambda: b.strip() == [])
                assert b.queue_badge(ticket.id) == []
            finally:
                await b.close()
            assert b.errors == []

    qloop.run_until_complete(scenario())
