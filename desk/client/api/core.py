"""The HTTP plumbing under ``ApiClient``: one pooled connection, retries, decoding.

One ``httpx.AsyncClient`` lives as long as the ``ApiClient``: making one per
request costs about 22 ms (TLS context and pool set-up) and loses keep-alive.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx
import msgspec

from desk import __version__
from desk.client.api.errors import (
    ApiError,
    ProtocolError,
    Unauthorized,
    error_from_response,
    error_from_transport,
)
from desk.client.api.retry import Replay, RetryPolicy, run_with_retry
from desk.client.api.wire import encoder

T = TypeVar("T")
log = logging.getLogger(__name__)
UnauthorizedListener = Callable[[Unauthorized], object]


class Paged(Protocol):
    @property
    def next_cursor(self) -> str | None: ...


P = TypeVar("P", bound=Paged)

API_PREFIX = "/api/v1"
USER_AGENT = f"Desk/{__version__}"
_JSON_TYPES = ("application/json", "application/problem+json")

ParamValue = str | int | None


@dataclass(frozen=True)
class Timeouts:
    """Seconds. ``read`` is per chunk; the event stream uses its own idle limit."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 60.0  # uploads of up to 25 MiB on a slow uplink
    pool: float = 10.0

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


def tls_verification(ca_bundle: str | Path | None) -> ssl.SSLContext | bool:
    """Certificate checks are always on; a custom CA bundle replaces the default roots."""
    if ca_bundle is None:
        return True
    return ssl.create_default_context(cafile=str(ca_bundle))


def api_base(base_url: str) -> str:
    base = base_url.rstrip("/")
    return base if base.endswith(API_PREFIX) else base + API_PREFIX


class HttpCore:
    """Sends requests with retries and turns every failure into an ``ApiError``."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None,
        ca_bundle: str | Path | None,
        timeouts: Timeouts,
        transport: httpx.AsyncBaseTransport | None,
        retry: RetryPolicy,
    ) -> None:
        self.retry = retry
        self.http = httpx.AsyncClient(
            base_url=api_base(base_url),
            headers={"User-Agent": USER_AGENT},
            timeout=timeouts.to_httpx(),
            verify=tls_verification(ca_bundle),
            transport=transport,
            follow_redirects=False,
        )
        self.set_token(token)
        self._unauthorized: tuple[UnauthorizedListener, ...] = ()

    @property
    def token(self) -> str | None:
        value = self.http.headers.get("Authorization")
        return value.removeprefix("Bearer ") if value else None

    def set_token(self, token: str | None) -> None:
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"
        else:
            self.http.headers.pop("Authorization", None)

    async def aclose(self) -> None:
        await self.http.aclose()

    def subscribe_unauthorized(self, listener: UnauthorizedListener) -> Callable[[], None]:
        """``listener(error)`` whenever the server refuses the current token (401)."""
        self._unauthorized = (*self._unauthorized, listener)

        def unsubscribe() -> None:
            self._unauthorized = tuple(x for x in self._unauthorized if x is not listener)

        return unsubscribe

    def _refused(
        self, response: httpx.Response, sent_token: str | None, *, login: bool = False
    ) -> ApiError:
        """The error for a failed response; a 401 for the token still in use (not one
        replaced since the request left, nor a login) is told to the listeners."""
        error = error_from_response(response, login=login)
        if (
            type(error) is Unauthorized
            and not login
            and sent_token is not None
            and sent_token == self.token
        ):
            for listener in self._unauthorized:
                try:
                    listener(error)
                except Exception:  # a faulty listener must not hide the error itself
                    log.exception("An unauthorized listener failed")
        return error

    async def request(
        self,
        method: str,
        path: str,
        *,
        replay: Replay,
        params: Mapping[str, ParamValue] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        login: bool = False,
        report_unauthorized: bool = True,
    ) -> httpx.Response:
        """One call, retried as ``replay`` allows; returns a 2xx response, body read.

        ``report_unauthorized=False``: a 401 is expected (signing out) and is not told
        to the ``subscribe_unauthorized`` listeners."""
        all_headers = dict(headers or {})
        content: bytes | None = None
        if body is not None:
            content = encoder.encode(body)
            all_headers["Content-Type"] = "application/json"
        clean_params = {k: v for k, v in (params or {}).items() if v is not None}

        async def attempt() -> httpx.Response:
            sent_token = self.token if report_unauthorized else None
            try:
                response = await self.http.request(
                    method,
                    path,
                    params=clean_params,
                    content=content,
                    headers=all_headers,
                    files=files,
                )
            except httpx.RequestError as exc:
                raise error_from_transport(exc) from exc
            if response.is_success:
                return response
            raise self._refused(response, sent_token, login=login)

        return await run_with_retry(self.retry, replay, attempt)

    async def get(self, path: str, decoder: msgspec.json.Decoder[T], **params: ParamValue) -> T:
        response = await self.request("GET", path, replay=Replay.SAFE, params=params)
        return decode(decoder, response)

    async def download(self, path: str, target: Path, params: Mapping[str, ParamValue]) -> int:
        """Stream a GET into ``target`` (via a ``.part`` file); returns the byte count."""
        partial = target.with_name(target.name + ".part")

        async def attempt() -> int:
            written = 0
            sent_token = self.token
            try:
                async with self.http.stream("GET", path, params=dict(params)) as response:
                    if not response.is_success:
                        await response.aread()
                        raise self._refused(response, sent_token)
                    sink = await asyncio.to_thread(partial.open, "wb")
                    try:
                        async for chunk in response.aiter_bytes():
                            await asyncio.to_thread(sink.write, chunk)
                            written += len(chunk)
                    finally:
                        await asyncio.to_thread(sink.close)
            except httpx.RequestError as exc:
                raise error_from_transport(exc) from exc
            await asyncio.to_thread(partial.replace, target)
            return written

        try:
            return await run_with_retry(self.retry, Replay.SAFE, attempt)
        finally:
            await asyncio.to_thread(partial.unlink, missing_ok=True)


def decode(decoder: msgspec.json.Decoder[T], response: httpx.Response) -> T:
    """Decode a JSON body; anything unexpected becomes a ``ProtocolError``."""
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in _JSON_TYPES:
        raise ProtocolError(status=response.status_code)
    try:
        return decoder.decode(response.content)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        # msgspec.ValidationError subclasses DecodeError; both named for the reader.
        raise ProtocolError(status=response.status_code) from exc


async def follow_cursors(fetch: Callable[[str | None], Awaitable[P]]) -> AsyncIterator[P]:
    """Pages from ``fetch(cursor)`` until ``next_cursor`` is null.

    A cursor the server already gave would loop forever: that is a ProtocolError.
    """
    cursor: str | None = None
    seen: set[str] = set()
    while True:
        page = await fetch(cursor)
        yield page
        cursor = page.next_cursor
        if cursor is None:
            return
        if cursor in seen:
            raise ProtocolError("The server repeated a page; the list could not be loaded.")
        seen.add(cursor)
