"""The ticket domain shared by the server, the client core and the UI.

Wire shapes follow the ticket API (``docs/api.md``); they are msgspec Structs because the
client decodes lists of up to 100k tickets and msgspec does that an order of magnitude
faster than pydantic. Nothing here does I/O and nothing imports Qt.
"""

from __future__ import annotations

import enum
import re
from datetime import UTC, datetime

import msgspec


class Status(enum.StrEnum):
    ON_CUSTOMER = "on_customer"
    DONE = "done"


class WaitingOn(enum.StrEnum):
    TEAM = "team"
    CUSTOMER = "customer"


class Priority(enum.StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class Category(enum.StrEnum):
    CRITICAL = "critical"
    CONFIGURATION = "configuration"
    FEATURE_REQUEST = "feature_request"
    OTHER = "other"


class Role(enum.StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self is not Role.CUSTOMER


class PresenceState(enum.StrEnum):
    VIEWING = "viewing"
    TYPING = "typing"
    LEFT = "left"


# Lower rank sorts first in the queue.
PRIORITY_RANK: dict[Priority, int] = {
    Priority.CRITICAL: 0,
    Priority.HIGH: 1,
    Priority.NORMAL: 2,
    Priority.LOW: 3,
}


class User(msgspec.Struct, frozen=True):
    id: int
    name: str
    email: str
    role: Role
    company: str | None = None


class Attachment(msgspec.Struct, frozen=True):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Ticket(msgspec.Struct, frozen=True):
    id: int
    title: str
    status: Status
    waiting_on: WaitingOn | None
    urgent: bool
    priority: Priority
    category: Category
    customer: User
    assignee: User | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    last_message_at: datetime | None
    last_message_preview: str
    message_count: int
    unread_count: int
    due_at: datetime | None
    version: int
    seq: int

    @property
    def is_done(self) -> bool:
        return self.status is Status.DONE


class Message(msgspec.Struct, frozen=True):
    id: int
    ticket_id: int
    author: User
    body: str
    internal: bool
    attachments: list[Attachment]
    created_at: datetime
    client_id: str | None
    seq: int


class Presence(msgspec.Struct, frozen=True):
    ticket_id: int
    agent: User
    state: PresenceState
    expires_at: datetime


# --- the URGENT tag -----------------------------------------------------------

_TAG_WORDS = r"(?:urgent|срочно)"
# A leading tag in any case, optionally bracketed, then `:`, `!`, `-`, a space or the end.
_LEADING_TAG = re.compile(rf"^\s*(?:\[{_TAG_WORDS}\]|{_TAG_WORDS})(?=[:!\-\s]|$)", re.IGNORECASE)
# The tag in capitals as a whole word anywhere ("Bot down URGENT").
_SHOUTED_TAG = re.compile(r"(?<!\w)(?:URGENT|СРОЧНО)(?!\w)")


def is_urgent_title(title: str) -> bool:
    """Whether a ticket title carries the URGENT tag (``docs/api.md`` defines it)."""
    return bool(_LEADING_TAG.search(title) or _SHOUTED_TAG.search(title))


# For display beside an URGENT chip: the leading tag and the separators after it.
_LEADING_TAG_AND_SEPARATORS = re.compile(
    rf"^\s*(?:\[{_TAG_WORDS}\]|{_TAG_WORDS}(?=[:!\-\s]|$))[\s:!\-]*", re.IGNORECASE
)


def strip_urgent_tag(title: str) -> str:
    """``"URGENT: бот молчит"`` -> ``"бот молчит"``; a title that is only the tag stays."""
    return _LEADING_TAG_AND_SEPARATORS.sub("", title, count=1) or title


def utc_now() -> datetime:
    """The clock the app's parts default to (an aware UTC instant); tests pass their own."""
    return datetime.now(UTC)


def normalize_email(email: str) -> str:
    """The form of an e-mail address that names an account, on the server and the client."""
    return email.strip().lower()


def default_priority(urgent: bool) -> Priority:
    return Priority.HIGH if urgent else Priority.NORMAL


def default_category(urgent: bool) -> Category:
    return Category.CRITICAL if urgent else Category.OTHER


PREVIEW_LENGTH = 140


def preview_of(body: str) -> str:
    """The first 140 characters of a message, on one line."""
    return " ".join(body.split())[:PREVIEW_LENGTH]


def queue_sort_key(ticket: Ticket) -> tuple[int, int, float, float, int]:
    """Default queue order: priority, URGENT first, soonest deadline, then oldest."""
    due = ticket.due_at.timestamp() if ticket.due_at is not None else float("inf")
    return (
        PRIORITY_RANK[ticket.priority],
        0 if ticket.urgent else 1,
        due,
        ticket.created_at.timestamp(),
        ticket.id,
    )
