"""The API's JSON shapes (``docs/api.md``), built from the domain factories so the two
cannot drift: ``wire.ticket(7, seq=3)`` is ``make_ticket(7, seq=3)`` as the server
would send it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from desk.domain import Attachment, Message, Presence, Ticket, User

from .messages import image_attachment, make_message
from .people import make_user
from .presence import make_presence
from .tickets import make_ticket

Json = dict[str, Any]


def as_json(value: User | Ticket | Message | Attachment | Presence) -> Json:
    """A domain object as its JSON document (datetimes as ISO strings, enums as values)."""
    document: Json = msgspec.to_builtins(value)
    return document


def user(*args: Any, **kwargs: Any) -> Json:
    """``make_user(...)`` as JSON."""
    return as_json(make_user(*args, **kwargs))


def ticket(*args: Any, **kwargs: Any) -> Json:
    """``make_ticket(...)`` as JSON."""
    return as_json(make_ticket(*args, **kwargs))


def message(*args: Any, **kwargs: Any) -> Json:
    """``make_message(...)`` as JSON."""
    return as_json(make_message(*args, **kwargs))


def attachment(*args: Any, **kwargs: Any) -> Json:
    """``image_attachment(...)`` as JSON."""
    return as_json(image_attachment(*args, **kwargs))


def presence(*args: Any, **kwargs: Any) -> Json:
    """``make_presence(...)`` as JSON."""
    return as_json(make_presence(*args, **kwargs))


def page(
    items: Iterable[User | Ticket | Message | Attachment | Json],
    next_cursor: str | None = None,
    **extra: Any,
) -> Json:
    """A cursor page of ``items`` (domain objects or documents); ``extra`` adds fields
    such as the ticket list's ``seq``."""
    docs = [item if isinstance(item, dict) else as_json(item) for item in items]
    return {"items": docs, "next_cursor": next_cursor, **extra}
