"""Notification wording, rate limiting, loud alerts with sound, clicks; the chime."""

from __future__ import annotations

import asyncio
import logging
import wave
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

import desk_resources
from desk.client.alerts.types import Alert, AlertKind, summarise
from desk.client.deadlines import Deadline, DeadlineState
from desk_resources.tools import chime
from ui.alerts.native import DEFAULT_ACTION, NativeNote, NotificationServiceError
from ui.alerts.notifications import (
    ASSIGN_ACTION,
    OPEN_ACTION,
    Notifier,
    notification_body,
    notification_title,
)
from ui.alerts.sound import SoundPlayer, choose_backend
from ui.alerts.tray import TrayController

DUE = datetime(2026, 3, 10, 12, tzinfo=UTC)


def alert(tid: int = 42, kind: AlertKind = AlertKind.CUSTOMER_REPLY, **fields: Any) -> Alert:
    fields.setdefault("loud", False)
    fields.setdefault("title", "Bot does not answer in Telegram")
    fields.setdefault("sender", "Ivan Petrov")
    fields.setdefault("preview", "Still broken after the update")
    return Alert(kind=kind, key=f"{kind.value}:{tid}", ticket_id=tid, **fields)


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Chimes:
    def __init__(self) -> None:
        self.played: list[Path] = []

    def __call__(self, path: Path) -> None:
        self.played.append(path)


@pytest.fixture
def time_() -> FakeTime:
    return FakeTime()


@pytest.fixture
def chimes() -> Chimes:
    return Chimes()


@pytest.fixture
def notifier(
    qapp: Any, time_: FakeTime, chimes: Chimes
) -> Iterator[tuple[Notifier, list[Alert], TrayController]]:
    tray = TrayController(available=False)
    sound = SoundPlayer(backend=("fake", chimes), monotonic=time_)
    n = Notifier(tray, sound=sound, monotonic=time_, min_interval=3.0)
    shown: list[Alert] = []
    n.alertShown.connect(shown.append)
    yield n, shown, tray
    tray.close()


# --- wording --------------------------------------------------------------------------------


def test_titles_say_urgent_or_the_kind_then_the_ticket() -> None:
    assert notification_title(alert(loud=True)) == "URGENT · #42 Bot does not answer in Telegram"
    assert notification_title(alert(kind=AlertKind.NEW_TICKET)).startswith("New ticket · #42 ")
    assert notification_title(alert(kind=AlertKind.CUSTOMER_REPLY)).startswith("Reply · #42 ")
    loud_breach = alert(kind=AlertKind.BREACHED, loud=True)
    assert notification_title(loud_breach).startswith("URGENT · Overdue · #42 ")
    long = notification_title(alert(title="x" * 300))
    assert len(long) < 100 and long.endswith("…")


def test_bodies_quote_the_sender_and_the_message() -> None:
    assert notification_body(alert()) == "Ivan Petrov: Still broken after the update"
    assert notification_body(alert(preview="")) == "Ivan Petrov"
    repeat = notification_body(alert(repeat=2))
    assert repeat.startswith("Still waiting (reminder 2)\nIvan Petrov:")


def test_deadline_bodies_say_how_long() -> None:
    soon = Deadline(DeadlineState.WARNING, DUE, timedelta(minutes=135), True, None, 0.2)
    late = Deadline(DeadlineState.BREACHED, DUE, timedelta(minutes=-35), False, None, 0.0)
    clock = Deadline(DeadlineState.WARNING, DUE, timedelta(minutes=50), False, None, 0.2)
    body = notification_body(alert(kind=AlertKind.ABOUT_TO_BREACH, deadline=soon))
    assert body.splitlines()[0] == "Reply due in 2 h 15 min of business time"
    body = notification_body(alert(kind=AlertKind.ABOUT_TO_BREACH, deadline=clock))
    assert body.splitlines()[0] == "Reply due in 50 min"
    body = notification_body(alert(kind=AlertKind.BREACHED, deadline=late))
    assert body.splitlines()[0] == "Reply overdue by 35 min"


def test_summaries_count_what_they_stand_for() -> None:
    offline = summarise([alert(i, AlertKind.NEW_TICKET) for i in range(7)], catch_up=True)
    assert notification_title(offline) == "Desk"
    assert notification_body(offline) == "7 new tickets while you were offline"
    mixed = summarise(
        [alert(1, AlertKind.NEW_TICKET, loud=True), alert(2), alert(3, AlertKind.BREACHED)],
        catch_up=False,
    )
    assert notification_title(mixed) == "Desk: urgent tickets"
    assert notification_body(mixed) == "1 new ticket, 1 new customer message, 1 ticket overdue"


# --- rate limiting ---------------------------------------------------------------------------


def test_one_ordinary_notification_per_interval_then_a_summary(
    notifier: tuple[Notifier, list[Alert], TrayController], time_: FakeTime
) -> None:
    n, shown, _ = notifier
    n.notify([alert(1)])
    n.notify([alert(2), alert(3)])
    n.notify([alert(4)])
    assert [a.ticket_id for a in shown] == [1]
    assert [a.ticket_id for a in n.held] == [2, 3, 4]
    time_.now += 2.9
    n.flush()  # still cooling down: nothing yet
    assert len(shown) == 1
    time_.now += 0.2
    n.flush()
    assert shown[-1].kind is AlertKind.SUMMARY and shown[-1].ticket_ids == (2, 3, 4)
    assert n.held == ()


def test_a_single_held_notification_is_shown_as_itself(
    notifier: tuple[Notifier, list[Alert], TrayController], time_: FakeTime
) -> None:
    n, shown, _ = notifier
    n.notify([alert(1), alert(2)])
    time_.now += 3
    n.flush()
    assert [a.ticket_id for a in shown] == [1, 2] and shown[1].kind is AlertKind.CUSTOMER_REPLY


def test_held_notifications_are_flushed_by_the_timer(qtbot: QtBot) -> None:
    sound = SoundPlayer(backend=("fake", Chimes()))
    n = Notifier(None, sound=sound, min_interval=0.05)
    shown: list[Alert] = []
    n.alertShown.connect(shown.append)
    n.notify([alert(1), alert(2), alert(3)])
    assert len(shown) == 1
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=2000)
    assert shown[1].kind is AlertKind.SUMMARY and shown[1].count == 2


def test_loud_alerts_are_never_held_and_ring(
    notifier: tuple[Notifier, list[Alert], TrayController], chimes: Chimes, time_: FakeTime
) -> None:
    n, shown, _ = notifier
    n.notify([alert(1), alert(2, loud=True), alert(3, loud=True)])
    assert [a.ticket_id for a in shown] == [1, 2, 3]
    assert len(chimes.played) == 1  # a burst rings once
    time_.now += 2.5
    n.notify([alert(4, loud=True)])
    assert len(chimes.played) == 2


def test_ordinary_alerts_are_silent(
    notifier: tuple[Notifier, list[Alert], TrayController], chimes: Chimes
) -> None:
    notifier[0].notify([alert(1)])
    assert chimes.played == []


def test_sounds_and_notifications_switch_off_independently(
    notifier: tuple[Notifier, list[Alert], TrayController], chimes: Chimes, time_: FakeTime
) -> None:
    n, shown, _ = notifier
    n.set_enabled(notifications=True, sounds=False)
    n.notify([alert(1, loud=True)])
    assert len(shown) == 1 and chimes.played == []
    n.set_enabled(notifications=False, sounds=True)
    time_.now += 10
    n.notify([alert(2, loud=True), alert(3)])
    assert len(shown) == 1 and len(chimes.played) == 1 and n.held == ()


# --- clicks and the tray ---------------------------------------------------------------------


def test_clicking_opens_the_ticket_of_the_last_notification(
    qtbot: QtBot, notifier: tuple[Notifier, list[Alert], TrayController]
) -> None:
    n, _, tray = notifier
    with qtbot.waitSignal(n.showRequested):
        tray.icon.messageClicked.emit()  # nothing shown yet: just the window
    n.notify([alert(42)])
    with qtbot.waitSignal(n.ticketRequested) as opened:
        tray.icon.messageClicked.emit()
    assert opened.args == [42]


def test_clicking_a_summary_shows_the_window_or_its_only_ticket(
    qtbot: QtBot, notifier: tuple[Notifier, list[Alert], TrayController], time_: FakeTime
) -> None:
    n, _, _ = notifier
    n.notify([summarise([alert(1), alert(2)], catch_up=True)])
    with qtbot.waitSignal(n.showRequested):
        n.open_last()
    time_.now += 5
    n.notify([summarise([alert(7), alert(7, AlertKind.BREACHED)], catch_up=False)])
    with qtbot.waitSignal(n.ticketRequested) as opened:
        n.open_last()
    assert opened.args == [7]


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_a_visible_tray_shows_the_message_with_the_right_icon(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tray = TrayController(available=True)
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda *args: calls.append(args))
    sound = SoundPlayer(backend=("fake", Chimes()))
    n = Notifier(tray, sound=sound, min_interval=0)
    try:
        n.notify([alert(42, loud=True), alert(43)])
        assert [c[0] for c in calls] == [
            "URGENT · #42 Bot does not answer in Telegram",
            "Reply · #43 Bot does not answer in Telegram",
        ]
        assert calls[0][2] == QSystemTrayIcon.MessageIcon.Critical
        assert calls[1][2] == QSystemTrayIcon.MessageIcon.Information
    finally:
        tray.close()


# --- the chime --------------------------------------------------------------------------------


def test_the_shipped_chime_is_a_short_valid_wav() -> None:
    path = desk_resources.sound("urgent")
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, chime.RATE)
        seconds = w.getnframes() / chime.RATE
        frames = w.readframes(w.getnframes())
    assert 0.3 < seconds < 0.6
    samples = memoryview(frames).cast("h")
    peak = max(abs(s) for s in samples)
    assert 8000 < peak < 32767  # audible, never clipped
    assert abs(samples[-1]) < 200  # faded out: no click at the end
    assert path.stat().st_size < 32 * 1024


def test_the_shipped_chime_is_what_its_tool_makes() -> None:
    """Fails when the WAV was edited by hand: run ``python -m desk_resources.tools.chime``."""
    assert chime.problems() == []


def test_the_player_plays_the_shipped_chime(qapp: Any) -> None:
    played = Chimes()
    assert SoundPlayer(backend=("fake", played)).play() is True
    assert played.played == [desk_resources.sound("urgent")]


@pytest.fixture
def beeps(monkeypatch: pytest.MonkeyPatch) -> list[None]:
    calls: list[None] = []
    monkeypatch.setattr(QApplication, "beep", lambda: calls.append(None))
    return calls


def test_a_missing_sound_file_falls_back_to_a_beep(
    qapp: Any, tmp_path: Path, beeps: list[None]
) -> None:
    played = Chimes()
    player = SoundPlayer(backend=("paplay", played), path=tmp_path / "gone.wav")
    assert player.play() is True
    assert played.played == [] and len(beeps) == 1


def _which(found: set[str]) -> Any:
    return lambda name: f"/usr/bin/{name}" if name in found else None


@pytest.mark.parametrize(
    ("platform", "found", "name"),
    [
        ("linux", {"paplay", "aplay"}, "paplay"),
        ("linux", {"pw-play", "paplay"}, "pw-play"),
        ("linux", set(), "beep"),
        ("darwin", {"afplay"}, "afplay"),
        ("win32", set(), "winsound"),
    ],
)
def test_the_player_uses_what_the_system_has(platform: str, found: set[str], name: str) -> None:
    chosen, _ = choose_backend(platform, _which(found), qt_multimedia=lambda: None)
    assert chosen == name


def test_qt_multimedia_is_preferred_when_installed() -> None:
    chosen, _ = choose_backend("linux", _which({"paplay"}), qt_multimedia=lambda: Chimes())
    assert chosen == "qtmultimedia"


def test_a_broken_player_falls_back_to_a_beep(qapp: Any, beeps: list[None]) -> None:
    def broken(path: Path) -> None:
        raise OSError("no audio device")

    player = SoundPlayer(backend=("paplay", broken))
    assert player.play() is True and player.backend_name == "paplay"
    assert len(beeps) == 1


# --- the desktop's notification service ---------------------------------------------------


class FakeService:
    """A notification service that keeps what it shows, and fails when told to."""

    def __init__(self) -> None:
        self.shown: dict[str, NativeNote] = {}
        self.withdrawn: list[str] = []
        self.failing: Exception | None = None
        self._next = 0

    async def show(self, note: NativeNote) -> str:
        if self.failing is not None:
            raise self.failing
        self._next += 1
        handle = f"n{self._next}"
        self.shown[handle] = note
        return handle

    async def withdraw(self, handle: str) -> None:
        self.withdrawn.append(handle)
        self.shown.pop(handle, None)

    def by_title(self, prefix: str) -> NativeNote:
        [note] = [n for n in self.shown.values() if n.title.startswith(prefix)]
        return note


class Native:
    def __init__(self, tray: TrayController, service: FakeService) -> None:
        self.tray = tray
        self.service = service
        self.balloons: list[str] = []
        self.notifier = Notifier(
            tray, service=service, sound=SoundPlayer(backend=("fake", Chimes())), min_interval=0
        )

    def show(self, loop: asyncio.AbstractEventLoop, *alerts: Alert) -> None:
        self.notifier.notify(alerts)
        loop.run_until_complete(self.notifier.settled())


@pytest.fixture
def native(qloop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch) -> Iterator[Native]:
    tray = TrayController(available=True)
    setup = Native(tray, FakeService())
    monkeypatch.setattr(
        tray.icon, "showMessage", lambda title, *_rest: setup.balloons.append(title)
    )
    yield setup
    tray.close()


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_loud_alerts_are_critical_stay_and_name_the_ticket(
    native: Native, qloop: asyncio.AbstractEventLoop
) -> None:
    native.show(qloop, alert(42, loud=True, unassigned=True), alert(43))
    loud = native.service.by_title("URGENT · #42 ")
    assert loud.title == "URGENT · #42 Bot does not answer in Telegram"
    assert loud.body == "Ivan Petrov: Still broken after the update"
    assert loud.critical is True
    assert loud.actions == (("open", "Open"), ("assign", "Assign to me"))
    ordinary = native.service.by_title("Reply · #43 ")
    assert ordinary.critical is False and ordinary.timeout_s == 10
    assert ordinary.actions == (("open", "Open"),)  # assigned already: no "Assign to me"
    # The service shows them: no second pop-up from the tray, which keeps its count.
    assert native.balloons == []
    assert native.notifier.reaches_desktop and native.tray.icon.isVisible()


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_each_notification_opens_its_own_ticket(
    qtbot: QtBot, native: Native, qloop: asyncio.AbstractEventLoop
) -> None:
    native.show(qloop, alert(1, loud=True, unassigned=True), alert(2, loud=True, unassigned=True))
    first, second = native.service.by_title("URGENT · #1 "), native.service.by_title("URGENT · #2 ")
    n = native.notifier
    with qtbot.waitSignal(n.ticketRequested) as opened:
        first.on_action(OPEN_ACTION)
    assert opened.args == [1]  # the first one, though #2 was shown last
    with qtbot.waitSignal(n.ticketRequested) as clicked:
        second.on_action(DEFAULT_ACTION)  # a click on the notification itself
    assert clicked.args == [2]
    with qtbot.waitSignal(n.assignRequested) as assigned:
        first.on_action(ASSIGN_ACTION)
    assert assigned.args == [1]


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_a_summary_opens_the_window(
    qtbot: QtBot, native: Native, qloop: asyncio.AbstractEventLoop
) -> None:
    native.show(qloop, summarise([alert(1, loud=True), alert(2)], catch_up=True))
    [note] = native.service.shown.values()
    assert note.title == "Desk: urgent tickets" and note.critical
    assert note.actions == (("open", "Open"),)
    with qtbot.waitSignal(native.notifier.showRequested):
        note.on_action(DEFAULT_ACTION)


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_a_repeat_replaces_the_notification_still_on_screen(
    native: Native, qloop: asyncio.AbstractEventLoop
) -> None:
    native.show(qloop, alert(7, loud=True))
    native.show(qloop, alert(8, loud=True))
    native.show(qloop, alert(7, loud=True, repeat=1))
    assert native.service.withdrawn == ["n1"]
    assert native.notifier.on_screen == {7: "n3", 8: "n2"}
    assert native.service.shown["n3"].body.startswith("Still waiting (reminder 1)\n")


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_a_failing_service_falls_back_to_the_tray_and_is_logged_once(
    native: Native, qloop: asyncio.AbstractEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    native.service.failing = NotificationServiceError("org.freedesktop.DBus.Error.ServiceUnknown")
    with caplog.at_level(logging.INFO, logger="ui.alerts.notifications"):
        native.show(qloop, alert(1, loud=True))
        native.show(qloop, alert(2, loud=True), alert(3))
        assert native.balloons == [
            "URGENT · #1 Bot does not answer in Telegram",
            "URGENT · #2 Bot does not answer in Telegram",
            "Reply · #3 Bot does not answer in Telegram",
        ]
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "ServiceUnknown" in warnings[0].getMessage()
        assert native.notifier.reaches_desktop  # the tray still shows them

        native.service.failing = None  # the daemon is back: the service again, no balloon
        native.show(qloop, alert(4, loud=True))
    assert len(native.balloons) == 3 and 4 in native.notifier.on_screen
    assert "answers again" in caplog.records[-1].getMessage()


def test_without_service_or_tray_the_window_is_asked_to_show_it(
    qloop: asyncio.AbstractEventLoop,
) -> None:
    service = FakeService()
    service.failing = RuntimeError("D-Bus connection closed")
    tray = TrayController(available=False)
    n = Notifier(tray, service=service, sound=SoundPlayer(backend=("fake", Chimes())))
    undelivered: list[Alert] = []
    n.notDelivered.connect(undelivered.append)
    try:
        assert n.reaches_desktop  # until the service fails
        n.notify([alert(1, loud=True)])
        qloop.run_until_complete(n.settled())
        assert [a.ticket_id for a in undelivered] == [1] and not n.reaches_desktop
    finally:
        tray.close()


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_a_working_service_leaves_the_window_alone(native: Native, qloop: Any) -> None:
    undelivered: list[Alert] = []
    native.notifier.notDelivered.connect(undelivered.append)
    native.show(qloop, alert(1, loud=True), alert(2))
    assert undelivered == [] and len(native.service.shown) == 2
