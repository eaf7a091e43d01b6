"""The sync engine: server -> store, and the agent's actions -> server.

One engine per signed-in account. It keeps the local store in step with the server
(delta catch-up by ``seq``, then the live event stream), delivers the outbox, and
performs ticket actions whose results it writes to the store — the UI learns about
every change to the data from the store's notifications. What else the engine has to
say (what it learned, for alerts; presence; the connection; an expired session) it
publishes on ``engine.events`` (:mod:`desk.client.engine_events`), the one other way
from the engine to the UI.

Guarantees:
- After any reconnect, resync or clock jump it catches up with ``GET /tickets?since=``
  and re-reads the messages of the tickets the agent has open, so nothing done in
  between is missing.
- An outbox entry is sent with its own idempotency key, so a retry after a lost
  answer never creates a second message. Transient failures (offline, 5xx, 429) keep
  the entry pending and retry with backoff; refusals (closed ticket, validation) mark
  it failed with the server's reason for the agent to edit, retry or discard.
- When the server refuses the token (401 on any call of this engine's ApiClient, or
  on the event stream) the session has expired: the engine publishes
  ``SessionExpired`` once, stops following the server and stops sending, and keeps
  the outbox as it is (pending entries stay pending). ``start()`` after ``stop()``,
  with a new token on the ApiClient, carries on where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Iterable
from pathlib import Path

from msgspec import UNSET, UnsetType

from desk.client.api import (
    ApiClient,
    ApiError,
    ConnectionState,
    MessageEvent,
    NetworkError,
    PresenceEvent,
    RateLimited,
    ResyncRequired,
    ServerError,
    StreamStateChanged,
    TicketEvent,
    Unauthorized,
    VersionConflict,
)
from desk.client.engine_events import (
    ConnectionChanged,
    EngineEvents,
    MessageArrived,
    PresenceChanged,
    SessionExpired,
    SyncStatus,
    TicketsLearned,
)
from desk.client.store import OutboxEntry, OutboxFileSource, OutboxStateError, Store
from desk.domain import Category, PresenceState, Priority, Ticket, User

log = logging.getLogger(__name__)

TRANSIENT = (NetworkError, ServerError, RateLimited)
# Whatever the server's 401 says ("invalid token", "expired"): one sentence for people.
SESSION_EXPIRED = Unauthorized.default_message
_FOLLOW_TASK = "desk-sync-events"
_OUTBOX_TASK = "desk-sync-outbox"


class TicketChangedMeanwhile(VersionConflict):
    """A colleague changed the ticket first: the store has the fresh copy."""

    def __init__(self, ticket: Ticket, changes: list[str]) -> None:
        what = "; ".join(changes) if changes else "it was updated"
        super().__init__(
            f"Ticket #{ticket.id} was changed by someone else meanwhile ({what}). "
            "It has been reloaded; check it and try again.",
            status=412,
            problem_type="/problems/version-conflict",
            detail=None,
        )
        self.ticket = ticket
        self.changes = changes


def describe_changes(old: Ticket, new: Ticket) -> list[str]:
    """What differs between two versions of a ticket, in words."""
    out: list[str] = []
    if (old.assignee and old.assignee.id) != (new.assignee and new.assignee.id):
        out.append(f"assignee is now {new.assignee.name if new.assignee else 'nobody'}")
    if old.priority != new.priority:
        out.append(f"priority is now {new.priority.value}")
    if old.category != new.category:
        out.append(f"category is now {new.category.value.replace('_', ' ')}")
    if old.status != new.status:
        out.append("it was closed" if new.is_done else f"status is now {new.status.value}")
    if old.message_count != new.message_count:
        out.append("new messages arrived")
    return out


class SyncEngine:
    def __init__(
        self,
        api: ApiClient,
        store: Store,
        me: User,
        *,
        retry_base: float = 1.0,
        retry_max: float = 60.0,
    ) -> None:
        self.api = api
        self.store = store
        self.me = me
        self._retry_base = retry_base
        self._retry_max = retry_max
        self._open: set[int] = set()  # tickets on screen: their messages stay fresh
        self._outbox_wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._status = SyncStatus(ConnectionState.CONNECTING)
        self._caught_up = asyncio.Event()
        self._expired = False
        # Everything the engine tells the app besides the store's changes.
        self.events = EngineEvents()
        # Any call refused for the token (the UI's own calls too) ends the session.
        api.subscribe_unauthorized(lambda _error: self._expire_session())

    # --- life cycle --------------------------------------------------------------

    def start(self) -> None:
        """Follow the server in the background until :meth:`stop` (or until the session
        expires: then ``stop()``, give the ApiClient a new token and start again)."""
        if self._tasks:
            return
        if self._expired:
            self._expired = False
            self._set_status(ConnectionState.CONNECTING)
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._follow_events(), name=_FOLLOW_TASK),
            loop.create_task(self._deliver_outbox(), name=_OUTBOX_TASK),
        ]

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    @property
    def status(self) -> SyncStatus:
        return self._status

    @property
    def session_expired(self) -> bool:
        return self._expired

    def _expire_session(self) -> None:
        """The server refused the token: say so once, and stop until started again."""
        if self._expired:
            return
        self._expired = True
        current = asyncio.current_task()
        for task in self._tasks:
            # The stream would only reconnect into the same refusal. A send in flight
            # finishes on its own (its entry goes back to pending), then the sender stops.
            if task is not current and task.get_name() == _FOLLOW_TASK:
                task.cancel()
        self._outbox_wake.set()  # a waiting sender wakes up to see it and stops
        self._status = SyncStatus(ConnectionState.OFFLINE, SESSION_EXPIRED, session_expired=True)
        self.events.publish(ConnectionChanged(self._status))
        self.events.publish(SessionExpired(SESSION_EXPIRED))

    async def wait_caught_up(self) -> None:
        await self._caught_up.wait()

    # --- catching up -----------------------------------------------------------------

    async def catch_up(self) -> int:
        """Everything changed since the stored position; returns how many tickets."""
        since = self.store.sync_seq()
        delta = await self.api.fetch_delta(since)
        if delta.server_seq < since:
            # The server is behind where this cache has been: a new or restored
            # database. Its tickets are not ours to merge; start over from scratch.
            log.warning("server sequence %d is behind the cache (%d): resyncing from 0",
                        delta.server_seq, since)  # fmt: skip
            await asyncio.to_thread(self.store.reset_cache)
            delta = await self.api.fetch_delta(0)
        await asyncio.to_thread(self.store.upsert_tickets, delta.tickets, sync_seq=delta.seq)
        if delta.tickets:
            self.events.publish(TicketsLearned(tuple(delta.tickets), catching_up=True))
        for ticket_id in list(self._open):
            await self.refresh_messages(ticket_id)
        await self._post_read_markers()
        self._caught_up.set()
        return len(delta.tickets)

    async def refresh_messages(self, ticket_id: int) -> int:
        """Fetch the messages of a ticket that the cache does not have yet."""
        after = self.store.latest_message_id(ticket_id)
        messages = [m async for m in self.api.iter_messages(ticket_id, after=after, limit=1000)]
        if messages:
            self.store.upsert_messages(messages)
        return len(messages)

    async def _follow_events(self) -> None:
        while True:
            try:
                await self.catch_up()
                stream = self.api.events(last_event_id=self.store.sync_seq())
                async with stream:
                    async for event in stream:
                        await self._apply_event(event, stream)
            except asyncio.CancelledError:
                raise
            except Unauthorized:
                self._expire_session()
                return
            except ApiError as exc:
                # Catch-up failed (offline, server error): the stream's own backoff does
                # not cover it, so wait here before trying again.
                self._set_status(ConnectionState.OFFLINE, exc.message)
                await asyncio.sleep(self._backoff(2))

    async def _apply_event(self, event: object, stream: object) -> None:
        if isinstance(event, TicketEvent):
            self.store.upsert_tickets([event.ticket], sync_seq=event.seq)
            self.events.publish(TicketsLearned((event.ticket,), catching_up=False))
        elif isinstance(event, MessageEvent):
            self.store.upsert_messages([event.message])
            if event.seq > self.store.sync_seq():
                self.store.set_sync_seq(event.seq)
            self.events.publish(MessageArrived(event.message))
        elif isinstance(event, PresenceEvent):
            self.events.publish(PresenceChanged(event.presence))
        elif isinstance(event, ResyncRequired):
            await self.catch_up()
            stream.last_event_id = str(self.store.sync_seq())  # type: ignore[attr-defined]
        elif isinstance(event, StreamStateChanged):
            message = event.error.message if event.error else None
            self._set_status(event.state, message)
            if event.state is ConnectionState.CONNECTED:
                self._outbox_wake.set()  # the way is clear: send what waited

    def _set_status(self, state: ConnectionState, message: str | None = None) -> None:
        self._status = SyncStatus(state, message)
        self.events.publish(ConnectionChanged(self._status))

    # --- tickets on screen -----------------------------------------------------------

    async def open_ticket(self, ticket_id: int) -> None:
        """The agent opened a ticket: bring its thread up to date and mark it read."""
        self._open.add(ticket_id)
        await self.refresh_messages(ticket_id)
        await self.mark_read(ticket_id)

    def leave_ticket(self, ticket_id: int) -> None:
        self._open.discard(ticket_id)

    async def mark_read(self, ticket_id: int) -> None:
        latest = self.store.latest_message_id(ticket_id)
        if latest is None:
            return
        self.store.mark_read(ticket_id, latest)
        await self._post_read_markers()

    async def _post_read_markers(self) -> None:
        for ticket_id, message_id in self.store.pending_read_markers():
            try:
                await self.api.mark_read(ticket_id, message_id)
            except (*TRANSIENT, Unauthorized):
                return  # posted on the next catch-up (after signing in again, if need be)
            self.store.read_marker_posted(ticket_id, message_id)

    # --- the outbox ----------------------------------------------------------------

    def send(
        self,
        ticket_id: int,
        body: str,
        *,
        internal: bool = False,
        files: Iterable[OutboxFileSource] = (),
    ) -> OutboxEntry:
        """Queue a message (written to disk first) and wake the sender."""
        entry = self.store.enqueue(ticket_id, body, internal, list(files))
        self._outbox_wake.set()
        return entry

    def retry(self, entry_id: int) -> None:
        self.store.retry(entry_id)
        self._outbox_wake.set()

    def edit_and_retry(self, entry_id: int, body: str) -> None:
        self.store.edit(entry_id, body)
        self._outbox_wake.set()

    def discard(self, entry_id: int) -> None:
        self.store.discard(entry_id)

    async def _deliver_outbox(self) -> None:
        failures = 0
        while not self._expired:
            self._outbox_wake.clear()
            blocked = False
            for entry in self.store.pending_entries():
                if not await self.deliver(entry):
                    blocked = True
                    break
            if self._expired:
                return  # nothing is retried until someone signs in again
            if blocked:
                failures += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._outbox_wake.wait(), self._backoff(failures))
            else:
                failures = 0
                await self._outbox_wake.wait()

    async def deliver(self, entry: OutboxEntry) -> bool:
        """Send one entry. False when the server could not be reached (try later)."""
        try:
            self.store.mark_sending(entry.id)
        except OutboxStateError:
            return True  # discarded or settled meanwhile
        try:
            for file in entry.files:
                if file.attachment_id is None:
                    data = await asyncio.to_thread(Path(file.path).read_bytes)
                    uploaded = await self.api.upload_attachment(
                        file.filename, data, file.content_type
                    )
                    self.store.record_upload(entry.id, file.index, uploaded.id)
            fresh = self.store.outbox_entry(entry.id) or entry
            message = await self.api.send_message(
                entry.ticket_id,
                entry.body,
                idempotency_key=entry.idempotency_key,
                internal=entry.internal,
                attachment_ids=fresh.attachment_ids or [],
                client_id=entry.client_id,
            )
        except TRANSIENT as exc:
            self.store.release(entry.id, exc.message)
            return False
        except Unauthorized:
            self.store.release(entry.id, SESSION_EXPIRED)  # kept, pending, for a new token
            self._expire_session()
            return False
        except asyncio.CancelledError:
            # Stopped mid-send (sign-in again, sign-out, quit): it goes back to pending
            # with the same key, so the next start sends it (the server dedupes).
            with contextlib.suppress(OutboxStateError):
                self.store.release(entry.id, "Sending was interrupted; it will be sent again.")
            raise
        except ApiError as exc:
            self.store.mark_failed(entry.id, exc.message, retryable=False)
            return True
        except OSError as exc:  # the store's own copy of a file is gone
            self.store.mark_failed(entry.id, f"A file could not be read: {exc}", retryable=False)
            return True
        self.store.mark_sent(entry.id, message)
        return True

    def _backoff(self, failures: int) -> float:
        ceiling = min(self._retry_max, self._retry_base * 2.0 ** min(failures, 16))
        return self._retry_base / 2 + random.random() * ceiling

    # --- ticket actions --------------------------------------------------------------

    async def close_ticket(self, ticket_id: int) -> Ticket:
        ticket = await self.api.close_ticket(ticket_id)
        self.store.upsert_tickets([ticket])
        return ticket

    async def update_ticket(
        self,
        ticket_id: int,
        *,
        priority: Priority | UnsetType = UNSET,
        category: Category | UnsetType = UNSET,
        assignee_id: int | UnsetType | None = UNSET,
    ) -> Ticket:
        """Edit with If-Match; on a conflict reload and say what changed instead."""
        known = self.store.ticket(ticket_id) or await self.api.get_ticket(ticket_id)
        try:
            ticket = await self.api.update_ticket(
                ticket_id,
                known.version,
                priority=priority,
                category=category,
                assignee_id=assignee_id,
            )
        except VersionConflict:
            fresh = await self.api.get_ticket(ticket_id)
            self.store.upsert_tickets([fresh])
            raise TicketChangedMeanwhile(fresh, describe_changes(known, fresh)) from None
        self.store.upsert_tickets([ticket])
        return ticket

    async def assign_to_me(self, ticket_id: int) -> Ticket:
        return await self.update_ticket(ticket_id, assignee_id=self.me.id)

    async def set_presence(self, ticket_id: int, state: PresenceState) -> None:
        with contextlib.suppress(*TRANSIENT):
            await self.api.set_presence(ticket_id, state)

    # --- attachments -----------------------------------------------------------------

    async def thumbnail(self, attachment_id: int, size: int = 320) -> bytes:
        cached = self.store.thumbnail(attachment_id, size)
        if cached is not None:
            return cached
        data = await self.api.thumbnail(attachment_id, size)
        self.store.put_thumbnail(attachment_id, size, data)
        return data

    async def download(self, attachment_id: int) -> bytes:
        return await self.api.download_attachment(attachment_id)
