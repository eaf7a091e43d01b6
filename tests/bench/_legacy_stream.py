"""Yesterday's event stream, kept only so bench_fanout.py can compare against it.

Each stream ran its own `fetch` in a worker thread: it read the head, filtered a shared
wave, counted its own unread messages (one query) and encoded its own frames. This is
that code (desk/server/events/streaming.py and routes/stream.py before the fan-out
change), adapted only to today's hub API. Never imported by the product.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from anyio import to_thread
from sqlalchemy import select

from desk.server.context import ServerContext
from desk.server.db.engine import Database
from desk.server.db.models import Counter, Event, Message, Ticket, Token, User
from desk.server.events.hub import EventHub
from desk.server.events.streaming import frame, open_position, presence_frame, resync_frame
from desk.server.render import render_messages, ticket_json, ticket_users, unread_counts
from desk.server.viewer import Viewer

BATCH = 500
_WAVE_TTL = 2.0
_WAVES_KEPT = 32


@dataclass(frozen=True)
class _Row:
    seq: int
    kind: str
    ticket_id: int
    message_id: int | None
    staff_only: bool
    user_id: int | None


@dataclass
class Wave:
    rows: list[_Row] = field(default_factory=list)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    tickets: dict[int, Ticket] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    new_cursor: int = 0
    more: bool = False
    loaded_at: float = 0.0
    ready: threading.Event = field(default_factory=threading.Event)
    failed: bool = False

    def load(self, db: Database, cursor: int, head: int) -> None:
        with db.read() as session:
            events = session.execute(
                select(Event)
                .where(Event.seq > cursor, Event.seq <= head)
                .order_by(Event.seq)
                .limit(BATCH)
            ).scalars()
            self.rows = [
                _Row(e.seq, e.kind, e.ticket_id, e.message_id, e.staff_only, e.user_id)
                for e in events
            ]
            self.more = len(self.rows) == BATCH
            self.new_cursor = self.rows[-1].seq if self.more else head
            message_ids = [r.message_id for r in self.rows if r.message_id is not None]
            if message_ids:
                found = session.execute(select(Message).where(Message.id.in_(message_ids)))
                rendered = render_messages(session, list(found.scalars()))
                self.messages = {m["id"]: m for m in rendered}
            ticket_ids = {r.ticket_id for r in self.rows}
            if ticket_ids:
                found_tickets = session.execute(select(Ticket).where(Ticket.id.in_(ticket_ids)))
                self.tickets = {t.id: t for t in found_tickets.scalars()}
                self.users = ticket_users(session, list(self.tickets.values()))
        self.loaded_at = time.monotonic()


class WaveCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waves: OrderedDict[tuple[int, int], Wave] = OrderedDict()

    def get(self, db: Database, cursor: int, head: int) -> Wave:
        key = (cursor, head)
        with self._lock:
            wave = self._waves.get(key)
            stale = (
                wave is not None
                and wave.ready.is_set()
                and (wave.failed or time.monotonic() - wave.loaded_at > _WAVE_TTL)
            )
            owner = wave is None or stale
            if owner:
                wave = Wave()
                self._waves[key] = wave
                while len(self._waves) > _WAVES_KEPT:
                    self._waves.popitem(last=False)
        assert wave is not None
        if owner:
            try:
                wave.load(db, cursor, head)
            except BaseException:
                wave.failed = True
                raise
            finally:
                wave.ready.set()
        else:
            wave.ready.wait()
            if wave.failed:
                return self.get(db, cursor, head)
        return wave


_waves = WaveCache()


def _visible(row: _Row, viewer: Viewer, wave: Wave) -> bool:
    if row.user_id is not None and row.user_id != viewer.id:
        return False
    if viewer.is_staff:
        return True
    ticket = wave.tickets.get(row.ticket_id)
    return ticket is not None and ticket.customer_id == viewer.id and not row.staff_only


def fetch(db: Database, viewer: Viewer, cursor: int) -> tuple[list[str], int, bool]:
    with db.read() as session:
        counter = session.get(Counter, 1)
        assert counter is not None
        head = counter.seq
        if cursor < counter.trimmed_through:
            return [resync_frame(head)], head, False
        if head <= cursor:
            return [], cursor, False
        wave = _waves.get(db, cursor, head)
        rows = [row for row in wave.rows if _visible(row, viewer, wave)]
        last_for_ticket = {row.ticket_id: row.seq for row in rows if row.kind == "ticket"}
        unread = unread_counts(session, viewer, list(last_for_ticket))
    frames = []
    for row in rows:
        if row.kind == "message" and row.message_id in wave.messages:
            message = wave.messages[row.message_id]
            if viewer.is_staff or not message["internal"]:
                frames.append(frame("message", message, row.seq))
        elif row.kind == "ticket" and last_for_ticket[row.ticket_id] == row.seq:
            ticket = wave.tickets.get(row.ticket_id)
            if ticket is not None:
                frames.append(
                    frame("ticket", ticket_json(ticket, viewer, wave.users, unread), row.seq)
                )
    return frames, wave.new_cursor, wave.more


def _advance_at_once(hub: EventHub, seq: int) -> None:
    """Yesterday's hub woke every stream as soon as a commit was announced."""
    hub.head = max(hub.head, seq)
    hub._wake_all()


def install() -> None:
    """Puts yesterday's stream (and immediate wake-ups) in place of today's."""
    from desk.server.routes import stream

    stream._stream = legacy_stream  # type: ignore[assignment]
    EventHub._advance = _advance_at_once  # type: ignore[method-assign]


def _still_signed_in(ctx: ServerContext, viewer: Viewer) -> bool:
    with ctx.db.read() as session:
        found = session.execute(
            select(Token.id).where(
                Token.token_hash == viewer.token_hash, Token.expires_at > ctx.now()
            )
        ).first()
        return found is not None


async def legacy_stream(
    ctx: ServerContext, viewer: Viewer, position: int | None
) -> AsyncIterator[str]:
    hub = ctx.hub
    limiter = ctx.stream_limiter
    sub = hub.subscribe(viewer)
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
        ping_due = loop.time() + interval
        while not hub.closed:
            sub.wake.clear()
            frames, cursor, more = await to_thread.run_sync(
                fetch, ctx.db, viewer, cursor, limiter=limiter
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
                if not await to_thread.run_sync(_still_signed_in, ctx, viewer, limiter=limiter):
                    return
                yield ": ping\n\n"
                ping_due = loop.time() + interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(sub.wake.wait(), max(0.0, ping_due - loop.time()))
    finally:
        hub.unsubscribe(sub)
