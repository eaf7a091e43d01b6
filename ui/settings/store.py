"""Typed preferences persisted through QSettings, and window geometry helpers.

``DeskSettings`` is the one place preferences live in memory; ``SettingsStore``
reads and writes it. Every stored value is parsed defensively: a value of the
wrong type or an unknown enum member (an older version, a hand-edited INI file)
falls back to that field's default instead of crashing the app at startup.
Secrets never go here: tokens live in the OS keychain (``desk.client.credentials``).
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

# One enum for the alert engine and the stored setting; re-exported from here.
from desk.client.alerts.types import OnCallMode as OnCallMode
from ui.theme import ThemeMode

ORGANIZATION = "Desk"
APPLICATION = "Desk"
SCHEMA_VERSION = 1
_GROUP = "preferences"


@dataclass(frozen=True, slots=True)
class DeskSettings:
    """Everything a person can set. Frozen: change it with ``dataclasses.replace``."""

    theme_mode: ThemeMode = ThemeMode.SYSTEM
    server_url: str = ""
    last_email: str = ""
    remember_me: bool = False
    start_minimised: bool = False
    sounds_on: bool = True
    on_call_mode: OnCallMode = OnCallMode.AUTO
    on_call_repeat_minutes: int = 5  # on call: repeat loud alerts until the ticket is opened
    show_business_hours: bool = True
    notifications_on: bool = True


DEFAULTS = DeskSettings()
REPEAT_MINUTES_MIN, REPEAT_MINUTES_MAX = 1, 60


def is_http_url(text: str) -> bool:
    """Whether ``text`` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _parse_bool(raw: object) -> bool | None:
    # The INI backend returns "true"/"false" strings; the native ones return bools.
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return bool(raw) if raw in (0, 1) else None
    if isinstance(raw, str):
        lowered = raw.strip().lower()
        if lowered in ("true", "1", "yes", "on"):
            return True
        if lowered in ("false", "0", "no", "off"):
            return False
    return None


def _parse(default: object, raw: object) -> object | None:
    """``raw`` converted to the type of ``default``, or None when it does not fit."""
    if isinstance(default, bool):
        return _parse_bool(raw)
    if isinstance(default, enum.Enum):
        try:
            return type(default)(raw)
        except ValueError:
            return None
    if isinstance(default, int):
        # INI files hand back strings; a bool is an int too, and is not a number here.
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            return None
        try:
            return int(raw)
        except ValueError:
            return None
    if isinstance(default, str):
        return raw if isinstance(raw, str) else None
    raise TypeError(f"no parser for {type(default).__name__}")  # a new field type


def _validate(name: str, value: object) -> bool:
    if name == "on_call_repeat_minutes":
        return isinstance(value, int) and REPEAT_MINUTES_MIN <= value <= REPEAT_MINUTES_MAX
    if name == "server_url":
        return value == "" or (isinstance(value, str) and is_http_url(value))
    return True


class SettingsStore:
    """Loads and saves :class:`DeskSettings` and window layout.

    Pass a ``QSettings`` to use another backend (tests use an INI file); by default it
    is the per-user native store of organization "Desk", application "Desk".
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._qs = qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)

    @property
    def qsettings(self) -> QSettings:
        return self._qs

    def load(self) -> DeskSettings:
        values: dict[str, Any] = {}
        self._qs.beginGroup(_GROUP)
        try:
            for f in dataclasses.fields(DeskSettings):
                default = getattr(DEFAULTS, f.name)
                if not self._qs.contains(f.name):
                    continue
                parsed = _parse(default, self._qs.value(f.name))
                if parsed is not None and _validate(f.name, parsed):
                    values[f.name] = parsed
        finally:
            self._qs.endGroup()
        return DeskSettings(**values)

    def save(self, settings: DeskSettings) -> None:
        self._qs.setValue("schema_version", SCHEMA_VERSION)
        self._qs.beginGroup(_GROUP)
        try:
            for f in dataclasses.fields(DeskSettings):
                value = getattr(settings, f.name)
                # Enums are stored by value so the file stays readable and portable.
                self._qs.setValue(f.name, value.value if isinstance(value, enum.Enum) else value)
        finally:
            self._qs.endGroup()
        self._qs.sync()

    # --- window layout -----------------------------------------------------------

    def save_window(self, window: QMainWindow, name: str = "main") -> None:
        self._qs.setValue(f"windows/{name}/geometry", window.saveGeometry())
        self._qs.setValue(f"windows/{name}/state", window.saveState())

    def restore_window(self, window: QMainWindow, name: str = "main") -> bool:
        """Restores geometry and dock/toolbar state; False (and no change) if none is saved."""
        geometry = self._bytes(f"windows/{name}/geometry")
        state = self._bytes(f"windows/{name}/state")
        restored = geometry is not None and window.restoreGeometry(geometry)
        if state is not None:
            restored = window.restoreState(state) and restored
        return restored

    def save_splitter(self, splitter: QSplitter, name: str) -> None:
        self._qs.setValue(f"splitters/{name}", splitter.saveState())

    def restore_splitter(self, splitter: QSplitter, name: str) -> bool:
        state = self._bytes(f"splitters/{name}")
        return state is not None and splitter.restoreState(state)

    def save_widget_geometry(self, widget: QWidget, name: str) -> None:
        self._qs.setValue(f"windows/{name}/geometry", widget.saveGeometry())

    def restore_widget_geometry(self, widget: QWidget, name: str) -> bool:
        geometry = self._bytes(f"windows/{name}/geometry")
        return geometry is not None and widget.restoreGeometry(geometry)

    def sync(self) -> None:
        self._qs.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        raw = self._qs.value(key)
        if isinstance(raw, QByteArray) and not raw.isEmpty():
            return raw
        if isinstance(raw, bytes) and raw:
            return QByteArray(raw)
        return None
