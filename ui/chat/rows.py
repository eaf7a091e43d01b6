"""What one row of the chat list is: a message or one of the agent's outbox entries.

The model keeps a list of ``ChatRow`` records; the delegate reads them through
``RowRole`` and caches layouts by ``(key, rev)``. Strings for people are made here
(day labels, times) so the model and the delegate agree on them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal, Protocol

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt

from desk.client.links import LinkSpan, find_links
from desk.domain import Attachment, Message

PendingState = Literal["pending", "sending", "failed"]


class PendingSend(Protocol):
    """An outbox entry the server has not confirmed yet (the store's own record).

    ``client_id`` is the idempotency key the entry is sent with; the server echoes
    it in the Message, which is how the pending row is replaced by the real one.
    """

    @property
    def entry_id(self) -> int: ...
    @property
    def ticket_id(self) -> int: ...
    @property
    def body(self) -> str: ...
    @property
    def internal(self) -> bool: ...
    @property
    def state(self) -> PendingState: ...
    @property
    def error(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def filenames(self) -> tuple[str, ...]: ...
    @property
    def client_id(self) -> str | None: ...


@dataclass(frozen=True)
class PendingEntry:
    """A plain ``PendingSend`` for adapters and tests."""

    entry_id: int
    ticket_id: int
    body: str
    internal: bool
    state: PendingState
    error: str | None
    created_at: datetime
    filenames: tuple[str, ...] = ()
    client_id: str | None = None


class Roles(enum.IntEnum):
    ROW = Qt.ItemDataRole.UserRole + 1  # ChatRow
    KIND = Qt.ItemDataRole.UserRole + 2  # BubbleKind value
    SIDE = Qt.ItemDataRole.UserRole + 3  # "left" | "right"
    MESSAGE = Qt.ItemDataRole.UserRole + 4  # Message | None
    PENDING = Qt.ItemDataRole.UserRole + 5  # PendingSend | None
    DAY_HEADER = Qt.ItemDataRole.UserRole + 6  # str | None
    GROUPED = Qt.ItemDataRole.UserRole + 7  # bool
    AUTHOR = Qt.ItemDataRole.UserRole + 8  # str
    TIME = Qt.ItemDataRole.UserRole + 9  # str, local "HH:mm"


class BubbleKind(enum.StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"
    INTERNAL = "internal"
    PENDING = "pending"
    FAILED = "failed"


# Consecutive messages of one author closer than this are drawn as one group.
GROUP_WINDOW_SECONDS = 5 * 60


def normalize_body(body: str) -> str:
    """One newline convention, so Python offsets and Qt offsets line up."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(eq=False)
class ChatRow:
    """One row. ``rev`` changes whenever what the delegate draws may change."""

    key: tuple[str, int]  # ("m", message id) or ("p", outbox entry id)
    rev: int
    message: Message | None
    pending: PendingSend | None
    local_time: datetime
    text: str
    links: list[LinkSpan]
    author: str
    author_key: tuple[str, int]  # who wrote it, for grouping
    kind: BubbleKind
    day_header: str | None = None
    grouped: bool = False
    attachments: tuple[Attachment, ...] = field(default=())
    # The delegate's height cache lives on the row, so a repeated height_for() is an
    # attribute read (with layout_strategy="qt", sizeHint() runs for every row on
    # every insert: QListView relayouts everything).
    height_sig: tuple[object, ...] | None = None
    height: int = 0

    @property
    def sizes_from_thumbnails(self) -> bool:
        """Whether the layout depends on loaded thumbnails (images without known size)."""
        return any(a.is_image and not (a.width and a.height) for a in self.attachments)

    @property
    def side(self) -> Literal["left", "right"]:
        return "left" if self.kind is BubbleKind.CUSTOMER else "right"

    @property
    def internal(self) -> bool:
        if self.message is not None:
            return self.message.internal
        return self.pending is not None and self.pending.internal

    @property
    def time_text(self) -> str:
        return f"{self.local_time.hour:02d}:{self.local_time.minute:02d}"

    @property
    def client_id(self) -> str | None:
        if self.message is not None:
            return self.message.client_id
        return self.pending.client_id if self.pending is not None else None


def message_row(message: Message, rev: int, tz: tzinfo | None) -> ChatRow:
    text = normalize_body(message.body)
    kind = (
        BubbleKind.INTERNAL
        if message.internal
        else (BubbleKind.STAFF if message.author.role.is_staff else BubbleKind.CUSTOMER)
    )
    return ChatRow(
        key=("m", message.id),
        rev=rev,
        message=message,
        pending=None,
        local_time=message.created_at.astimezone(tz),
        text=text,
        links=find_links(text),
        author=message.author.name,
        author_key=("u", message.author.id),
        kind=kind,
        attachments=tuple(message.attachments),
    )


def pending_row(
    entry: PendingSend, rev: int, tz: tzinfo | None, me_name: str, me_id: int | None
) -> ChatRow:
    text = normalize_body(entry.body)
    return ChatRow(
        key=("p", entry.entry_id),
        rev=rev,
        message=None,
        pending=entry,
        local_time=entry.created_at.astimezone(tz),
        text=text,
        links=find_links(text),
        author=me_name,
        author_key=("u", me_id) if me_id is not None else ("me", 0),
        kind=BubbleKind.FAILED if entry.state == "failed" else BubbleKind.PENDING,
    )


def accessible_text(row: ChatRow) -> str:
    """The row as a screen reader says it: "Ivan Petrov, 14:05, internal note,
    attachments: log.txt: the text". Sighted people get the same facts from the
    bubble's side, colour, chips and badges."""
    translate = QCoreApplication.translate
    facts = [row.author, row.time_text]
    if row.internal:
        facts.append(translate("ChatView", "internal note"))
    if row.pending is not None:
        if row.pending.state == "failed":
            failed = translate("ChatView", "not sent")
            facts.append(f"{failed} ({row.pending.error})" if row.pending.error else failed)
        else:
            facts.append(translate("ChatView", "sending"))
    names = [a.filename for a in row.attachments] or list(
        row.pending.filenames if row.pending is not None else ()
    )
    if names:
        files = translate("ChatView", "attachments: %1").replace("%1", ", ".join(names))
        facts.append(files)
    head = ", ".join(facts)
    return f"{head}: {row.text}" if row.text else head


def day_label(day: date, today: date) -> str:
    delta = (today - day).days
    if delta == 0:
        return QCoreApplication.translate("ChatView", "Today")
    if delta == 1:
        return QCoreApplication.translate("ChatView", "Yesterday")
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def continues(prev: ChatRow, row: ChatRow) -> bool:
    """Whether ``row`` continues ``prev``'s group (same author, same kind, close in time)."""
    return (
        prev.author_key == row.author_key
        and prev.internal == row.internal
        and prev.local_time.date() == row.local_time.date()
        and 0 <= (row.local_time - prev.local_time).total_seconds() <= GROUP_WINDOW_SECONDS
    )
