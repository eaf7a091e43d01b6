"""Deadlines and alerting over a big queue: is it cheap enough for a 15 s timer?

Run: ``python -m tests.bench.bench_alerts [N]`` (default 10 000 open tickets). Prints
milliseconds per call (best of several runs) and compares ``breach_counts`` (one
calendar lookup per category, then datetime comparisons) with the naive loop over
``deadline_state`` (a business-time computation per ticket).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import timedelta

from desk.client.alerts.engine import AlertEngine, AlertSettings
from desk.client.deadlines import DeadlineState, breach_counts, deadline_state
from desk.domain import Category, Priority, Ticket, WaitingOn
from desk.sla import BusinessCalendar
from tests.helpers.clock import NOW
from tests.helpers.people import ME
from tests.helpers.tickets import make_ticket


def make_tickets(n: int, seed: int = 1) -> list[Ticket]:
    """``n`` open tickets of every category, a fifth mine, 70% with a running deadline."""
    rng = random.Random(seed)
    cal = BusinessCalendar()
    out: list[Ticket] = []
    for i in range(1, n + 1):
        category = rng.choice(list(Category))
        since = NOW - timedelta(minutes=rng.randrange(0, 5 * 24 * 60))
        waiting = rng.random() < 0.7
        out.append(
            make_ticket(
                i,
                title=f"Ticket {i}",
                waiting_on=WaitingOn.TEAM if waiting else WaitingOn.CUSTOMER,
                urgent=category is Category.CRITICAL,
                priority=Priority.NORMAL,
                category=category,
                assignee=ME if rng.random() < 0.2 else None,
                created_at=since,
                updated_at=since,
                last_message_at=since,
                last_message_preview="Hello",
                message_count=2,
                unread_count=1,
                due_at=cal.due_at(category, since) if waiting else None,
            )
        )
    return out


def best_ms(fn: Callable[[], object], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main(n: int) -> None:
    tickets = make_tickets(n)
    cal = BusinessCalendar()
    cal.business_time_between(NOW, NOW + timedelta(days=30))  # warm the year tables

    def naive() -> tuple[int, int]:
        states = [deadline_state(t, NOW, cal).state for t in tickets]
        return states.count(DeadlineState.BREACHED), states.count(DeadlineState.WARNING)

    assert naive() == breach_counts(tickets, NOW, cal)
    fast = best_ms(lambda: breach_counts(tickets, NOW, cal))
    slow = best_ms(naive)
    breached, soon = breach_counts(tickets, NOW, cal)
    print(f"{n} tickets: {breached} breached, {soon} due soon")
    print(f"breach_counts            {fast:8.2f} ms")
    print(f"deadline_state per ticket {slow:7.2f} ms   ({slow / fast:.0f}x slower)")

    clock = [NOW]

    def engine() -> AlertEngine:
        # seen_seq=n: the whole queue is the silent baseline of an earlier session.
        return AlertEngine(ME, cal, clock=lambda: clock[0], settings=AlertSettings(), seen_seq=n)

    load = best_ms(lambda: engine().observe(tickets, initial=True))
    fresh = []
    for _ in range(5):
        fresh.append(engine())
        fresh[-1].observe(tickets, initial=True)
    first_check = best_ms(lambda: fresh.pop().check_deadlines())
    e = engine()
    e.observe(tickets, initial=True)
    e.check_deadlines()
    steady = best_ms(e.check_deadlines)
    attention = best_ms(e.attention)
    replay = best_ms(lambda: e.observe(tickets))
    print(f"engine: initial observe  {load:8.2f} ms")
    print(f"engine: first deadline check (alerts every breach) {first_check:.2f} ms")
    print(f"engine: steady deadline check {steady:8.2f} ms")
    print(f"engine: attention (tray counts) {attention:6.2f} ms")
    print(f"engine: replay of all tickets {replay:8.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
