"""Failures of the ticket API as exceptions a support agent can read.

Every exception carries ``.message``: one plain sentence fit for a status bar or a
dialog. It never holds a traceback, an httpx class name or a server stack trace;
the technical cause stays on ``__cause__`` for the log.
"""

# The names are the contract's problem names (NotFound, VersionConflict, ...).
# ruff: noqa: N818

from __future__ import annotations

import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import msgspec

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ApiError(Exception):
    """Base of every failure the API layer raises."""

    default_message = "The server refused the request."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        problem_type: str | None = None,
        detail: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.problem_type = problem_type
        self.detail = detail
        # Seconds the server asked us to wait (Retry-After), on 429 and some 503s.
        self.retry_after = retry_after
        super().__init__(self.message)

    @property
    def slug(self) -> str | None:
        """The last part of the problem type, e.g. ``version-conflict``."""
        if not self.problem_type:
            return None
        return self.problem_type.rstrip("/").rsplit("/", 1)[-1]


class Unauthorized(ApiError):
    default_message = "Your session has expired. Please sign in again."


class InvalidCredentials(Unauthorized):
    """A 401 from ``POST /auth/login``: the sign-in itself failed."""

    default_message = "The email or password is not correct."


class Forbidden(ApiError):
    default_message = "You do not have permission to do that."


class NotFound(ApiError):
    default_message = "This item no longer exists, or you cannot see it."


class TicketClosed(ApiError):
    default_message = "This ticket is closed; the customer has to open a new one."


class IdempotencyConflict(ApiError):
    default_message = "This message was already sent with different content; it was not sent again."


class VersionConflict(ApiError):
    default_message = "Someone else changed this ticket; it was reloaded."


class PayloadTooLarge(ApiError):
    default_message = "The file is too large to attach (the limit is 25 MiB)."


class UnsupportedMediaType(ApiError):
    default_message = (
        "This kind of file cannot be attached. Use an image, a PDF, a text file or a ZIP."
    )


class ValidationFailed(ApiError):
    default_message = "The server did not accept the data that was sent."


class RateLimited(ApiError):
    """429; ``retry_after`` holds the seconds from the ``Retry-After`` header."""

    default_message = "Too many requests. Please wait a moment and try again."

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        retry_after = kwargs.get("retry_after")
        if message is None and retry_after is not None and retry_after > 0:
            message = f"Too many requests. Please wait {_seconds(retry_after)} and try again."
        super().__init__(message, **kwargs)


class UploadQuotaExceeded(ApiError):
    """``upload-quota`` (429, or 413 for a file over the whole quota). Not a RateLimited:
    the wait is long, so nothing retries it; ``message`` is the server's sentence, which
    says the quota and when the file fits again."""

    default_message = "You have uploaded too much for now. Please wait before attaching more."

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        super().__init__(message or kwargs.get("detail"), **kwargs)


class ServerError(ApiError):
    default_message = "The server ran into a problem. Please try again in a moment."


class NetworkError(ApiError):
    """The server could not be reached or did not answer: the app is offline."""

    default_message = "Cannot reach the server. Check the network connection."

    def __init__(self, message: str | None = None, *, request_sent: bool = True) -> None:
        super().__init__(message)
        # False when the request surely never reached the server (connect failed),
        # so even a non-idempotent call may be sent again.
        self.request_sent = request_sent


class ProtocolError(ApiError):
    """The server answered with something that is not what the contract promises."""

    default_message = "The server sent a response Desk could not understand."


def _seconds(value: float) -> str:
    whole = max(1, round(value))
    return "1 second" if whole == 1 else f"{whole} seconds"


# --- mapping responses to exceptions -------------------------------------------

_BY_SLUG: dict[str, type[ApiError]] = {
    "validation": ValidationFailed,
    "unauthorized": Unauthorized,
    "forbidden": Forbidden,
    "not-found": NotFound,
    "ticket-closed": TicketClosed,
    "idempotency-conflict": IdempotencyConflict,
    "version-conflict": VersionConflict,
    "payload-too-large": PayloadTooLarge,
    "unsupported-media-type": UnsupportedMediaType,
}

_BY_STATUS: dict[int, type[ApiError]] = {
    400: ValidationFailed,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    412: VersionConflict,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: ValidationFailed,
}


class Problem(msgspec.Struct):
    """An RFC 9457 problem document; every member is optional on the wire."""

    type: str | None = None
    title: str | None = None
    status: int | None = None
    detail: str | None = None


_problem_decoder = msgspec.json.Decoder(Problem)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _read_problem(response: httpx.Response) -> Problem | None:
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in (PROBLEM_CONTENT_TYPE, "application/json"):
        return None  # an HTML error page from a proxy, say: never shown to people
    try:
        return _problem_decoder.decode(response.content)
    except (msgspec.DecodeError, httpx.ResponseNotRead):
        return None


def _clean_detail(detail: str | None) -> str | None:
    """Server detail text, kept only when it reads like a sentence."""
    if not detail:
        return None
    detail = " ".join(detail.split())
    if len(detail) > 300 or "Traceback" in detail:
        return None
    return detail


def error_from_response(response: httpx.Response, *, login: bool = False) -> ApiError:
    """The exception for a non-2xx response (its body must already be read)."""
    status = response.status_code
    problem = _read_problem(response)
    problem_type = problem.type if problem else None
    detail = _clean_detail(problem.detail if problem else None)
    kwargs: dict[str, Any] = {
        "status": status,
        "problem_type": problem_type,
        "detail": detail,
        "retry_after": parse_retry_after(response.headers.get("retry-after")),
    }

    slug = problem_type.rstrip("/").rsplit("/", 1)[-1] if problem_type else None
    if slug == "upload-quota":
        return UploadQuotaExceeded(**kwargs)
    if status == 429 or slug == "rate-limited":
        return RateLimited(**kwargs)
    if status >= 500:
        return ServerError(
            f"The server ran into a problem (HTTP {status}). Please try again in a moment.",
            **kwargs,
        )
    cls = _BY_SLUG.get(slug or "") or _BY_STATUS.get(status)
    if cls is Unauthorized and login:
        cls = InvalidCredentials
    if cls is ValidationFailed and detail:
        return ValidationFailed(f"The server did not accept the data: {detail}", **kwargs)
    if cls is not None:
        return cls(**kwargs)
    if status == 409:
        return ApiError("This conflicts with a change made elsewhere.", **kwargs)
    return ApiError(f"The server refused the request (HTTP {status}).", **kwargs)


def error_from_transport(exc: httpx.RequestError) -> ApiError:
    """The exception for a failure below HTTP: refused, reset, timed out, garbled."""
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return NetworkError(
            "Cannot reach the server: it did not answer in time.", request_sent=False
        )
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError("The server did not answer in time. Check the network connection.")
    if isinstance(exc, httpx.DecodingError):
        return ProtocolError()
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
        return ProtocolError("The server address is not valid. Check the settings.")
    if isinstance(exc, httpx.RemoteProtocolError):
        # Most often a connection closed mid-response: a network fault, not a bad server.
        return NetworkError("The connection to the server broke. Check the network connection.")
    sent = not isinstance(exc, httpx.ConnectError)
    if _caused_by_tls(exc):
        return NetworkError(
            "The server's certificate is not trusted. Check the server address and CA bundle.",
            request_sent=sent,
        )
    return NetworkError(request_sent=sent)


def _caused_by_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(8):  # cause chains are short; the bound guards against cycles
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
