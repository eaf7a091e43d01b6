"""`desk-server seed-demo` and the first start of `desk --demo`: load the demo data set.

The rows come out exactly as the normal write paths leave them (`tickets.create_ticket`,
`messages.add_message`, `tickets.close_ticket`, with each author's read marker moved by
their own message): the same ids, `seq` values, events log (trimmed as
`event_log.maybe_trim` would have trimmed it along the way), waiting_on / due_at, counts,
previews and read markers; a ticket's own fields follow the very rules the write paths
apply (`desk.server.bookkeeping`). But the final state of every row is worked out in memory and
written in a few bulk statements: going through the ORM one message at a time costs
~10,000 round trips and several seconds, while the user watches a progress window.
tests/e2e/server/test_seeding.py loads the same data both ways and compares every table.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import Table, delete, insert, select

from desk.demo.content import (
    DEMO_AGENT_EMAIL,
    DemoData,
    DemoFile,
    DemoPerson,
    DemoTicket,
    generate_demo,
)
from desk.domain import Role
from desk.server import bookkeeping
from desk.server.config import Settings
from desk.server.context import ServerContext
from desk.server.db.engine import WriteTx
from desk.server.db.models import (
    Attachment,
    Base,
    Counter,
    Event,
    IdempotencyKey,
    Message,
    ReadMarker,
    Ticket,
    User,
)
from desk.server.events.log import trim_due
from desk.server.media.validation import validate_upload
from desk.server.schemas import TicketCreateIn
from desk.server.tickets import new_ticket_row
from desk.server.users import find_by_email
from desk.server.viewer import Viewer

# The demo agent has read everything older than this; newer customer messages stay unread.
UNREAD_WINDOW = timedelta(hours=6)


@dataclass(frozen=True)
class SeedResult:
    users: int
    tickets: int
    messages: int
    attachments: int

    def __str__(self) -> str:
        return (
            f"loaded the demo data set: {self.users} users, {self.tickets} tickets, "
            f"{self.messages} messages, {self.attachments} attachments; "
            f"sign in as {DEMO_AGENT_EMAIL}"
        )


def is_seeded(ctx: ServerContext) -> bool:
    with ctx.db.read() as session:
        return find_by_email(session, DEMO_AGENT_EMAIL) is not None


def seed_demo(
    ctx: ServerContext, *, seed: int = 7, ticket_count: int = 300, now: datetime | None = None
) -> SeedResult | None:
    """Load the demo data set; None (and no change) if it is already there."""
    if is_seeded(ctx):
        return None
    now = now or ctx.now()
    data = generate_demo(now, seed=seed, ticket_count=ticket_count, calendar=ctx.calendar)
    return load_demo(ctx, data, now)


def load_demo(ctx: ServerContext, data: DemoData, now: datetime) -> SeedResult:
    """Write ``data`` in one transaction; ``now`` decides which messages staff have read."""
    shared_hash = ctx.passwords.hash(data.password)  # one hash: everyone has the same password
    with ctx.db.write() as tx:
        viewers = _add_people(tx, data.people, shared_hash, now)
        loader = _Loader(ctx, tx, viewers)
        for demo in sorted(data.tickets, key=lambda t: t.created_at):
            loader.add(demo)
        loader.write(now)
    return SeedResult(len(data.people), len(data.tickets), loader.messages, loader.attachments)


def _add_people(
    tx: WriteTx, people: tuple[DemoPerson, ...], password_hash: str, now: datetime
) -> dict[str, Viewer]:
    users = [
        User(
            email=p.email.lower(),
            name=p.name,
            role=Role(p.role).value,
            company=p.company,
            password_hash=password_hash,
            created_at=now,
        )
        for p in people
    ]
    _insert_returning_ids(tx, User, users, "email")
    return {
        p.key: Viewer(u.id, u.name, u.email, Role(u.role), u.company)
        for p, u in zip(people, users, strict=True)
    }


@dataclass
class _Post:
    """A message waiting for its id; its events and files are written once it has one."""

    row: Message
    files: list[dict[str, Any]]
    events: list[dict[str, Any]]


@dataclass
class _Planned:
    ticket: Ticket
    posts: list[_Post]
    events: list[dict[str, Any]]  # ticket events, no message id needed


class _Loader:
    def __init__(self, ctx: ServerContext, tx: WriteTx, viewers: dict[str, Viewer]) -> None:
        self.ctx, self.tx, self.viewers = ctx, tx, viewers
        self.planned: list[_Planned] = []
        self.trim = _Trim(ctx.settings)
        self._stored: dict[tuple[bytes, str, str], dict[str, Any]] = {}
        self.messages = self.attachments = 0

    # --- the normal write paths, replayed on rows in memory ----------------------------

    def add(self, demo: DemoTicket) -> None:
        customer = self.viewers[demo.customer_key]
        first = demo.messages[0]
        data = TicketCreateIn(
            title=demo.title[:200], body=first.body or "(no text)", category=demo.category
        )
        ticket = new_ticket_row(data, customer.id, demo.created_at)
        plan = _Planned(ticket, [], [])
        self.planned.append(plan)
        self._post(plan, customer, data.body, False, first.files, first.created_at)
        ticket.version = 1  # create_ticket: a new ticket starts at version 1
        self.trim.call(self.tx, demo.created_at)
        if demo.priority is not None:
            ticket.priority = demo.priority
        if demo.assignee_key is not None:
            ticket.assignee_id = self.viewers[demo.assignee_key].id
        for message in demo.messages[1:]:
            author = self.viewers[message.author_key]
            internal = message.internal and author.is_staff
            self._post(plan, author, message.body, internal, message.files, message.created_at)
        if demo.closed_at is not None:
            bookkeeping.apply(ticket, bookkeeping.after_close(ticket, demo.closed_at))
            self._touch(plan, demo.closed_at, public=True)
            self.trim.call(self.tx, demo.closed_at)

    def _post(self, plan: _Planned, author: Viewer, body: str, internal: bool,
              files: tuple[DemoFile, ...], at: datetime) -> None:  # fmt: skip
        """`messages.add_message`."""
        ticket, tx = plan.ticket, self.tx
        stored = [self._file(f, author, at) for f in files]
        row = Message(author_id=author.id, body=body, internal=internal,
                      from_customer=not author.is_staff, created_at=at, client_id=None,
                      seq=tx.next_seq())  # fmt: skip
        event = _event("message", row.seq, at, staff_only=internal)
        plan.posts.append(_Post(row, stored, [event]))
        fields = bookkeeping.after_message(
            ticket,
            body=body,
            filenames=[f["filename"] for f in stored],
            internal=internal,
            from_customer=row.from_customer,
            at=at,
            calendar=self.ctx.calendar,
        )
        bookkeeping.apply(ticket, fields)
        self._touch(plan, at, public=not internal, post=plan.posts[-1])
        self.messages += 1

    def _touch(self, plan: _Planned, at: datetime, *, public: bool, post: _Post | None = None
               ) -> None:  # fmt: skip
        """`messages.touch`."""
        seq = self.tx.next_seq()
        bookkeeping.apply(plan.ticket, bookkeeping.after_change(seq, at, public=public))
        event = _event("ticket", seq, at, staff_only=not public)
        (post.events if post is not None else plan.events).append(event)

    def _file(self, item: DemoFile, author: Viewer, at: datetime) -> dict[str, Any]:
        """`POST /attachments` for one file; each distinct file is checked and stored once."""
        key = (item.data, item.filename, item.content_type)
        if key not in self._stored:
            checked = validate_upload(item.data, item.filename, item.content_type)
            self._stored[key] = {
                "filename": item.filename,
                "content_type": checked.content_type,
                "size": len(item.data),
                "width": checked.width,
                "height": checked.height,
                "sha256": self.ctx.media.save(item.data),
            }
        self.attachments += 1
        return {**self._stored[key], "uploader_id": author.id, "created_at": at}

    # --- one write --------------------------------------------------------------------

    def write(self, now: datetime) -> None:
        session = self.tx.session
        _insert_returning_ids(self.tx, Ticket, [p.ticket for p in self.planned], "seq")
        for plan in self.planned:
            for post in plan.posts:
                post.row.ticket_id = plan.ticket.id
        rows = [post.row for plan in self.planned for post in plan.posts]
        _insert_returning_ids(self.tx, Message, rows, "seq")
        files, events = [], []
        for plan in self.planned:
            for post in plan.posts:
                files += [{**f, "message_id": post.row.id} for f in post.files]
                events += [{**e, "ticket_id": plan.ticket.id, "message_id": post.row.id
                            if e["kind"] == "message" else None} for e in post.events]  # fmt: skip
            events += [{**e, "ticket_id": plan.ticket.id, "message_id": None} for e in plan.events]
        events.sort(key=lambda e: e["seq"])
        through = self.trim.apply(self.tx, [(e["seq"], e["created_at"]) for e in events])
        # Core executemany: one statement per table (ORM bulk inserts split on None values).
        for table, values in (
            (Attachment, files),
            (Event, [e for e in events if e["seq"] > through]),
            (ReadMarker, self._markers(now)),
        ):
            if values:
                session.execute(insert(_table(table)), values)

    def _markers(self, now: datetime) -> list[dict[str, int]]:
        """Each author has read up to their own last message (add_message moves it);
        customers have read their whole ticket; staff all but the last few hours."""
        staff = [v.id for v in self.viewers.values() if v.is_staff]
        old = now - UNREAD_WINDOW
        out = []
        for plan in self.planned:
            read: dict[int, int] = {}
            for post in plan.posts:
                read[post.row.author_id] = post.row.id
            read[plan.ticket.customer_id] = plan.posts[-1].row.id
            seen = [p.row.id for p in plan.posts if p.row.created_at <= old]
            if seen:
                for user_id in staff:
                    read[user_id] = max(read.get(user_id, 0), seen[-1])
            ticket_id = plan.ticket.id
            out += [
                {"user_id": u, "ticket_id": ticket_id, "message_id": m} for u, m in read.items()
            ]
        return out


def _event(kind: str, seq: int, at: datetime, *, staff_only: bool) -> dict[str, Any]:
    return {"seq": seq, "kind": kind, "staff_only": staff_only, "user_id": None, "created_at": at}


_Row = TypeVar("_Row", User, Ticket, Message)


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _insert_returning_ids(tx: WriteTx, model: type[_Row], rows: list[_Row], key: str) -> None:
    """Insert ``rows`` (transient ORM objects) in batched INSERT ... RETURNING statements
    and set their ids, matched back through the unique column ``key``."""
    if not rows:
        return
    table = _table(model)
    columns = [c.key for c in table.columns if c.key != "id"]
    values = [{name: getattr(row, name) for name in columns} for row in rows]
    # PostgreSQL can promise ids in parameter order; SQLite assigns them in order anyway,
    # but SQLAlchemy would then send one row per statement to promise it.
    in_order = tx.session.get_bind().dialect.name != "sqlite"
    stmt = insert(table).returning(table.c.id, table.c[key], sort_by_parameter_order=in_order)
    ids = {k: i for i, k in tx.session.execute(stmt, values)}
    for row in rows:
        row.id = ids[getattr(row, key)]
    # Ids must follow insertion order (messages are listed by id): refuse rather than garble.
    if any(b.id <= a.id for a, b in itertools.pairwise(rows)):
        raise RuntimeError(f"the database assigned {table} ids out of insertion order")


class _Trim:
    """`event_log.maybe_trim` as the normal path calls it (after creating and after closing
    each ticket, with that moment as `now`), worked out at the end in one pass: the log
    is trimmed through the highest `through` any call reached, since trimming only grows.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.calls: list[tuple[int, datetime]] = []  # (counter.seq at the call, its now)

    def call(self, tx: WriteTx, now: datetime) -> None:
        assert tx.last_seq is not None
        self.calls.append((tx.last_seq, now))

    def apply(self, tx: WriteTx, new_events: list[tuple[int, datetime]]) -> int:
        """Trim the existing log; return the seq through which new events are dropped."""
        session, settings = tx.session, self.settings
        counter = session.get(Counter, 1)
        assert counter is not None and tx.first_seq is not None
        existing = [(s, t) for s, t in session.execute(select(Event.seq, Event.created_at))]
        events = sorted(existing) + new_events  # by seq: every existing one is older
        times = sorted({t for _, t in events})
        rank = {t: i for i, t in enumerate(times)}
        earliest = _PrefixMax(len(times))  # max seq among events at or before a time rank
        keep = settings.event_retention_count
        trimmed, cutoff_used, added = counter.trimmed_through, None, 0
        for seq, now in self.calls:
            if not trim_due(settings, first_seq=tx.first_seq, seq=seq, trimmed_through=trimmed):
                continue
            while added < len(events) and events[added][0] <= seq:  # what was in the log
                earliest.raise_to(rank[events[added][1]], events[added][0])
                added += 1
            cutoff = now - settings.event_retention_age
            older = earliest.upto(bisect.bisect_left(times, cutoff))
            trimmed = max(trimmed, seq - keep, older)
            cutoff_used = cutoff if cutoff_used is None else max(cutoff_used, cutoff)
        if trimmed > counter.trimmed_through:
            session.execute(delete(Event).where(Event.seq <= trimmed))
            counter.trimmed_through = trimmed
        if cutoff_used is not None:
            session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff_used))
        return trimmed


class _PrefixMax:
    """Fenwick tree: the largest value set at any position below a bound."""

    def __init__(self, size: int) -> None:
        self.tree = [0] * (size + 1)

    def raise_to(self, position: int, value: int) -> None:
        i = position + 1
        while i < len(self.tree):
            self.tree[i] = max(self.tree[i], value)
            i += i & -i

    def upto(self, bound: int) -> int:
        """Max over positions ``0 .. bound - 1`` (0 if none)."""
        best, i = 0, bound
        while i > 0:
            best = max(best, self.tree[i])
            i -= i & -i
        return best
