"""RFC 9457 problem documents for every error the server returns.

Nothing here ever puts a stack trace, an exception message from a library, or SQL
into a response: unexpected errors become a bare 500 and are logged server-side.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_TYPE = "application/problem+json"

TITLES: dict[str, str] = {
    "validation": "Invalid request",
    "unauthorized": "Not signed in",
    "forbidden": "Not allowed",
    "not-found": "Not found",
    "method-not-allowed": "Method not allowed",
    "ticket-closed": "Ticket is closed",
    "idempotency-conflict": "Idempotency key reused with another request",
    "version-conflict": "The ticket changed meanwhile",
    "precondition-required": "If-Match is required",
    "payload-too-large": "Payload too large",
    "unsupported-media-type": "Unsupported media type",
    "rate-limited": "Too many attempts",
    "upload-quota": "Upload quota used up",
    "internal": "Internal server error",
}

_SLUG_FOR_STATUS: dict[int, str] = {
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    412: "version-conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation",
    428: "precondition-required",
    429: "rate-limited",
}


class ProblemError(Exception):
    """Raise anywhere in request handling to answer with a problem document."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str,
        *,
        headers: Mapping[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.headers = dict(headers or {})
        self.errors = errors


def problem_response(
    status: int,
    slug: str,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"/problems/{slug}",
        "title": TITLES.get(slug, slug.replace("-", " ").capitalize()),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_TYPE)


def unauthorized(detail: str = "A valid bearer token is required.") -> ProblemError:
    return ProblemError(401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


def forbidden(detail: str = "Staff only.") -> ProblemError:
    return ProblemError(403, "forbidden", detail)


def not_found(what: str = "Resource") -> ProblemError:
    return ProblemError(404, "not-found", f"{what} not found.")


def validation(detail: str) -> ProblemError:
    return ProblemError(422, "validation", detail)


def _clean_errors(errors: Any) -> list[dict[str, Any]]:
    cleaned = []
    for error in errors:
        # "input" and "ctx" may echo request bytes; location and message are enough.
        loc = [part for part in error.get("loc", ()) if isinstance(part, str | int)]
        cleaned.append({"loc": loc, "msg": str(error.get("msg", "")), "type": error.get("type")})
    encoded: list[dict[str, Any]] = jsonable_encoder(cleaned)
    return encoded


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status, exc.slug, exc.detail, headers=exc.headers, errors=exc.errors
    )


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _clean_errors(exc.errors())
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    # Our validators word their reason; pydantic prefixes it with "Value error, ".
    msg = str(first["msg"]).removeprefix("Value error, ")
    detail = f"{where}: {msg}" if where else msg
    return problem_response(422, "validation", detail, errors=errors)


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        # FastAPI's "error parsing the body" (e.g. bytes that are not UTF-8): a bad request
        # body is a validation problem under this API's contract.
        return problem_response(422, "validation", "The request body could not be parsed.")
    slug = _SLUG_FOR_STATUS.get(exc.status_code, "internal" if exc.status_code >= 500 else "error")
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(slug, "Error")
    headers = dict(exc.headers or {})
    if exc.status_code == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return problem_response(exc.status_code, slug, detail, headers=headers)


async def _on_unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    # Starlette re-raises after this response is sent, so the server log has the trace.
    return problem_response(500, "internal", "The server failed to handle this request.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)
