"""Request and response models: they validate input and document /openapi.json.

Responses are built as plain dicts by `desk.server.render` for speed (lists of up to
1000 tickets); these models describe exactly those dicts.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from desk.domain import Category, PresenceState, Priority, Role, Status, WaitingOn

MAX_ID = 2_147_483_647
MAX_SEQ = 9_223_372_036_854_775_807
MAX_ATTACHMENTS = 20


def _portable_text(value: str) -> str:
    # PostgreSQL rejects NUL in text; lone surrogates cannot be stored as UTF-8.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode") from None
    return value


def _not_blank(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be blank")
    return stripped


def _has_text(value: str) -> str:
    # Like _not_blank, but the text is kept as written (bodies keep their spacing).
    if not value.strip():
        raise ValueError("must not be blank: write some text, not only spaces or line breaks")
    return value


# C0 controls (tabs and line breaks too: a title is one line) and DEL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069): they make a title
# display in another order than it is stored ("gpj.exe" shown as "exe.jpg").
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _one_line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError(
            "must not contain control characters (U+0000-U+001F, U+007F) such as tabs "
            "or line breaks"
        )
    if BIDI_CONTROLS.search(value):
        raise ValueError(
            "must not contain bidirectional override characters (U+202A-U+202E, "
            "U+2066-U+2069): they make text display in another order than it is written"
        )
    return value


Text = Annotated[str, AfterValidator(_portable_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Title = Annotated[
    Text, Field(min_length=1, max_length=200), AfterValidator(_one_line), AfterValidator(_not_blank)
]
Body = Annotated[Text, Field(max_length=20_000)]
FilledBody = Annotated[Body, Field(min_length=1), AfterValidator(_has_text)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Input):
    email: Annotated[Text, Field(min_length=1, max_length=320)]
    password: Annotated[Text, Field(min_length=1, max_length=1024)]


class TicketCreateIn(Input):
    title: Title
    body: FilledBody
    category: Category | None = None
    attachment_ids: Annotated[list[Id], Field(max_length=MAX_ATTACHMENTS)] = []


class TicketPatchIn(Input):
    """Absent or null priority/category: unchanged. `assignee_id: null` unassigns."""

    priority: Priority | None = None
    category: Category | None = None
    assignee_id: Id | None = None


class MessageCreateIn(Input):
    body: Body = ""
    internal: bool = False
    attachment_ids: Annotated[list[Id], Field(max_length=MAX_ATTACHMENTS)] = []
    client_id: Annotated[Text, Field(max_length=100)] | None = None


class ReadIn(Input):
    message_id: Id


class PresenceIn(Input):
    state: PresenceState


class MacroIn(Input):
    title: Title
    body: Annotated[Body, Field(min_length=1)]


class MacroPatchIn(Input):
    title: Title | None = None
    body: Annotated[Body, Field(min_length=1)] | None = None


# --- responses -----------------------------------------------------------------


class UserOut(BaseModel):
    id: int
    name: str
    email: str
    role: Role
    company: str | None


class LoginOut(BaseModel):
    token: str
    user: UserOut


class AttachmentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    width: int | None
    height: int | None
    sha256: str


class TicketOut(BaseModel):
    id: int
    title: str
    status: Status
    waiting_on: WaitingOn | None
    urgent: bool
    priority: Priority
    category: Category
    customer: UserOut
    assignee: UserOut | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    last_message_at: datetime | None
    last_message_preview: str
    message_count: int
    unread_count: int
    due_at: datetime | None
    version: int = Field(
        description="Bumped by every change to the ticket's own fields (PATCH, close, and "
        "waiting_on/due_at changes by public messages); send it back as If-Match."
    )
    seq: int = Field(
        description="The change sequence value of the ticket's last change (for a customer: "
        "its last change they can see)."
    )


class MessageOut(BaseModel):
    id: int
    ticket_id: int
    author: UserOut
    body: str
    internal: bool
    attachments: list[AttachmentOut]
    created_at: datetime
    client_id: str | None
    seq: int


class MacroOut(BaseModel):
    id: int
    title: str
    body: str
    created_at: datetime
    updated_at: datetime


class TicketPage(BaseModel):
    items: list[TicketOut]
    next_cursor: str | None
    seq: int = Field(description="The server's current change sequence value.")


class MessagePage(BaseModel):
    items: list[MessageOut]
    next_cursor: str | None


class UserPage(BaseModel):
    items: list[UserOut]
    next_cursor: str | None


class MacroPage(BaseModel):
    items: list[MacroOut]
    next_cursor: str | None


class HealthOut(BaseModel):
    status: Literal["ok"]


class ProblemItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str | None


class ProblemOut(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemItem] | None = None


def problem_responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` entries for the problem documents an operation may return."""
    always = (401, 422, 500)
    return {
        code: {"model": ProblemOut, "content": {"application/problem+json": {}}}
        for code in sorted({*always, *codes})
    }
