"""The connection, its lock, transactions and change listeners shared by the mixins."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from desk.client.store.changes import Changes
from desk.client.store.lock import lock_store
from desk.client.store.schema import migrate

log = logging.getLogger(__name__)

Listener = Callable[[Changes], None]
T = TypeVar("T")

# Old SQLite builds cap bound parameters at 999 per statement.
_CHUNK = 900


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def select_in(
    db: sqlite3.Connection, sql: str, ids: Iterable[int], extra: Sequence[Any] = ()
) -> Iterator[Any]:
    """Run ``sql`` (with one ``{ids}`` placeholder list) over ids, chunk by chunk."""
    id_list = list(ids)
    for part in chunks(id_list):
        marks = ",".join("?" * len(part))
        yield from db.execute(sql.format(ids=marks), (*extra, *part))


class StoreBase:
    """Owns the SQLite connection.

    One connection serves the asyncio thread and worker threads: sqlite3 allows that
    with ``check_same_thread=False`` as long as calls never overlap, which the
    re-entrant lock guarantees. Listeners run on the thread that made the change,
    after the commit and outside the lock (a Qt adapter must hop to the GUI thread).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._account_lock = lock_store(self.path)  # before SQLite: one process per cache
        # Outbox attachment copies live beside the database, owned by the store.
        self.files_dir = self.path.parent / f"{self.path.stem}-files"
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
        except BaseException:
            self._account_lock.release()
            raise
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL loses at most the last commits on power loss, never
            # consistency; it makes each commit (draft autosave) fsync-free.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA temp_store = MEMORY")
            migrate(self._conn)
        except BaseException:
            self._conn.close()
            self._account_lock.release()
            raise

    # --- lifecycle --------------------------------------------------------------

    def close(self) -> None:
        """Close the database (SQLite checkpoints the WAL into it and removes the -wal
        file, as the last connection), then let other processes open the account."""
        with self._lock:
            self._conn.close()
            self._account_lock.release()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions -----------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; commits on success, rolls back on any error."""
        with self._lock:
            if self._conn.in_transaction:
                raise RuntimeError("nested store transaction")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # --- notifications ----------------------------------------------------------

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(changes)`` after every mutation that changed something."""
        with self._lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    def _emit(self, changes: Changes) -> Changes:
        if changes.is_empty:
            return changes
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            # The change is committed whatever a listener does; one broken listener
            # must not starve the others, so its error is logged, not raised.
            try:
                listener(changes)
            except Exception:
                log.exception("store change listener %r failed", listener)
        return changes
