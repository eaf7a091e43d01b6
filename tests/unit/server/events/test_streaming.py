"""One wave rendered once for many recipients gives each exactly what rendering for
them alone gives: the same ticket payload (their own unread count, their audience's
view) and only the messages they may see. On a throw-away SQLite file, no server."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import select

from desk.domain import Role
from desk.server import messages, tickets
from desk.server.app import build_context
from desk.server.config import Settings, database_url_for
from desk.server.context import ServerContext
from desk.server.db.models import Counter, Message, ReadMarker, Ticket
from desk.server.events.streaming import Wave, own_unread
from desk.server.render import render_tickets, unread_counts, unread_for_recipients
from desk.server.schemas import TicketCreateIn
from desk.server.users import create_user
from desk.server.viewer import Viewer


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[ServerContext]:
    settings = Settings(
        database_url=database_url_for(str(tmp_path / "fanout.db")),
        data_dir=tmp_path / "data",
        argon2_time_cost=1,
        argon2_memory_kib=8,
        argon2_parallelism=1,
    )
    context = build_context(settings)
    context.db.upgrade()
    yield context
    context.db.dispose()


def _viewer(user: Any) -> Viewer:
    return Viewer(user.id, user.name, user.email, Role(user.role), user.company)


def _people(ctx: ServerContext) -> tuple[list[Viewer], list[Viewer]]:
    with ctx.db.write(sequenced=False) as tx:

        def make(i: int, role: Role) -> Viewer:
            company = "Co" if role is Role.CUSTOMER else None
            user = create_user(
                tx.session, ctx.passwords, email=f"{role.value}{i}@t.test", name=f"U{i}",
                role=role, password="password", company=company, now=ctx.now(),
            )  # fmt: skip
            return _viewer(user)

        staff = [make(i, Role.AGENT) for i in range(4)] + [make(9, Role.ADMIN)]
        customers = [make(i, Role.CUSTOMER) for i in range(3)]
    return staff, customers


def _history(ctx: ServerContext, staff: list[Viewer], customers: list[Viewer]) -> int:
    """Tickets with public replies, internal notes and read markers; returns the seq
    before the last burst of changes (the wave under test)."""
    rng = random.Random(5)
    now = ctx.now() - timedelta(hours=1)
    ids = []
    with ctx.db.write() as tx:
        for i, customer in enumerate(customers * 2):
            data = TicketCreateIn(title=f"T{i}", body="opening")
            ticket, _ = tickets.create_ticket(ctx, tx, customer, data, None, now)
            ids.append((ticket.id, customer))
    for step in range(40):
        ticket_id, customer = rng.choice(ids)
        author = customer if rng.random() < 0.5 else rng.choice(staff)
        internal = author.is_staff and rng.random() < 0.4
        with ctx.db.write() as tx:
            ticket = tx.session.get(Ticket, ticket_id)
            assert ticket is not None
            message = messages.add_message(
                ctx, tx, ticket, author, body=f"m{step}", internal=internal,
                attachments=[], client_id=None, now=now + timedelta(minutes=step),
            )  # fmt: skip
            if rng.random() < 0.3:  # someone else reads up to here
                reader = rng.choice([*staff, customer])
                tx.session.merge(
                    ReadMarker(user_id=reader.id, ticket_id=ticket_id, message_id=message.id)
                )
        if step == 25:
            with ctx.db.read() as session:
                counter = session.get(Counter, 1)
                assert counter is not None
                cursor = counter.seq
    return cursor


def _decode(frame: str) -> tuple[str, int, Any]:
    lines = dict(line.split(": ", 1) for line in frame.strip().split("\n"))
    return lines["event"], int(lines["id"]), msgspec.json.decode(lines["data"])


def test_unread_for_all_recipients_matches_counting_for_each(ctx: ServerContext) -> None:
    staff, customers = _people(ctx)
    _history(ctx, staff, customers)
    with ctx.db.read() as session:
        all_tickets = list(session.execute(select(Ticket)).scalars())
        ids = [t.id for t in all_tickets]
        shared = unread_for_recipients(session, ids, [v.id for v in staff])
        for viewer in staff:
            alone = unread_counts(session, viewer, ids)
            assert {i: shared.get(viewer, i) for i in ids} == {i: alone.get(i, 0) for i in ids}
        for viewer in customers:
            own = [t.id for t in all_tickets if t.customer_id == viewer.id]
            alone = unread_counts(session, viewer, own)
            assert {i: shared.get(viewer, i) for i in own} == {i: alone.get(i, 0) for i in own}
    assert any(shared.get(staff[0], i) for i in ids)  # the data set is not all zeros


def test_unread_with_no_staff_recipient_still_counts_each_customer(ctx: ServerContext) -> None:
    # The statement is built once with the staff ids as a parameter: an empty list must
    # neither fail nor count anyone as staff.
    staff, customers = _people(ctx)
    _history(ctx, staff, customers)
    with ctx.db.read() as session:
        all_tickets = list(session.execute(select(Ticket)).scalars())
        shared = unread_for_recipients(session, [t.id for t in all_tickets], [])
        assert not shared.marked.keys() & {(v.id, t.id) for v in staff for t in all_tickets}
        assert not shared.covers(staff[0])
        for viewer in customers:
            own = [t.id for t in all_tickets if t.customer_id == viewer.id]
            alone = unread_counts(session, viewer, own)
            assert {i: shared.get(viewer, i) for i in own} == {i: alone.get(i, 0) for i in own}


def test_a_wave_gives_each_recipient_what_rendering_for_them_gives(ctx: ServerContext) -> None:
    staff, customers = _people(ctx)
    cursor = _history(ctx, staff, customers)
    with ctx.db.read() as session:
        counter = session.get(Counter, 1)
        assert counter is not None
        head = counter.seq
    late = staff[-1]  # opened its stream after the wave was loaded
    wave = Wave.load(ctx.db, cursor, head, [v.id for v in staff if v is not late])
    assert wave.rows and not wave.more
    for viewer in [*staff, *customers]:
        unread = wave.unread
        if not unread.covers(viewer):
            assert viewer is late
            unread = own_unread(ctx.db, viewer, wave.ticket_ids())
        frames = [_decode(f) for f in wave.frames_for(viewer, unread)]
        sent_tickets = {data["id"]: data for kind, _, data in frames if kind == "ticket"}
        sent_messages = [data for kind, _, data in frames if kind == "message"]
        seqs = [seq for _, seq, _ in frames]
        assert seqs == sorted(seqs)
        with ctx.db.read() as session:
            changed = [
                t
                for t in session.execute(
                    select(Ticket).where(Ticket.id.in_(wave.ticket_ids()))
                ).scalars()
                if viewer.is_staff or t.customer_id == viewer.id
            ]
            expected = {t["id"]: t for t in render_tickets(session, viewer, changed)}
        wave_messages = [r.message_id for r in wave.rows if r.kind == "message"]
        with ctx.db.read() as session:
            visible = session.execute(
                select(Message.id)
                .where(Message.id.in_(wave_messages))
                .where(Message.ticket_id.in_([t.id for t in changed]))
                .where(Message.internal.is_(False) if not viewer.is_staff else True)
                .order_by(Message.id)
            )
            assert [m["id"] for m in sent_messages] == list(visible.scalars())
        if not viewer.is_staff:
            assert all(not m["internal"] for m in sent_messages)
            # Changes a customer may not see (internal notes only) send them nothing.
            expected = {k: v for k, v in expected.items() if k in sent_tickets}
        assert sent_tickets == expected
    assert any(wave.frames_for(c, wave.unread) for c in customers)
