"""Presence: who is viewing or typing on a ticket, as the server reports it and as the
client shows it."""

from __future__ import annotations

from datetime import datetime, timedelta

from desk.client.presence import PresenceMark
from desk.domain import Presence, PresenceState, User

from .clock import NOW

VIEWING, TYPING, LEFT = PresenceState.VIEWING, PresenceState.TYPING, PresenceState.LEFT
LATER = datetime(2030, 1, 1, tzinfo=NOW.tzinfo)  # long after any test's clock


def make_presence(
    agent: User,
    state: PresenceState = VIEWING,
    *,
    ticket_id: int = 42,
    expires_at: datetime | None = None,
    ttl: float = 30,
) -> Presence:
    """A presence event from the server; it lapses ``ttl`` seconds after ``NOW``."""
    expires = NOW + timedelta(seconds=ttl) if expires_at is None else expires_at
    return Presence(ticket_id, agent, state, expires)


def make_mark(
    agent: User,
    state: PresenceState = VIEWING,
    *,
    ticket_id: int = 42,
    expires_at: datetime = LATER,
) -> PresenceMark:
    """A colleague as the presence board shows them; by default never lapsing."""
    return PresenceMark(ticket_id, agent, state, expires_at)
