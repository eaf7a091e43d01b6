"""The retained change log behind GET /events.

Writers append rows to `events` inside their transaction (`record`) and keep the log
within its retention window, a count and an age (`maybe_trim`, cheap when nothing is
due). After commit the hub wakes the open streams (`desk.server.events.hub`), which
read the new rows (`desk.server.events.streaming`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select

from desk.server.config import Settings
from desk.server.db.engine import WriteTx
from desk.server.db.models import Counter, Event, IdempotencyKey

# Check the retention window once the log has grown this far past it.
_TRIM_SLACK = 0.1
_AGE_CHECK_EVERY = 1000


def record(
    tx: WriteTx,
    *,
    kind: str,
    seq: int,
    ticket_id: int,
    now: datetime,
    message_id: int | None = None,
    staff_only: bool = False,
    user_id: int | None = None,
) -> None:
    tx.session.add(
        Event(
            seq=seq,
            kind=kind,
            ticket_id=ticket_id,
            message_id=message_id,
            staff_only=staff_only,
            user_id=user_id,
            created_at=now,
        )
    )


def trim_due(settings: Settings, *, first_seq: int, seq: int, trimmed_through: int) -> bool:
    """Whether a transaction that handed out `first_seq` .. `seq` must trim the log: it
    has outgrown the count limit by the slack, or the transaction crossed a multiple of
    1000, where the age limit is checked."""
    keep = settings.event_retention_count
    over_count = seq - trimmed_through > keep + max(1, int(keep * _TRIM_SLACK))
    crossed = (first_seq - 1) // _AGE_CHECK_EVERY != seq // _AGE_CHECK_EVERY
    return over_count or crossed


def maybe_trim(tx: WriteTx, settings: Settings, now: datetime) -> None:
    """Drop events outside the retention window (count and age); cheap when nothing to do."""
    counter = tx.session.get(Counter, 1)
    assert counter is not None
    first = tx.first_seq if tx.first_seq is not None else counter.seq
    if not trim_due(
        settings, first_seq=first, seq=counter.seq, trimmed_through=counter.trimmed_through
    ):
        return
    through = max(counter.trimmed_through, counter.seq - settings.event_retention_count)
    cutoff = now - settings.event_retention_age
    old = tx.session.execute(select(func.max(Event.seq)).where(Event.created_at < cutoff))
    through = max(through, old.scalar_one() or 0)
    if through > counter.trimmed_through:
        tx.session.execute(delete(Event).where(Event.seq <= through))
        counter.trimmed_through = through
    tx.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
