"""Unused uploads are deleted after the retention, with an injected clock; files shared
with a kept attachment stay."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.domain import Role
from desk.server.app import build_context
from desk.server.config import Settings, database_url_for
from desk.server.context import ServerContext
from desk.server.db.models import Attachment, Message, Ticket
from desk.server.media.cleanup import sweep_periodically, sweep_unused_uploads
from desk.server.schemas import TicketCreateIn
from desk.server.tickets import new_ticket_row
from desk.server.users import create_user
from tests.helpers.clock import NOW, Clock

DAY = timedelta(days=1)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[ServerContext]:
    settings = Settings(
        database_url=database_url_for(str(tmp_path / "desk.db")),
        data_dir=tmp_path,
        argon2_time_cost=1,
        argon2_memory_kib=8,
        argon2_parallelism=1,
    )
    context = build_context(settings)
    context.db.upgrade()
    yield context
    context.thumbnails.close()
    context.db.dispose()


def _upload(
    ctx: ServerContext, uploader: int, data: bytes, *, at: datetime, linked_to: int | None = None
) -> int:
    sha = ctx.media.save(data)
    with ctx.db.write(sequenced=False) as tx:
        att = Attachment(
            uploader_id=uploader, message_id=linked_to, filename="f.txt",
            content_type="text/plain", size=len(data), width=None, height=None,
            sha256=sha, created_at=at,
        )  # fmt: skip
        tx.session.add(att)
        tx.session.flush()
        return att.id


def _setup(ctx: ServerContext) -> tuple[int, int]:
    """(a customer's id, a message id on their ticket)."""
    with ctx.db.write() as tx:
        user = create_user(
            tx.session, ctx.passwords, email="c@example.test", name="C", role=Role.CUSTOMER,
            password="pw", company="Co", now=NOW,
        )  # fmt: skip
        ticket: Ticket = new_ticket_row(TicketCreateIn(title="T", body="x"), user.id, NOW)
        tx.session.add(ticket)
        tx.session.flush()
        message = Message(ticket_id=ticket.id, author_id=user.id, body="x", internal=False,
                          from_customer=True, created_at=NOW, seq=tx.next_seq())  # fmt: skip
        tx.session.add(message)
        tx.session.flush()
        return user.id, message.id


def _ids(ctx: ServerContext) -> set[int]:
    with ctx.db.read() as session:
        return set(session.execute(select(Attachment.id)).scalars())


def test_only_unused_uploads_older_than_the_retention_go(ctx: ServerContext) -> None:
    clock = Clock(NOW)
    user, message = _setup(ctx)
    old = _upload(ctx, user, b"old unused", at=NOW)
    linked = _upload(ctx, user, b"old but used", at=NOW, linked_to=message)
    shared_old = _upload(ctx, user, b"shared bytes", at=NOW)
    clock.advance(hours=20)
    fresh = _upload(ctx, user, b"shared bytes", at=clock())  # same file, uploaded later
    assert sweep_unused_uploads(ctx.db, ctx.media, now=clock(), retention=DAY) == 0

    clock.advance(hours=5)  # 25 h after the first uploads, 5 h after the fresh one
    assert sweep_unused_uploads(ctx.db, ctx.media, now=clock(), retention=DAY) == 2
    assert _ids(ctx) == {linked, fresh}
    assert not ctx.media.path(_digest(b"old unused")).exists()
    assert ctx.media.path(_digest(b"shared bytes")).exists()  # fresh uses it
    assert ctx.media.path(_digest(b"old but used")).exists()
    assert old not in _ids(ctx) and shared_old not in _ids(ctx)

    clock.advance(days=1)
    assert sweep_unused_uploads(ctx.db, ctx.media, now=clock(), retention=DAY) == 1
    assert _ids(ctx) == {linked}
    assert not ctx.media.path(_digest(b"shared bytes")).exists()


def test_the_periodic_task_sweeps_on_its_clock(ctx: ServerContext) -> None:
    clock = Clock(NOW)
    user, _message = _setup(ctx)
    _upload(ctx, user, b"unused", at=NOW)
    clock.advance(days=2)

    async def run() -> None:
        task = asyncio.create_task(
            sweep_periodically(ctx.db, ctx.media, clock=clock, retention=DAY, interval=0.01)
        )
        try:
            for _ in range(1000):
                if not _ids(ctx):
                    return
                await asyncio.sleep(0.01)
            raise AssertionError("the sweep never ran")
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    asyncio.run(run())
    assert _ids(ctx) == set()
