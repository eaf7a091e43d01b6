"""Context panel benchmark: open and refresh beside a 100k-ticket cache (offscreen Qt).

Run: ``QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_context_panel [N]``.
Each refresh is timed alone: the store write that produced its Changes happens first.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from desk.client.customer_context import CustomerContextTracker
from desk.client.store import Changes, Store
from tests.helpers.messages import linked_thread
from tests.helpers.tickets import synthetic_tickets


def median_ms(runs: int, prepare: Callable[[], Changes], act: Callable[[Changes], object]) -> float:
    samples = []
    for _ in range(runs):
        changes = prepare()
        start = time.perf_counter()
        act(changes)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main(n: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.context.panel import ContextPanel
    from ui.theme import LIGHT

    app = QApplication.instance() or QApplication([])
    tickets = synthetic_tickets(n)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.sqlite3") as store:
        store.upsert_tickets(tickets)
        opened, second = tickets[n // 2], tickets[n // 2 + 1]
        store.upsert_messages(linked_thread(opened, 400, 1))
        tracker = CustomerContextTracker(store)
        start = time.perf_counter()
        tracker.use_tickets(tickets)
        build = (time.perf_counter() - start) * 1000
        print(f"{n} tickets; index from the queue's list: {build:.1f} ms")
        panel = ContextPanel(tracker, None, LIGHT)
        panel.resize(320, 860)
        panel.show()
        app.processEvents()

        def timed_open(ticket: object) -> float:
            start = time.perf_counter()
            panel.set_ticket(ticket)  # type: ignore[arg-type]
            app.processEvents()  # layout and paint included
            return (time.perf_counter() - start) * 1000

        first = timed_open(opened)
        print(f"  open (400-message thread, {len(panel.ticket_rows)} ticket rows,"
              f" {len(panel.link_rows)} link rows shown): {first:.1f} ms")  # fmt: skip
        print(f"  switch to another customer's ticket: {timed_open(second):.1f} ms")
        print(f"  switch back: {timed_open(opened):.1f} ms")

        other = next(t for t in tickets if t.customer.id != opened.customer.id)
        sibling = next(
            t for t in tickets if t.customer.id == opened.customer.id and t.id != opened.id
        )
        seq = [30_000_000]
        mid = [900_000]

        def bump(ticket_id: int) -> Changes:
            seq[0] += 1
            t = store.ticket(ticket_id)
            assert t is not None
            return store.upsert_tickets([msgspec.structs.replace(t, seq=seq[0], version=seq[0])])

        def new_message() -> Changes:
            mid[0] += 1
            m = linked_thread(opened, 1, mid[0])[0]
            body = f"{m.body} https://app.aitextura.com/chats/{mid[0]}"
            return store.upsert_messages([msgspec.structs.replace(m, body=body)])

        def refresh(changes: Changes) -> None:
            panel.refresh(changes)
            app.processEvents()

        cases = [
            ("another customer's ticket changed", lambda: bump(other.id)),
            ("a sibling ticket changed", lambda: bump(sibling.id)),
            ("a new message with a link in the open thread", new_message),
        ]
        print("refresh (median of 50, layout and paint included):")
        for label, prepare in cases:
            print(f"  {label:<48} {median_ms(50, prepare, refresh):8.3f} ms")
        panel.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
