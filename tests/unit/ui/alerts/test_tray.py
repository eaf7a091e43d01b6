"""The tray controller (menu, signals, close-to-tray) and the icon it draws."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

import desk_resources
from desk.client.alerts.types import Attention
from desk_resources.tools import icons
from ui.alerts.tray import TrayController, badge_text, tray_icon, tray_pixmap

RED = QColor("#e5332a")
SLATE = QColor("#344054")


@pytest.fixture
def tray(qapp: object) -> Iterator[TrayController]:
    controller = TrayController(available=False)
    yield controller
    controller.close()


def count_colour(image: QImage, colour: QColor, tolerance: int = 24) -> int:
    hits = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if c.alpha() > 200 and all(
                abs(a - b) <= tolerance
                for a, b in (
                    (c.red(), colour.red()),
                    (c.green(), colour.green()),
                    (c.blue(), colour.blue()),
                )
            ):
                hits += 1
    return hits


# --- the controller ---------------------------------------------------------------------


def test_without_a_system_tray_the_icon_stays_hidden_and_closing_quits(
    tray: TrayController,
) -> None:
    assert not tray.available
    assert not tray.icon.isVisible()
    assert tray.should_hide_on_close() is False


# Showing a tray icon on the offscreen platform logs a harmless connect warning.
@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_with_a_system_tray_closing_the_window_hides_it(qapp: object) -> None:
    controller = TrayController(available=True)
    try:
        assert controller.icon.isVisible()
        assert controller.should_hide_on_close() is True
        controller.icon.hide()  # e.g. the panel went away: quitting is right again
        assert controller.should_hide_on_close() is False
    finally:
        controller.close()


def test_the_menu_has_the_four_entries_in_order(tray: TrayController) -> None:
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["Open Desk", "On-call mode", "Do not disturb", "Quit Desk"]
    assert tray.on_call_action.isCheckable() and tray.dnd_action.isCheckable()
    assert tray.icon.contextMenu() is tray.menu


def test_menu_entries_emit_their_signals(qtbot: QtBot, tray: TrayController) -> None:
    with qtbot.waitSignal(tray.showRequested):
        tray.open_action.trigger()
    with qtbot.waitSignal(tray.quitRequested):
        tray.quit_action.trigger()
    with qtbot.waitSignal(tray.onCallToggled) as on_call:
        tray.on_call_action.trigger()
    assert on_call.args == [True]
    with qtbot.waitSignal(tray.dndToggled) as dnd:
        tray.dnd_action.trigger()
    assert dnd.args == [True]
    with qtbot.waitSignal(tray.dndToggled) as dnd_off:
        tray.dnd_action.trigger()
    assert dnd_off.args == [False]


def test_clicking_the_icon_shows_the_window(qtbot: QtBot, tray: TrayController) -> None:
    with qtbot.waitSignal(tray.showRequested):
        tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    with qtbot.assertNotEmitted(tray.showRequested):
        tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Context)


def test_state_pushed_in_does_not_echo_back(qtbot: QtBot, tray: TrayController) -> None:
    with qtbot.assertNotEmitted(tray.onCallToggled), qtbot.assertNotEmitted(tray.dndToggled):
        tray.set_on_call(True)
        tray.set_dnd(True)
    assert tray.on_call_action.isChecked() and tray.dnd_action.isChecked()
    assert "On call" in tray.tooltip() and "Do not disturb" in tray.tooltip()


def test_the_tooltip_and_icon_follow_the_counts(tray: TrayController) -> None:
    assert "No ticket needs a reply" in tray.icon.toolTip()
    before = tray.icon.icon().pixmap(32, 32).toImage()
    tray.set_attention(Attention(needs_reply=12, urgent=2, breached=1, mine=3))
    assert tray.attention.needs_reply == 12
    tip = tray.icon.toolTip()
    assert "12 waiting for a reply" in tip and "2 urgent" in tip and "1 overdue" in tip
    assert "3 assigned to me" in tip
    after = tray.icon.icon().pixmap(32, 32).toImage()
    assert count_colour(after, RED) > 30 and count_colour(before, RED) == 0


# --- the icon ------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "text"), [(0, ""), (1, "1"), (99, "99"), (100, "99+")])
def test_badge_text(count: int, text: str) -> None:
    assert badge_text(count) == text


def test_the_badge_is_red_only_when_something_is_alarming(qapp: object) -> None:
    calm = tray_pixmap(3, alarming=False, size=64).toImage()
    alarm = tray_pixmap(3, alarming=True, size=64).toImage()
    plain = tray_pixmap(0, alarming=False, size=64).toImage()
    assert count_colour(calm, RED) == 0 and count_colour(calm, SLATE) > 300
    assert count_colour(alarm, RED) > 300 and count_colour(alarm, SLATE) == 0
    assert count_colour(plain, RED) == 0 and count_colour(plain, SLATE) == 0


def test_a_big_count_gets_a_wider_badge(qapp: object) -> None:
    small = count_colour(tray_pixmap(3, True, 64).toImage(), RED)
    large = count_colour(tray_pixmap(120, True, 64).toImage(), RED)
    assert large > small * 1.3


def test_without_a_badge_the_tray_shows_the_app_icon(qapp: object) -> None:
    for size in (16, 22, 64):
        plain = tray_pixmap(0, alarming=False, size=size).toImage()
        assert icons.difference(plain, QImage(str(desk_resources.icon_png(size)))) == 0


def test_the_icon_has_crisp_pixmaps_for_tray_sizes(qapp: object) -> None:
    sizes = {(s.width(), s.height()) for s in tray_icon(5, False).availableSizes()}
    assert {(16, 16), (22, 22), (32, 32), (64, 64)} <= sizes


def test_render_the_tray_icons(qapp: object, tmp_path: Path) -> None:
    """Saved to DESK_SHOTS_DIR when set, for a person to look at."""
    out = Path(os.environ.get("DESK_SHOTS_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    for count in (3, 120):
        for alarming in (False, True):
            name = f"tray-{count}-{'urgent' if alarming else 'calm'}.png"
            assert tray_pixmap(count, alarming, 64).save(str(out / name))
            assert not QImage(str(out / name)).isNull()
