"""The app's log: a rotating file in the user log folder, a quiet terminal.

Everything at INFO and up goes to ``desk.log`` (DEBUG with ``--debug``); the terminal
shows only warnings and errors unless ``--debug``. Native crashes (a segfault in Qt)
cannot go through ``logging``: ``faulthandler`` writes their Python traceback to
``crashes.log`` beside it, so a crash leaves a trace where the log is.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

__all__ = ["LogFiles", "disarm_crash_log", "setup_logging"]

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MAX_BYTES = 2_000_000
_BACKUPS = 4  # desk.log.1 .. .4: about 10 MB of history at most

_FILE_HANDLER, _TERMINAL_HANDLER = "desk-log-file", "desk-terminal"
_HANDLER_NAMES = (_FILE_HANDLER, _TERMINAL_HANDLER)

# One line per HTTP request at INFO: useful when debugging, noise otherwise.
_CHATTY = ("httpx", "httpcore")


@dataclass(frozen=True)
class LogFiles:
    folder: Path
    log: Path
    crashes: Path


def setup_logging(folder: Path, *, debug: bool, stderr: TextIO | None = None) -> LogFiles:
    """Route the root logger to the file and the terminal and arm ``faulthandler``.
    Returns where the files are (the error dialog and Help menu name them)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = LogFiles(folder, folder / "desk.log", folder / "crashes.log")
    root = logging.getLogger()
    for old in list(root.handlers):  # a second call replaces ours, never doubles them
        if old.get_name() in _HANDLER_NAMES:
            root.removeHandler(old)
            old.close()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    formatter = logging.Formatter(_FORMAT)

    to_file = logging.handlers.RotatingFileHandler(
        files.log, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
    )
    to_file.set_name(_FILE_HANDLER)
    to_file.setFormatter(formatter)
    root.addHandler(to_file)

    to_terminal = logging.StreamHandler(stderr if stderr is not None else sys.stderr)
    to_terminal.set_name(_TERMINAL_HANDLER)
    to_terminal.setLevel(logging.DEBUG if debug else logging.WARNING)
    to_terminal.setFormatter(formatter)
    root.addHandler(to_terminal)

    for name in _CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.WARNING)

    _arm_faulthandler(files.crashes)
    return files


_crash_stream: TextIO | None = None  # must stay open: faulthandler writes to its fd


def _arm_faulthandler(path: Path) -> None:
    global _crash_stream
    stream = path.open("a", encoding="utf-8")
    faulthandler.enable(file=stream, all_threads=True)
    if _crash_stream is not None:
        _crash_stream.close()
    _crash_stream = stream


def disarm_crash_log() -> None:
    """Stop writing native crashes to the crash file and close it (for tests, which
    give faulthandler back to pytest)."""
    global _crash_stream
    faulthandler.disable()
    if _crash_stream is not None:
        _crash_stream.close()
        _crash_stream = None
