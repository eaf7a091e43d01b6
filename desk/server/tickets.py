"""Tickets: create, list (full and delta), patch with If-Match, close."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desk.domain import (
    Category,
    Status,
    default_category,
    default_priority,
    is_urgent_title,
)
from desk.server import bookkeeping, idempotency
from desk.server.context import ServerContext
from desk.server.db.engine import WriteTx
from desk.server.db.models import Counter, Ticket, User
from desk.server.events import log as event_log
from desk.server.messages import add_message, claim_attachments, touch, visible_ticket
from desk.server.paging import decode_cursor, encode_cursor, escape_like
from desk.server.problems import ProblemError, forbidden, validation
from desk.server.schemas import TicketCreateIn, TicketPatchIn
from desk.server.viewer import Viewer


def new_ticket_row(data: TicketCreateIn, customer_id: int, now: datetime) -> Ticket:
    """A just-opened ticket, before its first message: the one place that applies the
    URGENT tag and the priority/category defaults (the demo loader uses it too)."""
    urgent = is_urgent_title(data.title)
    return Ticket(
        title=data.title,
        title_folded=data.title.casefold(),
        urgent=urgent,
        status=Status.ON_CUSTOMER,
        waiting_on=None,
        priority=default_priority(urgent),
        category=data.category or default_category(urgent),
        customer_id=customer_id,
        assignee_id=None,
        created_at=now,
        updated_at=now,
        closed_at=None,
        owing_since=None,
        due_at=None,
        version=1,
        seq=0,
        message_count=0,
        last_message_at=None,
        last_message_preview="",
        public_seq=0,
        public_updated_at=now,
        public_message_count=0,
        public_last_message_at=None,
        public_last_message_preview="",
    )


def create_ticket(
    ctx: ServerContext,
    tx: WriteTx,
    viewer: Viewer,
    data: TicketCreateIn,
    key: str | None,
    now: datetime,
) -> tuple[Ticket, bool]:
    """(ticket, created). Customers open tickets; the body is the first message."""
    if viewer.is_staff:
        raise forbidden("Tickets are opened by customers.")
    session = tx.session
    digest = idempotency.fingerprint("POST /tickets", data)
    if key is not None:
        earlier = idempotency.replayed(session, viewer.id, key, digest, "ticket")
        if earlier is not None:
            found = session.get(Ticket, earlier)
            assert found is not None
            return found, False
    attachments = claim_attachments(session, viewer, data.attachment_ids)
    ticket = new_ticket_row(data, viewer.id, now)
    session.add(ticket)
    session.flush()
    add_message(
        ctx,
        tx,
        ticket,
        viewer,
        body=data.body,
        internal=False,
        attachments=attachments,
        client_id=None,
        now=now,
    )
    ticket.version = 1  # a new ticket starts at version 1 whatever the first message did
    if key is not None:
        idempotency.remember(session, viewer.id, key, digest, "ticket", ticket.id, now)
    event_log.maybe_trim(tx, ctx.settings, now)
    return ticket, True


def parse_if_match(header: str | None) -> int:
    """`7`, `"7"` and `W/"7"` all mean version 7. Missing -> 428."""
    if header is None:
        raise ProblemError(
            428,
            "precondition-required",
            "Send If-Match with the ticket's version (from GET, or its ETag).",
        )
    text = header.strip()
    text = text.removeprefix("W/").strip().strip('"')
    if not text.isdigit() or len(text) > 18:
        raise ProblemError(
            412, "version-conflict", "If-Match does not name a version of this ticket."
        )
    return int(text)


def patch_ticket(
    ctx: ServerContext,
    tx: WriteTx,
    viewer: Viewer,
    ticket_id: int,
    data: TicketPatchIn,
    if_match: str | None,
    now: datetime,
) -> Ticket:
    if not viewer.is_staff:
        raise forbidden()
    session = tx.session
    ticket = visible_ticket(session, viewer, ticket_id)
    expected = parse_if_match(if_match)
    if expected != ticket.version:
        raise ProblemError(
            412,
            "version-conflict",
            f"Ticket #{ticket.id} is at version {ticket.version}, not {expected}.",
            headers={"ETag": f'"{ticket.version}"'},
        )
    if ticket.status == Status.DONE:
        raise ProblemError(409, "ticket-closed", f"Ticket #{ticket.id} is closed.")
    changed = False
    if data.priority is not None and data.priority != ticket.priority:
        ticket.priority = data.priority
        changed = True
    if data.category is not None and data.category != ticket.category:
        ticket.category = data.category
        if ticket.owing_since is not None:
            # The deadline counts from when the team started owing, under the new target.
            ticket.due_at = ctx.calendar.due_at(Category(data.category), ticket.owing_since)
        changed = True
    if "assignee_id" in data.model_fields_set and data.assignee_id != ticket.assignee_id:
        if data.assignee_id is not None:
            assignee = session.get(User, data.assignee_id)
            if assignee is None or assignee.role == "customer":
                raise validation("assignee_id: not a staff user")
        ticket.assignee_id = data.assignee_id
        changed = True
    if changed:
        ticket.version += 1
        touch(tx, ticket, now, public=True)
        event_log.maybe_trim(tx, ctx.settings, now)
    return ticket


def close_ticket(
    ctx: ServerContext, tx: WriteTx, viewer: Viewer, ticket_id: int, now: datetime
) -> Ticket:
    """Final; closing a closed ticket changes nothing."""
    if not viewer.is_staff:
        raise forbidden()
    ticket = visible_ticket(tx.session, viewer, ticket_id)
    if ticket.status == Status.DONE:
        return ticket
    bookkeeping.apply(ticket, bookkeeping.after_close(ticket, now))
    touch(tx, ticket, now, public=True)
    event_log.maybe_trim(tx, ctx.settings, now)
    return ticket


def current_seq(session: Session) -> int:
    value: int = session.execute(select(Counter.seq).where(Counter.id == 1)).scalar_one()
    return value


def list_tickets(
    session: Session,
    viewer: Viewer,
    *,
    status: str,
    waiting_on: str | None,
    assignee: str | None,
    q: str | None,
    since: int | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Ticket], str | None, int]:
    """(page, next_cursor, seq). `seq` is read first, so `since=seq` later misses nothing."""
    head = current_seq(session)
    staff = viewer.is_staff
    seq_col = Ticket.seq if staff else Ticket.public_seq
    stmt = select(Ticket)
    if not staff:
        stmt = stmt.where(Ticket.customer_id == viewer.id)
    if status != "all":
        stmt = stmt.where(Ticket.status == status)
    if waiting_on is not None:
        stmt = stmt.where(Ticket.waiting_on == waiting_on)
    if assignee is not None:
        stmt = stmt.where(_assignee_filter(assignee, viewer))
    if q:
        pattern = f"%{escape_like(q.casefold())}%"
        stmt = stmt.where(Ticket.title_folded.like(pattern, escape="\\"))
    if since is not None:
        after = decode_cursor(cursor, "seq") if cursor is not None else since
        stmt = stmt.where(seq_col > after).order_by(seq_col)
    else:
        if cursor is not None:
            stmt = stmt.where(Ticket.id < decode_cursor(cursor, "id"))
        stmt = stmt.order_by(Ticket.id.desc())
    rows = list(session.execute(stmt.limit(limit + 1)).scalars())
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        if since is not None:
            next_cursor = encode_cursor("seq", last.seq if staff else last.public_seq)
        else:
            next_cursor = encode_cursor("id", last.id)
    return rows[:limit], next_cursor, head


def _assignee_filter(value: str, viewer: Viewer) -> ColumnElement[bool]:
    if value == "me":
        return Ticket.assignee_id == viewer.id
    if value == "none":
        return Ticket.assignee_id.is_(None)
    if value.isdigit() and 0 < len(value) <= 10:
        return Ticket.assignee_id == int(value)
    raise validation("assignee: expected me, none or a user id")
