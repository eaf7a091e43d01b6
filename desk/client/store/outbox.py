"""Messages the user sent that the server has not confirmed yet.

An entry is written, with its idempotency key, client id and its own copy of the
attachment bytes, before any request is made, so a send survives a crash, a lost
connection or the user deleting the original file. Entries leave the outbox only
by being sent or by an explicit ``discard``.
"""

from __future__ import annotations

import mimetypes
import shutil
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desk.client.store._base import StoreBase, now_iso, select_in
from desk.client.store.changes import EMPTY, Changes
from desk.client.store.messages import upsert_message_rows
from desk.client.store.outbox_types import (
    OutboxEntry,
    OutboxFile,
    OutboxFileSource,
    OutboxState,
    OutboxStateError,
)
from desk.domain import Message

_ENTRY_FIELDS = (
    "id", "ticket_id", "client_id", "idempotency_key", "body", "internal", "state", "error",
    "retryable", "message_id", "attempts", "folder", "created_at", "updated_at",
)  # fmt: skip
_ENTRY_COLUMNS = ", ".join(_ENTRY_FIELDS)
# Sent entries are history only; they are dropped this long after being sent.
SENT_RETENTION = timedelta(days=7)


def settle_by_client_id(
    db: sqlite3.Connection, messages: Iterable[Message]
) -> tuple[set[int], list[str]]:
    """Mark unsent entries whose message already reached us (e.g. by an event).

    Returns the ticket ids whose outbox changed and the folders to remove.
    """
    by_client = {m.client_id: m for m in messages if m.client_id}
    if not by_client:
        return set(), []
    # The unsent outbox is a handful of rows; a page may carry a thousand client ids.
    rows = [
        row
        for row in db.execute(
            "SELECT id, ticket_id, client_id, folder FROM outbox"
            " WHERE state IN ('pending', 'sending', 'failed')"
        )
        if row[2] in by_client
    ]
    stamp = now_iso()
    db.executemany(
        "UPDATE outbox SET state = 'sent', message_id = ?, error = NULL, updated_at = ?"
        " WHERE id = ?",
        [(by_client[client_id].id, stamp, entry_id) for entry_id, _, client_id, _ in rows],
    )
    return {int(r[1]) for r in rows}, [str(r[3]) for r in rows]


class OutboxMixin(StoreBase):
    @property
    def _outbox_root(self) -> Path:
        return self.files_dir / "outbox"

    def _recover_outbox(self) -> None:
        """On open: a send cut short by a crash goes back to pending, same key."""
        cutoff = (datetime.now(UTC) - SENT_RETENTION).isoformat()
        with self._write() as db:
            db.execute("UPDATE outbox SET state = 'pending' WHERE state = 'sending'")
            db.execute("DELETE FROM outbox WHERE state = 'sent' AND updated_at < ?", (cutoff,))
            keep = {r[0] for r in db.execute("SELECT folder FROM outbox WHERE state != 'sent'")}
        # Copies from an enqueue that crashed before its commit, or of sent entries.
        if self._outbox_root.is_dir():
            for folder in self._outbox_root.iterdir():
                if folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)

    # --- reading ----------------------------------------------------------------

    def outbox_entry(self, entry_id: int) -> OutboxEntry | None:
        found = self._entries("id = ?", (entry_id,))
        return found[0] if found else None

    def pending_entries(self) -> list[OutboxEntry]:
        """What the sync engine should send, oldest first."""
        return self._entries("state = 'pending'", ())

    def entries_for(self, ticket_id: int) -> list[OutboxEntry]:
        """Unsent entries of a ticket (pending, sending, failed), oldest first."""
        return self._entries(
            "ticket_id = ? AND state IN ('pending', 'sending', 'failed')", (ticket_id,)
        )

    def _entries(self, where: str, params: Sequence[Any]) -> list[OutboxEntry]:
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM outbox WHERE {where} ORDER BY id", params
            ).fetchall()
            files: dict[int, list[tuple[Any, ...]]] = {}
            for frow in select_in(
                db,
                "SELECT entry_id, idx, filename, content_type, size, attachment_id"
                " FROM outbox_files WHERE entry_id IN ({ids}) ORDER BY entry_id, idx",
                [r[0] for r in rows],
            ):
                files.setdefault(frow[0], []).append(frow)
        return [self._entry(row, files.get(row[0], [])) for row in rows]

    def _entry(self, row: tuple[Any, ...], files: list[tuple[Any, ...]]) -> OutboxEntry:
        col = dict(zip(_ENTRY_FIELDS, row, strict=True))
        base = self._outbox_root / col["folder"]
        return OutboxEntry(
            id=col["id"],
            ticket_id=col["ticket_id"],
            client_id=col["client_id"],
            idempotency_key=col["idempotency_key"],
            body=col["body"],
            internal=bool(col["internal"]),
            state=OutboxState(col["state"]),
            files=tuple(
                OutboxFile(idx, name, ctype, size, base / str(idx), aid)
                for _, idx, name, ctype, size, aid in files
            ),
            error=col["error"],
            retryable=bool(col["retryable"]),
            message_id=col["message_id"],
            attempts=col["attempts"],
            created_at=datetime.fromisoformat(col["created_at"]),
            updated_at=datetime.fromisoformat(col["updated_at"]),
        )

    # --- writing ----------------------------------------------------------------

    def enqueue(
        self,
        ticket_id: int,
        body: str,
        internal: bool = False,
        files: Sequence[OutboxFileSource] = (),
    ) -> OutboxEntry:
        """Queue a message; returns the pending entry (its id is the optimistic row's).

        Files are copied into the store first; a missing file raises and queues
        nothing. The body may be empty only when there are files (as in the API).
        """
        if not body.strip() and not files:
            raise ValueError("a message needs text or an attachment")
        client_id = str(uuid.uuid4())
        folder = self._outbox_root / client_id
        folder.mkdir(parents=True)
        try:
            metas = [_copy_file(source, folder / str(i)) for i, source in enumerate(files)]
            stamp = now_iso()
            with self._write() as db:
                cur = db.execute(
                    "INSERT INTO outbox (ticket_id, client_id, idempotency_key, body, internal,"
                    " state, folder, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                    (
                        ticket_id,
                        client_id,
                        str(uuid.uuid4()),
                        body,
                        int(internal),
                        client_id,
                        stamp,
                        stamp,
                    ),
                )
                entry_id = int(cur.lastrowid or 0)
                db.executemany(
                    "INSERT INTO outbox_files (entry_id, idx, filename, content_type, size)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(entry_id, i, *meta) for i, meta in enumerate(metas)],
                )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        entry = self.outbox_entry(entry_id)
        assert entry is not None
        self._emit(Changes.of(outbox=[ticket_id]))
        return entry

    def _step(
        self, entry_id: int, allowed: Iterable[str], sql: str, params: Sequence[Any] = ()
    ) -> Changes:
        """Move an entry on if its state allows; ``sql`` updates ``WHERE id = ?``."""
        with self._write() as db:
            ticket_id, _ = _require(db, entry_id, allowed)
            db.execute(sql, (*params, now_iso(), entry_id))
        return self._emit(Changes.of(outbox=[ticket_id]))

    def mark_sending(self, entry_id: int) -> Changes:
        return self._step(
            entry_id,
            ["pending"],
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?"
            " WHERE id = ?",
        )

    def record_upload(self, entry_id: int, index: int, attachment_id: int) -> Changes:
        """File ``index`` is uploaded: a retry after a crash will not upload it again."""
        with self._write() as db:
            ticket_id, _ = _require(db, entry_id, ["pending", "sending"])
            done = db.execute(
                "UPDATE outbox_files SET attachment_id = ? WHERE entry_id = ? AND idx = ?",
                (attachment_id, entry_id, index),
            ).rowcount
            if not done:
                raise OutboxStateError(f"outbox entry {entry_id} has no file {index}")
        return self._emit(Changes.of(outbox=[ticket_id]))

    def mark_sent(self, entry_id: int, message: Message) -> Changes:
        """The server created ``message``: store it and settle the entry in one change.

        Idempotent: the same message arriving first by event is fine.
        """
        with self._write() as db:
            ticket_id, state = _require(db, entry_id, ["pending", "sending", "failed", "sent"])
            folder = db.execute("SELECT folder FROM outbox WHERE id = ?", (entry_id,)).fetchone()
            if state != "sent":
                db.execute(
                    "UPDATE outbox SET state = 'sent', message_id = ?, error = NULL,"
                    " updated_at = ? WHERE id = ?",
                    (message.id, now_iso(), entry_id),
                )
            changed = upsert_message_rows(db, [message])
        shutil.rmtree(self._outbox_root / folder[0], ignore_errors=True)
        return self._emit(
            Changes.of(outbox=[ticket_id] if state != "sent" else [], messages=changed)
        )

    def mark_failed(self, entry_id: int, reason: str, retryable: bool) -> Changes:
        """``reason`` is a sentence for people (from the problem document's detail)."""
        with self._write() as db:
            ticket_id, state = _require(db, entry_id, ["pending", "sending", "failed", "sent"])
            if state == "sent":
                return EMPTY  # it got through after all (e.g. seen in the event stream)
            db.execute(
                "UPDATE outbox SET state = 'failed', error = ?, retryable = ?, updated_at = ?"
                " WHERE id = ?",
                (reason, int(retryable), now_iso(), entry_id),
            )
        return self._emit(Changes.of(outbox=[ticket_id]))

    def release(self, entry_id: int, reason: str) -> Changes:
        """A send that could not reach the server goes back to pending, same key.

        ``reason`` (e.g. "Cannot reach the server") is kept so the thread can say why
        the message is still waiting; it is not a failure the agent has to act on.
        """
        return self._step(
            entry_id,
            ["sending"],
            "UPDATE outbox SET state = 'pending', error = ?, retryable = 1, updated_at = ?"
            " WHERE id = ?",
            (reason,),
        )

    def retry(self, entry_id: int) -> Changes:
        """Failed -> pending with the same key: the server dedupes if it had it."""
        return self._step(
            entry_id,
            ["failed"],
            "UPDATE outbox SET state = 'pending', error = NULL, retryable = 1, updated_at = ?"
            " WHERE id = ?",
        )

    def edit(self, entry_id: int, body: str) -> Changes:
        """Change a failed entry's text and queue it again.

        A changed body gets a new idempotency key and client id: reusing the key
        with another body is an ``idempotency-conflict``, and a late copy of the old
        attempt must not settle the new one.
        """
        with self._write() as db:
            ticket_id, _ = _require(db, entry_id, ["failed"])
            old_body, nfiles = db.execute(
                "SELECT body, (SELECT count(*) FROM outbox_files WHERE entry_id = outbox.id)"
                " FROM outbox WHERE id = ?",
                (entry_id,),
            ).fetchone()
            if not body.strip() and not nfiles:
                raise ValueError("a message needs text or an attachment")
            if body != old_body:
                db.execute(
                    "UPDATE outbox SET body = ?, idempotency_key = ?, client_id = ? WHERE id = ?",
                    (body, str(uuid.uuid4()), str(uuid.uuid4()), entry_id),
                )
            db.execute(
                "UPDATE outbox SET state = 'pending', error = NULL, retryable = 1,"
                " updated_at = ? WHERE id = ?",
                (now_iso(), entry_id),
            )
        return self._emit(Changes.of(outbox=[ticket_id]))

    def discard(self, entry_id: int) -> Changes:
        """The user gave up on this send (not allowed while a POST is in flight)."""
        with self._write() as db:
            ticket_id, _ = _require(db, entry_id, ["pending", "failed", "sent"])
            folder = db.execute("SELECT folder FROM outbox WHERE id = ?", (entry_id,)).fetchone()
            db.execute("DELETE FROM outbox WHERE id = ?", (entry_id,))
        shutil.rmtree(self._outbox_root / folder[0], ignore_errors=True)
        return self._emit(Changes.of(outbox=[ticket_id]))

    def _remove_folders(self, folders: Iterable[str]) -> None:
        for name in folders:
            shutil.rmtree(self._outbox_root / name, ignore_errors=True)


def _require(db: sqlite3.Connection, entry_id: int, allowed: Iterable[str]) -> tuple[int, str]:
    row = db.execute("SELECT ticket_id, state FROM outbox WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise OutboxStateError(f"no outbox entry {entry_id}")
    ticket_id, state = int(row[0]), str(row[1])
    if state not in allowed:
        raise OutboxStateError(f"outbox entry {entry_id} is {state}")
    return ticket_id, state


def _copy_file(source: OutboxFileSource, dest: Path) -> tuple[str, str, int]:
    """Copy one file into the store; returns (filename, content_type, size)."""
    if isinstance(source, tuple):
        filename, data, content_type = source
        dest.write_bytes(data)
    else:
        path = Path(source)
        filename = path.name
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        shutil.copyfile(path, dest)
    return filename, content_type, dest.stat().st_size
