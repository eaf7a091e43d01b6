"""Alerts through the real notification service: dunst on Xvfb, on a private session bus.

No mock between the Notifier and the daemon: ``DesktopNotifierService`` talks D-Bus
(``dbus-fast``) on the test's qasync loop, dunst shows the notifications, and
``dunstctl`` clicks them and picks their actions from dunst's context menu; a bus
monitor records the calls as the daemon receives them (``tests.helpers.desktop_session``).
The bus is private (its own config, no service activation), so the test never touches
the desktop it runs on, and killing dunst really leaves the bus without a notification
service. Skipped where dbus-daemon, dunst or Xvfb are not installed (apt: dbus, dunst, xvfb).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import desk_resources
from desk.client.alerts.types import Alert, AlertKind
from tests.helpers.desktop_session import DesktopSession, joined_session, missing_tools
from ui.alerts.native import DesktopNotifierService
from ui.alerts.notifications import Notifier
from ui.alerts.sound import SoundPlayer
from ui.alerts.tray import TrayController

MISSING = missing_tools()
pytestmark = pytest.mark.skipif(bool(MISSING), reason="needs " + ", ".join(MISSING))


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DesktopSession]:
    with joined_session(tmp_path, monkeypatch) as session:
        yield session


@pytest.fixture
def notifier(qloop: asyncio.AbstractEventLoop, desktop: DesktopSession) -> Iterator[Notifier]:
    tray = TrayController(available=False)  # stock GNOME: a notification daemon, no tray
    sound = SoundPlayer(backend=("fake", lambda _path: None))
    service = DesktopNotifierService()
    yield Notifier(tray, service=service, sound=sound, min_interval=0)
    qloop.run_until_complete(service.close())  # before the bus goes
    tray.close()


def urgent(tid: int, title: str, *, loud: bool = True) -> Alert:
    return Alert(
        kind=AlertKind.NEW_TICKET,
        key=f"new:{tid}",
        loud=loud,
        ticket_id=tid,
        title=title,
        sender="Ivan Petrov",
        preview="Since the morning the bot does not reply",
        unassigned=True,
    )


def test_a_loud_alert_reaches_dunst_and_its_click_opens_that_ticket(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, desktop: DesktopSession, notifier: Notifier
) -> None:
    opened: list[int] = []
    clicked = asyncio.Event()
    notifier.ticketRequested.connect(opened.append)
    notifier.ticketRequested.connect(lambda _tid: clicked.set())
    notifier.notify([urgent(7, "URGENT: бот не отвечает в Telegram")])
    notifier.notify([urgent(8, "Invoice for March", loud=False)])
    qloop.run_until_complete(notifier.settled())
    assert desktop.displayed() == 2 and set(notifier.on_screen) == {7, 8}

    # dunst lists critical ones first: position 0 is #7, though #8 came last.
    desktop.dunstctl("action", "0")  # the notification's default action: a click
    # dunst sends ActionInvoked; dbus-fast reads it from its socket under qasync.
    qloop.run_until_complete(asyncio.wait_for(clicked.wait(), 5))
    assert opened == [7] and set(notifier.on_screen) == {8}

    loud, ordinary = desktop.notifications.wait_for_count(2)
    assert (loud.app_name, loud.icon) == ("Desk", desk_resources.icon_png(128).as_uri())
    assert loud.summary == "URGENT · #7 URGENT: бот не отвечает в Telegram"
    assert loud.body == "Ivan Petrov: Since the morning the bot does not reply"
    assert loud.actions["default"] == ""  # a click on it; the default action has no label
    assert list(loud.actions.values()) == ["", "Open", "Assign to me"]
    assert (loud.urgency, loud.expire_timeout) == (2, 0)  # critical, stays until dismissed
    assert ordinary.summary == "New ticket · #8 Invoice for March"
    assert (ordinary.urgency, ordinary.expire_timeout) == (1, 10_000)

    desktop.dunstctl("close-all")  # what dunst showed, as it keeps it
    shown = {entry["summary"]: entry for entry in desktop.history()}
    assert shown[loud.summary]["appname"] == "Desk"
    assert shown[loud.summary]["body"] == loud.body


def test_a_daemon_that_went_away_falls_back_and_is_logged_once(
    qloop: asyncio.AbstractEventLoop,
    desktop: DesktopSession,
    notifier: Notifier,
    caplog: pytest.LogCaptureFixture,
) -> None:
    notifier.notify([urgent(1, "URGENT: site down")])
    qloop.run_until_complete(notifier.settled())
    assert desktop.displayed() == 1 and notifier.reaches_desktop

    desktop.stop_dunst()
    shown: list[Alert] = []
    notifier.alertShown.connect(shown.append)
    with caplog.at_level(logging.WARNING):
        notifier.notify([urgent(2, "URGENT: payments fail")])
        notifier.notify([urgent(3, "URGENT: login broken")])
        qloop.run_until_complete(notifier.settled())
    # Never lost: the window is told (no tray here), and the outage is one log line.
    assert [a.ticket_id for a in shown] == [2, 3] and not notifier.reaches_desktop
    outage = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(outage) == 1 and outage[0].name == "ui.alerts.notifications"

    desktop.start_dunst()  # the daemon is back: so are the notifications
    notifier.notify([urgent(4, "URGENT: still down")])
    qloop.run_until_complete(notifier.settled())
    assert desktop.displayed() == 1 and notifier.reaches_desktop


def test_assign_to_me_and_open_from_the_menu_reach_their_own_tickets(
    qloop: asyncio.AbstractEventLoop, desktop: DesktopSession, notifier: Notifier
) -> None:
    acted = asyncio.Event()
    assigned: list[int] = []
    opened: list[int] = []
    notifier.assignRequested.connect(assigned.append)
    notifier.ticketRequested.connect(opened.append)
    for signal in (notifier.assignRequested, notifier.ticketRequested):
        signal.connect(lambda _tid: acted.set())
    notifier.notify([urgent(7, "URGENT: site down"), urgent(8, "URGENT: payments fail")])
    qloop.run_until_complete(notifier.settled())

    desktop.choose("#Assign to me (URGENT · #7 ")
    qloop.run_until_complete(asyncio.wait_for(acted.wait(), 5))
    assert (assigned, opened) == ([7], [])
    acted.clear()
    desktop.choose("#Open (URGENT · #8 ")
    qloop.run_until_complete(asyncio.wait_for(acted.wait(), 5))
    assert (assigned, opened) == ([7], [8]) and notifier.on_screen == {}
