"""``desk --self-check``: start as usual, wait until the queue is on screen, report
what loaded and quit.

Made for installers' smoke tests (packaging/smoke.sh runs the frozen app with
``--demo --self-check``): a bundle that lacks a Qt plugin, a translation, a holiday
calendar or a library fails here with a sentence instead of on an agent's desk. The
report goes to stdout; the exit code is 0 when the queue was shown, 1 otherwise.

The queue counts as shown when the main window has been painted with rows in its
queue and the top ticket has opened beside it (so the app is quit when it is settled,
not in the middle of its first requests). Paint events are watched application-wide
from the start, so the very first paint is seen however early it comes; the figures
are seconds since the process started (the frozen app's cold start). The holiday
calendars are loaded after the quit, where they cannot stall the app.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import holidays
from PySide6.QtCore import QEvent, QObject, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desk.client.credentials import CredentialStore
from desk.sla import BusinessCalendar
from ui.mainwindow.window import MainWindow

#: How long the queue may take to appear (a first demo start seeds 300 tickets).
TIMEOUT_S = 90.0
_POLL_MS = 20

_imported_at = time.monotonic()


def process_age() -> float:
    """Seconds since this process started: from the kernel on Linux, else since this
    module was imported (which ``ui.app`` does early)."""
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except OSError:
        return time.monotonic() - _imported_at
    import os

    # Field 22 (starttime, in clock ticks since boot); the command name before it may
    # hold spaces, so count from the closing parenthesis.
    started = int(stat.rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
    return max(0.0, uptime - started)


@dataclass
class _Progress:
    first_paint: float | None = None
    queue_shown: float | None = None


class SelfCheck(QObject):
    def __init__(
        self,
        window: Callable[[], MainWindow | None],
        credentials: CredentialStore,
        calendar: BusinessCalendar,
        translators: list[QTranslator],
        quit_app: Callable[[], None],
        out: TextIO = sys.stdout,
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        super().__init__()
        self._window = window
        self._credentials = credentials
        self._calendar = calendar
        self._translators = translators
        self._quit_app = quit_app
        self._out = out
        self._timeout_s = timeout_s
        self._progress = _Progress()
        self._ready = asyncio.Event()
        app = QGuiApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._poll = QTimer(self)
        self._poll.setInterval(_POLL_MS)
        self._poll.timeout.connect(self._check_queue)
        self._poll.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._progress.first_paint is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), MainWindow)
        ):
            self._progress.first_paint = process_age()
            watched_app = QGuiApplication.instance()
            if watched_app is not None:  # seen: no filter on every event from here on
                watched_app.removeEventFilter(self)
        return False

    def _check_queue(self) -> None:
        window = self._window()
        if (
            window is None
            or not window.isVisible()
            or self._progress.first_paint is None
            or window.queue.model.rowCount() == 0
            or window.ticket.ticket_id is None  # the top ticket opens by itself: wait for it
        ):
            return
        self._progress.queue_shown = process_age()
        self._poll.stop()
        self._ready.set()

    async def supervise(self, app_run: Coroutine[Any, Any, int]) -> int:
        """Run the app (``DeskApp.run()``) until the queue is shown, then quit it."""
        app_task = asyncio.ensure_future(app_run)
        ready = asyncio.ensure_future(self._ready.wait())
        done, _ = await asyncio.wait(
            {app_task, ready}, timeout=self._timeout_s, return_when=asyncio.FIRST_COMPLETED
        )
        self._poll.stop()
        if ready not in done:
            ready.cancel()
            if app_task in done:
                self._fail(
                    f"Desk stopped (exit code {app_task.result()}) before the queue was shown."
                )
                return 1
            self._fail(f"The queue was not shown within {self._timeout_s:.0f} seconds.")
            app_task.cancel()
            await asyncio.gather(app_task, return_exceptions=True)
            return 1
        seen = self._what_loaded()  # while the window is up
        self._quit_app()
        code = await app_task
        try:  # after the quit, so loading every calendar does not stall the app
            seen.append(self._holiday_calendars())
        except Exception as exc:  # a calendar missing from the bundle: say which
            self._fail(f"The queue was shown, but a holiday calendar did not load: {exc}")
            return 1
        self._out.write("self-check: ok\n" + "".join(f"  {line}\n" for line in seen))
        self._out.write(f"self-check: quit cleanly (exit code {code})\n")
        self._out.flush()
        return code

    def _fail(self, sentence: str) -> None:
        self._out.write(f"self-check FAILED: {sentence}\n")
        self._out.flush()

    def _what_loaded(self) -> list[str]:
        window = self._window()
        assert window is not None
        catalogues = [
            f"{t.language() or '?'} ({Path(t.filePath()).name})" for t in self._translators
        ]
        return [
            f"tickets in the queue: {window.queue.model.rowCount()}",
            f"translations: {', '.join(catalogues) or 'none (English)'}",
            f"keyring backend: {self._credentials.backend_name}",
            f"Qt platform plugin: {QGuiApplication.platformName()}",
            f"first paint: {self._progress.first_paint:.2f} s after start",
            f"queue shown: {self._progress.queue_shown:.2f} s after start",
        ]

    def _holiday_calendars(self) -> str:
        """Every calendar the settings could name must load from the bundle (``holidays``
        imports a country's module only when asked), and the one in use has holidays."""
        supported = holidays.list_supported_countries()
        for code in supported:
            holidays.country_holidays(code, years=())
        country = self._calendar.levels.holiday_country
        year = date.today().year
        days_off = len(holidays.country_holidays(country, years=year)) if country else 0
        return (
            f"holiday calendars: {len(supported)} load; {country or 'none'} has "
            f"{days_off} holidays in {year}"
        )
