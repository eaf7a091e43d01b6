"""Tickets, the sync cursor, the meta table and local read markers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import msgspec

from desk.client.store._base import StoreBase, select_in
from desk.client.store.changes import EMPTY, Changes
from desk.domain import Ticket

_encode = msgspec.json.Encoder().encode
_decode_one = msgspec.json.Decoder(Ticket).decode
_decode_list = msgspec.json.Decoder(list[Ticket]).decode

SYNC_SEQ_KEY = "sync_seq"

_UPSERT = (
    "INSERT INTO tickets (id, seq, data, done) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, data = excluded.data,"
    " done = excluded.done"
)


def decode_ticket_rows(blobs: list[bytes]) -> list[Ticket]:
    """Decode many stored blobs at once.

    Joining the blobs into one JSON array and decoding it with a ``list[Ticket]``
    decoder beats a decoder call per row (see tests/bench/bench_store.py).
    """
    if not blobs:
        return []
    return _decode_list(b"[" + b",".join(blobs) + b"]")


class TicketsMixin(StoreBase):
    # --- tickets ----------------------------------------------------------------

    def upsert_tickets(self, tickets: Iterable[Ticket], *, sync_seq: int | None = None) -> Changes:
        """Store tickets from a page, an event or a delta, whatever their order.

        A ticket replaces the stored one only when its ``seq`` is not older; an equal
        ticket changes nothing and is not reported. ``sync_seq``, when given, moves
        the cursor in the same transaction, so a crash never skips a page.
        """
        latest: dict[int, Ticket] = {}
        for ticket in tickets:
            seen = latest.get(ticket.id)
            if seen is None or ticket.seq >= seen.seq:
                latest[ticket.id] = ticket
        changed: list[int] = []
        with self._write() as db:
            stored_seq = self._stored_seqs(list(latest))
            same_seq = [tid for tid, t in latest.items() if stored_seq.get(tid) == t.seq]
            stored_data: dict[int, bytes] = dict(
                select_in(db, "SELECT id, data FROM tickets WHERE id IN ({ids})", same_seq)
            )
            overrides = dict(
                db.execute("SELECT ticket_id, message_count FROM read_markers WHERE override = 1")
            )
            new_rows: list[tuple[int, int, bytes, bool]] = []
            rows: list[tuple[int, int, bytes, bool]] = []
            ended: list[tuple[int]] = []
            for tid, ticket in latest.items():
                old_seq = stored_seq.get(tid)
                if old_seq is not None and ticket.seq < old_seq:
                    continue
                if tid in overrides:
                    ticket, keep = _apply_override(ticket, overrides[tid])
                    if not keep:
                        ended.append((tid,))
                data = _encode(ticket)
                if stored_data.get(tid) == data:
                    continue
                row = (tid, ticket.seq, data, ticket.is_done)
                (rows if tid in stored_seq else new_rows).append(row)
                changed.append(tid)
            # A plain INSERT of unseen ids is cheaper than the upsert (first sync).
            db.executemany(
                "INSERT INTO tickets (id, seq, data, done) VALUES (?, ?, ?, ?)", new_rows
            )
            db.executemany(_UPSERT, rows)
            if ended:
                db.executemany("UPDATE read_markers SET override = 0 WHERE ticket_id = ?", ended)
                db.execute("DELETE FROM read_markers WHERE override = 0 AND posted = 1")
            if sync_seq is not None:
                _set_meta(db, SYNC_SEQ_KEY, str(sync_seq))
        return self._emit(Changes.of(tickets=changed))

    def _stored_seqs(self, ids: list[int]) -> dict[int, int]:
        if len(ids) > 20_000:
            # A full (re)sync: one pass over the covering (seq, id) index is cheaper
            # than a hundred IN lookups.
            wanted = set(ids)
            rows = self._conn.execute("SELECT id, seq FROM tickets INDEXED BY tickets_seq")
            return {tid: seq for tid, seq in rows if tid in wanted}
        return dict(select_in(self._conn, "SELECT id, seq FROM tickets WHERE id IN ({ids})", ids))

    def load_tickets(self, *, done: bool | None = None) -> list[Ticket]:
        """Every stored ticket, newest id first; with ``done``, only the done (True)
        or only the open (False) ones, and only those are decoded."""
        with self._read() as db:
            if done is None:
                rows = db.execute("SELECT data FROM tickets ORDER BY id DESC")
            else:
                rows = db.execute(
                    "SELECT data FROM tickets INDEXED BY tickets_done"
                    " WHERE done = ? ORDER BY id DESC",
                    (int(done),),
                )
            blobs = [row[0] for row in rows]
        # Decoding runs outside the lock so a worker thread can write meanwhile.
        return decode_ticket_rows(blobs)

    def ticket(self, ticket_id: int) -> Ticket | None:
        with self._read() as db:
            row = db.execute("SELECT data FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        return None if row is None else _decode_one(row[0])

    def tickets_by_id(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]:
        """The given tickets that are stored (for a model refreshing changed rows)."""
        with self._read() as db:
            blobs = [
                row[0]
                for row in select_in(db, "SELECT data FROM tickets WHERE id IN ({ids})", ticket_ids)
            ]
        return {t.id: t for t in decode_ticket_rows(blobs)}

    def ticket_count(self) -> int:
        with self._read() as db:
            return int(db.execute("SELECT count(*) FROM tickets").fetchone()[0])

    # --- sync cursor and meta ---------------------------------------------------

    def sync_seq(self) -> int:
        """The delta position: the next sync asks for ``GET /tickets?since=<this>``."""
        value = self.meta(SYNC_SEQ_KEY)
        return 0 if value is None else int(value)

    def set_sync_seq(self, seq: int) -> None:
        self.set_meta(SYNC_SEQ_KEY, str(seq))

    def meta(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or with ``None`` remove) a small string value; not a change event."""
        with self._write() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                _set_meta(db, key, value)

    # --- read markers -----------------------------------------------------------

    def mark_read(self, ticket_id: int, message_id: int) -> Changes:
        """Remember that the user read up to ``message_id`` and clear the badge now.

        The stored ticket shows ``unread_count == 0`` until the server says so too
        or a new message arrives (its ``message_count`` grows). The marker also
        waits in ``pending_read_markers()`` until the sync engine has posted it.
        Markers only move forward.
        """
        with self._write() as db:
            row = db.execute(
                "SELECT message_id FROM read_markers WHERE ticket_id = ?", (ticket_id,)
            ).fetchone()
            if row is not None and row[0] >= message_id:
                return EMPTY
            data = db.execute("SELECT data FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
            ticket = None if data is None else _decode_one(data[0])
            db.execute(
                "INSERT OR REPLACE INTO read_markers"
                " (ticket_id, message_id, message_count, posted, override) VALUES (?, ?, ?, 0, ?)",
                (
                    ticket_id,
                    message_id,
                    None if ticket is None else ticket.message_count,
                    int(ticket is not None),
                ),
            )
            if ticket is None or ticket.unread_count == 0:
                return EMPTY
            cleared = msgspec.structs.replace(ticket, unread_count=0)
            db.execute("UPDATE tickets SET data = ? WHERE id = ?", (_encode(cleared), ticket_id))
        return self._emit(Changes.of(tickets=[ticket_id]))

    def pending_read_markers(self) -> list[tuple[int, int]]:
        """(ticket id, message id) pairs not yet posted to ``POST /tickets/{id}/read``."""
        with self._read() as db:
            rows = db.execute(
                "SELECT ticket_id, message_id FROM read_markers WHERE posted = 0 ORDER BY ticket_id"
            )
            return [(int(t), int(m)) for t, m in rows]

    def read_marker_posted(self, ticket_id: int, message_id: int) -> None:
        """The server accepted the marker (a newer local one stays pending)."""
        with self._write() as db:
            db.execute(
                "UPDATE read_markers SET posted = 1 WHERE ticket_id = ? AND message_id = ?",
                (ticket_id, message_id),
            )
            db.execute("DELETE FROM read_markers WHERE override = 0 AND posted = 1")


def _apply_override(ticket: Ticket, marked_count: int | None) -> tuple[Ticket, bool]:
    """The ticket as shown while a local read marker holds; and whether it still holds."""
    if ticket.unread_count == 0:
        return ticket, False  # the server agrees: nothing left to override
    if marked_count is None or ticket.message_count > marked_count:
        return ticket, False  # something new arrived after the user read the thread
    return msgspec.structs.replace(ticket, unread_count=0), True


def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
