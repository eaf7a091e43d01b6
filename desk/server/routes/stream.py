"""GET /events, the event stream: Server-Sent Events, resumable with Last-Event-ID or
?since=."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Header, Query
from starlette.responses import StreamingResponse

from desk.server.context import ServerContext
from desk.server.deps import CtxDep, ViewerDep
from desk.server.events.streaming import fetch, open_position, presence_frame, resync_frame
from desk.server.problems import validation
from desk.server.schemas import MAX_SEQ, problem_responses
from desk.server.security import token_alive
from desk.server.viewer import Viewer

router = APIRouter(tags=["events"])

_STREAM_DOC = """Events: `ticket` (id: seq, data: Ticket), `message` (id: seq, data: Message),
`presence` (staff only, no id), `resync` (the position is older than the server keeps:
catch up with GET /tickets?since= and keep following). Idle streams get `: ping`; a
new stream starts with `: connected`. Without a position the stream starts from now.
A customer's stream carries only their tickets and never internal notes. Moving your
own read marker sends your streams a `ticket` event with the new unread count."""


def _still_signed_in(ctx: ServerContext, viewer: Viewer) -> bool:
    with ctx.db.read() as session:
        return token_alive(session, viewer.token_hash, ctx.now())


async def _stream(ctx: ServerContext, viewer: Viewer, position: int | None) -> AsyncIterator[str]:
    hub = ctx.hub
    limiter = ctx.stream_limiter
    sub = hub.subscribe(viewer.is_staff)
    try:
        cursor, resync = await to_thread.run_sync(open_position, ctx.db, position, limiter=limiter)
        yield ": connected\n\n"
        if resync:
            yield resync_frame(cursor)
        if viewer.is_staff:
            for payload in ctx.presence.active(ctx.now()):
                yield presence_frame(payload)
        interval = ctx.settings.sse_ping_interval
        loop = asyncio.get_running_loop()
        # The ping is due `interval` after the last byte written, however often the
        # stream is woken by changes this viewer may not see (which write nothing).
        ping_due = loop.time() + interval
        while not hub.closed:
            sub.wake.clear()
            frames, cursor, more = await to_thread.run_sync(
                fetch, ctx.db, ctx.waves, viewer, cursor, limiter=limiter
            )
            for item in frames:
                yield item
                ping_due = loop.time() + interval
            while sub.presence:
                yield presence_frame(sub.presence.popleft())
                ping_due = loop.time() + interval
            if more:
                continue
            if loop.time() >= ping_due:
                # Quiet for a whole interval: a signed-out or expired token ends the
                # stream; otherwise a ping shows the connection is alive.
                if not await to_thread.run_sync(_still_signed_in, ctx, viewer, limiter=limiter):
                    return
                yield ": ping\n\n"
                ping_due = loop.time() + interval
            # A timeout just loops: the fetch also picks up changes written by another
            # process (they have no in-process wake-up).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(sub.wake.wait(), max(0.0, ping_due - loop.time()))
    finally:
        hub.unsubscribe(sub)


@router.get(
    "/events",
    response_class=StreamingResponse,
    description=_STREAM_DOC,
    responses={
        200: {
            "description": "An endless text/event-stream.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **problem_responses(),
    },
)
async def events(
    viewer: ViewerDep,
    ctx: CtxDep,
    since: Annotated[int | None, Query(ge=0, le=MAX_SEQ)] = None,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
) -> StreamingResponse:
    position = since
    if last_event_id is not None and last_event_id.strip():
        text = last_event_id.strip()
        if not text.isdigit() or len(text) > 18:
            raise validation("Last-Event-ID: expected a seq")
        position = int(text)
    return StreamingResponse(
        _stream(ctx, viewer, position),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
