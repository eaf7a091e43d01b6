"""Reading the event log for streams and rendering it for each stream's user.

When a change wakes every stream, they all ask for the same range of the log. A
`Wave` loads that range once (events, messages, tickets, users) and each stream
then only filters it and counts its own unread messages: one small query per
stream instead of a handful.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import msgspec
from sqlalchemy import select

from desk.server.db.engine import Database
from desk.server.db.models import Counter, Event, Message, Ticket, User
from desk.server.render import iso, render_messages, ticket_json, ticket_users, unread_counts
from desk.server.viewer import Viewer

BATCH = 500
# A loaded wave serves streams that ask for the same range within this many seconds.
_WAVE_TTL = 2.0
_WAVES_KEPT = 32


def frame(kind: str, data: Any, seq: int | None = None) -> str:
    head = f"id: {seq}\n" if seq is not None else ""
    return f"{head}event: {kind}\ndata: {msgspec.json.encode(data).decode()}\n\n"


def resync_frame(head: int) -> str:
    return frame("resync", {"seq": head})


def presence_frame(payload: dict[str, Any]) -> str:
    return frame("presence", {**payload, "expires_at": iso(payload["expires_at"])})


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
    """Events (cursor, head] and everything needed to render them, viewer-independent."""

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
    """Shares loaded waves between streams; thread-safe, small and short-lived."""

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


def _visible(row: _Row, viewer: Viewer, wave: Wave) -> bool:
    if row.user_id is not None and row.user_id != viewer.id:
        return False
    if viewer.is_staff:
        return True
    ticket = wave.tickets.get(row.ticket_id)
    return ticket is not None and ticket.customer_id == viewer.id and not row.staff_only


def fetch(
    db: Database, waves: WaveCache, viewer: Viewer, cursor: int
) -> tuple[list[str], int, bool]:
    """(frames, new cursor, more waiting) for events after `cursor`, as `viewer` sees them."""
    with db.read() as session:
        counter = session.get(Counter, 1)
        assert counter is not None
        head = counter.seq
        if cursor < counter.trimmed_through:
            return [resync_frame(head)], head, False
        if head <= cursor:
            return [], cursor, False
        wave = waves.get(db, cursor, head)
        rows = [row for row in wave.rows if _visible(row, viewer, wave)]
        # Ticket payloads are rendered as of now, so only the last event per ticket is sent.
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
