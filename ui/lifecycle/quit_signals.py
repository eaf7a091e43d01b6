"""Ctrl+C and SIGTERM quit the app the way the Quit menu does.

Under qasync, Qt's event loop runs in C++: a Python signal handler runs only when
Python next gets control, which for an idle window may be never (qasync has no
``add_signal_handler``). So the signal is also written to a socket
(``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches: Qt wakes up, the
notifier's slot runs in Python and asks to quit. A second signal while quitting ends
the process at once (the person has given up waiting).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier

__all__ = ["QuitOnSignals"]

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class QuitOnSignals(QObject):
    """Calls ``request_quit`` once on the first SIGINT or SIGTERM; exits at once on
    the second. ``close()`` puts the previous handlers back."""

    def __init__(self, request_quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._request_quit = request_quit
        self._quitting = False
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {sig: signal.signal(sig, self._note) for sig in SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    @staticmethod
    def _note(_signum: int, _frame: FrameType | None) -> None:
        """The Python-level handler: nothing to do here (the wake-up byte carries the
        signal to ``_drain``), but it replaces the default KeyboardInterrupt."""

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            for signum in self._reader.recv(64):
                self._received(signum)

    def _received(self, signum: int) -> None:
        name = signal.Signals(signum).name
        if self._quitting:
            log.warning("%s again while quitting: exiting now", name)
            os._exit(128 + signum)
        self._quitting = True
        log.info("%s received: quitting", name)
        self._request_quit()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
