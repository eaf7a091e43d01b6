"""Unsent composer text per ticket, autosaved while the user types."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desk.client.store._base import StoreBase, now_iso
from desk.client.store.changes import EMPTY, Changes


@dataclass(frozen=True, slots=True)
class Draft:
    ticket_id: int
    text: str
    internal: bool
    attachments: tuple[Path, ...]
    updated_at: datetime


class DraftsMixin(StoreBase):
    def draft(self, ticket_id: int) -> Draft | None:
        with self._read() as db:
            row = db.execute(
                "SELECT body, internal, files, updated_at FROM drafts WHERE ticket_id = ?",
                (ticket_id,),
            ).fetchone()
        if row is None:
            return None
        body, internal, files, updated_at = row
        return Draft(
            ticket_id=ticket_id,
            text=body,
            internal=bool(internal),
            attachments=tuple(Path(p) for p in json.loads(files)),
            updated_at=datetime.fromisoformat(updated_at),
        )

    def draft_ticket_ids(self) -> frozenset[int]:
        """Tickets that have a draft (for a pencil mark in the queue)."""
        with self._read() as db:
            return frozenset(int(r[0]) for r in db.execute("SELECT ticket_id FROM drafts"))

    def save_draft(
        self,
        ticket_id: int,
        text: str,
        internal: bool = False,
        attachments: Iterable[str | Path] = (),
    ) -> Changes:
        """Autosave: one small transaction, no fsync (WAL + synchronous=NORMAL).

        Saving the same content again is not a change. An empty text with no
        attachments deletes the draft. Attachment paths are the user's own files,
        not copies: a draft is not a commitment to send.
        """
        files = json.dumps([str(p) for p in attachments], ensure_ascii=False)
        if not text and files == "[]":
            return self.delete_draft(ticket_id)
        with self._write() as db:
            old = db.execute(
                "SELECT body, internal, files FROM drafts WHERE ticket_id = ?", (ticket_id,)
            ).fetchone()
            if old is not None and tuple(old) == (text, int(internal), files):
                return EMPTY
            db.execute(
                "INSERT OR REPLACE INTO drafts (ticket_id, body, internal, files, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (ticket_id, text, int(internal), files, now_iso()),
            )
        return self._emit(Changes.of(drafts=[ticket_id]))

    def delete_draft(self, ticket_id: int) -> Changes:
        with self._write() as db:
            gone = db.execute("DELETE FROM drafts WHERE ticket_id = ?", (ticket_id,)).rowcount
        return self._emit(Changes.of(drafts=[ticket_id] if gone else []))
