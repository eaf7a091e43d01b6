"""The live event stream (``GET /events``) as an async iterator of typed events.

The stream never ends on its own: it reconnects with backoff and full jitter until
it is closed, resuming after the last seen event id (``Last-Event-ID``). Besides
ticket, message and presence events it yields:

* ``StreamStateChanged`` — connecting / connected / reconnecting / offline, with
  the error, so the UI can show the connection state;
* ``ResyncRequired`` — the caller must catch up with ``GET /tickets?since=``:
  when the server says so (``event: resync``), after every reconnect (nothing a
  colleague did meanwhile may be missed), after a wall-clock jump (the machine
  slept) and after an event it could not read.

A connection is presumed dead when no byte (event or ``: ping``) arrives for
``idle_timeout`` seconds. Only 401/403/404 and other final 4xx end the stream:
they raise the ``ApiError`` out of the iterator (the user must sign in again).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

import httpx
import msgspec
from httpx_sse import EventSource, ServerSentEvent, SSEError

from desk.client.api import wire
from desk.client.api.errors import (
    ApiError,
    NetworkError,
    ProtocolError,
    error_from_response,
    error_from_transport,
)
from desk.domain import Message, Presence, Ticket


class ConnectionState(enum.StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"  # the server answered badly or the link dropped
    OFFLINE = "offline"  # the server cannot be reached at all


class ResyncReason(enum.StrEnum):
    SERVER = "server"  # event: resync — our position is older than the server keeps
    RECONNECTED = "reconnected"
    CLOCK_JUMP = "clock_jump"
    INVALID_EVENT = "invalid_event"


@dataclass(frozen=True)
class TicketEvent:
    seq: int
    ticket: Ticket


@dataclass(frozen=True)
class MessageEvent:
    seq: int
    message: Message


@dataclass(frozen=True)
class PresenceEvent:
    presence: Presence


@dataclass(frozen=True)
class ResyncRequired:
    reason: ResyncReason


@dataclass(frozen=True)
class StreamStateChanged:
    state: ConnectionState
    error: ApiError | None = None
    retry_in: float | None = None  # seconds until the next attempt


StreamEvent = TicketEvent | MessageEvent | PresenceEvent | ResyncRequired | StreamStateChanged


@dataclass(frozen=True)
class StreamSettings:
    """Timing of the stream; clocks, sleep and randomness are injectable for tests."""

    idle_timeout: float = 45.0  # the server pings at least every 15 s
    check_interval: float = 5.0  # how often clocks are compared while waiting
    clock_jump_threshold: float = 30.0
    base_delay: float = 1.0
    max_delay: float = 60.0
    monotonic: Callable[[], float] = field(default=time.monotonic, compare=False)
    wall: Callable[[], float] = field(default=time.time, compare=False)
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
    random: Callable[[], float] = field(default=random.random, compare=False)


class _ResyncData(msgspec.Struct):
    seq: int | None = None


_resync_decoder = msgspec.json.Decoder(_ResyncData)


class _StalledError(Exception):
    pass


class _ClockJumpError(Exception):
    pass


class _Watchdog(httpx.AsyncByteStream):
    """Wraps a response body: fails when it goes quiet or the wall clock jumps.

    Each read runs as its own task so the wait can be cut into slices of
    ``check_interval`` without cancelling (and corrupting) a read in progress.
    """

    def __init__(self, inner: httpx.AsyncByteStream, settings: StreamSettings) -> None:
        self._inner = inner
        self._s = settings
        self._pending: asyncio.Future[bytes] | None = None
        self._source: AsyncIterator[bytes] | None = None
        self._source_at_yield = False  # a chunk was read and handed on; no read running
        self._mono = settings.monotonic()
        self._wall = settings.wall()

    def _check_clock(self) -> None:
        mono, wall = self._s.monotonic(), self._s.wall()
        drift = (wall - self._wall) - (mono - self._mono)
        self._mono, self._wall = mono, wall
        if abs(drift) > self._s.clock_jump_threshold:
            raise _ClockJumpError

    async def __aiter__(self) -> AsyncIterator[bytes]:
        source = self._source = aiter(self._inner)
        while True:
            deadline = self._s.monotonic() + self._s.idle_timeout
            self._source_at_yield = False
            self._pending = asyncio.ensure_future(anext(source))
            while True:
                remaining = deadline - self._s.monotonic()
                if remaining <= 0:
                    raise _StalledError
                await asyncio.wait({self._pending}, timeout=min(remaining, self._s.check_interval))
                self._check_clock()
                if self._pending.done():
                    break
            read, self._pending = self._pending, None
            try:
                chunk = read.result()
            except StopAsyncIteration:
                return
            self._source_at_yield = True
            yield chunk

    async def aclose(self) -> None:
        pending, self._pending = self._pending, None
        at_yield = self._source_at_yield
        if pending is not None:
            if pending.done():  # read, but not handed on yet
                at_yield = not pending.cancelled() and pending.exception() is None
            else:  # the cancellation unwinds the readers under it, on this loop
                pending.cancel()
                await asyncio.gather(pending, return_exceptions=True)
                at_yield = False
        source, self._source = self._source, None
        await self._inner.aclose()
        if at_yield and source is not None:
            await _drain(source)


async def _drain(source: AsyncIterator[bytes]) -> None:
    """Resume a reader left at a yield (the stream was closed between two reads, say
    while the caller caught up after a resync) until it ends. Its connection is closed,
    so it fails at once and the httpcore readers under it clean up on this loop; left
    to the garbage collector they would be finalised without one (qasync installs no
    async-generator hooks) and complain."""

    async def run() -> None:
        async for _chunk in source:
            pass

    with contextlib.suppress(Exception):  # the read's failure is the expected end
        await asyncio.wait_for(run(), timeout=1.0)


class EventStream:
    """``async for event in stream`` until ``await stream.aclose()``."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        settings: StreamSettings,
        last_event_id: str | None = None,
    ) -> None:
        self._http = http
        self._s = settings
        self.last_event_id = last_event_id
        self._reconnect_base = settings.base_delay
        self._gen = self._run()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> StreamEvent:
        return await self._gen.__anext__()

    async def aclose(self) -> None:
        await self._gen.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _backoff(self, failures: int) -> float:
        exponent = min(max(failures - 1, 0), 32)
        return self._s.random() * min(self._s.max_delay, self._reconnect_base * 2.0**exponent)

    async def _run(self) -> AsyncGenerator[StreamEvent, None]:
        failures = 0
        ever_connected = False
        yield StreamStateChanged(ConnectionState.CONNECTING)
        while True:
            error: ApiError
            connected_at: float | None = None
            try:
                # Closed explicitly: leaving ``async for`` (this stream being closed
                # while it waits at ``yield``) would leave the connection's generator,
                # and the HTTP response in it, to the garbage collector.
                connection = self._connection(resync_first=ever_connected)
                async with contextlib.aclosing(connection):
                    async for event in connection:
                        if isinstance(event, StreamStateChanged):
                            ever_connected = True
                            connected_at = self._s.monotonic()
                        elif not isinstance(event, ResyncRequired):
                            failures = 0  # data flows: the next drop starts the backoff over
                        yield event
                error = NetworkError("The server closed the event stream.")
            except _ClockJumpError:
                yield ResyncRequired(ResyncReason.CLOCK_JUMP)
                failures = 0
                yield StreamStateChanged(ConnectionState.RECONNECTING, retry_in=0.0)
                continue  # the old connection is most likely dead: replace it at once
            except _StalledError:
                error = NetworkError("The connection to the server went quiet.")
            except httpx.RequestError as exc:
                error = error_from_transport(exc)
            except SSEError:
                error = ProtocolError()
            except ApiError as exc:
                if _is_final(exc):
                    raise
                error = exc
            if connected_at is not None and (
                self._s.monotonic() - connected_at >= self._s.idle_timeout
            ):
                failures = 0  # a long quiet connection was healthy, not a failing one
            failures += 1
            delay = self._backoff(failures)
            if error.retry_after is not None:
                delay = max(delay, error.retry_after)
            offline = isinstance(error, NetworkError) and not error.request_sent
            state = ConnectionState.OFFLINE if offline else ConnectionState.RECONNECTING
            yield StreamStateChanged(state, error=error, retry_in=delay)
            await self._s.sleep(delay)

    async def _connection(self, *, resync_first: bool) -> AsyncGenerator[StreamEvent, None]:
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
        if self.last_event_id:
            headers["Last-Event-ID"] = self.last_event_id
        base = self._http.timeout
        timeout = httpx.Timeout(
            connect=base.connect, read=self._s.idle_timeout * 2, write=base.write, pool=base.pool
        )
        async with self._http.stream("GET", "events", headers=headers, timeout=timeout) as resp:
            if resp.status_code != 200:
                await resp.aread()
                raise error_from_response(resp)
            if "text/event-stream" not in resp.headers.get("content-type", ""):
                raise ProtocolError(status=resp.status_code)
            # Swap in the watchdog before anything reads the body: pings (comments)
            # never surface as events, but their bytes pass through it.
            assert isinstance(resp.stream, httpx.AsyncByteStream)  # an AsyncClient's stream
            resp.stream = _Watchdog(resp.stream, self._s)
            yield StreamStateChanged(ConnectionState.CONNECTED)
            if resync_first:
                yield ResyncRequired(ResyncReason.RECONNECTED)
            events = EventSource(resp).aiter_sse()
            try:
                async for sse in events:
                    for event in self._convert(sse):
                        yield event
            finally:
                await events.aclose()

    def _convert(self, sse: ServerSentEvent) -> list[StreamEvent]:
        if sse.retry is not None and sse.retry > 0:
            self._reconnect_base = sse.retry / 1000
        try:
            event = self._decode(sse)
        except (msgspec.DecodeError, ValueError):
            # Skipping an unreadable change silently could lose it: catch up instead.
            return [ResyncRequired(ResyncReason.INVALID_EVENT)]
        if sse.id and sse.event in ("ticket", "message"):
            self.last_event_id = sse.id
        elif sse.event == "resync":
            self._skip_to_resync_head(sse.data)
        return [] if event is None else [event]

    def _skip_to_resync_head(self, data: str) -> None:
        """After ``resync`` the server streams from its head; the reference server names
        it (``{"seq": N}``). Resuming from there spares a second resync on reconnect;
        the caller's catch-up covers everything before it."""
        try:
            head = _resync_decoder.decode(data).seq
        except msgspec.DecodeError:
            return
        if head is not None:
            self.last_event_id = str(head)

    @staticmethod
    def _decode(sse: ServerSentEvent) -> StreamEvent | None:
        if sse.event == "resync":
            return ResyncRequired(ResyncReason.SERVER)
        if not sse.data:
            # e.g. a block holding only ``retry:``; SSE names such events "message" too.
            return None
        if sse.event == "ticket":
            ticket = wire.ticket_decoder.decode(sse.data)
            return TicketEvent(seq=int(sse.id) if sse.id else ticket.seq, ticket=ticket)
        if sse.event == "message":
            message = wire.message_decoder.decode(sse.data)
            return MessageEvent(seq=int(sse.id) if sse.id else message.seq, message=message)
        if sse.event == "presence":
            return PresenceEvent(wire.presence_decoder.decode(sse.data))
        return None  # an event type newer than this client: ignore it


def _is_final(error: ApiError) -> bool:
    """4xx answers other than 408/429 will not change by retrying."""
    status = error.status
    return status is not None and 400 <= status < 500 and status not in (408, 429)
