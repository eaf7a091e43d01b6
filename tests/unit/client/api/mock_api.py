"""A scripted API server over httpx.MockTransport, and a client wired to it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from desk.client.api import ApiClient, RetryPolicy, StreamSettings

BASE = "http://desk.test"


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
