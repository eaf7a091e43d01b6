"""Notification wording, rate limiting, loud alerts with sound, clicks; the chime."""

from __future__ import annotations

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
from ui.alerts.notifications import Notifier, notification_body, notification_title
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
