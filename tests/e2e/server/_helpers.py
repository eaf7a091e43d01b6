"""Small helpers shared by the server's end-to-end tests."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from tests.e2e.conftest import LiveServer, TestUser


def open_ticket(
    server: LiveServer, customer: TestUser, title: str = "Bot is silent", body: str = "Hello"
) -> dict[str, Any]:
    with server.client(customer) as c:
        r = c.post("/tickets", json={"title": title, "body": body})
    assert r.status_code == 201, r.text
    ticket: dict[str, Any] = r.json()
    return ticket


def send(
    server: LiveServer, user: TestUser, ticket_id: int, body: str = "text", **extra: Any
) -> dict[str, Any]:
    with server.client(user) as c:
        r = c.post(
            f"/tickets/{ticket_id}/messages",
            json={"body": body, **extra},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
    assert r.status_code == 201, r.text
    message: dict[str, Any] = r.json()
    return message


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == f"/problems/{slug}", body
    assert body["status"] == status
    assert "Traceback" not in response.text and "SELECT" not in response.text
    return body


@dataclass
class SseEvent:
    event: str
    data: Any
    id: int | None


class SseReader:
    """Reads a live /events stream line by line; comments are kept as ': text' events."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines: Iterator[str] = response.iter_lines()

    def _next_block(self) -> SseEvent:
        event, comment = "message", None
        ident: int | None = None
        data: list[str] = []
        for line in self._lines:
            if line == "":
                if comment is not None and not data:
                    return SseEvent(":", comment, None)
                if data:
                    return SseEvent(event, json.loads("\n".join(data)), ident)
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "":
                comment = value
            elif field == "event":
                event = value
            elif field == "data":
                data.append(value)
            elif field == "id":
                ident = int(value)
        raise EOFError("the event stream ended")

    def next(self, *kinds: str, timeout: float = 15.0) -> SseEvent:
        """The next event of one of `kinds` (any non-comment event when none given)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            item = self._next_block()
            if (kinds and item.event in kinds) or (not kinds and item.event != ":"):
                return item
        raise TimeoutError(f"no {kinds or 'event'} within {timeout} s")

    def collect_until(self, predicate: Any, timeout: float = 15.0) -> list[SseEvent]:
        """Every event (comments too) up to and including the first that matches."""
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            item = self._next_block()
            seen.append(item)
            if predicate(item):
                return seen
        raise TimeoutError("the expected event did not come")


def connect_events(
    client: httpx.Client, *, since: int | None = None, last_event_id: int | None = None
) -> Any:
    """A context manager yielding (response, SseReader) once the stream is open."""
    params = {"since": since} if since is not None else {}
    headers = {"Last-Event-ID": str(last_event_id)} if last_event_id is not None else {}
    return client.stream("GET", "/events", params=params, headers=headers)
