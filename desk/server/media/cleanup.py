"""Uploads that no message uses are deleted once they are `unused_upload_retention`
old (a day by default): their rows, and their stored bytes and thumbnails unless
another attachment row shares them (storage is content-addressed). The server's
lifespan runs `sweep_periodically`; `sweep_unused_uploads` is one pass."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import anyio
from sqlalchemy import delete, select

from desk.server.db.engine import Database
from desk.server.db.models import Attachment
from desk.server.media.storage import MediaStore

log = logging.getLogger(__name__)


def sweep_unused_uploads(
    db: Database, media: MediaStore, *, now: datetime, retention: timedelta
) -> int:
    """Delete unused uploads created before ``now - retention``; how many rows went."""
    cutoff = now - retention
    with db.write(sequenced=False) as tx:
        stale = tx.session.execute(
            select(Attachment.id, Attachment.sha256).where(
                Attachment.message_id.is_(None), Attachment.created_at < cutoff
            )
        ).all()
        if not stale:
            return 0
        tx.session.execute(delete(Attachment).where(Attachment.id.in_([r.id for r in stale])))
        digests = {row.sha256 for row in stale}
        kept = set(
            tx.session.execute(
                select(Attachment.sha256).where(Attachment.sha256.in_(digests))
            ).scalars()
        )
    for sha256 in digests - kept:
        media.delete(sha256)
    return len(stale)


async def sweep_periodically(
    db: Database,
    media: MediaStore,
    *,
    clock: Callable[[], datetime],
    retention: timedelta,
    interval: float,
) -> None:
    """One sweep at start-up, then every ``interval`` seconds, until cancelled."""
    while True:
        try:
            removed = await anyio.to_thread.run_sync(
                lambda: sweep_unused_uploads(db, media, now=clock(), retention=retention)
            )
            if removed:
                log.info("deleted %d unused uploads", removed)
        except Exception:  # a failed pass must not end the task; the next one retries
            log.exception("cleaning up unused uploads failed")
        await anyio.sleep(interval)
