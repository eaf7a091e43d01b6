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
from typing import Any, Literal

import msgspec
import pydantic

from desk.client.api.wire import TicketPage, ticket_page_decoder


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
    def user(uid: int, role: str) -> dict[str, Any]:
        return {
            "id": uid,
            "name": f"User {uid}",
            "email": f"user{uid}@example.com",
            "role": role,
            "company": "Acme" if role == "customer" else None,
        }

    items = [
        {
            "id": i,
            "title": f"Ticket {i}: the bot stopped answering in Telegram",
            "status": "on_customer" if i % 5 else "done",
            "waiting_on": ("team" if i % 2 else "customer") if i % 5 else None,
            "urgent": i % 7 == 0,
            "priority": ("high", "normal", "low", "critical")[i % 4],
            "category": "other",
            "customer": user(10_000 + i % 500, "customer"),
            "assignee": user(i % 20 + 1, "agent") if i % 3 else None,
            "created_at": "2026-11-24T09:15:00Z",
            "updated_at": "2026-11-24T10:15:00Z",
            "closed_at": None if i % 5 else "2026-11-24T11:00:00Z",
            "last_message_at": "2026-11-24T10:15:00Z",
            "last_message_preview": "Hello, since this morning the agent does not reply " * 2,
            "message_count": i % 30,
            "unread_count": i % 3,
            "due_at": "2026-11-25T09:15:00Z" if i % 2 else None,
            "version": i % 9 + 1,
            "seq": 1_000_000 + i,
        }
        for i in range(1, count + 1)
    ]
    return json.dumps({"items": items, "next_cursor": None, "seq": 1_000_000 + count}).encode()


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
