"""Queue bench: load, sort, search, scroll and data() at 10k / 100k / 1M tickets.

Run:  QT_QPA_PLATFORM=offscreen python tests/bench/bench_queue.py [sizes...]
Prints figures (ms unless noted) and the QSortFilterProxyModel comparison; asserts
nothing. Targets at 100k: reset to painted <= 10 ms, re-sort <= 25 ms, keystroke
<= 20 ms median / 50 ms worst, scroll frame <= 10 ms, data() < 1 us. At 1M (issue 13):
first keystrokes <= 30 ms, re-sort <= 50 ms; one window with 100k tickets <= 300 MB.

"today vs new" runs the model as it was before issue 13 (tests/bench/_legacy_queue)
beside the current one on the same tickets and prints new/old ratios: keystrokes,
re-sorts, the queue's own bytes per ticket (tracemalloc: everything the model
allocates, not the Ticket objects it is given) and, at 100k, the peak RSS of a fresh
process showing one queue window (``--rss N old|new``).
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QApplication

from desk.domain import Ticket
from tests.bench._legacy_queue.model import TicketTableModel as LegacyModel
from tests.helpers.clock import NOW
from tests.helpers.people import ME
from tests.helpers.tickets import synthetic_tickets
from ui.queue.columns import Column, sort_order
from ui.queue.filtering import QueueFilter, View
from ui.queue.keys import TicketKeys
from ui.queue.model import TicketRole, TicketTableModel
from ui.queue.view import QueueView
from ui.theme import LIGHT

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
WORD = "интеграция"  # typed one key at a time; matches ~1/18 of the titles


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.2f}"


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    return min(timed(fn) for _ in range(repeat))


class _PlainModel(QAbstractTableModel):
    """The fastest honest source for QSortFilterProxyModel: two list lookups per data()."""

    def __init__(self, tickets: list[Ticket]) -> None:
        super().__init__()
        self._titles = [t.title for t in tickets]
        self._due = [t.due_at.timestamp() if t.due_at else float("inf") for t in tickets]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._titles)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role != 0:
            return None
        return self._titles[index.row()] if index.column() == 0 else self._due[index.row()]


def bench_proxy(tickets: list[Ticket], ours_sort: float, ours_key: float) -> None:
    source = _PlainModel(tickets)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(0)
    sort = timed(lambda: proxy.sort(1, Qt.SortOrder.AscendingOrder))
    key = timed(lambda: proxy.setFilterFixedString(WORD[:1]))
    row("QSortFilterProxyModel sort", sort, f"   {sort / ours_sort:6.0f}x our re-sort")
    row("QSortFilterProxyModel keystroke", key, f"   {key / ours_key:6.0f}x our keystroke")


def row(label: str, value: float, extra: str = "") -> None:
    print(f"  {label:<34}{ms(value)}{extra}")


def bench_sort(model: TicketTableModel, view: QueueView) -> float:
    model.set_filter(QueueFilter(view=View.ALL))  # everything visible: the worst case
    sorts, lexsorts = [], []
    keys = model._keys  # the bench times the bare lexsort too
    for column in (Column.DEADLINE, Column.CREATED, Column.PRIORITY, Column.ID, Column.ACTIVITY):
        model.sort(column, DESC)  # also warms lazily built keys

        def resort(c: Column = column) -> None:
            model.sort(c, ASC)

        def bare(c: Column = column) -> None:
            sort_order(keys, c, ASC)

        sorts.append(best_of(resort))
        lexsorts.append(best_of(bare))
    median = statistics.median(sorts)
    row("re-sort, 5 columns: median", median, f"   worst {ms(max(sorts))}")
    row("  of which numpy lexsort", statistics.median(lexsorts))
    row("repaint after a sort", best_of(view.viewport().grab))
    return median


def bench_search(model: TicketTableModel, view: QueueView, tickets: list[Ticket]) -> float:
    model.set_tickets(tickets)
    model.set_filter(QueueFilter(view=View.ALL))
    cold = timed(lambda: model.set_filter(QueueFilter(view=View.ALL, text=WORD[0])))
    runs = []
    for _ in range(3):
        model.set_filter(QueueFilter(view=View.ALL, text="qqqq"))  # forget the last search
        model.set_filter(QueueFilter(view=View.ALL))
        keys = []
        for i in range(1, len(WORD) + 1):
            flt = QueueFilter(view=View.ALL, text=WORD[:i])
            start = time.perf_counter()
            model.set_filter(flt)
            view.viewport().grab()
            keys.append(time.perf_counter() - start)
        runs.append(keys)
    per_key = [min(run[i] for run in runs) for i in range(len(WORD))]
    row("first search, text not built yet", cold, "   (normally built in idle slices)")
    median = statistics.median(per_key)
    extra = f"   worst {ms(max(per_key))}   ({model.rowCount():,} rows left)"
    row(f"keystroke ({len(WORD)} keys): median", median, extra)
    print("    per key (ms): " + " ".join(f"{k * 1e3:.1f}" for k in per_key))
    return median


def bench_scroll(model: TicketTableModel, view: QueueView) -> None:
    model.set_filter(QueueFilter(view=View.ALL))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    viewport = view.viewport()
    viewport.grab()
    frames = []
    for _ in range(40):
        start = time.perf_counter()
        bar.setValue(bar.value() + viewport.height())
        viewport.grab()
        frames.append(time.perf_counter() - start)
    row(
        "scroll frame (page + paint): median",
        statistics.median(frames),
        f"   worst {ms(max(frames))}",
    )


def bench_data(model: TicketTableModel) -> None:
    index = model.index(5, Column.TICKET)
    calls = 200_000

    def per_call(role: int, count: int = calls) -> float:
        return best_of(lambda: [model.data(index, role) for _ in range(count)]) / count

    unused = per_call(int(Qt.ItemDataRole.DecorationRole))
    print(f"  data() unused role                {unused * 1e6:8.3f} us")
    print(f"  data() TicketRole                 {per_call(int(TicketRole)) * 1e6:8.3f} us")
    print(f"  data() DisplayRole (formats text) {per_call(0, calls // 10) * 1e6:8.3f} us")
    via_qt = best_of(lambda: [index.data(TicketRole) for _ in range(calls // 4)]) / (calls // 4)
    print(f"  index.data() through C++          {via_qt * 1e6:8.3f} us   (PySide round trip)")


def bench(n: int, app: QApplication) -> list[Ticket]:
    print(f"\n=== {n:,} tickets ===")
    tickets = synthetic_tickets(n)
    gc.collect()
    keys_time = best_of(lambda: TicketKeys(tickets), 2)
    model = TicketTableModel(clock=lambda: NOW, current_user_id=ME.id)
    view = QueueView(model, LIGHT)
    view.resize(900, 800)
    view.show()
    app.processEvents()

    def load() -> None:
        model.set_tickets(tickets)
        view.viewport().grab()

    total = best_of(load, 3)
    row("key extraction (O(n) Python)", keys_time)
    row("set_tickets -> painted", total, f"   (reset + sort + paint {ms(total - keys_time)})")
    ours_sort = bench_sort(model, view)
    ours_key = bench_search(model, view, tickets)
    bench_scroll(model, view)
    bench_data(model)
    if n <= 100_000:
        bench_proxy(tickets, ours_sort, ours_key)
    view.close()
    view.deleteLater()
    app.processEvents()
    return tickets


# --- today vs new ------------------------------------------------------------------

SORT_COLUMNS = (Column.DEADLINE, Column.CREATED, Column.PRIORITY, Column.ID, Column.ACTIVITY)
Model = type[TicketTableModel] | type[LegacyModel]


def _window(cls: Model, tickets: list[Ticket], app: QApplication) -> tuple[Any, QueueView, float]:
    """A shown queue with every ticket, and how long opening the All view took (the
    first sort of everything after a load)."""
    model = cls(clock=lambda: NOW, current_user_id=ME.id)
    view = QueueView(model, LIGHT)  # type: ignore[arg-type]  # the legacy model quacks alike
    view.resize(900, 800)
    view.show()
    app.processEvents()
    model.set_tickets(tickets)
    model._search.build_some(len(tickets))  # as the idle slices would have by now
    first = timed(lambda: model.set_filter(QueueFilter(view=View.ALL)))  # sorts everything
    view.viewport().grab()
    return model, view, first


def _keystrokes(model: Any, view: QueueView) -> list[float]:
    runs = []
    for _ in range(3):
        model.set_filter(QueueFilter(view=View.ALL, text="qqqq"))  # forget the last search
        model.set_filter(QueueFilter(view=View.ALL))
        keys = []
        for i in range(1, len(WORD) + 1):
            start = time.perf_counter()
            model.set_filter(QueueFilter(view=View.ALL, text=WORD[:i]))
            view.viewport().grab()
            keys.append(time.perf_counter() - start)
        runs.append(keys)
    model.set_filter(QueueFilter(view=View.ALL))
    return [min(run[i] for run in runs) for i in range(len(WORD))]


def _resorts(model: Any) -> list[float]:
    """Best-of-3 re-sort per column, everything shown."""
    model.set_filter(QueueFilter(view=View.ALL))
    sorts = []
    for column in SORT_COLUMNS:
        model.sort(column, DESC)  # warms lazily built keys, as the first click did

        def resort(c: Column = column) -> None:
            model.sort(c, ASC)

        sorts.append(best_of(resort))
    model.sort(Column.PRIORITY, ASC)
    return sorts


def _bytes_per_ticket(cls: Model, tickets: list[Ticket]) -> float:
    """What the model allocates on top of the tickets: load, search text, every sort."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    model = cls(clock=lambda: NOW, current_user_id=ME.id)
    model.set_tickets(tickets)
    model._search.build_some(len(tickets))
    model.set_filter(QueueFilter(view=View.ALL, text=WORD[:3]))
    model.set_filter(QueueFilter(view=View.ALL))
    for column in Column:
        model.sort(column, ASC)
    model.row_of(tickets[-1].id)  # the id -> slot lookup
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del model
    return used / len(tickets)


def _ratio(old: float, new: float) -> str:
    return f"{new / old:6.2f}x" if old else "     -"


def compare(n: int, tickets: list[Ticket], app: QApplication) -> None:
    print(f"  --- today vs new at {n:,} (new/old: below 1 is better) ---")
    print(f"  {'':<34}{'today':>8}{'new':>9}  new/old")
    figures: dict[str, list[float]] = {}
    for name, cls in (("old", LegacyModel), ("new", TicketTableModel)):
        model, view, first = _window(cls, tickets, app)
        keys = _keystrokes(model, view)
        sorts = _resorts(model)
        figures[name] = [
            max(keys[:3]),
            statistics.median(keys),
            max(keys),
            first,
            statistics.median(sorts),
            max(sorts),
        ]
        print(f"    {name} per key (ms): " + " ".join(f"{k * 1e3:.1f}" for k in keys))
        print(f"    {name} re-sort per column (ms): " + " ".join(f"{k * 1e3:.1f}" for k in sorts))
        view.close()
        view.deleteLater()
        del model
        app.processEvents()
        gc.collect()
    labels = [
        "first 3 keystrokes: worst",
        "keystroke: median",
        "keystroke: worst",
        "open All: first full sort",
        "re-sort, 5 columns: median",
        "re-sort, 5 columns: worst",
    ]
    for label, old, new in zip(labels, figures["old"], figures["new"], strict=True):
        print(f"  {label:<34}{ms(old)} {ms(new)}  {_ratio(old, new)}")
    old_b, new_b = (
        _bytes_per_ticket(LegacyModel, tickets),
        _bytes_per_ticket(TicketTableModel, tickets),
    )
    print(f"  {'queue bytes per ticket':<34}{old_b:8.0f} {new_b:8.0f}  {_ratio(old_b, new_b)}")


def _rss_mb() -> float:
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_child(n: int, which: str) -> None:
    """In a fresh process: one queue window with ``n`` tickets; print RSS figures."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    base = _rss_mb()
    tickets = synthetic_tickets(n)
    gc.collect()
    with_tickets = _rss_mb()
    model, view, _ = _window(LegacyModel if which == "old" else TicketTableModel, tickets, app)
    _keystrokes(model, view)
    for column in Column:  # every lazily built key, as in _bytes_per_ticket
        model.sort(column, ASC)
    gc.collect()
    now = _rss_mb()
    print(f"{base:.1f} {with_tickets:.1f} {now:.1f} {_peak_rss_mb():.1f}")


def _peak_rss_mb() -> float:
    """VmHWM: this process's own high-water mark (ru_maxrss would include the parent's
    size at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def compare_rss(n: int) -> None:
    print(f"  --- peak RSS, one queue window with {n:,} tickets, fresh process (MB) ---")
    results = {}
    for which in ("old", "new"):
        out = subprocess.run(
            [sys.executable, __file__, "--rss", str(n), which],
            capture_output=True,
            text=True,
            check=True,
            timeout=900,
        ).stdout.split()
        results[which] = [float(v) for v in out[-4:]]
    labels = ["Python + Qt, no tickets", "+ tickets decoded", "+ model, window, all sorts", "peak"]
    for i, label in enumerate(labels):
        old, new = results["old"][i], results["new"][i]
        print(f"  {label:<34}{old:8.1f} {new:8.1f}  {_ratio(old, new)}")
    old_model = results["old"][2] - results["old"][1]
    new_model = results["new"][2] - results["new"][1]
    ratio = _ratio(old_model, new_model)
    print(f"  {'model and window alone':<34}{old_model:8.1f} {new_model:8.1f}  {ratio}")


def main() -> None:
    if sys.argv[1:2] == ["--rss"]:
        rss_child(int(sys.argv[2]), sys.argv[3])
        return
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
    if 100_000 in sizes:  # first, while this process is small and the machine quiet
        compare_rss(100_000)
    for n in sizes:
        tickets = bench(n, app)
        gc.collect()
        compare(n, tickets, app)
        del tickets
        gc.collect()


if __name__ == "__main__":
    main()
