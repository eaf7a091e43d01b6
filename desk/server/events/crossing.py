"""Changes crossing server processes on PostgreSQL, through LISTEN/NOTIFY.

A write that appends events sends `NOTIFY desk_changes` with the new head of the log
inside its own transaction, so the notice leaves exactly when the events are committed;
a presence update sends its payload the same way. Every process keeps one dedicated
connection that LISTENs and wakes its local `EventHub`, as a commit of its own would.
Notices a process sent itself are skipped (its hub was woken directly).
(PostgreSQL serializes the commits that notify; sequenced writers queue on the counter
row anyway, so this adds little waiting: bench_workers measures the cost.)

When the listening connection drops, it is opened again with a growing pause, and
every stream is woken once with the head read afresh, so events committed while
nobody listened are not left waiting for a stream's 15 s poll. (Presence sent in that
gap is not repeated; clients renew theirs every 10-20 s.) SQLite has no such
channel and serves from one process, where the in-process wake-up is enough.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from anyio import to_thread
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.server.db.engine import libpq_url
from desk.server.events.hub import EventHub

log = logging.getLogger(__name__)

CHANNEL = "desk_changes"
# The listening connection's application_name (seen in pg_stat_activity).
LISTENER_NAME = "desk-listener"
# The listener checks an idle connection this often (seconds), so a connection that
# died silently is noticed and replaced.
_IDLE_CHECK = 10.0
_RETRY_FIRST, _RETRY_MAX = 0.2, 5.0


class Crossing:
    """This process's end of the channel: announces its changes, hears everyone else's."""

    def __init__(self, database_url: str, hub: EventHub, read_head: Callable[[], int]) -> None:
        self._conninfo = libpq_url(database_url)
        self._hub = hub
        self._read_head = read_head
        self.origin = uuid.uuid4().hex[:12]
        # Connections made by `listen`; read by tests that cut one to prove recovery.
        self.connects = 0

    def _send(self, session: Session, message: dict[str, Any]) -> None:
        payload = json.dumps({"o": self.origin, **message}, separators=(",", ":"))
        session.execute(select(func.pg_notify(CHANNEL, payload)))

    def announce_events(self, session: Session, seq: int) -> None:
        """In the writing transaction: events up to `seq` are being committed."""
        self._send(session, {"seq": seq})

    def announce_presence(self, session: Session, payload: dict[str, Any]) -> None:
        self._send(
            session, {"presence": {**payload, "expires_at": payload["expires_at"].isoformat()}}
        )

    def receive(self, text: str) -> None:
        """One notice from the channel (on the event loop)."""
        try:
            message = json.loads(text)
            if message.get("o") == self.origin:
                return
            if "seq" in message:
                self._hub.notify(int(message["seq"]))
            elif "presence" in message:
                presence = dict(message["presence"])
                presence["expires_at"] = datetime.fromisoformat(presence["expires_at"])
                self._hub.publish_presence(presence)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("ignored a malformed notice on %s: %.200s", CHANNEL, text)

    async def listen(self) -> None:
        """Hears the channel until cancelled, reconnecting whenever the connection drops."""
        pause = _RETRY_FIRST
        while True:
            connects = self.connects
            try:
                await self._listen_once()
            except Exception as error:  # a lost connection or database: try again
                if self.connects != connects:
                    pause = _RETRY_FIRST  # it had worked: start the pauses over
                log.warning("the %s listener lost its connection (%s); retrying", CHANNEL, error)
                await asyncio.sleep(pause)
                pause = min(pause * 2, _RETRY_MAX)

    async def _listen_once(self) -> None:
        # Here, not at the top: psycopg is the optional `postgres` extra, and a server
        # on SQLite (the default) never listens.
        import psycopg

        conn = await psycopg.AsyncConnection.connect(
            self._conninfo, autocommit=True, application_name=LISTENER_NAME
        )
        async with conn:
            await conn.execute(f"LISTEN {CHANNEL}")
            self.connects += 1
            # Anything committed while no one listened: wake every stream once.
            self._hub.notify(await to_thread.run_sync(self._read_head))
            while True:
                async for notice in conn.notifies(timeout=_IDLE_CHECK):
                    self.receive(notice.payload)
                await conn.execute("SELECT 1")  # idle: is the connection still there?
