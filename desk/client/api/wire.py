"""Wire shapes of the ticket API beyond the domain types, and their codecs.

Resources (User, Ticket, Message, Attachment, Presence) live in ``desk.domain``;
this module adds the envelopes and request bodies. Decoders are built once at
import: building one per call would throw away msgspec's cached type plan.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec
from msgspec import UNSET, UnsetType

from desk.domain import (
    Attachment,
    Category,
    Message,
    Presence,
    PresenceState,
    Priority,
    Ticket,
    User,
)

T = TypeVar("T")


class LoginResult(msgspec.Struct, frozen=True):
    """The answer to ``POST /auth/login``."""

    token: str
    user: User


class TicketPage(msgspec.Struct, frozen=True):
    items: list[Ticket]
    next_cursor: str | None = None
    seq: int = 0  # the server's current change sequence when the page was made


class MessagePage(msgspec.Struct, frozen=True):
    items: list[Message]
    next_cursor: str | None = None


class Macro(msgspec.Struct, frozen=True):
    id: int
    title: str
    body: str


class Health(msgspec.Struct, frozen=True):
    status: str


class Delta(msgspec.Struct, frozen=True):
    """Everything that changed after a sequence position (``fetch_delta``).

    ``seq`` is where the next catch-up should start: the server's sequence as
    reported on the first page, or the highest ticket seq seen if that is larger.
    Changes made while the pages were read carry a higher seq and are either on a
    later page or arrive on the event stream, so nothing falls between.

    ``server_seq`` is the server's own sequence as the first page reported it: lower
    than the ``since`` asked for means the server's history is not the one the caller
    followed (a new or restored database), and the caller's cache must start over.
    """

    tickets: list[Ticket]
    seq: int
    server_seq: int = 0


class ItemsPage(msgspec.Struct, Generic[T]):
    """The contract's list envelope for lists without a dedicated type."""

    items: list[T]
    next_cursor: str | None = None


# --- request bodies -----------------------------------------------------------


class LoginBody(msgspec.Struct):
    email: str
    password: str


class TicketPatch(msgspec.Struct):
    # UNSET fields are left out of the JSON, while an explicit None for assignee_id
    # is sent: it means "unassign".
    priority: Priority | UnsetType = UNSET
    category: Category | UnsetType = UNSET
    assignee_id: int | UnsetType | None = UNSET


class NewMessage(msgspec.Struct):
    body: str
    internal: bool = False
    attachment_ids: list[int] = msgspec.field(default_factory=list)
    client_id: str | None = None


class NewTicket(msgspec.Struct, omit_defaults=True):
    title: str
    body: str
    category: Category | None = None
    attachment_ids: list[int] = msgspec.field(default_factory=list)


class ReadBody(msgspec.Struct):
    message_id: int


class PresenceBody(msgspec.Struct):
    state: PresenceState


class MacroBody(msgspec.Struct, omit_defaults=True):
    title: str | UnsetType = UNSET
    body: str | UnsetType = UNSET


# --- codecs ---------------------------------------------------------------------

encoder = msgspec.json.Encoder()

session_decoder = msgspec.json.Decoder(LoginResult)
user_decoder = msgspec.json.Decoder(User)
ticket_decoder = msgspec.json.Decoder(Ticket)
ticket_page_decoder = msgspec.json.Decoder(TicketPage)
message_decoder = msgspec.json.Decoder(Message)
message_page_decoder = msgspec.json.Decoder(MessagePage)
attachment_decoder = msgspec.json.Decoder(Attachment)
presence_decoder = msgspec.json.Decoder(Presence)
macro_decoder = msgspec.json.Decoder(Macro)
health_decoder = msgspec.json.Decoder(Health)
users_page_decoder = msgspec.json.Decoder(ItemsPage[User])
macros_page_decoder = msgspec.json.Decoder(ItemsPage[Macro])
