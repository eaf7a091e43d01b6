"""SIGINT and SIGTERM reach the Qt loop and ask to quit; a second one ends at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from pytestqt.qtbot import QtBot

from ui.lifecycle.quit_signals import QuitOnSignals


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_asks_to_quit_once_from_the_qt_loop(qtbot: QtBot, sig: signal.Signals) -> None:
    asked: list[str] = []
    before = signal.getsignal(sig)
    guard = QuitOnSignals(lambda: asked.append("quit"))
    try:
        os.kill(os.getpid(), sig)
        qtbot.waitUntil(lambda: asked == ["quit"], timeout=5000)
    finally:
        guard.close()
    assert signal.getsignal(sig) == before  # closing puts the old handler back


def test_a_second_signal_while_quitting_exits_at_once() -> None:
    # The app ignores the first request here (as if shutting down took forever).
    script = textwrap.dedent(
        """
        import os, signal
        from PySide6.QtCore import QCoreApplication, QTimer
        from ui.lifecycle.quit_signals import QuitOnSignals
        app = QCoreApplication([])
        guard = QuitOnSignals(lambda: print("quitting", flush=True))
        QTimer.singleShot(0, lambda: os.kill(os.getpid(), signal.SIGTERM))
        QTimer.singleShot(200, lambda: os.kill(os.getpid(), signal.SIGINT))
        QTimer.singleShot(20000, app.quit)
        app.exec()
        print("not reached", flush=True)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 128 + signal.SIGINT, done.stderr
    assert done.stdout.split() == ["quitting"]
