"""One Desk per user and data folder: a second launch hands its arguments over.

The first Desk listens on a local socket (``QLocalServer``: a Unix socket in the
user's runtime dir, a named pipe on Windows). A later ``desk`` connects, sends its
command-line arguments as one JSON line, waits for ``ok`` and exits; the running one
raises its window and acts on them (see ``DeskApp.handle_launch``).

The name is the app id plus a hash of the user and the data folder: another data
folder (``XDG_DATA_HOME``, as the tests use) is another instance, since it is
another set of account caches. A Desk that crashed leaves its Unix socket file
behind; when nobody answers on it, it is removed and taken over.
"""

from __future__ import annotations

import enum
import getpass
import hashlib
import json
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desk_resources import APP_ID

__all__ = ["Claim", "InstanceGuard", "instance_name"]

log = logging.getLogger(__name__)

_ANSWER_MS = 3000  # the running Desk answers from its event loop: normally in ms
_OK = b"ok\n"
_READ_MS = 1000
_MAX_LINE = 1_000_000


def instance_name(data_root: Path) -> str:
    """The socket's name (a full path in ``$XDG_RUNTIME_DIR`` where there is one)."""
    key = f"{_user()}\n{data_root.resolve()}".encode()
    name = f"{APP_ID}-{hashlib.sha256(key).hexdigest()[:12]}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform.startswith("linux") and runtime and Path(runtime).is_dir():
        return str(Path(runtime) / name)  # private to the user, cleared at log-out
    return name  # QLocalServer puts it in the temp dir (or the pipe namespace)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER and no passwd entry (some containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


class Claim(enum.Enum):
    FIRST = "first"  # we listen now: this process is the running Desk
    HANDED_OVER = "handed over"  # a running Desk took our arguments; exit


class InstanceGuard(QObject):
    """``hand_over()`` then ``claim()`` once at start; ``launched`` then carries each later launch's
    arguments (the strings after ``desk``)."""

    launched = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None

    def hand_over(self, arguments: list[str]) -> bool:
        """Before the QApplication (no display needed): True when a running Desk took
        the arguments, and this process should exit."""
        return self._hand_over(arguments)

    def claim(self, arguments: list[str]) -> Claim:
        """With the QApplication: listen, unless a Desk started meanwhile took over."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Someone started at the same moment (then they answer now), or a crashed
            # Desk left its socket file (nobody answers: remove it and listen).
            if self._hand_over(arguments):
                return Claim.HANDED_OVER
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("no single-instance socket (%s): %s", self.name, server.errorString())
                return Claim.FIRST
        server.newConnection.connect(self._accept)
        self._server = server
        return Claim.FIRST

    def _hand_over(self, arguments: list[str]) -> bool:
        """Blocking, before any window: send the arguments, True once acknowledged."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_ANSWER_MS):
            return False
        socket.write(json.dumps({"arguments": arguments}).encode() + b"\n")
        answer = b""
        if socket.waitForBytesWritten(_ANSWER_MS):
            while not answer.endswith(b"\n") and socket.waitForReadyRead(_ANSWER_MS):
                answer += bytes(socket.readAll().data())
        socket.abort()
        if answer != _OK:
            log.warning("the running Desk did not answer (%r)", answer)
            return False
        return True

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            arguments = self._receive(socket)
            socket.deleteLater()
            if arguments is not None:
                log.info("another launch handed over its arguments: %s", arguments)
                self.launched.emit(arguments)

    @staticmethod
    def _receive(socket: QLocalSocket) -> list[str] | None:
        """Read the one line (the sender writes it as soon as it is connected, so the
        short wait cannot stall the window), answer ``ok`` and hang up."""
        line = b""
        while not line.endswith(b"\n") and len(line) < _MAX_LINE:
            if not socket.bytesAvailable() and not socket.waitForReadyRead(_READ_MS):
                break
            line += bytes(socket.readAll().data())
        try:
            arguments = json.loads(line.decode())["arguments"]
            if not isinstance(arguments, list) or not all(isinstance(a, str) for a in arguments):
                raise ValueError("arguments must be a list of strings")
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("ignored a malformed message on the instance socket: %s", exc)
            socket.abort()
            return None
        socket.write(_OK)
        socket.waitForBytesWritten(_READ_MS)
        socket.disconnectFromServer()
        return arguments

    def close(self) -> None:
        if self._server is not None:
            self._server.close()  # removes the Unix socket file
            self._server = None
