"""``Store``: the local cache of one account on one server."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from desk.client.paths import default_store_path
from desk.client.store.changes import Changes
from desk.client.store.drafts import DraftsMixin
from desk.client.store.messages import MessagesMixin, upsert_message_rows
from desk.client.store.outbox import OutboxMixin, settle_by_client_id
from desk.client.store.thumbnails import DEFAULT_THUMBNAIL_CACHE_BYTES, ThumbnailsMixin
from desk.client.store.tickets import SYNC_SEQ_KEY, TicketsMixin
from desk.domain import Message


class Store(TicketsMixin, MessagesMixin, DraftsMixin, OutboxMixin, ThumbnailsMixin):
    """SQLite cache: tickets, messages, read markers, drafts, outbox, thumbnails.

    The only code that speaks SQL. Every mutating method returns a ``Changes`` and,
    when it is not empty, hands it to the listeners registered with ``subscribe``.
    Safe to call from the asyncio thread and from worker threads.
    """

    def __init__(
        self, path: str | Path, *, thumbnail_cache_bytes: int = DEFAULT_THUMBNAIL_CACHE_BYTES
    ) -> None:
        super().__init__(path)
        self.thumbnail_cache_bytes = thumbnail_cache_bytes
        try:
            self._recover_outbox()
        except BaseException:
            self.close()
            raise

    @classmethod
    def for_account(cls, server: str, email: str, *, root: Path | None = None) -> Store:
        """Open (creating if needed) the account's cache under the user data dir."""
        return cls(default_store_path(server, email, root=root))

    def upsert_messages(self, messages: Iterable[Message]) -> Changes:
        """Store messages (any order, duplicates fine).

        A message carrying the client id of one of our unsent outbox entries settles
        that entry in the same change, so the optimistic row and the real message
        never show together, even when the event beats the POST's answer.
        """
        batch = list(messages)
        with self._write() as db:
            changed = upsert_message_rows(db, batch)
            outbox_tickets, folders = settle_by_client_id(db, batch)
        self._remove_folders(folders)
        return self._emit(Changes.of(messages=changed, outbox=outbox_tickets))

    def reset_cache(self) -> Changes:
        """Forget everything the server can send again; keep drafts and the outbox.

        The sync cursor goes back to 0, so the next sync is a full one.
        """
        with self._write() as db:
            tickets = [int(r[0]) for r in db.execute("SELECT id FROM tickets")]
            messages: dict[int, set[int]] = {}
            for mid, tid in db.execute("SELECT id, ticket_id FROM messages"):
                messages.setdefault(int(tid), set()).add(int(mid))
            for table in ("tickets", "messages", "read_markers", "thumbnails"):
                db.execute(f"DELETE FROM {table}")
            db.execute("DELETE FROM meta WHERE key = ?", (SYNC_SEQ_KEY,))
        return self._emit(Changes.of(tickets=tickets, messages=messages))
