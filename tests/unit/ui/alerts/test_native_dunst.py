"""Alerts through the real notification service: dunst on Xvfb, on a private session bus.

No mock between the Notifier and the daemon: ``DesktopNotifierService`` talks D-Bus
(``dbus-fast``) on the test's qasync loop, dunst shows the notifications, and
``dunstctl`` clicks them and picks their actions from dunst's context menu; a
``dbus-monitor`` records the calls as the daemon receives them. The bus is private (its
own config, no service activation), so the test never touches the desktop it runs on,
and killing dunst really leaves the bus without a notification service. Skipped where dbus-daemon,
dunst or Xvfb are not installed (apt: dbus, dunst, xvfb, libnotify-bin).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import desk_resources
from desk.client.alerts.types import Alert, AlertKind
from ui.alerts.native import DesktopNotifierService
from ui.alerts.notifications import Notifier
from ui.alerts.sound import SoundPlayer
from ui.alerts.tray import TrayController

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("dbus-daemon", "dunst", "dunstctl", "Xvfb")),
    reason="needs dbus-daemon, dunst and Xvfb (apt: dbus, dunst, xvfb)",
)

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class Session:
    """Xvfb, a session bus and dunst, each a process of this test."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = dict(os.environ)
        self._procs: list[subprocess.Popen[bytes]] = []
        self.dunst: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._procs.append(xvfb)
        os.close(write_fd)
        with os.fdopen(read_fd) as display:
            self.env["DISPLAY"] = ":" + display.readline().strip()
        config = self.tmp / "bus.conf"
        config.write_text(_BUS_CONFIG.format(dir=self.tmp))
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._procs.append(bus)
        assert bus.stdout is not None
        with bus.stdout:  # one line: the address
            self.env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        self._monitor()
        self.start_dunst()

    def _monitor(self) -> None:
        """Records every Notify call on the bus, as the daemon receives it."""
        self.monitor_log = self.tmp / "notify-calls.txt"
        with self.monitor_log.open("w") as out:  # the child keeps its own copy
            monitor = subprocess.Popen(
                ["dbus-monitor", "interface='org.freedesktop.Notifications',member='Notify'"],
                env=self.env,
                stdout=out,
                stderr=subprocess.DEVNULL,
            )
        self._procs.append(monitor)
        deadline = time.monotonic() + 10
        while "NameAcquired" not in self.monitor_log.read_text():  # it listens now
            assert time.monotonic() < deadline, "dbus-monitor did not start"
            time.sleep(0.05)

    def notify_calls(self) -> list[dict[str, Any]]:
        """The Notify calls seen on the bus: app, icon, summary, body, actions, urgency,
        expire_timeout (in the order of the freedesktop spec's arguments)."""
        calls = []
        for block in self.monitor_log.read_text().split("method call ")[1:]:
            strings = re.findall(r'^ +string "(.*)"$', block, re.MULTILINE)
            app, icon, summary, body, *actions = strings
            actions = actions[: len(actions) - block.count('"urgency"')]
            urgency = re.search(r'"urgency"\s+variant\s+byte (\d)', block)
            timeout = re.findall(r"^ +int32 (-?\d+)$", block, re.MULTILINE)
            calls.append(
                {
                    "app": app,
                    "icon": icon,
                    "summary": summary,
                    "body": body,
                    "actions": actions[1::2],  # the labels; keys are at even places
                    "urgency": int(urgency.group(1)) if urgency else None,
                    "timeout": int(timeout[-1]),
                }
            )
        return calls

    def start_dunst(self) -> None:
        # dunst's context menu runs "dmenu" with one line per action; this one picks the
        # line that :meth:`choose` asks for, as a person would pick it in the menu.
        self.choice = self.tmp / "choice.txt"
        pick = self.tmp / "pick.sh"
        pick.write_text(f'#!/bin/sh\ngrep -F -- "$(cat {self.choice})" | head -n 1\n')
        pick.chmod(0o755)
        config = self.tmp / "dunstrc"
        stock = Path("/etc/xdg/dunst/dunstrc").read_text()
        config.write_text(re.sub(r"(?m)^\s*dmenu = .*$", f"    dmenu = {pick}", stock))
        self.dunst = subprocess.Popen(
            ["dunst", "-config", str(config)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._procs.append(self.dunst)
        deadline = time.monotonic() + 10
        while self.ctl_run("is-paused").returncode != 0:  # until dunst owns the name
            assert time.monotonic() < deadline, "dunst did not come up"
            time.sleep(0.05)

    def stop_dunst(self) -> None:
        assert self.dunst is not None
        self.dunst.terminate()
        self.dunst.wait(10)

    def choose(self, line: str) -> None:
        """Picks an action in dunst's context menu: its line reads "#Label (summary)"."""
        self.choice.write_text(line)
        self.ctl("context")

    def ctl_run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["dunstctl", *args], env=self.env, capture_output=True, text=True, timeout=10
        )

    def ctl(self, *args: str) -> str:
        done = self.ctl_run(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def displayed(self) -> int:
        return int(self.ctl("count", "displayed"))

    def history(self) -> list[dict[str, Any]]:
        """What dunst has shown and closed, newest first, as plain values."""
        data = json.loads(self.ctl("history"))["data"][0]
        return [{k: v["data"] for k, v in entry.items()} for entry in data]

    def stop(self) -> None:
        for proc in reversed(self._procs):
            if proc.poll() is None:
                proc.terminate()
                proc.wait(10)


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    session = Session(tmp_path)
    try:
        session.start()
        # dbus-fast finds the session bus here, as it would in the app.
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.env["DBUS_SESSION_BUS_ADDRESS"])
        yield session
    finally:
        session.stop()


@pytest.fixture
def notifier(qloop: asyncio.AbstractEventLoop, desktop: Session) -> Iterator[Notifier]:
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
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, desktop: Session, notifier: Notifier
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
    desktop.ctl("action", "0")  # the notification's default action: a click
    # dunst sends ActionInvoked; dbus-fast reads it from its socket under qasync.
    qloop.run_until_complete(asyncio.wait_for(clicked.wait(), 5))
    assert opened == [7] and set(notifier.on_screen) == {8}

    loud, ordinary = desktop.notify_calls()
    assert loud == {
        "app": "Desk",
        "icon": desk_resources.icon_png(128).as_uri(),
        "summary": "URGENT · #7 URGENT: бот не отвечает в Telegram",
        "body": "Ivan Petrov: Since the morning the bot does not reply",
        "actions": ["", "Open", "Assign to me"],  # the default action has no label
        "urgency": 2,  # critical
        "timeout": 0,  # stays until dismissed
    }
    assert ordinary["summary"] == "New ticket · #8 Invoice for March"
    assert (ordinary["urgency"], ordinary["timeout"]) == (1, 10_000)

    desktop.ctl("close-all")  # what dunst showed, as it keeps it
    shown = {entry["summary"]: entry for entry in desktop.history()}
    assert shown[loud["summary"]]["appname"] == "Desk"
    assert shown[loud["summary"]]["body"] == loud["body"]


def test_a_daemon_that_went_away_falls_back_and_is_logged_once(
    qloop: asyncio.AbstractEventLoop,
    desktop: Session,
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
    qloop: asyncio.AbstractEventLoop, desktop: Session, notifier: Notifier
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
