"""Decode 100k tickets: msgspec (what desk.client.api uses) vs pydantic vs json.loads.

Run: /tmp/venv312/bin/python tests/bench/bench_decode.py [count]
Prints the best of a few runs in ms and the ratios to msgspec.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Literal

import msgspec
import pydantic

from desk.client.api.wire import TicketPage, ticket_page_decoder
from tests.helpers import wire
from tests.helpers.tickets import synthetic_tickets


class PUser(pydantic.BaseModel):
    id: int
    name: str
    email: str
    role: Literal["customer", "agent", "admin"]
    company: str | None = None


class PTicket(pydantic.BaseModel):
    id: int
    title: str
    status: Literal["on_customer", "done"]
    waiting_on: Literal["team", "customer"] | None
    urgent: bool
    priority: Literal["critical", "high", "normal", "low"]
    category: Literal["critical", "configuration", "feature_request", "other"]
    customer: PUser
    assignee: PUser | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    last_message_at: datetime | None
    last_message_preview: str
    message_count: int
    unread_count: int
    due_at: datetime | None
    version: int
    seq: int


class PTicketPage(pydantic.BaseModel):
    items: list[PTicket]
    next_cursor: str | None
    seq: int


def make_page(count: int) -> bytes:
    """One page of ``count`` tickets as the server would send it."""
    return json.dumps(wire.page(synthetic_tickets(count), seq=count)).encode()


def best_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    payload = make_page(count)
    print(f"{count} tickets, {len(payload) / 1e6:.1f} MB of JSON")

    page = ticket_page_decoder.decode(payload)
    assert isinstance(page, TicketPage) and len(page.items) == count
    assert PTicketPage.model_validate_json(payload).items[-1].seq == page.items[-1].seq

    results = {
        "msgspec Decoder(TicketPage)": best_ms(lambda: ticket_page_decoder.decode(payload), 5),
        "msgspec.json.decode (untyped)": best_ms(lambda: msgspec.json.decode(payload), 5),
        "json.loads -> dicts": best_ms(lambda: json.loads(payload), 3),
        "pydantic model_validate_json": best_ms(
            lambda: PTicketPage.model_validate_json(payload), 2
        ),
        "pydantic validate(json.loads)": best_ms(
            lambda: PTicketPage.model_validate(json.loads(payload)), 2
        ),
    }
    base = results["msgspec Decoder(TicketPage)"]
    for name, ms in results.items():
        print(f"  {name:32s} {ms:9.1f} ms   x{ms / base:5.1f}")


if __name__ == "__main__":
    main()
