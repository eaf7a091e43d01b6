"""Who is viewing or typing where, in the database so that every server process agrees.

An entry lapses at its `expires_at`: readers skip lapsed entries and every update
deletes them, so the table holds about one row per agent and open ticket. The client
keeps its own view of the same (`desk.client.presence.PresenceBoard`), fed by the
`presence` events the hub pushes to staff streams (and, on PostgreSQL, that other
processes hear of through `desk.server.events.crossing`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desk.server.db.engine import Database
from desk.server.db.models import PresenceEntry, User
from desk.server.render import user_json

# Called inside the writing transaction with the new payload (tells other processes).
Announce = Callable[[Session, dict[str, Any]], None]


class PresenceRegistry:
    """Who is viewing or typing where; entries lapse after the presence TTL."""

    def __init__(self, db: Database, ttl: timedelta, announce: Announce | None = None) -> None:
        self._db = db
        self._ttl = ttl
        self._announce = announce

    def update(
        self, ticket_id: int, agent: dict[str, Any], state: str, now: datetime
    ) -> dict[str, Any]:
        expires_at = now if state == "left" else now + self._ttl
        payload = {
            "ticket_id": ticket_id,
            "agent": agent,
            "state": state,
            "expires_at": expires_at,
        }
        user_id = int(agent["id"])
        with self._db.write(sequenced=False) as tx:
            session = tx.session
            session.execute(delete(PresenceEntry).where(PresenceEntry.expires_at <= now))
            if state == "left":
                session.execute(
                    delete(PresenceEntry).where(
                        PresenceEntry.ticket_id == ticket_id, PresenceEntry.user_id == user_id
                    )
                )
            else:
                # An upsert: two processes renewing the same entry at once must not clash.
                insert = (
                    pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
                )
                values = {
                    "ticket_id": ticket_id,
                    "user_id": user_id,
                    "state": state,
                    "expires_at": expires_at,
                }
                session.execute(
                    insert(PresenceEntry)
                    .values(values)
                    .on_conflict_do_update(
                        index_elements=["ticket_id", "user_id"],
                        set_={"state": state, "expires_at": expires_at},
                    )
                )
            if self._announce is not None:
                self._announce(session, payload)
        return payload

    def active(self, now: datetime) -> list[dict[str, Any]]:
        with self._db.read() as session:
            rows = session.execute(
                select(PresenceEntry, User)
                .join(User, User.id == PresenceEntry.user_id)
                .where(PresenceEntry.expires_at > now)
                .order_by(PresenceEntry.ticket_id, PresenceEntry.user_id)
            ).all()
        return [
            {
                "ticket_id": entry.ticket_id,
                "agent": user_json(user),
                "state": entry.state,
                "expires_at": entry.expires_at,
            }
            for entry, user in rows
        ]
