"""Faults a real server cannot produce on demand, injected with httpx.MockTransport."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from desk.client.api import (
    ApiClient,
    ApiError,
    NetworkError,
    NotFound,
    ProtocolError,
    RateLimited,
    ServerError,
    TicketClosed,
    ValidationFailed,
    VersionConflict,
)
from desk.domain import Status
from tests.helpers import wire
from tests.unit.client.api.mock_api import FakeSleep, Recorder, json_response, make_client, problem

Call = Callable[[ApiClient], Awaitable[Any]]


def _run(rec: Recorder, call: Call, *, sleep: FakeSleep | None = None, attempts: int = 4) -> Any:
    async def go() -> Any:
        async with make_client(rec, sleep=sleep, attempts=attempts) as client:
            return await call(client)

    return asyncio.run(go())


def _fails(rec: Recorder, call: Call, expected: type[ApiError], **kw: Any) -> ApiError:
    with pytest.raises(expected) as info:
        _run(rec, call, **kw)
    error = info.value
    assert error.message and "Traceback" not in error.message and "httpx" not in error.message
    return error


def get_ticket(client: ApiClient) -> Awaitable[Any]:
    return client.get_ticket(42)


def upload(client: ApiClient) -> Awaitable[Any]:
    return client.upload_attachment("a.png", b"png", "image/png")


def send(client: ApiClient) -> Awaitable[Any]:
    return client.send_message(42, "hello", idempotency_key="k")


def test_truncated_body_is_a_protocol_error_and_not_retried() -> None:
    rec = Recorder(
        httpx.Response(
            200, content=b'{"id": 42, "title": "Bot d', headers={"Content-Type": "application/json"}
        )
    )
    error = _fails(rec, get_ticket, ProtocolError)
    assert error.status == 200 and isinstance(error.__cause__, Exception)
    assert len(rec.requests) == 1


def test_garbage_json_and_wrong_shapes_are_protocol_errors() -> None:
    for body in (b"\x00\xffnot json", b'{"id": "forty-two"}', b"[]"):
        rec = Recorder(
            httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
        )
        _fails(rec, get_ticket, ProtocolError)


def test_wrong_content_type_is_a_protocol_error() -> None:
    rec = Recorder(
        httpx.Response(
            200, text="<html>captive portal</html>", headers={"Content-Type": "text/html"}
        )
    )
    _fails(rec, get_ticket, ProtocolError)


def test_html_502_is_retried_then_surfaces_as_server_error() -> None:
    sleep = FakeSleep()
    page = httpx.Response(
        502, text="<html>Bad Gateway</html>", headers={"Content-Type": "text/html"}
    )
    rec = Recorder(page)
    error = _fails(rec, get_ticket, ServerError, sleep=sleep, attempts=3)
    assert error.status == 502
    assert len(rec.requests) == 3
    assert len(sleep.delays) == 2


def test_transient_failures_then_success() -> None:
    sleep = FakeSleep()
    rec = Recorder(
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ReadTimeout("timed out"),
        httpx.Response(503),
        httpx.Response(504),
        json_response(200, wire.ticket(42)),
    )
    result = _run(rec, get_ticket, sleep=sleep, attempts=5)
    assert result.id == 42
    assert len(rec.requests) == 5
    # Full jitter with random()=0.5 and base 0.5 s: half of 0.5, 1, 2, 4 seconds.
    assert sleep.delays == [0.25, 0.5, 1.0, 2.0]


def test_500_problem_is_not_retried() -> None:
    rec = Recorder(problem(500, "internal", "Unexpected error."))
    _fails(rec, get_ticket, ServerError)
    assert len(rec.requests) == 1


def test_connection_refused_gives_up_at_max_attempts() -> None:
    sleep = FakeSleep()
    rec = Recorder(httpx.ConnectError("[Errno 111] Connection refused"))
    error = _fails(rec, get_ticket, NetworkError, sleep=sleep, attempts=4)
    assert error.message == "Cannot reach the server. Check the network connection."
    assert len(rec.requests) == 4 and len(sleep.delays) == 3


def test_read_timeout_reports_a_timeout() -> None:
    rec = Recorder(httpx.ReadTimeout("The read operation timed out"))
    error = _fails(rec, get_ticket, NetworkError, attempts=2)
    assert "did not answer in time" in error.message
    assert len(rec.requests) == 2


def test_429_honours_retry_after() -> None:
    sleep = FakeSleep()
    rec = Recorder(
        problem(429, "rate-limited", headers={"Retry-After": "3"}),
        json_response(200, wire.ticket(42)),
    )
    assert _run(rec, get_ticket, sleep=sleep).id == 42
    assert sleep.delays == [3.0]


def test_429_with_a_long_retry_after_is_raised_not_waited() -> None:
    sleep = FakeSleep()
    rec = Recorder(problem(429, "rate-limited", headers={"Retry-After": "600"}))
    error = _fails(rec, get_ticket, RateLimited, sleep=sleep)
    assert isinstance(error, RateLimited) and error.retry_after == 600
    assert sleep.delays == [] and len(rec.requests) == 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (problem(404, "not-found"), NotFound),
        (problem(409, "ticket-closed"), TicketClosed),
        (problem(412, "version-conflict"), VersionConflict),
        (problem(422, "validation", "Body must not be empty."), ValidationFailed),
    ],
)
def test_no_retry_on_4xx(answer: httpx.Response, expected: type[ApiError]) -> None:
    sleep = FakeSleep()
    rec = Recorder(answer)
    _fails(rec, send, expected, sleep=sleep)
    assert len(rec.requests) == 1 and sleep.delays == []


def test_keyed_send_is_replayed_with_the_same_key_and_body() -> None:
    rec = Recorder(
        httpx.ReadTimeout("timed out"), httpx.Response(502), json_response(201, wire.message(9))
    )
    assert _run(rec, send).id == 9
    assert len(rec.requests) == 3
    assert {r.headers["Idempotency-Key"] for r in rec.requests} == {"k"}
    assert len({r.content for r in rec.requests}) == 1


@pytest.mark.parametrize(
    "fault",
    [
        httpx.ReadTimeout("timed out"),
        httpx.ReadError("connection reset"),
        httpx.Response(503),
        httpx.Response(502, text="<html>bad gateway</html>"),
    ],
)
def test_non_idempotent_post_is_not_replayed_once_it_may_have_arrived(fault: Any) -> None:
    rec = Recorder(fault, json_response(201, {"id": 1}))
    with pytest.raises((NetworkError, ServerError)):
        _run(rec, upload)
    assert len(rec.requests) == 1


@pytest.mark.parametrize(
    "call",
    [
        upload,
        lambda c: c.create_macro("t", "b"),
        lambda c: c.update_ticket(42, 3, priority="low"),
        lambda c: c.create_ticket("t", "b"),
    ],
)
def test_unsent_only_calls_are_retried_when_the_connection_never_opened(call: Call) -> None:
    rec = Recorder(httpx.ConnectError("refused"), httpx.ReadTimeout("timed out"))
    with pytest.raises(NetworkError):
        _run(rec, call)
    assert len(rec.requests) == 2  # the refused try, then the timed-out one (final)


def test_keyless_create_ticket_is_not_replayed_but_keyed_one_is() -> None:
    keyless = Recorder(httpx.Response(503), json_response(201, wire.ticket()))
    with pytest.raises(ServerError):
        _run(keyless, lambda c: c.create_ticket("t", "b"))
    assert len(keyless.requests) == 1
    keyed = Recorder(httpx.Response(503), json_response(201, wire.ticket()))
    _run(keyed, lambda c: c.create_ticket("t", "b", idempotency_key="k"))
    assert len(keyed.requests) == 2


@pytest.mark.parametrize(
    ("call", "answer"),
    [
        (lambda c: c.close_ticket(42), json_response(200, wire.ticket(42, status=Status.DONE))),
        (lambda c: c.mark_read(42, 1), httpx.Response(204)),
        (lambda c: c.set_presence(42, "viewing"), httpx.Response(204)),
    ],
)
def test_idempotent_posts_are_replayed(call: Call, answer: httpx.Response) -> None:
    rec = Recorder(httpx.ReadTimeout("timed out"), answer)
    _run(rec, call)
    assert len(rec.requests) == 2


def test_cancellation_is_not_swallowed_by_retries() -> None:
    started = asyncio.Event()

    async def slow(request: httpx.Request) -> httpx.Response:
        started.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def go() -> None:
        async with make_client(Recorder(slow)) as client:
            task = asyncio.create_task(client.get_ticket(1))
            await started.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(go())


def test_download_failure_leaves_no_partial_file(tmp_path: Any) -> None:
    async def broken_body() -> Any:
        yield b"first half"
        raise httpx.ReadError("connection reset")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=broken_body())

    rec = Recorder(handler)
    target = tmp_path / "file.zip"
    with pytest.raises(NetworkError):
        _run(rec, lambda c: c.download_attachment_to(5, target), attempts=2)
    assert len(rec.requests) == 2
    assert list(tmp_path.iterdir()) == []


def test_corrupt_compressed_body_is_a_protocol_error() -> None:
    rec = Recorder(
        httpx.Response(
            200,
            stream=httpx.ByteStream(b"definitely not gzip"),  # decoded lazily, by the client
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
    )
    _fails(rec, get_ticket, ProtocolError)
    assert len(rec.requests) == 1
