"""GET /events, the event stream: Server-Sent Events, resumable with Last-Event-ID or
?since=."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Header, Query
from starlette.responses import StreamingResponse

from desk.server.context import ServerContext
from desk.server.deps import CtxDep, ViewerDep
from desk.server.events.streaming import (
    open_position,
    own_unread,
    presence_frame,
    read_head,
    resync_frame,
    retry_frame,
)
from desk.server.problems import validation
from desk.server.schemas import MAX_SEQ, problem_responses
from desk.server.viewer import Viewer

router = APIRouter(tags=["events"])

_STREAM_DOC = """Events: `ticket` (id: seq, data: Ticket), `message` (id: seq, data: Message),
`presence` (staff only, no id), `resync` (the position is older than the server keeps:
catch up with GET /tickets?since= and keep following). Idle streams get `: ping`; a
new stream starts with `: connected`. Without a position the stream starts from now.
A customer's stream carries only their tickets and never internal notes. Moving your
own read marker sends your streams a `ticket` event with the new unread count. The
stream ends within a second once its token stops working (logout, expiry, the user
deleted or given another role); at server shutdown it ends with a `retry:` hint."""


async def _next(
    ctx: ServerContext, viewer: Viewer, cursor: int, head: int
) -> tuple[list[str], int, bool]:
    """(frames, new cursor, more waiting) for events (cursor, head], as `viewer` sees them."""
    if head <= cursor:
        return [], cursor, False
    limiter = ctx.stream_limiter
    wave = await ctx.waves.get(ctx.db, cursor, head, ctx.hub.staff_ids, limiter=limiter)
    if wave.resync:
        return [resync_frame(wave.new_cursor)], wave.new_cursor, False
    unread = wave.unread
    if not unread.covers(viewer) and wave.staff_tickets:
        ids = wave.ticket_ids()
        unread = await to_thread.run_sync(own_unread, ctx.db, viewer, ids, limiter=limiter)
    return wave.frames_for(viewer, unread), wave.new_cursor, wave.more


async def _stream(ctx: ServerContext, viewer: Viewer, position: int | None) -> AsyncIterator[str]:
    hub = ctx.hub
    limiter = ctx.stream_limiter
    sub = hub.subscribe(viewer)
    try:
        cursor, resync = await to_thread.run_sync(open_position, ctx.db, position, limiter=limiter)
        hub.observe(cursor)
        sub.cursor = cursor
        yield ": connected\n\n"
        if resync:
            yield resync_frame(cursor)
        if viewer.is_staff:
            active = await to_thread.run_sync(ctx.presence.active, ctx.now(), limiter=limiter)
            for payload in active:
                yield presence_frame(payload)
        interval = ctx.settings.sse_ping_interval
        loop = asyncio.get_running_loop()
        # The ping is due `interval` after the last byte written, however often the
        # stream is woken by changes this viewer may not see (which write nothing).
        ping_due = loop.time() + interval
        timed_out = False
        while not sub.ended:
            if hub.closed:
                # Shutdown: tell the client to come back soon (to the next instance).
                yield retry_frame(ctx.settings.shutdown_retry_ms)
                return
            sub.wake.clear()
            if timed_out:
                # Changes written by another process have no in-process wake-up.
                head = await to_thread.run_sync(read_head, ctx.db, limiter=limiter)
                hub.observe(head)
            frames, cursor, more = await _next(ctx, viewer, cursor, hub.head)
            sub.cursor = cursor
            if sub.ended:  # signed out while this was loading: send nothing more
                return
            if frames:
                yield "".join(frames)  # one write for the lot
                ping_due = loop.time() + interval
            while sub.presence and not sub.ended:
                yield presence_frame(sub.presence.popleft())
                ping_due = loop.time() + interval
            if more or sub.ended:
                continue
            if loop.time() >= ping_due:
                yield ": ping\n\n"
                ping_due = loop.time() + interval
            timed_out = False
            try:
                async with asyncio.timeout(max(0.0, ping_due - loop.time())):
                    await sub.wake.wait()  # (no task per wait, unlike wait_for)
            except TimeoutError:
                timed_out = True
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
