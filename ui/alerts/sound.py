"""The alert sound for loud (URGENT / critical) alerts, without QtMultimedia.

PySide6-Essentials has no QtMultimedia, and PySide6-Addons is ~200 MB for one chime.
So the chime that ships with the app (``desk_resources.sound("urgent")``, a small WAV
file) is played by what the system already has — ``winsound`` on Windows, ``afplay``
on macOS, ``pw-play``/``paplay``/``aplay`` on Linux, QtMultimedia's ``QSoundEffect``
when someone did install it — and ``QApplication.beep()`` when none exists, the file
is missing or the player fails.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess
from PySide6.QtWidgets import QApplication

import desk_resources

__all__ = ["SoundPlayer", "choose_backend"]

_LINUX_PLAYERS = ("pw-play", "paplay", "aplay")


Backend = Callable[[Path], None]


def _qt_multimedia() -> Backend | None:
    try:
        multimedia = importlib.import_module("PySide6.QtMultimedia")
    except ImportError:
        return None
    from PySide6.QtCore import QUrl

    effect = multimedia.QSoundEffect()

    def play(path: Path) -> None:
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.play()

    return play


def _windows() -> Backend:
    def play(path: Path) -> None:
        # Imported by name: its stubs only exist for win32, and mypy runs on Linux too.
        winsound: Any = importlib.import_module("winsound")
        flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
        winsound.PlaySound(str(path), flags)

    return play


def _command(program: str) -> Backend:
    def play(path: Path) -> None:
        QProcess.startDetached(program, [str(path)])

    return play


def _beep(_path: Path) -> None:
    QApplication.beep()


def choose_backend(
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    qt_multimedia: Callable[[], Backend | None] = _qt_multimedia,
) -> tuple[str, Backend]:
    """(name, player) of the best way to play a WAV file here."""
    qt = qt_multimedia()
    if qt is not None:
        return "qtmultimedia", qt
    if platform == "win32":
        return "winsound", _windows()
    candidates = ("afplay",) if platform == "darwin" else _LINUX_PLAYERS
    for program in candidates:
        found = which(program)
        if found:
            return program, _command(found)
    return "beep", _beep


class SoundPlayer(QObject):
    """Plays the chime (or ``path``), at most once per ``min_gap`` seconds (bursts ring once)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        backend: tuple[str, Backend] | None = None,
        path: Path | None = None,
        min_gap: float = 2.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._path = path
        self._min_gap = min_gap
        self._monotonic = monotonic
        self._last: float | None = None

    @property
    def backend_name(self) -> str:
        return self._resolve()[0]

    def play(self) -> bool:
        """True when a sound was started (False inside the anti-burst gap)."""
        now = self._monotonic()
        if self._last is not None and now - self._last < self._min_gap:
            return False
        self._last = now
        name, backend = self._resolve()
        if self._path is None:
            self._path = desk_resources.sound("urgent")
        if not self._path.is_file():  # a broken install: still make a noise
            _beep(self._path)
            return True
        try:
            backend(self._path)
        except (OSError, ImportError, RuntimeError):
            if name != "beep":
                _beep(self._path)  # the sound must not be lost to a broken player
        return True

    def _resolve(self) -> tuple[str, Backend]:
        if self._backend is None:
            self._backend = choose_backend()
        return self._backend
