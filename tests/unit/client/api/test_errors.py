"""Problem documents and transport faults become readable ApiError subclasses."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from desk.client.api import errors as e
from desk.client.api.errors import error_from_response, error_from_transport, parse_retry_after
from tests.unit.client.api.mock_api import problem

SLUGS = [
    ("validation", 422, e.ValidationFailed),
    ("unauthorized", 401, e.Unauthorized),
    ("forbidden", 403, e.Forbidden),
    ("not-found", 404, e.NotFound),
    ("ticket-closed", 409, e.TicketClosed),
    ("idempotency-conflict", 409, e.IdempotencyConflict),
    ("version-conflict", 412, e.VersionConflict),
    ("payload-too-large", 413, e.PayloadTooLarge),
    ("unsupported-media-type", 415, e.UnsupportedMediaType),
    ("rate-limited", 429, e.RateLimited),
    ("upload-quota", 429, e.UploadQuotaExceeded),
    ("upload-quota", 413, e.UploadQuotaExceeded),
]


def _respond(response: httpx.Response) -> httpx.Response:
    response.read()
    return response


@pytest.mark.parametrize(("slug", "status", "cls"), SLUGS)
def test_every_contract_slug_maps_to_its_exception(slug: str, status: int, cls: type) -> None:
    error = error_from_response(_respond(problem(status, slug, "Title is too long.")))
    assert type(error) is cls
    assert error.status == status
    assert error.problem_type == f"/problems/{slug}"
    assert error.slug == slug
    assert error.detail == "Title is too long."
    assert error.message.endswith(".")


def test_the_upload_quota_shows_the_servers_sentence_and_is_not_retried() -> None:
    detail = (
        "You have uploaded 199.5 MiB in the last hour; the limit is 200 MiB an hour. "
        "This file (2 MiB) fits again in 12 minutes, at 14:05 UTC."
    )
    response = problem(429, "upload-quota", detail, headers={"Retry-After": "720"})
    error = error_from_response(_respond(response))
    assert error.message == detail and error.retry_after == 720
    assert not isinstance(error, e.RateLimited)  # the retry policy leaves it alone
    bare = error_from_response(_respond(problem(429, "upload-quota", "")))
    assert bare.message == e.UploadQuotaExceeded.default_message


def test_agent_readable_messages_for_the_conflicts() -> None:
    closed = error_from_response(_respond(problem(409, "ticket-closed")))
    assert closed.message == "This ticket is closed; the customer has to open a new one."
    stale = error_from_response(_respond(problem(412, "version-conflict")))
    assert stale.message == "Someone else changed this ticket; it was reloaded."


def test_validation_message_carries_the_server_detail() -> None:
    error = error_from_response(_respond(problem(422, "validation", "Title must not be empty.")))
    assert isinstance(error, e.ValidationFailed)
    assert error.message == "The server did not accept the data: Title must not be empty."


def test_login_401_is_invalid_credentials() -> None:
    error = error_from_response(_respond(problem(401, "unauthorized")), login=True)
    assert isinstance(error, e.InvalidCredentials)
    assert isinstance(error, e.Unauthorized)
    assert "password" in error.message


def test_rate_limited_reads_retry_after() -> None:
    error = error_from_response(
        _respond(problem(429, "rate-limited", headers={"Retry-After": "7"}))
    )
    assert isinstance(error, e.RateLimited)
    assert error.retry_after == 7
    assert error.message == "Too many requests. Please wait 7 seconds and try again."


def test_html_502_page_is_a_server_error_without_html() -> None:
    page = httpx.Response(
        502,
        text="<html><body><h1>502 Bad Gateway</h1>nginx</body></html>",
        headers={"Content-Type": "text/html"},
    )
    error = error_from_response(_respond(page))
    assert isinstance(error, e.ServerError)
    assert error.status == 502
    assert "<" not in error.message and "nginx" not in error.message
    assert error.detail is None


def test_500_problem_is_a_server_error() -> None:
    error = error_from_response(_respond(problem(500, "internal", "Unexpected error.")))
    assert isinstance(error, e.ServerError)
    assert "500" in error.message


def test_unknown_slugs_fall_back_to_the_status() -> None:
    assert isinstance(error_from_response(_respond(problem(404, "gone-fishing"))), e.NotFound)
    plain = httpx.Response(403, text="nope")
    assert isinstance(error_from_response(_respond(plain)), e.Forbidden)
    other = error_from_response(_respond(problem(428, "precondition-required")))
    assert type(other) is e.ApiError
    assert other.message == "The server refused the request (HTTP 428)."


def test_garbage_problem_body_still_maps_by_status() -> None:
    broken = httpx.Response(
        409,
        content=b'{"type": "/problems/ticket-clo',
        headers={"Content-Type": "application/problem+json"},
    )
    error = error_from_response(_respond(broken))
    assert type(error) is e.ApiError
    assert error.status == 409


def test_tracebacks_in_detail_are_never_shown() -> None:
    leaked = 'Traceback (most recent call last):\n  File "app.py", line 1'
    error = error_from_response(_respond(problem(422, "validation", leaked)))
    assert error.detail is None
    assert "Traceback" not in error.message


@pytest.mark.parametrize(
    ("exc", "sent"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), False),
        (httpx.ConnectTimeout("timed out"), False),
        (httpx.PoolTimeout("pool"), False),
        (httpx.ReadTimeout("timed out"), True),
        (httpx.WriteTimeout("timed out"), True),
        (httpx.ReadError("reset"), True),
        (httpx.RemoteProtocolError("peer closed connection without sending complete body"), True),
    ],
)
def test_transport_faults_are_network_errors(exc: httpx.TransportError, sent: bool) -> None:
    error = error_from_transport(exc)
    assert isinstance(error, e.NetworkError)
    assert error.request_sent is sent
    for leak in ("Errno", "httpx", "peer closed", "Timeout"):
        assert leak not in error.message


def test_tls_failure_says_the_certificate_is_not_trusted() -> None:
    exc = httpx.ConnectError("handshake failed")
    exc.__cause__ = ssl.SSLCertVerificationError("certificate verify failed")
    error = error_from_transport(exc)
    assert isinstance(error, e.NetworkError)
    assert "certificate" in error.message


def test_decoding_and_protocol_mistakes_are_protocol_errors() -> None:
    assert isinstance(error_from_transport(httpx.DecodingError("bad gzip")), e.ProtocolError)
    assert isinstance(error_from_transport(httpx.UnsupportedProtocol("ftp")), e.ProtocolError)


def test_retry_after_parsing() -> None:
    assert parse_retry_after("12") == 12
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-4") == 0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    seconds = parse_retry_after(later)
    assert seconds is not None and 100 < seconds <= 120
    past = format_datetime(datetime.now(UTC) - timedelta(days=1), usegmt=True)
    assert parse_retry_after(past) == 0
