"""Notifications of the running app, against the real server and a real notification
daemon: a customer opens URGENT tickets, the app's notifications reach dunst on a
private session bus, and acting on them in dunst does it in the app — a click opens
that ticket, "Assign to me" assigns the other one on the server and opens it.

The whole app (``DeskApp``, signed in with a remembered token) runs in process, so
this proves the wiring in ``ui.app`` as well as the notifier. Skipped where dbus-daemon,
dunst or Xvfb are not installed (apt: dbus, dunst, xvfb).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desk.client.api import ApiClient
from desk.domain import Role
from tests.e2e.conftest import LiveServer
from tests.helpers.app_harness import remembered_desk, wait_until
from tests.helpers.desktop_session import DesktopSession, joined_session, missing_tools

MISSING = missing_tools()
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.qt_log_ignore("does not support raise"),  # the offscreen platform's word
    pytest.mark.skipif(bool(MISSING), reason="needs " + ", ".join(MISSING)),
    pytest.mark.usefixtures("keep_the_palette"),
]


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DesktopSession]:
    with joined_session(tmp_path / "desktop", monkeypatch) as session:
        yield session


def test_acting_on_notifications_opens_and_assigns_their_tickets(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    live_server: LiveServer,
    desktop: DesktopSession,
    isolated: Path,
) -> None:
    agent = live_server.create_user(Role.AGENT, name="Anna Agent")
    customer = live_server.create_user(Role.CUSTOMER, name="Ольга", company="Цветы")
    desk = remembered_desk(qapp, live_server, agent)
    errors: list[str] = []
    desk.runner.errorRaised.connect(errors.append)

    async def scenario() -> int:
        running = asyncio.ensure_future(desk.run())
        await wait_until(lambda: desk.window is not None and desk.session is not None)
        window, session = desk.window, desk.session
        assert window is not None and session is not None
        await session.engine.wait_caught_up()
        async with ApiClient(live_server.url, customer.token) as cust:
            invoice = await cust.create_ticket("Счёт за март", "Пришлите счёт, пожалуйста")
            first = await cust.create_ticket("URGENT: бот не отвечает в Telegram", "С утра")
            second = await cust.create_ticket("URGENT: оплата не проходит", "Ошибка 502")
            alerts = desk.alerts
            assert alerts is not None
            await wait_until(lambda: {first.id, second.id} <= set(alerts.notifier.on_screen))
            assert {
                f"URGENT · #{first.id} URGENT: бот не отвечает в Telegram",
                f"URGENT · #{second.id} URGENT: оплата не проходит",
            } <= {n.summary for n in desktop.notifications.wait_for_count(2)}
            await wait_until(lambda: window.queue.select(invoice.id))  # the agent reads this

            # A click on the notification dunst lists first (a critical one): it opens.
            urgent = {first.id, second.id}
            desktop.dunstctl("action", "0")
            await wait_until(lambda: window.ticket.ticket_id != invoice.id)
            opened = window.ticket.ticket_id
            assert opened in urgent
            [other] = urgent - {opened}

            # "Assign to me" on the other one, from dunst's menu: assigned, and opened.
            desktop.choose(f"#Assign to me (URGENT · #{other} ")
            await wait_until(lambda: window.ticket.ticket_id == other)
            async with ApiClient(live_server.url, agent.token) as staff:

                async def assignee() -> int | None:
                    ticket = await staff.get_ticket(other)
                    return ticket.assignee.id if ticket.assignee is not None else None

                for _ in range(200):  # the assignment travels: app -> server
                    if await assignee() == agent.id:
                        break
                    await asyncio.sleep(0.05)
                assert await assignee() == agent.id
        window.quitRequested.emit()
        return await running

    assert qloop.run_until_complete(scenario()) == 0
    assert errors == []
