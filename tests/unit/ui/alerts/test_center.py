"""The alert center: engine -> notifier and tray, tray toggles -> engine, clicks -> ack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desk.client.alerts.types import Alert, AlertKind, OnCallMode
from tests.helpers.clock import Clock, msk
from tests.helpers.world import World
from tests.unit.client.alerts.alert_world import engine_at
from ui.alerts.center import AlertCenter
from ui.alerts.notifications import Notifier
from ui.alerts.sound import SoundPlayer
from ui.alerts.taskbar import TaskbarAttention
from ui.alerts.tray import TrayController
from ui.settings.store import DeskSettings


class Setup:
    def __init__(self) -> None:
        self.clock = Clock(msk(13, 19))  # Friday evening: on call automatically
        self.world = World(self.clock)
        self.engine = engine_at(self.clock)
        self.tray = TrayController(available=False)
        self.chimes: list[Path] = []
        sound = SoundPlayer(backend=("fake", self.chimes.append))
        self.notifier = Notifier(self.tray, sound=sound, min_interval=0)
        self.window = QWidget()
        self.badges: list[int] = []
        self.alerted: list[QWidget] = []
        self.taskbar = TaskbarAttention(
            self.window,
            alert=self.alerted.append,
            set_badge=self.badges.append,
            speak=lambda _target, _text: None,
        )
        self.center = AlertCenter(
            self.engine, self.notifier, self.tray, taskbar=self.taskbar, tick_ms=20
        )
        self.shown: list[Alert] = []
        self.notifier.alertShown.connect(self.shown.append)


@pytest.fixture
def s(qapp: Any) -> Iterator[Setup]:
    setup = Setup()
    yield setup
    setup.center.stop()
    setup.tray.close()
    setup.window.deleteLater()


def test_alerts_reach_the_notifier_and_counts_reach_the_tray(s: Setup) -> None:
    assert s.tray.on_call_action.isChecked()  # the tray shows on call in effect now
    s.center.observe([s.world.new(1, "URGENT: bot down")])
    assert [a.kind for a in s.shown] == [AlertKind.NEW_TICKET] and len(s.chimes) == 1
    assert s.tray.attention.needs_reply == 1 and s.tray.attention.alarming


def test_the_timer_delivers_repeats(qtbot: QtBot, s: Setup) -> None:
    s.center.observe([s.world.new(1, "URGENT: bot down")])
    s.clock.advance(minutes=5)
    s.center.start()
    qtbot.waitUntil(lambda: len(s.shown) == 2, timeout=2000)
    assert s.shown[1].repeat == 1


def test_clicking_a_notification_opens_and_acknowledges(qtbot: QtBot, s: Setup) -> None:
    s.center.observe([s.world.new(1, "URGENT: bot down")])
    with qtbot.waitSignal(s.center.ticketRequested) as opened:
        s.tray.icon.messageClicked.emit()
    assert opened.args == [1] and s.engine.repeating() == frozenset()


def test_tray_toggles_drive_the_engine(qtbot: QtBot, s: Setup) -> None:
    with qtbot.waitSignal(s.center.onCallModeChanged) as changed:
        s.tray.on_call_action.trigger()  # checked -> unchecked: off
    assert changed.args == [OnCallMode.OFF] and not s.engine.on_call_active()
    s.tray.dnd_action.trigger()
    assert s.engine.dnd
    assert s.center.observe([s.world.new(1)]) == []


def test_settings_apply_to_the_engine_and_the_notifier(s: Setup) -> None:
    s.center.apply_settings(
        DeskSettings(on_call_mode=OnCallMode.ON, on_call_repeat_minutes=2, sounds_on=False)
    )
    assert s.engine.settings.repeat_interval == timedelta(minutes=2)
    s.center.observe([s.world.new(1, "URGENT: bot down")])
    assert len(s.shown) == 1 and s.chimes == []
    s.clock.advance(minutes=2)
    assert [a.repeat for a in s.center.tick()] == [1]


def test_tray_requests_are_passed_on(qtbot: QtBot, s: Setup) -> None:
    with qtbot.waitSignal(s.center.showRequested):
        s.tray.open_action.trigger()
    with qtbot.waitSignal(s.center.quitRequested):
        s.tray.quit_action.trigger()


def test_the_badge_carries_the_trays_count_and_loud_alerts_ask_for_attention(
    s: Setup,
) -> None:
    assert s.badges == [0]
    s.center.observe([s.world.new(1, "URGENT: bot down"), s.world.new(2, "URGENT: site down")])
    assert s.tray.attention.needs_reply == 2 and s.badges == [0, 2]
    assert s.alerted == [s.window, s.window]
    s.center.stop()  # the session ends: the icon shows no stale count
    assert s.badges == [0, 2, 0]


def test_assign_from_a_notification_acknowledges_and_is_passed_on(qtbot: QtBot, s: Setup) -> None:
    s.center.observe([s.world.new(1, "URGENT: bot down")])
    assert s.engine.repeating() == frozenset({1})
    with qtbot.waitSignal(s.center.assignRequested) as assigned:
        s.notifier.assignRequested.emit(1)
    assert assigned.args == [1] and s.engine.repeating() == frozenset()
