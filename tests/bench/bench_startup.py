"""Launch to painted window with a cached queue (target: ≤300 ms at 100k tickets).

    QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_startup [10000 100000]

For each size it fills a local cache, then times, in one process and on the qasync
loop: building the main window, loading the cached queue (decoded off the UI thread)
and the first paint (a grab of the whole window). It compares a cold first window
(imports and Qt styles warmed by nothing) with a second one, and prints the ratio.
The sync engine is not started (no server is needed): this is the cached start only.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desk.client.api import ApiClient
from desk.client.session import Session
from desk.client.store import Store
from desk.client.sync import SyncEngine
from desk.sla import BusinessCalendar
from tests.helpers.people import ME
from tests.helpers.tickets import synthetic_tickets
from ui.mainwindow.window import MainWindow
from ui.settings.store import SettingsStore
from ui.tasks import TaskRunner
from ui.theme import LIGHT


async def launch(store: Store, tmp: Path) -> tuple[float, float, float]:
    api = ApiClient("http://127.0.0.1:9")  # never contacted: the engine is not started
    session = Session("http://127.0.0.1:9", ME, api, store, SyncEngine(api, store, ME))
    settings = SettingsStore(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    runner = TaskRunner()
    t0 = time.perf_counter()
    window = MainWindow(session, runner, settings, LIGHT, BusinessCalendar())
    window.resize(1440, 900)
    window.show()
    t1 = time.perf_counter()
    tickets = await window.queue.load()
    t2 = time.perf_counter()
    window.grab()
    t3 = time.perf_counter()
    assert window.queue_model.rowCount() > 0 and tickets
    await runner.cancel_all()  # opening the top ticket would try the (absent) server
    window.shutdown()
    window.hide()
    window.deleteLater()
    await api.aclose()
    return t1 - t0, t2 - t1, t3 - t2


async def main(sizes: list[int]) -> None:
    print(f"{'tickets':>8} {'run':>6} {'window':>9} {'load':>9} {'paint':>9} {'total':>9}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            store = Store(tmp / "cache.db")
            store.upsert_tickets(synthetic_tickets(n))
            totals = []
            for run in ("first", "second"):
                w, load, paint = await launch(store, tmp)
                total = w + load + paint
                totals.append(total)
                print(
                    f"{n:>8} {run:>6} {w * 1000:>7.0f}ms {load * 1000:>7.0f}ms "
                    f"{paint * 1000:>7.0f}ms {total * 1000:>7.0f}ms"
                )
            print(f"{'':>8} first/second = {totals[0] / totals[1]:.2f}×")
            store.close()


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    chosen = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main(chosen))
