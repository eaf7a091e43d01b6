"""Database rows -> wire dicts, always for one viewer.

Customers get the public view of a ticket (no internal notes in previews, counts,
`seq` or `updated_at`); unread counts are computed per viewer in one grouped query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    and_,
    bindparam,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session
from starlette.responses import Response

from desk.server.db.models import Attachment, Message, ReadMarker, Ticket, User
from desk.server.viewer import Viewer


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def json_response(
    content: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        msgspec.json.encode(content),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "role": user.role,
        "company": user.company,
    }


def attachment_json(att: Attachment) -> dict[str, Any]:
    return {
        "id": att.id,
        "filename": att.filename,
        "content_type": att.content_type,
        "size": att.size,
        "width": att.width,
        "height": att.height,
        "sha256": att.sha256,
    }


def load_users(session: Session, ids: Iterable[int | None]) -> dict[int, User]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User).where(User.id.in_(wanted))).scalars()
    return {user.id: user for user in rows}


def unread_counts(session: Session, viewer: Viewer, ticket_ids: Sequence[int]) -> dict[int, int]:
    """Messages from the other side above the viewer's read marker, per ticket."""
    if not ticket_ids:
        return {}
    other_side = _other_side(viewer.is_staff)
    marker = and_(ReadMarker.ticket_id == Message.ticket_id, ReadMarker.user_id == viewer.id)
    stmt = (
        select(Message.ticket_id, func.count())
        .select_from(Message)
        .outerjoin(ReadMarker, marker)
        .where(
            Message.ticket_id.in_(ticket_ids),
            other_side,
            Message.id > func.coalesce(ReadMarker.message_id, 0),
        )
        .group_by(Message.ticket_id)
    )
    return {ticket_id: count for ticket_id, count in session.execute(stmt)}


def _other_side(staff: bool) -> ColumnElement[bool]:
    """The messages that count as unread for staff, or for a customer."""
    if staff:
        return Message.from_customer.is_(True)
    return and_(Message.from_customer.is_(False), Message.internal.is_(False))


@dataclass
class UnreadCounts:
    """Unread counts for many recipients at once (`unread_for_recipients`)."""

    staff_ids: set[int]
    totals: dict[tuple[bool, int], int] = field(default_factory=dict)
    marked: dict[tuple[int, int], int] = field(default_factory=dict)

    def covers(self, viewer: Viewer) -> bool:
        """Customers are always covered (each ticket's customer is counted)."""
        return not viewer.is_staff or viewer.id in self.staff_ids

    def get(self, viewer: Viewer, ticket_id: int) -> int:
        found = self.marked.get((viewer.id, ticket_id))
        if found is not None:
            return found
        return self.totals.get((viewer.is_staff, ticket_id), 0)


def _build_unread_for_recipients() -> Any:
    """The statement behind `unread_for_recipients`, built once: the ticket and staff
    ids are expanding parameters, so a wave's query is not rebuilt (and its id lists
    not coerced value by value) for every change."""
    tickets: BindParameter[int] = bindparam("ticket_ids", expanding=True)
    parts = []
    for is_staff in (True, False):
        side = _other_side(is_staff)
        parts.append(
            select(literal(is_staff), literal(0), Message.ticket_id, func.count())
            .where(Message.ticket_id.in_(tickets), side)
            .group_by(Message.ticket_id)
        )
        users: ColumnElement[bool]
        if is_staff:
            users = ReadMarker.user_id.in_(bindparam("staff_ids", expanding=True))
        else:
            users = ReadMarker.user_id == Ticket.customer_id
        newer = and_(
            Message.ticket_id == ReadMarker.ticket_id, Message.id > ReadMarker.message_id, side
        )
        parts.append(
            select(
                literal(is_staff), ReadMarker.user_id, ReadMarker.ticket_id, func.count(Message.id)
            )
            .select_from(ReadMarker)
            .join(Ticket, Ticket.id == ReadMarker.ticket_id)
            .outerjoin(Message, newer)
            .where(ReadMarker.ticket_id.in_(tickets), users)
            .group_by(ReadMarker.user_id, ReadMarker.ticket_id)
        )
    return union_all(*parts)


_UNREAD_FOR_RECIPIENTS = _build_unread_for_recipients()


def unread_for_recipients(
    session: Session, ticket_ids: Sequence[int], staff_ids: Iterable[int]
) -> UnreadCounts:
    """Unread counts on these tickets for every staff user in `staff_ids` and for each
    ticket's customer: one query, however many recipients. A recipient without a read
    marker on a ticket has the ticket's total (the rows with user id 0); the others
    have a row of their own."""
    staff = sorted(set(staff_ids))
    counts = UnreadCounts(staff_ids=set(staff))
    if not ticket_ids:
        return counts
    params = {"ticket_ids": list(ticket_ids), "staff_ids": staff}
    for is_staff, user_id, ticket_id, count in session.execute(_UNREAD_FOR_RECIPIENTS, params):
        if user_id == 0:
            counts.totals[(bool(is_staff), ticket_id)] = count
        else:
            counts.marked[(user_id, ticket_id)] = count
    return counts


def ticket_json(
    t: Ticket, viewer: Viewer, users: dict[int, User], unread: dict[int, int]
) -> dict[str, Any]:
    """One ticket as `viewer` sees it; `users` must hold its customer and assignee."""
    return ticket_view(t, viewer.is_staff, users, unread.get(t.id, 0))


def ticket_view(t: Ticket, staff: bool, users: dict[int, User], unread: int) -> dict[str, Any]:
    """One ticket as staff (or its customer) see it, with this unread count."""
    assignee = users.get(t.assignee_id) if t.assignee_id is not None else None
    return {
        "id": t.id,
        "title": t.title,
        "status": t.status,
        "waiting_on": t.waiting_on,
        "urgent": t.urgent,
        "priority": t.priority,
        "category": t.category,
        "customer": user_json(users[t.customer_id]),
        "assignee": user_json(assignee) if assignee is not None else None,
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at if staff else t.public_updated_at),
        "closed_at": iso(t.closed_at),
        "last_message_at": iso(t.last_message_at if staff else t.public_last_message_at),
        "last_message_preview": (
            t.last_message_preview if staff else t.public_last_message_preview
        ),
        "message_count": t.message_count if staff else t.public_message_count,
        "unread_count": unread,
        "due_at": iso(t.due_at),
        "version": t.version,
        "seq": t.seq if staff else t.public_seq,
    }


def ticket_users(session: Session, tickets: Sequence[Ticket]) -> dict[int, User]:
    return load_users(session, [i for t in tickets for i in (t.customer_id, t.assignee_id)])


def render_tickets(
    session: Session, viewer: Viewer, tickets: Sequence[Ticket]
) -> list[dict[str, Any]]:
    users = ticket_users(session, tickets)
    unread = unread_counts(session, viewer, [t.id for t in tickets])
    return [ticket_json(t, viewer, users, unread) for t in tickets]


def render_ticket(session: Session, viewer: Viewer, ticket: Ticket) -> dict[str, Any]:
    return render_tickets(session, viewer, [ticket])[0]


def render_messages(session: Session, messages: Sequence[Message]) -> list[dict[str, Any]]:
    users = load_users(session, [m.author_id for m in messages])
    by_message: dict[int, list[dict[str, Any]]] = {m.id: [] for m in messages}
    if messages:
        rows = session.execute(
            select(Attachment)
            .where(Attachment.message_id.in_(list(by_message)))
            .order_by(Attachment.id)
        ).scalars()
        for att in rows:
            assert att.message_id is not None
            by_message[att.message_id].append(attachment_json(att))
    return [
        {
            "id": m.id,
            "ticket_id": m.ticket_id,
            "author": user_json(users[m.author_id]),
            "body": m.body,
            "internal": m.internal,
            "attachments": by_message[m.id],
            "created_at": iso(m.created_at),
            "client_id": m.client_id,
            "seq": m.seq,
        }
        for m in messages
    ]
