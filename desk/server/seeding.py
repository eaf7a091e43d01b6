"""`desk-server seed-demo`: load `desk.server.demo_content` through the normal write
paths (so seq, events, waiting_on and due_at come out exactly as live traffic makes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from desk.domain import Role
from desk.server import messages, tickets
from desk.server.attachments import add_attachment
from desk.server.context import ServerContext, Viewer
from desk.server.db import WriteTx
from desk.server.demo_content import DEMO_AGENT_EMAIL, DemoFile, DemoTicket, generate_demo
from desk.server.media import validate_upload
from desk.server.models import Attachment, Message, ReadMarker, Ticket, User
from desk.server.schemas import TicketCreateIn
from desk.server.users import find_by_email

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
    data = generate_demo(now, seed=seed, ticket_count=ticket_count)
    shared_hash = ctx.passwords.hash(data.password)  # one hash: everyone has the same password
    counts = {"messages": 0, "attachments": 0}
    with ctx.db.write() as tx:
        viewers: dict[str, Viewer] = {}
        for person in data.people:
            user = User(
                email=person.email.lower(),
                name=person.name,
                role=Role(person.role).value,
                company=person.company,
                password_hash=shared_hash,
                created_at=now,
            )
            tx.session.add(user)
            tx.session.flush()
            viewers[person.key] = Viewer(
                user.id, user.name, user.email, Role(user.role), user.company
            )
        for demo in sorted(data.tickets, key=lambda t: t.created_at):
            _load_ticket(ctx, tx, demo, viewers, counts)
        _mark_read(tx, viewers, now)
    return SeedResult(
        len(data.people), len(data.tickets), counts["messages"], counts["attachments"]
    )


def _files(
    ctx: ServerContext, tx: WriteTx, author: Viewer, files: tuple[DemoFile, ...], at: datetime
) -> list[Attachment]:
    stored = []
    for item in files:
        checked = validate_upload(item.data, item.filename, item.content_type)
        sha256 = ctx.media.save(item.data)
        stored.append(
            add_attachment(
                tx.session,
                author,
                filename=item.filename,
                checked=checked,
                size=len(item.data),
                sha256=sha256,
                now=at,
            )
        )
    return stored


def _load_ticket(
    ctx: ServerContext,
    tx: WriteTx,
    demo: DemoTicket,
    viewers: dict[str, Viewer],
    counts: dict[str, int],
) -> None:
    customer = viewers[demo.customer_key]
    first, rest = demo.messages[0], demo.messages[1:]
    opening = _files(ctx, tx, customer, first.files, first.created_at)
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
    counts["messages"] += 1
    counts["attachments"] += len(opening)
    for message in rest:
        author = viewers[message.author_key]
        files = _files(ctx, tx, author, message.files, message.created_at)
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
        counts["messages"] += 1
        counts["attachments"] += len(files)
    if demo.closed_at is not None:
        closer = viewers[demo.assignee_key] if demo.assignee_key else _any_staff(viewers)
        tickets.close_ticket(ctx, tx, closer, ticket.id, demo.closed_at)


def _any_staff(viewers: dict[str, Viewer]) -> Viewer:
    return next(v for v in viewers.values() if v.is_staff)


def _mark_read(tx: WriteTx, viewers: dict[str, Viewer], now: datetime) -> None:
    """Customers have read everything; staff have read all but recent messages."""
    session = tx.session
    last_id: dict[int, int] = {}
    last_old_id: dict[int, int] = {}
    rows = session.execute(
        select(Message.ticket_id, Message.id, Message.created_at).order_by(Message.id)
    )
    for ticket_id, message_id, created_at in rows:
        last_id[ticket_id] = message_id
        if created_at <= now - UNREAD_WINDOW:
            last_old_id[ticket_id] = message_id
    staff = [v.id for v in viewers.values() if v.is_staff]
    for ticket_id, customer_id in session.execute(select(Ticket.id, Ticket.customer_id)):
        markers = {customer_id: last_id[ticket_id]}
        if ticket_id in last_old_id:
            markers.update(dict.fromkeys(staff, last_old_id[ticket_id]))
        for user_id, message_id in markers.items():
            existing = session.get(ReadMarker, (user_id, ticket_id))
            if existing is None:
                session.add(ReadMarker(user_id=user_id, ticket_id=ticket_id, message_id=message_id))
            else:
                existing.message_id = max(existing.message_id, message_id)
