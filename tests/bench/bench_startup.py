"""Launch to painted window with a cached queue (target: ≤150 ms at 100k tickets).

    QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_startup [--base REF] [10000 100000]

For each size it fills a local cache, then times, in one process and on the qasync
loop: building the main window, loading the cached queue (decoded off the UI thread)
and the first paint (a grab of the whole window); then, off that path, the done
archive merging in. It compares a cold first window (imports and Qt styles warmed by
nothing) with a second one, and prints the ratio. The sync engine is not started (no
server is needed): this is the cached start only.

With ``--base REF`` (e.g. ``main``) the same bench of REF's merge-base runs first, from
a ``git archive`` of that tree in a temp folder, so today's path prints beside this one.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
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

ROOT = Path(__file__).resolve().parents[2]


async def launch(store: Store, tmp: Path) -> tuple[float, float, float, float | None]:
    api = ApiClient("http://127.0.0.1:9")  # never contacted: the engine is not started
    session = Session("http://127.0.0.1:9", ME, api, store, SyncEngine(api, store, ME))
    settings = SettingsStore(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    runner = TaskRunner()
    t0 = time.perf_counter()
    window = MainWindow(session, runner, settings, LIGHT, BusinessCalendar())
    merged = asyncio.Event()
    if hasattr(window.queue, "archiveLoaded"):  # absent on today's path
        window.queue.archiveLoaded.connect(merged.set)
    window.resize(1440, 900)
    window.show()
    t1 = time.perf_counter()
    tickets = await window.queue.load()
    t2 = time.perf_counter()
    window.grab()
    t3 = time.perf_counter()
    assert window.queue_model.rowCount() > 0 and tickets
    archive: float | None = None
    if hasattr(window.queue, "archive_loaded"):  # absent on today's path
        # The paint asked for the done archive; it merges in while the window is usable.
        await asyncio.wait_for(merged.wait(), 30)
        archive = time.perf_counter() - t3
    await runner.cancel_all()  # opening the top ticket would try the (absent) server
    window.shutdown()
    window.hide()
    window.deleteLater()
    await api.aclose()
    return t1 - t0, t2 - t1, t3 - t2, archive


async def main(sizes: list[int]) -> None:
    print(
        f"{'tickets':>8} {'run':>6} {'window':>9} {'load':>9} {'paint':>9} {'total':>9}"
        f" {'done archive merged':>20}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            store = Store(tmp / "cache.db")
            store.upsert_tickets(synthetic_tickets(n))
            totals = []
            for run in ("first", "second"):
                w, load, paint, archive = await launch(store, tmp)
                total = w + load + paint
                totals.append(total)
                after = "" if archive is None else f"{archive * 1000:>11.0f}ms later"
                print(
                    f"{n:>8} {run:>6} {w * 1000:>7.0f}ms {load * 1000:>7.0f}ms "
                    f"{paint * 1000:>7.0f}ms {total * 1000:>7.0f}ms {after}"
                )
            print(f"{'':>8} first/second = {totals[0] / totals[1]:.2f}×")
            store.close()


def run_base(ref: str, sizes: list[int]) -> None:
    """Today's path: this bench as it is in ``ref``'s merge-base, in its own tree."""
    base = subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", ref],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tree = subprocess.run(["git", "-C", str(ROOT), "archive", base], capture_output=True).stdout
    with tempfile.TemporaryDirectory(prefix="desk-base-") as folder:
        with tarfile.open(fileobj=BytesIO(tree)) as archive:
            archive.extractall(folder, filter="data")
        print(f"--- {ref} at {base[:8]} (today's path) ---", flush=True)
        env = {**os.environ, "PYTHONPATH": folder, "QT_QPA_PLATFORM": "offscreen"}
        command = [sys.executable, "-m", "tests.bench.bench_startup", *map(str, sizes)]
        subprocess.run(command, cwd=folder, env=env, check=True)
    print("--- this checkout ---", flush=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--base" in arguments:
        at = arguments.index("--base")
        base_ref = arguments[at + 1]
        del arguments[at : at + 2]
        run_base(base_ref, [int(a) for a in arguments] or [10_000, 100_000])
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    chosen = [int(a) for a in arguments] or [10_000, 100_000]
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main(chosen))
