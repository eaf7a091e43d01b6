"""Garbage collection only on the GUI thread.

Python's cyclic collector runs on whichever thread happens to allocate when its
thresholds trip. In Desk other threads run Python too (the embedded demo server, the
thread pool that decodes thumbnails), and a collection there can destroy Qt objects
caught in reference cycles from the wrong thread: Qt warns ("Timers cannot be stopped
from another thread") or crashes. So automatic collection is switched off and a timer
on the GUI thread collects instead, young generations often and everything now and then.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_MS = 500
FULL_EVERY = 20  # young passes per full collection (~10 s)


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._passes = 0
        self._timer = QTimer(self)
        self._timer.setInterval(YOUNG_MS)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def collect(self) -> None:
        self._passes += 1
        if self._passes % FULL_EVERY == 0:
            gc.collect()
        else:
            gc.collect(0)
