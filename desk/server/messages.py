"""Messages: posting (the ticket's own fields follow `bookkeeping`), listing, read markers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain import Status
from desk.server import bookkeeping, idempotency
from desk.server.context import ServerContext
from desk.server.db.engine import WriteTx
from desk.server.db.models import Attachment, Message, ReadMarker, Ticket
from desk.server.events import log as event_log
from desk.server.paging import decode_cursor, encode_cursor
from desk.server.problems import ProblemError, forbidden, not_found, validation
from desk.server.schemas import MessageCreateIn
from desk.server.viewer import Viewer


def visible_ticket(session: Session, viewer: Viewer, ticket_id: int) -> Ticket:
    """The ticket if the viewer may see it; otherwise 404 (existence is not leaked)."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or (not viewer.is_staff and ticket.customer_id != viewer.id):
        raise not_found("Ticket")
    return ticket


def claim_attachments(session: Session, viewer: Viewer, ids: Sequence[int]) -> list[Attachment]:
    """The caller's own uploads that no message uses yet; 422 for anything else."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    rows = list(
        session.execute(
            select(Attachment)
            .where(
                Attachment.id.in_(wanted),
                Attachment.uploader_id == viewer.id,
                Attachment.message_id.is_(None),
            )
            .order_by(Attachment.id)
        ).scalars()
    )
    if len(rows) != len(wanted):
        missing = sorted(set(wanted) - {a.id for a in rows})
        raise validation(f"attachment_ids: {missing} are not your unused uploads")
    return rows


def _set_marker(session: Session, user_id: int, ticket_id: int, message_id: int) -> None:
    marker = session.get(ReadMarker, (user_id, ticket_id))
    if marker is None:
        session.add(ReadMarker(user_id=user_id, ticket_id=ticket_id, message_id=message_id))
    else:
        marker.message_id = message_id


def touch(tx: WriteTx, ticket: Ticket, now: datetime, *, public: bool) -> None:
    """Give the ticket the next seq and log a ticket event (staff-only unless public)."""
    seq = tx.next_seq()
    bookkeeping.apply(ticket, bookkeeping.after_change(seq, now, public=public))
    event_log.record(
        tx, kind="ticket", seq=seq, ticket_id=ticket.id, now=now, staff_only=not public
    )


def add_message(
    ctx: ServerContext,
    tx: WriteTx,
    ticket: Ticket,
    author: Viewer,
    *,
    body: str,
    internal: bool,
    attachments: Sequence[Attachment],
    client_id: str | None,
    now: datetime,
) -> Message:
    session = tx.session
    message = Message(
        ticket_id=ticket.id,
        author_id=author.id,
        body=body,
        internal=internal,
        from_customer=not author.is_staff,
        created_at=now,
        client_id=client_id,
        seq=tx.next_seq(),
    )
    session.add(message)
    session.flush()
    for att in attachments:
        att.message_id = message.id
    event_log.record(
        tx,
        kind="message",
        seq=message.seq,
        ticket_id=ticket.id,
        message_id=message.id,
        staff_only=internal,
        now=now,
    )
    fields = bookkeeping.after_message(
        ticket,
        body=body,
        filenames=[a.filename for a in attachments],
        internal=internal,
        from_customer=message.from_customer,
        at=now,
        calendar=ctx.calendar,
    )
    bookkeeping.apply(ticket, fields)
    touch(tx, ticket, now, public=not internal)
    _set_marker(session, author.id, ticket.id, message.id)
    return message


def post_message(
    ctx: ServerContext,
    tx: WriteTx,
    viewer: Viewer,
    ticket_id: int,
    data: MessageCreateIn,
    key: str | None,
    now: datetime,
) -> tuple[Message, bool]:
    """(message, created); a replayed Idempotency-Key returns the earlier message."""
    session = tx.session
    ticket = visible_ticket(session, viewer, ticket_id)
    digest = idempotency.fingerprint(f"POST /tickets/{ticket_id}/messages", data)
    if key is not None:
        earlier = idempotency.replayed(session, viewer.id, key, digest, "message")
        if earlier is not None:
            found = session.get(Message, earlier)
            assert found is not None
            return found, False
    if data.internal and not viewer.is_staff:
        raise forbidden("Only staff may write internal notes.")
    if ticket.status == Status.DONE:
        raise ProblemError(409, "ticket-closed", f"Ticket #{ticket.id} is closed.")
    if not data.body.strip() and not data.attachment_ids:
        raise validation("body: must not be empty unless there are attachments")
    attachments = claim_attachments(session, viewer, data.attachment_ids)
    message = add_message(
        ctx,
        tx,
        ticket,
        viewer,
        body=data.body,
        internal=data.internal,
        attachments=attachments,
        client_id=data.client_id,
        now=now,
    )
    if key is not None:
        idempotency.remember(session, viewer.id, key, digest, "message", message.id, now)
    event_log.maybe_trim(tx, ctx.settings, now)
    return message, True


def list_messages(
    session: Session,
    viewer: Viewer,
    ticket_id: int,
    *,
    after: int | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Message], str | None]:
    visible_ticket(session, viewer, ticket_id)
    start = decode_cursor(cursor, "message") if cursor is not None else (after or 0)
    stmt = select(Message).where(Message.ticket_id == ticket_id, Message.id > start)
    if not viewer.is_staff:
        stmt = stmt.where(Message.internal.is_(False))
    rows = list(session.execute(stmt.order_by(Message.id).limit(limit + 1)).scalars())
    next_cursor = encode_cursor("message", rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor


def mark_read(
    ctx: ServerContext, tx: WriteTx, viewer: Viewer, ticket_id: int, message_id: int, now: datetime
) -> None:
    """Move the viewer's read marker; their own streams get the ticket with the new count."""
    session = tx.session
    ticket = visible_ticket(session, viewer, ticket_id)
    message = session.get(Message, message_id)
    if (
        message is None
        or message.ticket_id != ticket.id
        or (message.internal and not viewer.is_staff)
    ):
        raise validation("message_id: no such message in this ticket")
    _set_marker(session, viewer.id, ticket.id, message_id)
    # A private event: only this user's streams receive it; ticket.seq is unchanged.
    event_log.record(
        tx, kind="ticket", seq=tx.next_seq(), ticket_id=ticket.id, user_id=viewer.id, now=now
    )
