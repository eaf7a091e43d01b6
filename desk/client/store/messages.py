"""Messages of each ticket's thread."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import msgspec

from desk.client.store._base import StoreBase, select_in
from desk.domain import Message

_encode = msgspec.json.Encoder().encode
_decode_list = msgspec.json.Decoder(list[Message]).decode

_UPSERT = (
    "INSERT INTO messages (id, ticket_id, seq, client_id, data) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET ticket_id = excluded.ticket_id, seq = excluded.seq,"
    " client_id = excluded.client_id, data = excluded.data"
)


def upsert_message_rows(db: sqlite3.Connection, messages: Iterable[Message]) -> dict[int, set[int]]:
    """Write messages inside the caller's transaction; returns ticket id -> changed ids.

    Same rule as tickets: an older ``seq`` never replaces a newer one and an
    identical message is not a change.
    """
    latest: dict[int, Message] = {}
    for message in messages:
        seen = latest.get(message.id)
        if seen is None or message.seq >= seen.seq:
            latest[message.id] = message
    stored = {
        mid: (seq, data)
        for mid, seq, data in select_in(
            db, "SELECT id, seq, data FROM messages WHERE id IN ({ids})", list(latest)
        )
    }
    rows: list[tuple[int, int, int, str | None, bytes]] = []
    changed: dict[int, set[int]] = {}
    for mid, message in latest.items():
        old = stored.get(mid)
        if old is not None and message.seq < old[0]:
            continue
        data = _encode(message)
        if old is not None and old[1] == data:
            continue
        rows.append((mid, message.ticket_id, message.seq, message.client_id, data))
        changed.setdefault(message.ticket_id, set()).add(mid)
    db.executemany(_UPSERT, rows)
    return changed


def decode_message_rows(blobs: list[bytes]) -> list[Message]:
    if not blobs:
        return []
    return _decode_list(b"[" + b",".join(blobs) + b"]")


class MessagesMixin(StoreBase):
    def messages(
        self, ticket_id: int, limit: int = 400, before_id: int | None = None
    ) -> list[Message]:
        """Oldest-first slice of the newest ``limit`` messages (before ``before_id``).

        Open a thread with ``messages(t)``; on scroll-up ask for
        ``messages(t, before_id=<oldest shown id>)``.
        """
        if limit <= 0:
            return []
        upper = before_id if before_id is not None else (1 << 62)
        with self._read() as db:
            blobs = [
                row[0]
                for row in db.execute(
                    "SELECT data FROM messages WHERE ticket_id = ? AND id < ?"
                    " ORDER BY id DESC LIMIT ?",
                    (ticket_id, upper, limit),
                )
            ]
        blobs.reverse()
        return decode_message_rows(blobs)

    def message(self, message_id: int) -> Message | None:
        with self._read() as db:
            row = db.execute("SELECT data FROM messages WHERE id = ?", (message_id,)).fetchone()
        return None if row is None else decode_message_rows([row[0]])[0]

    def latest_message_id(self, ticket_id: int) -> int | None:
        """The newest stored message id: ``GET /tickets/{id}/messages?after=`` starts here."""
        with self._read() as db:
            row = db.execute(
                "SELECT max(id) FROM messages WHERE ticket_id = ?", (ticket_id,)
            ).fetchone()
        return None if row[0] is None else int(row[0])

    def messages_by_id(self, message_ids: Iterable[int]) -> dict[int, Message]:
        """The given messages that are stored (for a model refreshing changed rows)."""
        with self._read() as db:
            blobs = [
                row[0]
                for row in select_in(
                    db, "SELECT data FROM messages WHERE id IN ({ids})", message_ids
                )
            ]
        return {m.id: m for m in decode_message_rows(blobs)}
