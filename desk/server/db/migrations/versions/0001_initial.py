"""Initial schema.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("company", sa.String(200), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        _ts("created_at"),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _ts("created_at"),
        _ts("expires_at"),
    )
    op.create_index("ix_tokens_user_id", "tokens", ["user_id"])
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_folded", sa.String(800), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("waiting_on", sa.String(16), nullable=True),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("assignee_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        _ts("closed_at", nullable=True),
        _ts("owing_since", nullable=True),
        _ts("due_at", nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("message_count", sa.Integer, nullable=False),
        _ts("last_message_at", nullable=True),
        sa.Column("last_message_preview", sa.String(600), nullable=False),
        sa.Column("public_seq", sa.BigInteger, nullable=False),
        _ts("public_updated_at"),
        sa.Column("public_message_count", sa.Integer, nullable=False),
        _ts("public_last_message_at", nullable=True),
        sa.Column("public_last_message_preview", sa.String(600), nullable=False),
    )
    op.create_index("ix_tickets_seq", "tickets", ["seq"])
    op.create_index("ix_tickets_assignee_id", "tickets", ["assignee_id"])
    op.create_index("ix_tickets_customer_id_id", "tickets", ["customer_id", "id"])
    op.create_index("ix_tickets_customer_id_public_seq", "tickets", ["customer_id", "public_seq"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("internal", sa.Boolean, nullable=False),
        sa.Column("from_customer", sa.Boolean, nullable=False),
        _ts("created_at"),
        sa.Column("client_id", sa.String(100), nullable=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_messages_ticket_id_id", "messages", ["ticket_id", "id"])
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uploader_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("message_id", sa.Integer, sa.ForeignKey("messages.id"), nullable=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("width", sa.Integer, nullable=True),
        sa.Column("height", sa.Integer, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_attachments_uploader_id", "attachments", ["uploader_id"])
    op.create_index("ix_attachments_message_id", "attachments", ["message_id"])
    op.create_table(
        "read_markers",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), primary_key=True),
        sa.Column("message_id", sa.Integer, nullable=False),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("resource", sa.String(16), nullable=False),
        sa.Column("resource_id", sa.Integer, nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ticket_id", sa.Integer, nullable=False),
        sa.Column("message_id", sa.Integer, nullable=True),
        sa.Column("staff_only", sa.Boolean, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=True),
        _ts("created_at"),
    )
    op.create_index("ix_events_created_at", "events", ["created_at"])
    op.create_table(
        "macros",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
    )
    counters = op.create_table(
        "counters",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("trimmed_through", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(counters, [{"id": 1, "seq": 0, "trimmed_through": 0}])


def downgrade() -> None:
    for table in (
        "counters",
        "macros",
        "events",
        "idempotency_keys",
        "read_markers",
        "attachments",
        "messages",
        "tickets",
        "tokens",
        "users",
    ):
        op.drop_table(table)
