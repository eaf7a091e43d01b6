"""Chat view benchmark: appending, re-laying out at a new width, prepending a page.

Run: QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_chat [sizes...]
For each thread size (500, 5,000 and 50,000 messages by default) it prints the
median CPU time of this process in milliseconds (the machine is shared, so
wall-clock figures swing with other load) for the old path, where QListView lays
out every row on every change (``layout_strategy="qt"``), beside the new one,
which measures only the rows near the viewport (``"lazy"``), with the ratio.
Each figure includes the first paint after the change.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from tests.helpers.messages import make_message, thread
from ui.chat import ChatView, MessageListModel
from ui.chat.view import LayoutStrategy

clock = time.process_time
PAGE = 400
SIZES = (500, 5000, 50000)
STRATEGIES: tuple[LayoutStrategy, ...] = ("qt", "lazy")


def flush(app: QApplication, view: ChatView) -> None:
    """Run the delayed layout and paint now, the way the next frame would."""
    if view._layout_pending:
        view.doItemsLayout()
    view.viewport().repaint()
    app.processEvents()


def median_ms(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append((clock() - t0) * 1000)
    return statistics.median(times)


def run(app: QApplication, strategy: LayoutStrategy, total: int) -> dict[str, float]:
    """All figures for one strategy at one thread size."""
    repeat = 3 if strategy == "qt" and total > 10000 else 7
    messages = thread(total, start_id=PAGE + 1)
    older = [thread(PAGE, start_id=1)]
    view = ChatView(layout_strategy=strategy)
    model = MessageListModel(view)
    view.setModel(model)
    view.resize(900, 800)
    view.show()
    flush(app, view)
    results: dict[str, float] = {}

    t0 = clock()
    model.set_messages(messages, has_older=True)
    flush(app, view)
    results["open + first paint"] = (clock() - t0) * 1000

    next_id = total + PAGE + 1

    def append_one() -> None:
        nonlocal next_id
        model.upsert([make_message(next_id, "новое сообщение https://example.com")])
        next_id += 1
        flush(app, view)

    results["full repaint alone (floor)"] = median_ms(lambda: view.viewport().repaint(), 9)
    results["append one"] = median_ms(append_one, repeat * 2)

    widths = iter([700, 900] * 20)

    def new_width() -> None:
        view.resize(next(widths), 800)
        view._resize_timer.stop()
        view._apply_width()  # what the resize debounce timer runs
        flush(app, view)

    results["re-layout at a new width"] = median_ms(new_width, repeat)

    bar = view.verticalScrollBar()

    def scroll_frame() -> None:
        bar.setValue(bar.value() - 120 if bar.value() > 200 else bar.maximum())
        view.viewport().repaint()

    bar.setValue(bar.maximum() // 2)
    results["scroll frame (middle)"] = median_ms(scroll_frame, 30)

    def prepend_page() -> None:
        bar.setValue(0)
        page = older[0]
        t0 = clock()
        model.prepend_older(page, has_older=True)
        flush(app, view)
        times.append((clock() - t0) * 1000)
        model.set_messages(messages, has_older=True)  # back to `total` rows (untimed)
        flush(app, view)
        bar.setValue(bar.maximum() // 3)

    times: list[float] = []
    for _ in range(repeat):
        prepend_page()
    results[f"prepend {PAGE} older"] = statistics.median(times)
    view.close()
    view.deleteLater()
    app.processEvents()
    return results


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for total in sizes:
        figures = {s: run(app, s, total) for s in STRATEGIES}
        old, new = figures["qt"], figures["lazy"]
        width = max(len(k) for k in old) + 2
        print(f"\n{total:,} messages, CPU ms median")
        print(f"{'':{width}}  {'qt (old)':>10}  {'lazy (new)':>10}  {'ratio':>7}")
        for key, value in old.items():
            ratio = value / new[key] if new[key] else float("nan")
            print(f"{key:{width}}  {value:9.2f}ms  {new[key]:9.2f}ms  {ratio:6.1f}x")


if __name__ == "__main__":
    main()
