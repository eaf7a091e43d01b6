"""ORM tables. Schema changes go through Alembic migrations (desk/server/db/migrations).

A ticket keeps two views of its conversation statistics: the staff view (every
message) and the public view (no internal notes), so customers never learn that
an internal note exists, not even from a changed `seq` or `updated_at`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desk.server.db.types import UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    company: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]


class Token(Base):
    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_customer_id_id", "customer_id", "id"),
        Index("ix_tickets_customer_id_public_seq", "customer_id", "public_seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    title_folded: Mapped[str] = mapped_column(String(800))  # str.casefold() for search
    urgent: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    waiting_on: Mapped[str | None] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    # When the team started owing the current reply; due_at is computed from it.
    owing_since: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    message_count: Mapped[int] = mapped_column(Integer)
    last_message_at: Mapped[datetime | None]
    last_message_preview: Mapped[str] = mapped_column(String(600))
    # The customer's view: same fields, internal notes left out.
    public_seq: Mapped[int] = mapped_column(BigInteger)
    public_updated_at: Mapped[datetime]
    public_message_count: Mapped[int] = mapped_column(Integer)
    public_last_message_at: Mapped[datetime | None]
    public_last_message_preview: Mapped[str] = mapped_column(String(600))


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_ticket_id_id", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean)
    # The author's side when it was written; unread counts look at the other side.
    from_customer: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    client_id: Mapped[str | None] = mapped_column(String(100))
    seq: Mapped[int] = mapped_column(BigInteger)


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class ReadMarker(Base):
    __tablename__ = "read_markers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    message_id: Mapped[int] = mapped_column(Integer)


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    resource: Mapped[str] = mapped_column(String(16))  # "ticket" | "message"
    resource_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(index=True)


class Event(Base):
    """The retained change log behind GET /events (trimmed to a window)."""

    __tablename__ = "events"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))  # "ticket" | "message"
    ticket_id: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[int | None] = mapped_column(Integer)
    staff_only: Mapped[bool] = mapped_column(Boolean)
    # Set for events only one user receives (their own read marker moved).
    user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(index=True)


class Macro(Base):
    __tablename__ = "macros"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Counter(Base):
    """A single row: the global change sequence and how far the event log is trimmed."""

    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    trimmed_through: Mapped[int] = mapped_column(BigInteger)


class PresenceEntry(Base):
    """Who is viewing or typing on a ticket, shared by every server process; an entry
    lapses at `expires_at` (readers skip it, writers delete it)."""

    __tablename__ = "presence"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginAttempt(Base):
    """A sign-in attempt counted against a key (an email, or a client address) until it
    leaves the limiter's window; shared by every server process."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  # "email" | "address"
    key: Mapped[str] = mapped_column(String(320))
    at: Mapped[datetime] = mapped_column(index=True)
