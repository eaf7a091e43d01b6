"""The event stream: SSE parsing, reconnects, resume, watchdog and clock jumps."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from desk.client.api import (
    ConnectionState,
    EventStream,
    MessageEvent,
    NetworkError,
    PresenceEvent,
    ProtocolError,
    RateLimited,
    ResyncReason,
    ResyncRequired,
    ServerError,
    StreamEvent,
    StreamSettings,
    StreamStateChanged,
    TicketEvent,
    Unauthorized,
)
from desk.domain import PresenceState
from tests.helpers import wire
from tests.helpers.people import ME
from tests.unit.client.api.mock_api import FakeSleep, Recorder, make_client, problem

PRESENCE = wire.presence(ME, PresenceState.TYPING, ticket_id=42)


class FakeClock:
    """Monotonic and wall time that move together unless a test makes them jump."""

    def __init__(self) -> None:
        self.mono = 1000.0
        self.offset = 1.8e9

    def monotonic(self) -> float:
        return self.mono

    def wall(self) -> float:
        return self.mono + self.offset


def settings(clock: FakeClock, sleep: FakeSleep, **kw: Any) -> StreamSettings:
    values: dict[str, Any] = {
        "idle_timeout": 45.0,
        "check_interval": 0.002,
        "clock_jump_threshold": 30.0,
        "base_delay": 1.0,
        "max_delay": 60.0,
    }
    values.update(kw)
    return StreamSettings(
        monotonic=clock.monotonic, wall=clock.wall, sleep=sleep, random=lambda: 0.5, **values
    )


def sse(event: str, data: Any, eid: int | None = None) -> bytes:
    lines = [f"event: {event}"]
    if eid is not None:
        lines.append(f"id: {eid}")
    lines.append(f"data: {json.dumps(data)}")
    return ("\n".join(lines) + "\n\n").encode()


def stream_response(
    *chunks: bytes, then: Callable[[], Any] | None = None, hold: bool = False
) -> Callable[[httpx.Request], httpx.Response]:
    """A handler answering with an event stream; ``hold`` keeps it open (silent)."""

    def handler(request: httpx.Request) -> httpx.Response:
        async def body() -> AsyncIterator[bytes]:
            for chunk in chunks:
                yield chunk
            if then is not None:
                then()
            if hold:
                await asyncio.Event().wait()

        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=body())

    return handler


async def take(stream: EventStream, count: int) -> list[StreamEvent]:
    return [await anext(stream) for _ in range(count)]


def run_stream(
    rec: Recorder, count: int, stream_settings: StreamSettings, last_event_id: str | None = None
) -> tuple[list[StreamEvent], EventStream]:
    async def go() -> tuple[list[StreamEvent], EventStream]:
        async with make_client(rec, stream=stream_settings) as client:
            stream = client.events(last_event_id=last_event_id)
            try:
                return await take(stream, count), stream
            finally:
                await stream.aclose()

    return asyncio.run(go())


def states(events: list[StreamEvent]) -> list[ConnectionState]:
    return [e.state for e in events if isinstance(e, StreamStateChanged)]


def test_parses_events_split_across_chunks_with_comments_and_multiline_data() -> None:
    ticket_doc = json.dumps(wire.ticket(42, seq=5))
    half = ticket_doc.index(', "status"') + 1  # a line break between JSON members is fine
    chunks = (
        b": ping\n\n",
        # the JSON spread over two data lines, and a line split across chunks
        f"event: ticket\r\nid: 5\r\ndata: {ticket_doc[:half]}".encode(),
        f"\r\ndata: {ticket_doc[half:]}\r\n\r\n".encode(),
        b": another comment\n",
        sse("message", wire.message(881, "hi", seq=6), 6),
        sse("presence", PRESENCE),
        sse("shiny-new-kind", {"x": 1}, None),
        sse("resync", {}),
    )
    clock, sleep = FakeClock(), FakeSleep()
    events, stream = run_stream(
        Recorder(stream_response(*chunks, hold=True)), 6, settings(clock, sleep)
    )
    assert states(events[:2]) == [ConnectionState.CONNECTING, ConnectionState.CONNECTED]
    first, second, third, fourth = events[2:]
    assert isinstance(first, TicketEvent) and first.seq == 5 and first.ticket.id == 42
    assert isinstance(second, MessageEvent) and second.seq == 6
    assert second.message.body == "hi"
    assert isinstance(third, PresenceEvent)
    assert third.presence.state is PresenceState.TYPING
    assert fourth == ResyncRequired(ResyncReason.SERVER)
    assert stream.last_event_id == "6"
    assert sleep.delays == []


def test_request_headers_and_initial_resume_position() -> None:
    rec = Recorder(stream_response(sse("ticket", wire.ticket(seq=8), 8), hold=True))
    run_stream(rec, 3, settings(FakeClock(), FakeSleep()), last_event_id="7")
    request = rec.requests[0]
    assert request.url.path == "/api/v1/events"
    assert request.headers["Accept"] == "text/event-stream"
    assert request.headers["Last-Event-ID"] == "7"
    assert request.headers["Authorization"] == "Bearer tok"


def test_reconnects_with_last_event_id_and_asks_for_a_resync() -> None:
    rec = Recorder(
        stream_response(sse("ticket", wire.ticket(seq=5), 5), sse("presence", PRESENCE)),
        stream_response(sse("message", wire.message(seq=9), 9), hold=True),
    )
    sleep = FakeSleep()
    events, _ = run_stream(rec, 8, settings(FakeClock(), sleep))
    kinds = [type(e).__name__ for e in events]
    assert kinds == [
        "StreamStateChanged",
        "StreamStateChanged",
        "TicketEvent",
        "PresenceEvent",
        "StreamStateChanged",
        "StreamStateChanged",
        "ResyncRequired",
        "MessageEvent",
    ]
    dropped = events[4]
    assert isinstance(dropped, StreamStateChanged)
    assert dropped.state is ConnectionState.RECONNECTING
    assert isinstance(dropped.error, NetworkError)
    assert dropped.retry_in == 0.5  # full jitter (random 0.5) of the 1 s base
    assert events[6] == ResyncRequired(ResyncReason.RECONNECTED)
    assert "Last-Event-ID" not in rec.requests[0].headers
    assert rec.requests[1].headers["Last-Event-ID"] == "5"  # the presence event has no id
    assert sleep.delays == [0.5]


def test_dead_connection_is_noticed_by_the_watchdog() -> None:
    clock = FakeClock()

    def go_quiet() -> None:
        clock.mono += 46  # no byte for longer than the idle limit

    rec = Recorder(
        stream_response(b": ping\n\n", then=go_quiet, hold=True), stream_response(hold=True)
    )
    events, _ = run_stream(rec, 5, settings(clock, FakeSleep()))
    quiet = events[2]
    assert isinstance(quiet, StreamStateChanged)
    assert quiet.state is ConnectionState.RECONNECTING
    assert isinstance(quiet.error, NetworkError)
    assert "quiet" in quiet.error.message
    assert states(events[3:4]) == [ConnectionState.CONNECTED]
    assert events[4] == ResyncRequired(ResyncReason.RECONNECTED)
    assert len(rec.requests) == 2


def test_pings_keep_a_quiet_connection_alive() -> None:
    clock = FakeClock()

    def ping_after(seconds: float) -> bytes:
        clock.mono += seconds
        return b": ping\n\n"

    def handler(request: httpx.Request) -> httpx.Response:
        async def body() -> AsyncIterator[bytes]:
            for _ in range(10):
                clock.mono += 30  # 300 s in all, but never 45 s without a byte
                yield b": ping\n\n"
            yield sse("ticket", wire.ticket(seq=3), 3)
            await asyncio.Event().wait()

        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=body())

    rec = Recorder(handler)
    events, _ = run_stream(rec, 3, settings(clock, FakeSleep()))
    assert isinstance(events[2], TicketEvent)
    assert len(rec.requests) == 1


def test_wall_clock_jump_resyncs_and_reconnects() -> None:
    clock = FakeClock()

    def wake_from_sleep() -> None:
        clock.offset += 3600  # wall time moved an hour, the monotonic clock did not

    rec = Recorder(
        stream_response(sse("ticket", wire.ticket(seq=5), 5), then=wake_from_sleep, hold=True),
        stream_response(hold=True),
    )
    sleep = FakeSleep()
    events, _ = run_stream(rec, 7, settings(clock, sleep))
    assert isinstance(events[2], TicketEvent)
    assert events[3] == ResyncRequired(ResyncReason.CLOCK_JUMP)
    assert events[4] == StreamStateChanged(ConnectionState.RECONNECTING, retry_in=0.0)
    assert states(events[5:6]) == [ConnectionState.CONNECTED]
    assert events[6] == ResyncRequired(ResyncReason.RECONNECTED)
    assert rec.requests[1].headers["Last-Event-ID"] == "5"
    assert sleep.delays == []


def test_offline_then_back_with_growing_backoff() -> None:
    rec = Recorder(
        httpx.ConnectError("refused"),
        httpx.ConnectError("refused"),
        problem(503, "unavailable"),
        stream_response(hold=True),
    )
    sleep = FakeSleep()
    events, _ = run_stream(rec, 5, settings(FakeClock(), sleep))
    offline1, offline2, server = events[1:4]
    assert isinstance(offline1, StreamStateChanged)
    assert offline1.state is ConnectionState.OFFLINE
    assert isinstance(offline1.error, NetworkError)
    assert offline1.error.message.startswith("Cannot reach the server")
    assert isinstance(offline2, StreamStateChanged)
    assert offline2.state is ConnectionState.OFFLINE
    assert isinstance(server, StreamStateChanged)
    assert server.state is ConnectionState.RECONNECTING
    assert isinstance(server.error, ServerError)
    assert states(events[4:]) == [ConnectionState.CONNECTED]
    assert sleep.delays == [0.5, 1.0, 2.0]
    # Never connected before, so no "reconnected" resync: there is nothing to catch up.


def test_rate_limited_connect_waits_at_least_retry_after() -> None:
    rec = Recorder(
        problem(429, "rate-limited", headers={"Retry-After": "20"}), stream_response(hold=True)
    )
    sleep = FakeSleep()
    events, _ = run_stream(rec, 3, settings(FakeClock(), sleep))
    limited = events[1]
    assert isinstance(limited, StreamStateChanged) and isinstance(limited.error, RateLimited)
    assert sleep.delays == [20.0]


def test_server_retry_field_sets_the_reconnect_delay() -> None:
    rec = Recorder(stream_response(b"retry: 8000\n\n"), stream_response(hold=True))
    sleep = FakeSleep()
    run_stream(rec, 4, settings(FakeClock(), sleep))
    assert sleep.delays == [4.0]  # random 0.5 of the 8 s the server asked for


def test_unauthorized_ends_the_stream() -> None:
    rec = Recorder(problem(401, "unauthorized"))

    async def go() -> None:
        async with make_client(rec, stream=settings(FakeClock(), FakeSleep())) as client:
            async for _ in client.events():
                pass

    with pytest.raises(Unauthorized):
        asyncio.run(go())
    assert len(rec.requests) == 1


def test_unreadable_event_asks_for_a_resync_and_the_stream_goes_on() -> None:
    rec = Recorder(
        stream_response(
            b"event: ticket\nid: 4\ndata: {not json\n\n",
            sse("ticket", {"id": "wrong shape"}, 5),
            sse("ticket", wire.ticket(seq=6), 6),
            hold=True,
        )
    )
    events, stream = run_stream(rec, 5, settings(FakeClock(), FakeSleep()))
    assert events[2] == ResyncRequired(ResyncReason.INVALID_EVENT)
    assert events[3] == ResyncRequired(ResyncReason.INVALID_EVENT)
    assert isinstance(events[4], TicketEvent)
    assert stream.last_event_id == "6"


def test_wrong_content_type_is_a_protocol_error_and_retried() -> None:
    rec = Recorder(
        httpx.Response(200, text="<html>portal</html>", headers={"Content-Type": "text/html"}),
        stream_response(hold=True),
    )
    events, _ = run_stream(rec, 3, settings(FakeClock(), FakeSleep()))
    bad = events[1]
    assert isinstance(bad, StreamStateChanged) and isinstance(bad.error, ProtocolError)
    assert states(events[2:]) == [ConnectionState.CONNECTED]


def test_closing_while_a_read_is_pending_cancels_it_cleanly() -> None:
    reading = asyncio.Event()
    finished: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        async def body() -> AsyncIterator[bytes]:
            try:
                reading.set()
                await asyncio.Event().wait()
                yield b""
            finally:
                finished.append("closed")

        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=body())

    async def go() -> None:
        async with make_client(
            Recorder(handler), stream=settings(FakeClock(), FakeSleep())
        ) as client:
            stream = client.events()
            await take(stream, 2)
            pending = asyncio.create_task(anext(stream))
            await reading.wait()
            pending.cancel()
            with pytest.raises(asyncio.CancelledError):
                await pending
            await stream.aclose()

    asyncio.run(go())
    assert finished == ["closed"]


def test_resync_moves_the_resume_position_to_the_servers_head() -> None:
    rec = Recorder(
        stream_response(sse("ticket", wire.ticket(seq=3), 3), sse("resync", {"seq": 90})),
        stream_response(hold=True),
    )
    events, _ = run_stream(rec, 7, settings(FakeClock(), FakeSleep()), last_event_id="1")
    assert events[3] == ResyncRequired(ResyncReason.SERVER)
    assert rec.requests[0].headers["Last-Event-ID"] == "1"
    assert rec.requests[1].headers["Last-Event-ID"] == "90"
