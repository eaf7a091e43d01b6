"""The taskbar entry: attention and a screen-reader announcement for loud alerts, the badge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

from desk.client.alerts.types import Alert, AlertKind
from ui.alerts.taskbar import TaskbarAttention, announcement


class Desktop:
    """What the taskbar asks of the desktop, as the platform calls would receive it."""

    def __init__(self) -> None:
        self.alerted: list[QWidget] = []
        self.badges: list[int] = []
        self.spoken: list[tuple[QObject, str]] = []

    def attention(self, window: QWidget) -> TaskbarAttention:
        return TaskbarAttention(
            window,
            alert=self.alerted.append,
            set_badge=self.badges.append,
            speak=lambda target, text: self.spoken.append((target, text)),
        )


@pytest.fixture
def window(qapp: Any) -> Iterator[QWidget]:
    widget = QWidget()
    yield widget
    widget.deleteLater()


def reply(tid: int, *, loud: bool) -> Alert:
    return Alert(
        kind=AlertKind.CUSTOMER_REPLY,
        key=f"reply:{tid}",
        loud=loud,
        ticket_id=tid,
        title="Bot does not answer in Telegram",
        sender="Ivan Petrov",
        preview="Still broken",
    )


def test_a_loud_alert_asks_for_attention_and_is_announced(window: QWidget) -> None:
    desktop = Desktop()
    taskbar = desktop.attention(window)
    taskbar.alert_shown(reply(42, loud=False))
    assert desktop.alerted == [] and desktop.spoken == []
    taskbar.alert_shown(reply(42, loud=True))
    assert desktop.alerted == [window]
    assert desktop.spoken == [
        (window, "URGENT · #42 Bot does not answer in Telegram. Ivan Petrov: Still broken")
    ]


def test_the_badge_follows_the_count_without_repeating_itself(window: QWidget) -> None:
    desktop = Desktop()
    taskbar = desktop.attention(window)
    for count in (3, 3, 4, 0):
        taskbar.set_count(count)
    taskbar.clear()
    assert desktop.badges == [3, 4, 0] and taskbar.badge == 0


def test_announcements_are_assertive_and_carry_the_text(window: QWidget) -> None:
    event = announcement(window, "URGENT · #42 Bot down")
    assert isinstance(event, QAccessibleEvent)
    assert event.type() is QAccessible.Event.Announcement
    assert event.message() == "URGENT · #42 Bot down" and event.object() is window
    assert event.politeness() is QAccessible.AnnouncementPoliteness.Assertive
