from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter
from pytestqt.qtbot import QtBot

from ui.settings.store import (
    APPLICATION,
    DEFAULTS,
    ORGANIZATION,
    DeskSettings,
    OnCallMode,
    SettingsStore,
    is_http_url,
)
from ui.theme import ThemeMode


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "desk.ini"


def store_at(path: Path) -> SettingsStore:
    return SettingsStore(QSettings(str(path), QSettings.Format.IniFormat))


def test_names_of_the_native_store() -> None:
    assert (ORGANIZATION, APPLICATION) == ("Desk", "Desk")


def test_empty_store_gives_defaults(ini: Path) -> None:
    loaded = store_at(ini).load()
    assert loaded == DeskSettings()
    assert loaded.theme_mode is ThemeMode.SYSTEM
    assert loaded.on_call_mode is OnCallMode.AUTO
    assert loaded.remember_me is False
    assert loaded.sounds_on is True


def test_round_trip_through_a_fresh_store(ini: Path) -> None:
    changed = DeskSettings(
        theme_mode=ThemeMode.DARK,
        server_url="https://desk.example.ru",
        last_email="agent@example.ru",
        remember_me=True,
        start_minimised=True,
        sounds_on=False,
        on_call_mode=OnCallMode.ON,
        on_call_repeat_minutes=10,
        show_business_hours=False,
        notifications_on=False,
    )
    # Every field differs from its default, so the round trip proves each one.
    for f in dataclasses.fields(DeskSettings):
        assert getattr(changed, f.name) != getattr(DEFAULTS, f.name), f.name
    store_at(ini).save(changed)

    loaded = store_at(ini).load()
    assert loaded == changed
    assert isinstance(loaded.theme_mode, ThemeMode)
    assert isinstance(loaded.on_call_mode, OnCallMode)


def test_bad_values_fall_back_to_defaults_field_by_field(ini: Path) -> None:
    raw = QSettings(str(ini), QSettings.Format.IniFormat)
    raw.beginGroup("preferences")
    raw.setValue("theme_mode", "purple")  # unknown enum member
    raw.setValue("on_call_mode", 3)  # wrong type
    raw.setValue("sounds_on", "maybe")  # not a boolean
    raw.setValue("remember_me", "true")  # INI strings are fine
    raw.setValue("start_minimised", 1)
    raw.setValue("server_url", "ftp://files.example.ru")  # not http(s)
    raw.setValue("last_email", ["a", "list"])  # wrong type
    raw.endGroup()
    raw.sync()

    loaded = store_at(ini).load()
    assert loaded.theme_mode is DEFAULTS.theme_mode
    assert loaded.on_call_mode is DEFAULTS.on_call_mode
    assert loaded.sounds_on is DEFAULTS.sounds_on
    assert loaded.server_url == DEFAULTS.server_url
    assert loaded.last_email == DEFAULTS.last_email
    assert loaded.remember_me is True
    assert loaded.start_minimised is True


def test_a_garbled_ini_file_still_loads(ini: Path) -> None:
    ini.write_bytes(b"\x00\xff[preferences\nsounds_on=\x01\ntheme_mode=\n")
    assert store_at(ini).load() == DeskSettings()


def test_no_secret_is_ever_written(ini: Path) -> None:
    store_at(ini).save(DeskSettings(last_email="a@b.ru", remember_me=True))
    text = ini.read_text().lower()
    for word in ("password", "token", "secret"):
        assert word not in text
    names = {f.name for f in dataclasses.fields(DeskSettings)}
    assert not {n for n in names if "password" in n or "token" in n}


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("https://desk.example.ru", True),
        ("http://127.0.0.1:8000/", True),
        ("desk.example.ru", False),
        ("ftp://x.ru", False),
        ("https://", False),
        ("http://host:99999", False),
        ("", False),
    ],
)
def test_is_http_url(text: str, ok: bool) -> None:
    assert is_http_url(text) is ok


# The offscreen platform plugin warns that it cannot propagate size hints; harmless.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_window_geometry_and_splitter_round_trip(qtbot: QtBot, ini: Path) -> None:
    window = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(QLabel("queue"))
    splitter.addWidget(QLabel("chat"))
    window.setCentralWidget(splitter)
    qtbot.addWidget(window)
    window.resize(640, 420)  # inside the 800x600 offscreen screen
    window.show()
    qtbot.waitExposed(window)
    splitter.setSizes([300, 600])
    store = store_at(ini)
    store.save_window(window)
    store.save_splitter(splitter, "main")
    store.sync()
    sizes = splitter.sizes()

    again = QMainWindow()
    splitter2 = QSplitter(Qt.Orientation.Horizontal)
    splitter2.addWidget(QLabel("queue"))
    splitter2.addWidget(QLabel("chat"))
    again.setCentralWidget(splitter2)
    qtbot.addWidget(again)
    fresh = store_at(ini)
    assert fresh.restore_window(again)
    assert fresh.restore_splitter(splitter2, "main")
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == window.size()
    assert splitter2.sizes() == sizes


def test_restoring_nothing_or_garbage_reports_false(qtbot: QtBot, ini: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    splitter = QSplitter()
    qtbot.addWidget(splitter)
    store = store_at(ini)
    assert not store.restore_window(window, "never-saved")
    assert not store.restore_splitter(splitter, "never-saved")
    store.qsettings.setValue("splitters/bad", "not bytes")
    store.qsettings.setValue("windows/bad/geometry", b"\x01\x02garbage")
    assert not store.restore_splitter(splitter, "bad")
    assert not store.restore_window(window, "bad")
