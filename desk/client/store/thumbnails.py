"""A size-bounded least-recently-used cache of attachment thumbnails."""

from __future__ import annotations

from desk.client.store._base import StoreBase

DEFAULT_THUMBNAIL_CACHE_BYTES = 64 * 1024 * 1024


class ThumbnailsMixin(StoreBase):
    """Blobs of a few tens of KiB read faster from SQLite than from loose files.

    Recency is a counter, not a clock, so two uses in the same instant still order.
    Thumbnails are not part of ``Changes``: whoever asked for one is waiting for it.
    """

    thumbnail_cache_bytes: int = DEFAULT_THUMBNAIL_CACHE_BYTES
    _lru_clock: int | None = None

    def _tick(self) -> int:
        if self._lru_clock is None:
            row = self._conn.execute("SELECT max(last_used) FROM thumbnails").fetchone()
            self._lru_clock = int(row[0] or 0)
        self._lru_clock += 1
        return self._lru_clock

    def thumbnail(self, attachment_id: int, size: int) -> bytes | None:
        with self._write() as db:
            row = db.execute(
                "SELECT data FROM thumbnails WHERE attachment_id = ? AND size = ?",
                (attachment_id, size),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE thumbnails SET last_used = ? WHERE attachment_id = ? AND size = ?",
                (self._tick(), attachment_id, size),
            )
        return bytes(row[0])

    def put_thumbnail(self, attachment_id: int, size: int, data: bytes) -> None:
        """Store a thumbnail, then evict the least recently used past the budget.

        A thumbnail bigger than the whole budget is not kept at all.
        """
        if len(data) > self.thumbnail_cache_bytes:
            return
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO thumbnails (attachment_id, size, data, nbytes, last_used)"
                " VALUES (?, ?, ?, ?, ?)",
                (attachment_id, size, data, len(data), self._tick()),
            )
            total = int(db.execute("SELECT coalesce(sum(nbytes), 0) FROM thumbnails").fetchone()[0])
            if total <= self.thumbnail_cache_bytes:
                return
            victims: list[tuple[int, int]] = []
            for aid, sz, nbytes in db.execute(
                "SELECT attachment_id, size, nbytes FROM thumbnails ORDER BY last_used"
            ):
                if total <= self.thumbnail_cache_bytes:
                    break
                victims.append((aid, sz))
                total -= nbytes
            db.executemany("DELETE FROM thumbnails WHERE attachment_id = ? AND size = ?", victims)

    def thumbnail_cache_size(self) -> int:
        """Bytes of thumbnails currently kept."""
        with self._read() as db:
            row = db.execute("SELECT coalesce(sum(nbytes), 0) FROM thumbnails").fetchone()
        return int(row[0])
