"""The per-user upload quota: at most `upload_quota_bytes` uploaded within
`upload_quota_window` (200 MiB an hour by default), counted from the attachment rows,
so it holds across restarts and server processes. Over it -> 429 ``upload-quota`` with
Retry-After: when enough of the window's uploads have aged out for this file to fit; a
file larger than the whole quota -> 413 ``upload-quota``."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.server.db.models import Attachment
from desk.server.problems import ProblemError


def _mib(n: int) -> str:
    return f"{math.ceil(n * 10 / (1024 * 1024)) / 10:.1f}".removesuffix(".0")


def _minutes(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def check_upload_quota(
    session: Session,
    uploader_id: int,
    size: int,
    *,
    quota: int,
    window: timedelta,
    now: datetime,
) -> None:
    """Raise the 429 (or 413 when the file alone is over the quota) if ``size`` more
    bytes would pass the uploader's quota."""
    per = _window_words(window)
    if size > quota:
        raise ProblemError(
            413,
            "upload-quota",
            f"The file is {_mib(size)} MiB; uploads are limited to {_mib(quota)} MiB {per}.",
        )
    rows = session.execute(
        select(Attachment.created_at, Attachment.size)
        .where(Attachment.uploader_id == uploader_id, Attachment.created_at > now - window)
        .order_by(Attachment.created_at)
    ).all()
    used = sum(row.size for row in rows)
    if used + size <= quota:
        return
    # The oldest uploads leave the window first; when have enough of them left?
    freed = used
    frees_at = now + window
    for row in rows:
        freed -= row.size
        if freed + size <= quota:
            frees_at = row.created_at + window
            break
    wait = max(1, math.ceil((frees_at - now).total_seconds()))
    raise ProblemError(
        429,
        "upload-quota",
        f"You have uploaded {_mib(used)} MiB {per.replace('an ', 'in the last ')}; the "
        f"limit is {_mib(quota)} MiB {per}. This file ({_mib(size)} MiB) fits again in "
        f"{_minutes(wait)}, at {frees_at:%H:%M} UTC.",
        headers={"Retry-After": str(wait)},
    )


def _window_words(window: timedelta) -> str:
    if window == timedelta(hours=1):
        return "an hour"
    if window == timedelta(days=1):
        return "a day"
    return f"per {math.ceil(window.total_seconds() / 60)} minutes"
