"""Value types of the outbox: what the user asked to send, and how far it got."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


class OutboxState(enum.StrEnum):
    PENDING = "pending"  # waiting for the sync engine (also after a crash mid-send)
    SENDING = "sending"  # a POST is in flight
    SENT = "sent"  # the server answered with a message; message_id is set
    FAILED = "failed"  # error says why; retryable says whether "Retry" makes sense


class OutboxStateError(ValueError):
    """The entry is not in a state that allows this step (or does not exist)."""


@dataclass(frozen=True, slots=True)
class OutboxFile:
    index: int
    filename: str
    content_type: str
    size: int
    path: Path  # the store's own copy of the bytes
    attachment_id: int | None  # set once uploaded: a retry does not upload again


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    ticket_id: int
    client_id: str  # the message's client_id: the optimistic row's identity
    idempotency_key: str  # the Idempotency-Key header; new only when the body changes
    body: str
    internal: bool
    state: OutboxState
    files: tuple[OutboxFile, ...]
    error: str | None
    retryable: bool
    message_id: int | None
    attempts: int
    created_at: datetime
    updated_at: datetime

    @property
    def attachment_ids(self) -> list[int] | None:
        """All uploaded attachment ids, or None while some file is not uploaded."""
        ids = [f.attachment_id for f in self.files]
        return None if any(i is None for i in ids) else [i for i in ids if i is not None]


# A file to send: a path (copied at enqueue) or (filename, bytes, content_type).
OutboxFileSource = Path | str | tuple[str, bytes, str]
