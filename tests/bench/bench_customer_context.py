"""Customer context benchmark: the index over 100k cached tickets, open and refresh.

Run: ``python -m tests.bench.bench_customer_context [N]``. Prints milliseconds, and the
ratio against scanning every ticket object for the customer (what the index avoids).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import msgspec

from desk.client.customer_context import CustomerContextTracker, CustomerIndex, summarize_tickets
from desk.client.store import Changes, Store
from desk.domain import Ticket
from tests.helpers.messages import linked_thread
from tests.helpers.tickets import synthetic_tickets

T = TypeVar("T")


def timed(label: str, fn: Callable[[], T], repeat: int = 5) -> tuple[T, float]:
    best = float("inf")
    value: T
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    print(f"  {label:<56} {best:9.2f} ms  (best of {repeat})")
    return value, best


def main(n: int) -> None:
    tickets = synthetic_tickets(n)
    print(f"{n} tickets, {len({t.customer.id for t in tickets})} customers")
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.sqlite3") as store:
        store.upsert_tickets(tickets)
        opened = tickets[n // 2]
        store.upsert_messages(linked_thread(opened, 400, 1))
        cid = opened.customer.id

        _, scan = timed(
            "naive: scan 100k objects for one customer + sort",
            lambda: summarize_tickets(t for t in tickets if t.customer.id == cid),
        )
        index, build = timed(
            "CustomerIndex.from_tickets (once, at start)",
            lambda: CustomerIndex.from_tickets(tickets),
        )
        _, lookup = timed("index: one customer's ids", lambda: index.ticket_ids(cid), 50)
        print(f"  customer has {len(index.ticket_ids(cid))} tickets")

        tracker = CustomerContextTracker(store, index=index)
        ctx, _ = timed("tracker.open (tickets + 400-message thread)", lambda: tracker.open(opened))
        assert ctx is not None
        print(f"  links {len(ctx.links)}, attachments {len(ctx.attachments)}")

        other = next(t for t in tickets if t.customer.id != cid)
        seq = [20_000_000]

        def bump(t: Ticket) -> Ticket:
            seq[0] += 1
            return msgspec.structs.replace(t, seq=seq[0], unread_count=t.unread_count + 1)

        def refresh_other() -> object:
            return tracker.refresh(store.upsert_tickets([bump(other)]))

        def refresh_same() -> object:
            sibling = next(t for t in tickets if t.customer.id == cid and t.id != opened.id)
            return tracker.refresh(store.upsert_tickets([bump(sibling)]))

        mid = [5000]

        def refresh_message() -> object:
            mid[0] += 1
            msg = linked_thread(opened, 1, mid[0])
            return tracker.refresh(store.upsert_messages(msg))

        print("refresh (store write included):")
        timed("  another customer's ticket changed", refresh_other)
        timed("  a sibling ticket of this customer changed", refresh_same)
        timed("  a new message in the open thread", refresh_message)
        print("refresh alone (the Changes of a write that already happened):")
        sibling_id = next(t.id for t in tickets if t.customer.id == cid and t.id != opened.id)
        _, r_other = timed(
            "  Changes(another customer's ticket)",
            lambda: tracker.refresh(Changes.of(tickets=[other.id])),
            50,
        )
        timed(
            "  Changes(sibling ticket)",
            lambda: tracker.refresh(Changes.of(tickets=[sibling_id])),
            50,
        )
        timed(
            "  Changes(one message in the open thread)",
            lambda: tracker.refresh(Changes.of(messages={opened.id: [mid[0]]})),
            50,
        )
        page = [
            msgspec.structs.replace(t, id=t.id + n, seq=seq[0] + i + 1)
            for i, t in enumerate(tickets[:1000])
        ]
        changes = store.upsert_tickets(page)
        timed("  Changes(1000 unseen tickets: a sync page)", lambda: tracker.refresh(changes), 1)
        print(
            f"ratios: naive scan / index lookup = {scan / max(lookup, 1e-6):.0f}x;"
            f" naive scan / refresh(other) = {scan / max(r_other, 1e-6):.0f}x;"
            f" build = {build / scan:.1f} naive scans"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
