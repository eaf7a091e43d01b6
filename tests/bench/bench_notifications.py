"""How long a notification takes to reach the daemon, and a click to come back.

Run: ``python -m tests.bench.bench_notifications [N]`` (default 50). Starts a private
desktop session (Xvfb, a session bus, dunst: ``tests.helpers.desktop_session``), sends
``N`` loud alerts through the Notifier and ``DesktopNotifierService`` on a qasync loop,
and prints milliseconds from ``notify()`` until the daemon answered (the first one
includes connecting to the bus), then from ``dunstctl action 0`` until the app heard
the click. Needs dbus-daemon, dunst and Xvfb.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from desk.client.alerts.types import Alert, AlertKind
from tests.helpers.desktop_session import DesktopSession, missing_tools
from ui.alerts.native import DesktopNotifierService
from ui.alerts.notifications import Notifier
from ui.alerts.sound import SoundPlayer
from ui.alerts.tray import TrayController


def loud(tid: int) -> Alert:
    return Alert(
        kind=AlertKind.NEW_TICKET,
        key=f"new:{tid}",
        loud=True,
        ticket_id=tid,
        title=f"URGENT: ticket {tid}",
        sender="Ivan Petrov",
        unassigned=True,
    )


async def measure(n: int, desktop: DesktopSession) -> tuple[list[float], list[float]]:
    tray = TrayController(available=False)
    service = DesktopNotifierService()
    notifier = Notifier(
        tray, service=service, sound=SoundPlayer(backend=("fake", lambda _p: None)), min_interval=0
    )
    sends: list[float] = []
    for tid in range(1, n + 1):
        start = time.perf_counter()
        notifier.notify([loud(tid)])
        await notifier.settled()
        sends.append((time.perf_counter() - start) * 1000)
    clicks: list[float] = []
    clicked = asyncio.Event()
    notifier.ticketRequested.connect(lambda _tid: clicked.set())
    for _ in range(min(n, 10)):
        clicked.clear()
        start = time.perf_counter()
        # dunstctl runs in a thread: it must not block the loop that hears the answer.
        await asyncio.to_thread(desktop.dunstctl, "action", "0")
        await asyncio.wait_for(clicked.wait(), 5)
        clicks.append((time.perf_counter() - start) * 1000)
        await asyncio.to_thread(desktop.dunstctl, "close")
    await service.close()
    tray.close()
    return sends, clicks


def report(name: str, ms: list[float]) -> None:
    print(
        f"{name:34} n={len(ms):3}  first {ms[0]:6.1f}  median {statistics.median(ms):6.1f}"
        f"  max {max(ms[1:] or ms):6.1f} ms"
    )


def main() -> None:
    missing = missing_tools()
    if missing:
        raise SystemExit("needs " + ", ".join(missing))
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        desktop = DesktopSession(Path(tmp))
        desktop.start()
        try:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = desktop.bus_address
            with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
                sends, clicks = runner.run(measure(n, desktop))
        finally:
            desktop.stop()
    report("notify() -> shown by dunst", sends)
    report("dunstctl action -> ticketRequested", clicks)


if __name__ == "__main__":
    main()
