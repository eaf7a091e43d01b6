"""Reading the event log for streams and rendering it once for all of them.

When a change wakes every stream, they all ask for the same range of the log. A
`Wave` loads that range once and renders it once per audience: each message as one
frame, each ticket as one frame per audience (staff, the ticket's customer) with a
gap for the receiver's unread count; the unread counts of every open stream's user
come from one query (`desk.server.render.unread_for_recipients`). A stream then only
filters the wave and fills in its own count — no query, no thread, no JSON encoding.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from anyio import to_thread
from sqlalchemy import select

from desk.server.db.engine import Database
from desk.server.db.models import Counter, Event, Message, Ticket
from desk.server.render import (
    UnreadCounts,
    iso,
    render_messages,
    ticket_users,
    ticket_view,
    unread_for_recipients,
)
from desk.server.viewer import Viewer

BATCH = 500
# A loaded wave serves streams that ask for the same range within this many seconds.
_WAVE_TTL = 2.0
_WAVES_KEPT = 32
# Rendered in place of the unread count, then cut out (no other `"unread_count":-1`
# can occur: quotes inside JSON strings are escaped).
_GAP = '"unread_count":-1'


def frame(kind: str, data: Any, seq: int | None = None) -> str:
    head = f"id: {seq}\n" if seq is not None else ""
    return f"{head}event: {kind}\ndata: {msgspec.json.encode(data).decode()}\n\n"


def resync_frame(head: int) -> str:
    return frame("resync", {"seq": head})


def presence_frame(payload: dict[str, Any]) -> str:
    return frame("presence", {**payload, "expires_at": iso(payload["expires_at"])})


def retry_frame(milliseconds: int) -> str:
    """The SSE reconnection hint sent as a stream ends at shutdown."""
    return f"retry: {milliseconds}\n\n"


@dataclass(frozen=True)
class _Row:
    seq: int
    kind: str
    ticket_id: int
    message_id: int | None
    staff_only: bool
    user_id: int | None


@dataclass(frozen=True)
class TicketFrame:
    """A ticket's payload, encoded once, with a gap for the receiver's unread count."""

    before: str
    after: str

    @classmethod
    def build(cls, payload: dict[str, Any]) -> TicketFrame:
        text = msgspec.json.encode(payload).decode()
        before, sep, after = text.partition(_GAP)
        assert sep, "the ticket payload lost its unread_count"
        return cls(before + '"unread_count":', after)

    def render(self, seq: int, unread: int) -> str:
        return f"id: {seq}\nevent: ticket\ndata: {self.before}{unread}{self.after}\n\n"


@dataclass
class Wave:
    """Events (cursor, head], rendered once per audience."""

    rows: list[_Row] = field(default_factory=list)
    messages: dict[int, str] = field(default_factory=dict)  # message id -> frame body
    internal: set[int] = field(default_factory=set)  # ids of internal notes
    customers: dict[int, int] = field(default_factory=dict)  # ticket id -> customer id
    staff_tickets: dict[int, TicketFrame] = field(default_factory=dict)  # by ticket id
    customer_tickets: dict[int, TicketFrame] = field(default_factory=dict)
    unread: UnreadCounts = field(default_factory=lambda: UnreadCounts(set()))
    new_cursor: int = 0
    more: bool = False
    resync: bool = False  # the cursor is older than the log: resync from `new_cursor`
    loaded_at: float = 0.0

    @classmethod
    def load(cls, db: Database, cursor: int, head: int, staff_ids: Iterable[int]) -> Wave:
        wave = cls()
        with db.read() as session:
            counter = session.get(Counter, 1)
            assert counter is not None
            if cursor < counter.trimmed_through:
                wave.resync, wave.new_cursor = True, counter.seq
                return wave
            events = session.execute(
                select(Event)
                .where(Event.seq > cursor, Event.seq <= head)
                .order_by(Event.seq)
                .limit(BATCH)
            ).scalars()
            wave.rows = [
                _Row(e.seq, e.kind, e.ticket_id, e.message_id, e.staff_only, e.user_id)
                for e in events
            ]
            wave.more = len(wave.rows) == BATCH
            wave.new_cursor = wave.rows[-1].seq if wave.more else head
            message_ids = [r.message_id for r in wave.rows if r.message_id is not None]
            if message_ids:
                found = session.execute(select(Message).where(Message.id.in_(message_ids)))
                for message in render_messages(session, list(found.scalars())):
                    wave.messages[message["id"]] = msgspec.json.encode(message).decode()
                    if message["internal"]:
                        wave.internal.add(message["id"])
            ticket_ids = {r.ticket_id for r in wave.rows}
            if ticket_ids:
                found_tickets = session.execute(select(Ticket).where(Ticket.id.in_(ticket_ids)))
                tickets = {t.id: t for t in found_tickets.scalars()}
                wave.customers = {t.id: t.customer_id for t in tickets.values()}
                users = ticket_users(session, list(tickets.values()))
                # Ticket payloads are rendered as of now, so one per ticket and audience
                # serves every event of that ticket in the wave.
                changed = sorted({r.ticket_id for r in wave.rows if r.kind == "ticket"})
                for ticket_id in changed:
                    ticket = tickets.get(ticket_id)
                    if ticket is None:
                        continue
                    wave.staff_tickets[ticket_id] = TicketFrame.build(
                        ticket_view(ticket, True, users, -1)
                    )
                    wave.customer_tickets[ticket_id] = TicketFrame.build(
                        ticket_view(ticket, False, users, -1)
                    )
                wave.unread = unread_for_recipients(session, changed, staff_ids)
        wave.loaded_at = time.monotonic()
        return wave

    def _visible(self, row: _Row, viewer: Viewer) -> bool:
        if row.user_id is not None and row.user_id != viewer.id:
            return False
        if viewer.is_staff:
            return True
        return self.customers.get(row.ticket_id) == viewer.id and not row.staff_only

    def ticket_ids(self) -> list[int]:
        return sorted({r.ticket_id for r in self.rows if r.kind == "ticket"})

    def frames_for(self, viewer: Viewer, unread: UnreadCounts) -> list[str]:
        """What `viewer`'s stream sends of this wave, in log order."""
        staff = viewer.is_staff
        rows = [row for row in self.rows if self._visible(row, viewer)]
        last_for_ticket = {row.ticket_id: row.seq for row in rows if row.kind == "ticket"}
        tickets = self.staff_tickets if staff else self.customer_tickets
        frames = []
        for row in rows:
            if row.kind == "message" and row.message_id in self.messages:
                if staff or row.message_id not in self.internal:
                    body = self.messages[row.message_id]
                    frames.append(f"id: {row.seq}\nevent: message\ndata: {body}\n\n")
            elif row.kind == "ticket" and last_for_ticket[row.ticket_id] == row.seq:
                # Only the last event per ticket: the payload is the ticket as of now.
                template = tickets.get(row.ticket_id)
                if template is not None:  # else deleted since: nothing to show
                    frames.append(template.render(row.seq, unread.get(viewer, row.ticket_id)))
        return frames


class WaveCache:
    """Shares loaded waves between the streams; used on the event loop only."""

    def __init__(self) -> None:
        self._waves: OrderedDict[tuple[int, int], asyncio.Future[Wave]] = OrderedDict()

    async def get(
        self,
        db: Database,
        cursor: int,
        head: int,
        staff_ids: Callable[[], set[int]],
        limiter: Any = None,
    ) -> Wave:
        """The wave (cursor, head], loading it in a worker thread unless another stream
        already did; `staff_ids` (the recipients to count unread for) is called only
        then, so a thousand streams asking for one wave cost one call, not a thousand."""
        return await asyncio.shield(self.start(db, cursor, head, staff_ids, limiter))

    def start(
        self,
        db: Database,
        cursor: int,
        head: int,
        staff_ids: Callable[[], set[int]],
        limiter: Any = None,
    ) -> asyncio.Future[Wave]:
        """The wave (cursor, head] being loaded, starting the load unless it is cached;
        the hub calls this as a change commits, before it wakes the streams."""
        key = (cursor, head)
        task = self._waves.get(key)
        if task is not None and task.done():
            failed = task.cancelled() or task.exception() is not None
            if failed or time.monotonic() - task.result().loaded_at > _WAVE_TTL:
                task = None
        if task is None:
            task = asyncio.ensure_future(
                to_thread.run_sync(Wave.load, db, cursor, head, staff_ids(), limiter=limiter)
            )
            # Marks a failure as seen even when every waiting stream has gone away.
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
            self._waves[key] = task
            while len(self._waves) > _WAVES_KEPT:
                self._waves.popitem(last=False)
        return task


def open_position(db: Database, since: int | None) -> tuple[int, bool]:
    """(cursor, resync): where a new stream starts and whether the client must resync.

    No position means "from now". A position the log no longer covers (trimmed, or
    ahead of this server, e.g. after a database reset) means resync from now."""
    with db.read() as session:
        counter = session.get(Counter, 1)
        assert counter is not None
        head, trimmed = counter.seq, counter.trimmed_through
    if since is None:
        return head, False
    if since < trimmed or since > head:
        return head, True
    return since, False


def read_head(db: Database) -> int:
    with db.read() as session:
        counter = session.get(Counter, 1)
        assert counter is not None
        return counter.seq


def own_unread(db: Database, viewer: Viewer, ticket_ids: list[int]) -> UnreadCounts:
    """Unread counts for one staff stream that opened after its wave was loaded."""
    with db.read() as session:
        return unread_for_recipients(session, ticket_ids, [viewer.id])
