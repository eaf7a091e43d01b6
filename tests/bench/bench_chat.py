"""Chat view benchmark: opening a thread, appending, prepending, scrolling, resizing.

Run: QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_chat
Prints medians in milliseconds of CPU time of this process (the machine is shared,
so wall-clock figures swing with other load), and the cost with the layout cache
switched off. Batched layout mode is not compared: it only spreads the same work
over later event-loop passes, and the first pass shows the oldest rows, not the
newest the chat opens at.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QListView

from tests.helpers.messages import make_message, thread
from ui.chat import ChatView, MessageListModel

clock = time.process_time
TOTAL = 5000
FIRST_PAGE = 400


def flush(app: QApplication, view: ChatView) -> None:
    """Run the delayed layout and paint now, the way the first frame would."""
    if view._layout_pending:
        view.doItemsLayout()
    view.viewport().repaint()
    app.processEvents()


def median_ms(fn: Callable[[], None], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append((clock() - t0) * 1000)
    return statistics.median(times)


def make_view(cache: bool, mode: QListView.LayoutMode) -> tuple[ChatView, MessageListModel]:
    view = ChatView()
    view.setLayoutMode(mode)
    view.delegate.cache_enabled = cache
    model = MessageListModel(view)
    view.setModel(model)
    view.resize(900, 800)
    view.show()
    return view, model


def run(app: QApplication, cache: bool, mode: QListView.LayoutMode) -> dict[str, float]:
    """All figures for one configuration."""
    messages = thread(TOTAL, start_id=1)
    newest = messages[-FIRST_PAGE:]
    results: dict[str, float] = {}
    view, model = make_view(cache, mode)
    flush(app, view)

    def open_thread() -> None:
        view.delegate.clear_cache()
        model.clear()
        flush(app, view)
        t0 = clock()
        model.set_messages(newest, has_older=True)
        flush(app, view)
        results.setdefault("_open", 0)
        results["_open"] = (clock() - t0) * 1000

    opens = []
    for _ in range(5):
        open_thread()
        opens.append(results.pop("_open"))
    results["open 400 + first paint"] = statistics.median(opens)

    next_id = TOTAL + 1

    def append_one() -> None:
        nonlocal next_id
        model.upsert([make_message(next_id, "новое сообщение https://example.com")])
        next_id += 1
        flush(app, view)

    results["append one (400 loaded)"] = median_ms(append_one, 15)

    def relayout_all() -> None:
        view.delegate.clear_cache()
        view.scheduleDelayedItemsLayout()
        flush(app, view)

    results["relayout 400 at a new width"] = median_ms(relayout_all, 5)

    bar = view.verticalScrollBar()

    def scroll_frame() -> None:
        bar.setValue(bar.value() - 120 if bar.value() > 200 else bar.maximum())
        view.viewport().repaint()

    results["scroll frame"] = median_ms(scroll_frame, 60)

    pages = [messages[i : i + FIRST_PAGE] for i in range(0, TOTAL - FIRST_PAGE, FIRST_PAGE)]
    prepend_times = []
    for page in reversed(pages):
        bar.setValue(0)
        t0 = clock()
        model.prepend_older(page, has_older=page is not pages[0])
        flush(app, view)
        prepend_times.append((clock() - t0) * 1000)
    results["prepend page of 400 (median over 12)"] = statistics.median(prepend_times)
    results["prepend last page (5000 loaded)"] = prepend_times[-1]
    results["append one (5000 loaded)"] = median_ms(append_one, 15)
    bar.setValue(bar.maximum() // 2)
    results["scroll frame (5000 loaded)"] = median_ms(scroll_frame, 60)

    results["relayout 5000 at a new width"] = median_ms(relayout_all, 3)
    view.close()
    view.deleteLater()
    app.processEvents()
    return results


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    single = QListView.LayoutMode.SinglePass
    cached = run(app, True, single)
    uncached = run(app, False, single)
    width = max(len(k) for k in cached)
    print(f"{'CPU ms, median':{width}}  {'cached':>9}  {'no cache':>9}  {'ratio':>6}")
    for key, value in cached.items():
        ratio = uncached[key] / value if value else float("nan")
        print(f"{key:{width}}  {value:8.2f}ms {uncached[key]:8.2f}ms  {ratio:5.1f}x")


if __name__ == "__main__":
    main()
