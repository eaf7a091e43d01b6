"""Error sentences in the agent's language.

The core (Qt-free) words its errors in English; the UI shows them translated. By
exception type where it can (``describe``), and, for reasons already stored as text
(a failed send's reason in the outbox), by matching the known English sentences
(``translate_reason``). Server-supplied detail stays as the server wrote it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from desk.client import api
from desk.client.session import NotStaffError
from desk.client.store import StoreInUseError
from desk.client.sync import TicketChangedMeanwhile


def _generic_sentences() -> dict[type[api.ApiError], Callable[[], str]]:
    # Most specific classes first: the first isinstance match wins.
    return {
        api.InvalidCredentials: lambda: QCoreApplication.translate(
            "Errors", "The email or password is not correct."
        ),
        api.Unauthorized: lambda: QCoreApplication.translate(
            "Errors", "Your session has expired. Please sign in again."
        ),
        api.Forbidden: lambda: QCoreApplication.translate(
            "Errors", "You do not have permission to do that."
        ),
        api.NotFound: lambda: QCoreApplication.translate(
            "Errors", "This item no longer exists, or you cannot see it."
        ),
        api.TicketClosed: lambda: QCoreApplication.translate(
            "Errors", "This ticket is closed; the customer has to open a new one."
        ),
        api.IdempotencyConflict: lambda: QCoreApplication.translate(
            "Errors", "This message was already sent with different content; it was not sent again."
        ),
        api.VersionConflict: lambda: QCoreApplication.translate(
            "Errors", "Someone else changed this ticket; it was reloaded."
        ),
        api.PayloadTooLarge: lambda: QCoreApplication.translate(
            "Errors", "The file is too large to attach (the limit is 25 MiB)."
        ),
        api.UnsupportedMediaType: lambda: QCoreApplication.translate(
            "Errors",
            "This kind of file cannot be attached. Use an image, a PDF, a text file or a ZIP.",
        ),
        api.ValidationFailed: lambda: QCoreApplication.translate(
            "Errors", "The server did not accept the data that was sent."
        ),
        api.RateLimited: lambda: QCoreApplication.translate(
            "Errors", "Too many requests. Please wait a moment and try again."
        ),
        api.ServerError: lambda: QCoreApplication.translate(
            "Errors", "The server ran into a problem. Please try again in a moment."
        ),
        api.NetworkError: lambda: QCoreApplication.translate(
            "Errors", "Cannot reach the server. Check the network connection."
        ),
        api.ProtocolError: lambda: QCoreApplication.translate(
            "Errors", "The server sent a response Desk could not understand."
        ),
    }


def describe(exc: BaseException) -> str | None:
    """A translated sentence for a known error, or None when it is not one of ours."""
    if isinstance(exc, TicketChangedMeanwhile):
        # What changed is worded by the core (English names and values).
        return QCoreApplication.translate(
            "Errors",
            "Ticket #{0} was changed by someone else meanwhile ({1}). "
            "It has been reloaded; check it and try again.",
        ).format(exc.ticket.id, "; ".join(exc.changes) or "…")
    if isinstance(exc, NotStaffError):
        return QCoreApplication.translate(
            "Errors",
            "{0} is a customer account. Desk is for support staff: "
            "sign in with an agent or admin account.",
        ).format(exc.email)
    if isinstance(exc, StoreInUseError):
        return QCoreApplication.translate(
            "Errors",
            "This account is already open in another Desk window. "
            "Switch to that window, or quit it and start Desk again.",
        )
    if isinstance(exc, api.ValidationFailed) and exc.detail:
        return QCoreApplication.translate(
            "Errors", "The server did not accept the data: {0}"
        ).format(exc.detail)
    if not isinstance(exc, api.ApiError):
        return None
    # Offline, server and protocol failures only vary in phrasing: always the generic
    # sentence. Others are translated when they carry their generic sentence; a more
    # specific message from the core is kept rather than lost.
    generic = isinstance(exc, api.NetworkError | api.ServerError | api.ProtocolError)
    if not generic and exc.message != type(exc).default_message:
        return None
    for kind, sentence in _generic_sentences().items():
        if isinstance(exc, kind):
            return sentence()
    return QCoreApplication.translate("Errors", "The server refused the request.")


def translate_reason(text: str) -> str:
    """A stored English reason, translated when it is one of the known sentences."""
    for kind in _generic_sentences():
        if text == kind.default_message:
            return describe(kind()) or text
    return text
