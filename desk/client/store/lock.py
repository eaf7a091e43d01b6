"""One process per account cache: an OS file lock beside the database.

Two Desk processes writing one SQLite cache would each believe their outbox is the
only one and could deliver a reply twice. The single-instance socket of the app
normally keeps a second launch out; this lock holds even when that is bypassed
(another temp or runtime dir, a second copy of Desk). The OS drops the lock when
the process dies, so a crash never leaves the account locked.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

__all__ = ["StoreInUseError", "lock_store"]


class StoreInUseError(Exception):
    """Another process has this account's cache open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.message = (
            "This account is already open in another Desk window. "
            "Switch to that window, or quit it and start Desk again."
        )
        super().__init__(f"{self.message} ({path})")


def lock_path(database: Path) -> Path:
    return database.with_name(f"{database.name}.lock")


def lock_store(database: Path) -> FileLock:
    """Take the account's lock at once or raise :class:`StoreInUseError`; the caller
    releases it after closing the database."""
    # thread_local=False: the store may be closed from another thread than it opened on.
    lock = FileLock(lock_path(database), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise StoreInUseError(database) from None
    return lock
