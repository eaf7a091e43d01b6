"""Seeding the demo: the bulk loader leaves exactly what the normal write paths leave, and
the seeded queue looks like a healthy, busy team's whatever the day and hour.

On SQLite, and on PostgreSQL too when DESK_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desk.demo.content import DEMO_AGENT_EMAIL, DemoData, DemoFile, generate_demo
from desk.demo.seeding import UNREAD_WINDOW, load_demo, seed_demo
from desk.domain import Category, Role
from desk.server import messages, tickets
from desk.server.app import build_context
from desk.server.context import ServerContext
from desk.server.db.engine import WriteTx
from desk.server.db.models import Attachment, Base, Message, ReadMarker, Ticket, User
from desk.server.db.models import Counter as SeqCounter
from desk.server.media.attachments import add_attachment
from desk.server.media.validation import validate_upload
from desk.server.render import render_tickets
from desk.server.schemas import TicketCreateIn
from desk.server.users import find_by_email
from desk.server.viewer import Viewer
from tests.e2e.conftest import postgres_admin_url, postgres_database, test_settings

pytestmark = pytest.mark.e2e

WEDNESDAY_15_MSK = datetime(2025, 3, 19, 12, 0, tzinfo=UTC)
SUNDAY_03_MSK = datetime(2025, 3, 23, 0, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"] if postgres_admin_url() else ["sqlite"])
def make_context(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """make_context(name, **settings) -> a fresh, migrated ServerContext."""
    admin_url = postgres_admin_url() if request.param == "postgres" else None
    made: list[ServerContext] = []
    with ExitStack() as databases:

        def make(name: str, **overrides: Any) -> ServerContext:
            settings = test_settings(tmp_path / name, **overrides)
            if admin_url:
                url = databases.enter_context(postgres_database(admin_url))
                settings = settings.replace(database_url=url)
            ctx = build_context(settings)
            ctx.db.upgrade()
            made.append(ctx)
            return ctx

        try:
            yield make
        finally:
            for ctx in made:
                ctx.db.dispose()


# --- the normal write paths, as seeding used them before it went bulk --------------------


def _load_the_normal_way(ctx: ServerContext, data: DemoData, now: datetime) -> None:
    with ctx.db.write() as tx:
        viewers = {}
        for person in data.people:
            user = User(email=person.email.lower(), name=person.name, role=person.role.value,
                        company=person.company, password_hash="hash", created_at=now)  # fmt: skip
            tx.session.add(user)
            tx.session.flush()
            viewers[person.key] = Viewer(user.id, user.name, user.email, person.role, user.company)
        seeded = [
            _normal_ticket(ctx, tx, t, viewers)
            for t in sorted(data.tickets, key=lambda t: t.created_at)
        ]
        _normal_read_markers(tx, viewers, seeded, now)


def _normal_files(
    ctx: ServerContext, tx: WriteTx, author: Viewer, files: tuple[DemoFile, ...], at: datetime
) -> list[Attachment]:
    return [
        add_attachment(
            tx.session,
            author,
            filename=f.filename,
            checked=validate_upload(f.data, f.filename, f.content_type),
            size=len(f.data),
            sha256=ctx.media.save(f.data),
            now=at,
        )
        for f in files
    ]


def _normal_ticket(ctx: ServerContext, tx: WriteTx, demo: Any, viewers: dict[str, Viewer]) -> int:
    customer = viewers[demo.customer_key]
    first = demo.messages[0]
    opening = _normal_files(ctx, tx, customer, first.files, first.created_at)
    request = TicketCreateIn(
        title=demo.title[:200],
        body=first.body or "(no text)",
        category=demo.category,
        attachment_ids=[a.id for a in opening],
    )
    ticket, _ = tickets.create_ticket(ctx, tx, customer, request, None, demo.created_at)
    if demo.priority is not None:
        ticket.priority = demo.priority
    if demo.assignee_key is not None:
        ticket.assignee_id = viewers[demo.assignee_key].id
    for message in demo.messages[1:]:
        author = viewers[message.author_key]
        files = _normal_files(ctx, tx, author, message.files, message.created_at)
        messages.add_message(
            ctx,
            tx,
            ticket,
            author,
            body=message.body,
            internal=message.internal and author.is_staff,
            attachments=files,
            client_id=None,
            now=message.created_at,
        )
    if demo.closed_at is not None:
        closer = viewers[demo.assignee_key] if demo.assignee_key else viewers["admin"]
        tickets.close_ticket(ctx, tx, closer, ticket.id, demo.closed_at)
    return ticket.id


def _normal_read_markers(
    tx: WriteTx, viewers: dict[str, Viewer], seeded: list[int], now: datetime
) -> None:
    """Customers read their whole ticket, staff all but the last hours (markers only
    move forward)."""
    session = tx.session
    staff = [v.id for v in viewers.values() if v.is_staff]
    for ticket_id in seeded:
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None
        rows = session.execute(
            select(Message.id, Message.created_at)
            .where(Message.ticket_id == ticket_id)
            .order_by(Message.id)
        ).all()
        markers = {ticket.customer_id: rows[-1][0]}
        old = [m for m, at in rows if at <= now - UNREAD_WINDOW]
        if old:
            markers.update(dict.fromkeys(staff, old[-1]))
        for user_id, message_id in markers.items():
            marker = session.get(ReadMarker, (user_id, ticket_id))
            if marker is None:
                session.add(ReadMarker(user_id=user_id, ticket_id=ticket_id, message_id=message_id))
            else:
                marker.message_id = max(marker.message_id, message_id)


# --- comparing --------------------------------------------------------------------------


def _dump(ctx: ServerContext) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with ctx.db.read() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name != "password_hash"]
            keys = list(table.primary_key.columns)
            out[table.name] = [tuple(r) for r in session.execute(select(*columns).order_by(*keys))]
    return out


def _rendered(ctx: ServerContext, email: str = DEMO_AGENT_EMAIL) -> list[dict[str, Any]]:
    """Every ticket the user may see, as the API renders it for them."""
    with ctx.db.read() as session:
        user = find_by_email(session, email)
        assert user is not None
        viewer = Viewer(user.id, user.name, user.email, Role(user.role), user.company)
        stmt = select(Ticket).order_by(Ticket.id)
        if not viewer.is_staff:
            stmt = stmt.where(Ticket.customer_id == user.id)
        return render_tickets(session, viewer, list(session.execute(stmt).scalars()))


def _pre_existing(ctx: ServerContext) -> None:
    """Someone's own data in the database before the demo is loaded into it."""
    with ctx.db.write() as tx:
        user = User(email="old@example.test", name="Old", role="customer", company="Old Co",
                    password_hash="x", created_at=datetime(2025, 1, 1, tzinfo=UTC))  # fmt: skip
        tx.session.add(user)
        tx.session.flush()
        viewer = Viewer(user.id, user.name, user.email, Role.CUSTOMER, user.company)
        for day in range(1, 40):
            at = datetime(2025, 2, day % 28 + 1, 10, tzinfo=UTC)
            tickets.create_ticket(ctx, tx, viewer, TicketCreateIn(title=f"Old {day}", body="x"),
                                  f"key-{day}", at)  # fmt: skip


@pytest.mark.parametrize(
    ("count", "overrides", "before"),
    [
        (120, {}, False),  # crosses seq 1000: the age trim runs at every later ticket
        (60, {"event_retention_count": 150}, False),  # the count trim runs too
        (40, {"event_retention_count": 100}, True),  # and eats into events already there
    ],
    ids=["age-trim", "count-trim", "existing-data"],
)
def test_bulk_load_equals_the_normal_write_paths(
    make_context: Any, count: int, overrides: dict[str, Any], before: bool
) -> None:
    data = generate_demo(WEDNESDAY_15_MSK, seed=3, ticket_count=count)
    normal, bulk = make_context("normal", **overrides), make_context("bulk", **overrides)
    if before:
        _pre_existing(normal)
        _pre_existing(bulk)
    _load_the_normal_way(normal, data, WEDNESDAY_15_MSK)
    load_demo(bulk, data, WEDNESDAY_15_MSK)
    expected, got = _dump(normal), _dump(bulk)
    assert expected["tickets"] and expected["events"] and expected["read_markers"]
    with normal.db.read() as session:
        counter = session.get(SeqCounter, 1)
        assert counter is not None and counter.trimmed_through > 0  # trimming took part
    for table in expected:
        assert got[table] == expected[table], table
    for email in (DEMO_AGENT_EMAIL, "o.smirnova@flora-express.ru"):
        assert _rendered(bulk, email) == _rendered(normal, email)
    if not before:  # unread: recent customer messages only
        unread = [t["unread_count"] for t in _rendered(bulk)]
        assert 0 < sum(u > 0 for u in unread) < count / 2


# --- what the seeded queue looks like ------------------------------------------------------


def _left(ctx: ServerContext, category: str, due: datetime, now: datetime) -> timedelta:
    """Time left in the target's unit, as the client counts it."""
    if ctx.calendar.target(Category(category)).business:
        return ctx.calendar.business_time_between(now, due)
    return due - now


def _parse(ts: str) -> datetime:
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@pytest.mark.parametrize("now", [WEDNESDAY_15_MSK, SUNDAY_03_MSK], ids=["wed-15", "sun-03"])
def test_the_seeded_queue_looks_like_a_healthy_busy_team(make_context: Any, now: datetime) -> None:
    ctx = make_context("queue")
    result = seed_demo(ctx, now=now)
    assert result is not None and result.tickets == 300
    staff = _rendered(ctx)
    owed = [t for t in staff if t["waiting_on"] == "team"]
    assert 25 <= len(owed) <= 45
    due = {t["id"]: _parse(t["due_at"]) for t in owed}
    overdue = [now - due[t["id"]] for t in owed if due[t["id"]] <= now]
    assert 3 <= len(overdue) <= 6
    assert max(overdue) < timedelta(hours=16)  # hours, not weeks
    left = [_left(ctx, t["category"], due[t["id"]], now) for t in owed if due[t["id"]] > now]
    assert 3 <= sum(x < timedelta(hours=1) for x in left) <= 8  # amber
    assert sum(x >= timedelta(hours=2) for x in left) >= len(owed) // 2  # comfortable
    assert 2 <= sum(t["urgent"] for t in owed) <= 4
    # The team owes replies on recent messages; older tickets are answered or closed.
    with ctx.db.read() as session:
        since = dict(session.execute(select(Ticket.id, Ticket.owing_since)).all())
    assert all(now - since[t["id"]] < timedelta(hours=60) for t in owed)
    assert sum(now - since[t["id"]] < timedelta(hours=30) for t in owed) > len(owed) * 0.7
    old = [t for t in staff if now - _parse(t["created_at"]) > timedelta(days=3)]
    states = Counter(t["waiting_on"] or t["status"] for t in old)
    assert states["team"] <= 0.05 * len(old)
    assert 0.33 <= states["done"] / len(old) <= 0.5
    # Assignment: the demo agent owns a dozen or so open tickets; new ones wait for triage.
    open_ = [t for t in staff if t["status"] != "done"]
    mine = [t for t in open_ if t["assignee"] and t["assignee"]["email"] == DEMO_AGENT_EMAIL]
    assert 10 <= len(mine) <= 20
    first_reply_owed = [t for t in owed if t["message_count"] == 1]
    assert sum(t["assignee"] is None for t in first_reply_owed) > 0.7 * len(first_reply_owed)
