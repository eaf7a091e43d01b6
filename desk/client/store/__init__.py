"""The local SQLite cache of one account: the only place in Desk that speaks SQL.

    from desk.client.store import Store, Changes, OutboxEntry, OutboxState

    store = Store.for_account(server, email)       # or Store(path)
    unsubscribe = store.subscribe(on_changes)      # Changes of ids, after each commit
    store.upsert_tickets(page, sync_seq=page_seq)  # out-of-order safe; cursor moves atomically
    tickets = store.load_tickets()                 # 100k in about half a second

What lives here: tickets and messages (msgspec JSON blobs, replaced only by an equal
or newer ``seq``), the sync cursor and a small meta table, read markers, drafts, the
outbox (with its own copies of attachment bytes) and a size-bounded thumbnail cache.

Tickets, messages, read markers and thumbnails are only a cache: ``reset_cache()``
(or deleting the file) rebuilds them on the next sync. Drafts and the outbox belong
to the user and survive both ``reset_cache()`` and schema migrations.

One connection is shared by the asyncio thread and worker threads behind a lock.
Listeners run on the thread that wrote; a Qt adapter must re-emit on the GUI thread.
"""

from desk.client.store.changes import EMPTY, Changes
from desk.client.store.drafts import Draft
from desk.client.store.lock import StoreInUseError
from desk.client.store.outbox_types import (
    OutboxEntry,
    OutboxFile,
    OutboxFileSource,
    OutboxState,
    OutboxStateError,
)
from desk.client.store.schema import StoreTooNewError
from desk.client.store.store import Store

__all__ = [
    "EMPTY",
    "Changes",
    "Draft",
    "OutboxEntry",
    "OutboxFile",
    "OutboxFileSource",
    "OutboxState",
    "OutboxStateError",
    "Store",
    "StoreInUseError",
    "StoreTooNewError",
]
