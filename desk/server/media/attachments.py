"""Attachment rows and who may read them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from desk.server.db.models import Attachment, Message, Ticket
from desk.server.media.validation import ValidatedFile
from desk.server.problems import not_found
from desk.server.viewer import Viewer


def add_attachment(
    session: Session,
    viewer: Viewer,
    *,
    filename: str,
    checked: ValidatedFile,
    size: int,
    sha256: str,
    now: datetime,
) -> Attachment:
    att = Attachment(
        uploader_id=viewer.id,
        message_id=None,
        filename=filename,
        content_type=checked.content_type,
        size=size,
        width=checked.width,
        height=checked.height,
        sha256=sha256,
        created_at=now,
    )
    session.add(att)
    session.flush()
    return att


def readable_attachment(session: Session, viewer: Viewer, attachment_id: int) -> Attachment:
    """Unlinked uploads: only the uploader. Linked: staff, and the ticket's customer
    unless the message is an internal note. Everyone else gets 404, not 403."""
    att = session.get(Attachment, attachment_id)
    if att is None:
        raise not_found("Attachment")
    if att.message_id is None:
        if att.uploader_id != viewer.id:
            raise not_found("Attachment")
        return att
    if viewer.is_staff:
        return att
    message = session.get(Message, att.message_id)
    ticket = session.get(Ticket, message.ticket_id) if message is not None else None
    if message is None or ticket is None or message.internal or ticket.customer_id != viewer.id:
        raise not_found("Attachment")
    return att
