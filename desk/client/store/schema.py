"""The cache's schema and its forward migrations.

``PRAGMA user_version`` holds the number of migrations applied. A migration is a
list of statements run in one transaction together with the version bump, so a
crash leaves the file at the old or the new version, never in between. Migrations
only ever go forward; an app older than the file refuses to open it (see
``StoreTooNewError``) rather than guess.

Tickets, messages, read markers and thumbnails are a cache of the server and can
be rebuilt at any time (``Store.reset_cache()``, or deleting the file): the next
sync fetches everything again. Drafts and the outbox are the user's own and are
kept by ``reset_cache()``; a migration must carry them over.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    # One msgspec JSON blob per ticket; seq is a column so out-of-order updates can
    # be refused without decoding, and (seq, id) is a covering index for that check.
    "CREATE TABLE tickets (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE INDEX tickets_seq ON tickets (seq)",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL, seq INTEGER NOT NULL,
        client_id TEXT, data BLOB NOT NULL)""",
    "CREATE INDEX messages_ticket ON messages (ticket_id, id)",
    # message_count: the ticket's count when marked, so a new message ends the override.
    """CREATE TABLE read_markers (
        ticket_id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL, message_count INTEGER,
        posted INTEGER NOT NULL DEFAULT 0, override INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE drafts (
        ticket_id INTEGER PRIMARY KEY, body TEXT NOT NULL, internal INTEGER NOT NULL,
        files TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL,
        client_id TEXT NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        internal INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
        error TEXT,
        retryable INTEGER NOT NULL DEFAULT 1,
        message_id INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        folder TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    "CREATE INDEX outbox_ticket ON outbox (ticket_id, state)",
    """CREATE TABLE outbox_files (
        entry_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        filename TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        attachment_id INTEGER,
        PRIMARY KEY (entry_id, idx)) WITHOUT ROWID""",
    """CREATE TABLE thumbnails (
        attachment_id INTEGER NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL,
        nbytes INTEGER NOT NULL, last_used INTEGER NOT NULL,
        PRIMARY KEY (attachment_id, size))""",
    "CREATE INDEX thumbnails_lru ON thumbnails (last_used)",
)

# A start-up shows the open queue first and reads the (usually much larger) done
# archive after the first paint: ``done`` lets SQLite pick the rows without decoding
# a blob, and (done, id) serves "open, newest first" straight from the index.
_V2 = (
    "ALTER TABLE tickets ADD COLUMN done INTEGER NOT NULL DEFAULT 0",
    "UPDATE tickets SET done = (json_extract(CAST(data AS TEXT), '$.status') = 'done')",
    "CREATE INDEX tickets_done ON tickets (done, id)",
)

# MIGRATIONS[i] takes a file from version i to version i + 1. Append only.
MIGRATIONS: list[Sequence[str]] = [_V1, _V2]


class StoreTooNewError(RuntimeError):
    """The file was written by a newer Desk; this one will not downgrade it."""


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file up to the latest version; returns that version.

    ``conn`` must be in autocommit mode (``isolation_level=None``) so that the
    explicit BEGIN/COMMIT here are the only transaction control.
    """
    latest = len(MIGRATIONS)
    current = schema_version(conn)
    if current > latest:
        raise StoreTooNewError(
            f"The local cache was written by a newer version of Desk (schema {current},"
            f" this version knows {latest}). Update Desk, or remove the cache to rebuild it."
        )
    for target in range(current + 1, latest + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[target - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return latest
