"""JSON documents shaped like API.md, and small helpers for driving the client."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from desk.client.api import ApiClient, RetryPolicy, StreamSettings

BASE = "http://desk.test"


def user(uid: int = 1, role: str = "agent", name: str = "Ann Agent") -> dict[str, Any]:
    return {"id": uid, "name": name, "email": f"u{uid}@example.com", "role": role, "company": None}


def ticket(
    tid: int = 42,
    *,
    seq: int = 100,
    version: int = 1,
    title: str = "Bot down",
    status: str = "on_customer",
) -> dict[str, Any]:
    return {
        "id": tid,
        "title": title,
        "status": status,
        "waiting_on": "team",
        "urgent": False,
        "priority": "normal",
        "category": "other",
        "customer": user(7, "customer", "Carl Customer"),
        "assignee": None,
        "created_at": "2026-11-24T09:15:00Z",
        "updated_at": "2026-11-24T09:16:00Z",
        "closed_at": None,
        "last_message_at": "2026-11-24T09:16:00Z",
        "last_message_preview": "hello",
        "message_count": 1,
        "unread_count": 1,
        "due_at": None,
        "version": version,
        "seq": seq,
    }


def attachment(aid: int = 5) -> dict[str, Any]:
    return {
        "id": aid,
        "filename": "shot.png",
        "content_type": "image/png",
        "size": 10,
        "width": 2,
        "height": 1,
        "sha256": "ab" * 32,
    }


def message(
    mid: int = 881,
    *,
    ticket_id: int = 42,
    seq: int = 101,
    body: str = "hi",
    client_id: str | None = None,
) -> dict[str, Any]:
    return {
        "id": mid,
        "ticket_id": ticket_id,
        "author": user(),
        "body": body,
        "internal": False,
        "attachments": [attachment()],
        "created_at": "2026-11-24T09:17:00Z",
        "client_id": client_id,
        "seq": seq,
    }


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def problem(
    status: int, slug: str, detail: str = "Something is off.", headers: dict[str, str] | None = None
) -> httpx.Response:
    body = {"type": f"/problems/{slug}", "title": slug, "status": status, "detail": detail}
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/problem+json", **(headers or {})},
    )


class FakeSleep:
    """Records requested delays and returns at once: retry tests run instantly."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


Handler = Callable[[httpx.Request], Any]


class Recorder:
    """A MockTransport handler that answers from a script and keeps every request."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> Any:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)


def make_client(
    recorder: Recorder,
    *,
    sleep: FakeSleep | None = None,
    attempts: int = 4,
    token: str | None = "tok",
    random: float = 0.5,
    stream: StreamSettings | None = None,
) -> ApiClient:
    policy = RetryPolicy(max_attempts=attempts, sleep=sleep or FakeSleep(), random=lambda: random)
    return ApiClient(
        BASE, token, transport=httpx.MockTransport(recorder), retry=policy, stream_settings=stream
    )
