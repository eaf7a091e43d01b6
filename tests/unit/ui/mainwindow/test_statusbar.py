from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desk.client.api import ConnectionState
from desk.sla import BusinessCalendar
from ui.mainwindow.statusbar.bar import DeskStatusBar
from ui.settings.store import OnCallMode
from ui.tasks import TaskRunner
from ui.theme import DARK, LIGHT

# Showing a top-level window on the offscreen platform logs a harmless warning.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MSK = ZoneInfo("Europe/Moscow")
CALENDAR = BusinessCalendar()


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def msk(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MSK)


def make_bar(qtbot: QtBot, now: datetime, **kwargs: object) -> tuple[DeskStatusBar, FakeClock]:
    clock = FakeClock(now)
    bar = DeskStatusBar(
        calendar=CALENDAR,
        clock=clock,
        theme=LIGHT,
        display_zone=MSK,
        **kwargs,  # type: ignore[arg-type]
    )
    qtbot.addWidget(bar)
    bar.resize(1440, 28)
    return bar, clock


# --- connection -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "text", "colour"),
    [
        (ConnectionState.CONNECTED, "Online", LIGHT.sla_ok),
        (ConnectionState.CONNECTING, "Connecting…", LIGHT.sla_warning),
        (ConnectionState.RECONNECTING, "Reconnecting…", LIGHT.sla_warning),
        (
            ConnectionState.OFFLINE,
            "Offline — changes will be sent when the connection returns",
            LIGHT.sla_breached,
        ),
    ],
)
def test_connection_states(qtbot: QtBot, state: ConnectionState, text: str, colour: object) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    status = bar.findChild(QWidget, "connectionStatus")
    assert status is bar.connection
    bar.set_connection_state(state)
    assert bar.connection.state is state
    assert bar.connection.state_label.text() == text
    assert bar.connection.dot.color() == colour
    assert bar.connection.toolTip()
    assert bar.connection.accessibleName() == text  # not only the dot's colour
    assert bar.connection.accessibleDescription() == bar.connection.toolTip()


def test_a_session_expired_indicator_says_signed_out_and_asks_on_click(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    asked: list[bool] = []
    bar.signInRequested.connect(lambda: asked.append(True))
    QTest.mouseClick(bar.connection, Qt.MouseButton.LeftButton)
    assert asked == []  # connected or not, a click means nothing while signed in

    bar.set_connection_state(ConnectionState.OFFLINE, session_expired=True)
    assert bar.connection.session_expired
    assert bar.connection.state_label.text() == "Signed out — click to sign in again"
    assert bar.connection.dot.color() == LIGHT.sla_breached
    assert "outbox" in bar.connection.toolTip()
    assert bar.connection.cursor().shape() == Qt.CursorShape.PointingHandCursor
    QTest.mouseClick(bar.connection, Qt.MouseButton.RightButton)
    assert asked == []
    QTest.mouseClick(bar.connection, Qt.MouseButton.LeftButton)
    assert asked == [True]

    bar.set_connection_state(ConnectionState.CONNECTING)  # signed in again
    assert not bar.connection.session_expired
    assert bar.connection.state_label.text() == "Connecting…"
    QTest.mouseClick(bar.connection, Qt.MouseButton.LeftButton)
    assert asked == [True]


def test_last_sync_shows_the_minute_and_the_tooltip_the_full_time(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    assert bar.connection.sync_label.isHidden()
    bar.set_last_sync(datetime(2026, 11, 24, 9, 4, 31, tzinfo=UTC))  # 12:04:31 MSK
    assert bar.connection.sync_label.text() == "Last sync 12:04"
    assert "12:04:31" in bar.connection.sync_label.toolTip()
    assert "2026" in bar.connection.sync_label.toolTip()
    bar.set_last_sync(None)
    assert bar.connection.sync_label.isHidden()


# --- the Moscow business clock ----------------------------------------------------------------


def test_weekday_morning_is_business_hours(qtbot: QtBot) -> None:
    # Tuesday 24 November 2026, 10:00 in Moscow (07:00 UTC: the clock gives UTC).
    bar, _ = make_bar(qtbot, datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    assert bar.clock.time_label.text() == "MSK 10:00"
    assert bar.clock.hours_label.text() == "Business hours"
    assert bar.clock.in_business_hours
    assert "until 18:00 MSK" in bar.clock.toolTip()


def test_saturday_is_after_hours_and_names_monday(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 28, 14, 32))
    assert bar.clock.time_label.text() == "MSK 14:32"
    assert bar.clock.hours_label.text() == "After hours — on call"
    tip = bar.clock.toolTip()
    assert "Monday 30 November at 09:00 MSK" in tip
    assert "(in 1 d 18 h)" in tip


def test_a_russian_holiday_is_after_hours(qtbot: QtBot) -> None:
    # Russia Day, Friday 12 June 2026: a public holiday on a weekday.
    now = msk(2026, 6, 12, 10)
    assert not CALENDAR.is_business_day(now.date())
    bar, _ = make_bar(qtbot, now)
    assert bar.clock.hours_label.text() == "After hours — on call"
    assert "Monday 15 June at 09:00 MSK" in bar.clock.toolTip()


def test_before_opening_and_after_closing(qtbot: QtBot) -> None:
    bar, clock = make_bar(qtbot, msk(2026, 11, 24, 8, 30))
    assert "today at 09:00 MSK (in 30 min)" in bar.clock.toolTip()
    clock.now = msk(2026, 11, 24, 18, 0)  # closing is not business time
    bar.refresh_clock()
    assert bar.clock.hours_label.text() == "After hours — on call"
    assert "tomorrow at 09:00 MSK" in bar.clock.toolTip()


def test_on_call_off_and_hiding_the_clock(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 28, 12))
    bar.set_on_call_mode(OnCallMode.OFF)
    assert bar.clock.hours_label.text() == "After hours"
    bar.set_business_hours_visible(False)
    assert bar.clock.isHidden()


def test_the_timer_follows_the_clock(qtbot: QtBot) -> None:
    bar, clock = make_bar(qtbot, msk(2026, 11, 24, 17, 59), clock_interval_ms=20)
    assert bar.clock.hours_label.text() == "Business hours"
    clock.now += timedelta(minutes=1)
    qtbot.waitUntil(lambda: bar.clock.time_label.text() == "MSK 18:00", timeout=2000)
    assert bar.clock.hours_label.text() == "After hours — on call"


def test_default_interval_is_a_quarter_minute(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    assert 15000 <= bar.clock.timer.interval() <= 30000
    assert bar.clock.timer.isActive()


# --- SLA counts ---------------------------------------------------------------------------


def test_counts_hidden_at_zero_and_coloured_otherwise(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    bar.set_sla_counts(0, 0)
    assert bar.counts.isHidden()
    bar.set_sla_counts(2, 5)
    assert not bar.counts.isHidden()
    assert bar.sla_counts_text() == "2 overdue · 5 due within 1 h"
    html = bar.counts.text()
    assert LIGHT.sla_breached.name() in html and LIGHT.sla_warning.name() in html
    bar.set_sla_counts(0, 1)
    assert bar.sla_counts_text() == "1 due within 1 h"
    assert LIGHT.sla_breached.name() not in bar.counts.text()
    bar.set_theme(DARK)
    assert DARK.sla_warning.name() in bar.counts.text()
    bar.set_sla_counts(0, 0)
    assert bar.counts.isHidden()


def test_clicking_the_counts_asks_to_show_them(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    bar.set_sla_counts(1, 0)
    bar.show()
    with qtbot.waitSignal(bar.slaCountsClicked, timeout=1000):
        QTest.mouseClick(bar.counts, Qt.MouseButton.LeftButton)


# --- messages -------------------------------------------------------------------------------


def test_error_shows_in_red_and_dismisses_on_click(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    bar.show()
    bar.show_error("Could not reach the server.\nTry again later.")
    assert bar.message() == "Could not reach the server. Try again later."
    assert LIGHT.urgent_chip_text.name() in bar.message_label.styleSheet()
    assert "Click to dismiss" in bar.message_label.toolTip()
    QTest.mouseClick(bar.message_label, Qt.MouseButton.LeftButton)
    assert bar.message() == ""
    assert bar.message_label.isHidden()


def test_messages_go_away_by_themselves(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10), message_ms=30)
    bar.show()
    bar.show_info("Ticket #42 closed.")
    assert bar.message() == "Ticket #42 closed."
    assert LIGHT.urgent_chip_text.name() not in bar.message_label.styleSheet()
    qtbot.waitUntil(lambda: bar.message() == "", timeout=2000)


def test_default_message_time_is_about_eight_seconds(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    bar.show()
    bar.show_info("Saved.")
    assert bar._message_timer.interval() == 8000
    assert bar._message_timer.isActive()


def test_a_repeated_error_counts_up(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    bar.show()
    for _ in range(3):
        bar.show_error("Connection refused.")
    # The pill grows to fit on the next layout pass.
    qtbot.waitUntil(lambda: bar.message_label.text() == "Connection refused. (×3)")
    bar.show_info("Back online.")
    qtbot.waitUntil(lambda: bar.message_label.text() == "Back online.")


def test_a_long_message_is_elided_with_the_full_text_in_the_tooltip(qtbot: QtBot) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    bar.show()
    long_text = "Something went wrong " * 40
    bar.show_error(long_text)
    qtbot.waitUntil(lambda: bar.message_label.text().endswith("…"))
    assert len(bar.message_label.text()) < len(long_text.strip())
    assert long_text.strip() in bar.message_label.toolTip()


def test_task_runner_errors_reach_the_status_bar(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    bar, _ = make_bar(qtbot, msk(2026, 11, 24, 10))
    bar.show()
    runner = TaskRunner()
    runner.errorRaised.connect(bar.show_error)

    class ClosedError(Exception):
        message = "This ticket is closed."

    async def fail() -> None:
        raise ClosedError

    task = runner.start(fail())
    qloop.run_until_complete(asyncio.wait([task]))
    qtbot.waitUntil(lambda: bar.message() == "This ticket is closed.", timeout=2000)
