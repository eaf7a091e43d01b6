"""The settings dialog: bound to DeskSettings, saved on OK only, opened without exec()."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from ui.settings.dialog import SettingsDialog
from ui.settings.store import DeskSettings, OnCallMode, SettingsStore
from ui.theme import DARK, LIGHT, ThemeMode, palette_for

CUSTOM = DeskSettings(
    theme_mode=ThemeMode.DARK,
    server_url="https://desk.example.ru",
    last_email="anna@desk.example",
    start_minimised=True,
    sounds_on=False,
    on_call_mode=OnCallMode.ON,
    on_call_repeat_minutes=12,
    show_business_hours=False,
    notifications_on=False,
)


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat))


def make(
    qtbot: QtBot, settings: DeskSettings, store: SettingsStore | None = None
) -> SettingsDialog:
    dialog = SettingsDialog(settings, store)
    qtbot.addWidget(dialog)
    return dialog


def test_the_form_shows_the_settings(qtbot: QtBot) -> None:
    dialog = make(qtbot, CUSTOM)
    assert not dialog.notifications.isChecked() and not dialog.sounds.isChecked()
    assert dialog.on_call.currentData() == OnCallMode.ON
    assert dialog.repeat.value() == 12
    assert dialog.theme.currentData() == ThemeMode.DARK
    assert not dialog.business_hours.isChecked() and dialog.start_minimised.isChecked()
    assert dialog.value() == CUSTOM


def test_every_shown_field_changes_the_value_and_others_pass_through(qtbot: QtBot) -> None:
    dialog = make(qtbot, CUSTOM)
    dialog.notifications.setChecked(True)
    dialog.sounds.setChecked(True)
    dialog.on_call.setCurrentIndex(dialog.on_call.findData(OnCallMode.AUTO))
    dialog.repeat.setValue(3)
    dialog.theme.setCurrentIndex(dialog.theme.findData(ThemeMode.LIGHT))
    dialog.business_hours.setChecked(True)
    dialog.start_minimised.setChecked(False)
    value = dialog.value()
    assert value == dataclasses.replace(
        CUSTOM,
        notifications_on=True,
        sounds_on=True,
        on_call_mode=OnCallMode.AUTO,
        on_call_repeat_minutes=3,
        theme_mode=ThemeMode.LIGHT,
        show_business_hours=True,
        start_minimised=False,
    )
    assert (value.server_url, value.last_email) == (CUSTOM.server_url, CUSTOM.last_email)


def test_ok_saves_and_announces(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = make(qtbot, DeskSettings(), store)
    dialog.open()
    assert dialog.isVisible()  # open() returned at once: no nested event loop
    dialog.sounds.setChecked(False)
    dialog.repeat.setValue(9)
    with qtbot.waitSignal(dialog.settingsAccepted) as accepted:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert accepted.args[0] == DeskSettings(sounds_on=False, on_call_repeat_minutes=9)
    assert store.load() == accepted.args[0]


def test_cancel_saves_nothing_and_reopens_as_before(qtbot: QtBot, store: SettingsStore) -> None:
    dialog = make(qtbot, CUSTOM, store)
    dialog.open()
    dialog.sounds.setChecked(True)
    dialog.repeat.setValue(30)
    with qtbot.assertNotEmitted(dialog.settingsAccepted):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert store.load() == DeskSettings()  # nothing written
    assert dialog.value() == CUSTOM


def test_the_repeat_interval_is_only_editable_when_on_call_can_happen(qtbot: QtBot) -> None:
    dialog = make(qtbot, DeskSettings(on_call_mode=OnCallMode.OFF))
    assert not dialog.repeat.isEnabled()
    dialog.on_call.setCurrentIndex(dialog.on_call.findData(OnCallMode.AUTO))
    assert dialog.repeat.isEnabled()
    assert (dialog.repeat.minimum(), dialog.repeat.maximum()) == (1, 60)


@pytest.mark.parametrize(("raw", "loaded"), [("7", 7), (15, 15), ("0", 5), ("61", 5), ("x", 5)])
def test_the_stored_repeat_interval_is_validated(tmp_path: Path, raw: object, loaded: int) -> None:
    path = str(tmp_path / "desk.ini")
    qs = QSettings(path, QSettings.Format.IniFormat)
    qs.setValue("preferences/on_call_repeat_minutes", raw)
    qs.sync()
    store = SettingsStore(QSettings(path, QSettings.Format.IniFormat))
    assert store.load().on_call_repeat_minutes == loaded


# The offscreen platform plugin warns that it cannot propagate size hints; harmless.
@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("dark", [False, True])
def test_render_the_dialog(qtbot: QtBot, tmp_path: Path, dark: bool) -> None:
    """Saved to DESK_SHOTS_DIR when set, for a person to look at."""
    theme = DARK if dark else LIGHT
    dialog = make(qtbot, CUSTOM if dark else DeskSettings())
    dialog.setPalette(palette_for(theme))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.adjustSize()
    out = Path(os.environ.get("DESK_SHOTS_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    image = dialog.grab().toImage()
    assert image.width() >= 440 and image.height() > 250
    assert image.save(str(out / f"settings-dialog-{'dark' if dark else 'light'}.png"))
