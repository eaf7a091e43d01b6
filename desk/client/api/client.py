"""``ApiClient``: typed async calls for every endpoint of the ticket API v1.

Use it as an async context manager (or call ``aclose``). It owns one pooled
``httpx.AsyncClient`` for its whole life. Every failure is an ``ApiError``
subclass from ``desk.client.api.errors``; see ``desk.client.api.retry`` for what is retried.
"""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Literal, Self, TypedDict, TypeVar, Unpack

import httpx
import msgspec
from msgspec import UNSET, UnsetType

from desk.client.api import wire
from desk.client.api.core import HttpCore, ParamValue, Timeouts, decode, follow_cursors
from desk.client.api.errors import Unauthorized
from desk.client.api.retry import Replay, RetryPolicy
from desk.client.api.stream import EventStream, StreamSettings
from desk.client.api.wire import Delta, LoginResult, Macro, MessagePage, TicketPage
from desk.domain import (
    Attachment,
    Category,
    Message,
    PresenceState,
    Priority,
    Status,
    Ticket,
    User,
    WaitingOn,
)

T = TypeVar("T")

StatusFilter = Status | Literal["on_customer", "done", "all"]
AssigneeFilter = Literal["me", "none"] | int


class TicketFilters(TypedDict, total=False):
    """The filters of ``GET /tickets`` (see ``ApiClient.list_tickets``)."""

    status: StatusFilter | None
    waiting_on: WaitingOn | None
    assignee: AssigneeFilter | None
    q: str | None
    since: int | None
    limit: int | None


class ApiClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        ca_bundle: str | Path | None = None,
        timeouts: Timeouts | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        stream_settings: StreamSettings | None = None,
    ) -> None:
        """``base_url`` is the server root, e.g. ``http://127.0.0.1:8765``."""
        self._core = HttpCore(
            base_url,
            token=token,
            ca_bundle=ca_bundle,
            timeouts=timeouts or Timeouts(),
            transport=transport,
            retry=retry or RetryPolicy(),
        )
        self._stream_settings = stream_settings or StreamSettings()

    # --- life cycle and auth ------------------------------------------------------

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._core.aclose()

    @property
    def token(self) -> str | None:
        return self._core.token

    def set_token(self, token: str | None) -> None:
        """Use another token from the next request on (e.g. after signing in again)."""
        self._core.set_token(token)

    def subscribe_unauthorized(
        self, listener: Callable[[Unauthorized], object]
    ) -> Callable[[], None]:
        """Call ``listener(error)`` whenever the server refuses this client's token (401:
        expired or revoked) on any call but login and logout; returns the unsubscribe.

        A request sent with a token that has been replaced since does not count, so
        a late answer cannot undo signing in again. The event stream raises its
        ``Unauthorized`` to whoever iterates it instead."""
        return self._core.subscribe_unauthorized(listener)

    async def login(self, email: str, password: str) -> LoginResult:
        """Sign in; the client then uses the new token. Wrong password: InvalidCredentials."""
        response = await self._core.request(
            "POST",
            "auth/login",
            replay=Replay.UNSENT_ONLY,
            body=wire.LoginBody(email=email, password=password),
            login=True,
        )
        session = decode(wire.session_decoder, response)
        self.set_token(session.token)
        return session

    async def logout(self) -> None:
        """End the session on the server and forget the token (an expired one is fine)."""
        try:
            await self._core.request(
                "POST", "auth/logout", replay=Replay.UNSENT_ONLY, report_unauthorized=False
            )
        except Unauthorized:
            pass  # already signed out on the server: the goal is reached
        finally:
            self.set_token(None)

    async def me(self) -> User:
        return await self._core.get("me", wire.user_decoder)

    async def health(self) -> wire.Health:
        return await self._core.get("health", wire.health_decoder)

    # --- tickets ------------------------------------------------------------------------

    async def list_tickets(
        self,
        *,
        status: StatusFilter | None = None,
        waiting_on: WaitingOn | None = None,
        assignee: AssigneeFilter | None = None,
        q: str | None = None,
        since: int | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> TicketPage:
        """One page. With ``since``: tickets with ``seq > since`` in seq order (delta mode)."""
        return await self._core.get(
            "tickets",
            wire.ticket_page_decoder,
            status=None if status is None else str(status),
            waiting_on=None if waiting_on is None else str(waiting_on),
            assignee=None if assignee is None else str(assignee),
            q=q,
            since=since,
            limit=limit,
            cursor=cursor,
        )

    async def iter_ticket_pages(
        self, **filters: Unpack[TicketFilters]
    ) -> AsyncIterator[TicketPage]:
        """Every page of a listing (``list_tickets`` filters), following ``next_cursor``."""

        def fetch(cursor: str | None) -> Awaitable[TicketPage]:
            return self.list_tickets(cursor=cursor, **filters)

        async for page in follow_cursors(fetch):
            yield page

    async def iter_tickets(self, **filters: Unpack[TicketFilters]) -> AsyncIterator[Ticket]:
        """Every ticket of a listing, page after page."""
        async for page in self.iter_ticket_pages(**filters):
            for ticket in page.items:
                yield ticket

    async def fetch_delta(self, since: int, *, limit: int = 1000) -> Delta:
        """All tickets changed after ``since`` and the position to resume from."""
        tickets: list[Ticket] = []
        position = since
        server_seq = 0
        first = True
        async for page in self.iter_ticket_pages(status="all", since=since, limit=limit):
            if first:
                server_seq = page.seq
                position = max(position, page.seq)
                first = False
            tickets.extend(page.items)
        if tickets:
            position = max(position, max(t.seq for t in tickets))
        return Delta(tickets=tickets, seq=position, server_seq=server_seq)

    async def get_ticket(self, ticket_id: int) -> Ticket:
        """The ticket; its ``version`` (also sent as the ETag) goes into ``update_ticket``."""
        return await self._core.get(f"tickets/{ticket_id}", wire.ticket_decoder)

    async def update_ticket(
        self,
        ticket_id: int,
        version: int,
        *,
        priority: Priority | UnsetType = UNSET,
        category: Category | UnsetType = UNSET,
        assignee_id: int | UnsetType | None = UNSET,
    ) -> Ticket:
        """Staff edit with ``If-Match``. ``assignee_id=None`` unassigns; leave it out to
        keep the assignee. A stale ``version`` raises ``VersionConflict``."""
        response = await self._core.request(
            "PATCH",
            f"tickets/{ticket_id}",
            replay=Replay.UNSENT_ONLY,
            body=wire.TicketPatch(priority=priority, category=category, assignee_id=assignee_id),
            headers={"If-Match": str(version)},
        )
        return decode(wire.ticket_decoder, response)

    async def close_ticket(self, ticket_id: int) -> Ticket:
        response = await self._core.request(
            "POST", f"tickets/{ticket_id}/close", replay=Replay.SAFE
        )
        return decode(wire.ticket_decoder, response)

    async def create_ticket(
        self,
        title: str,
        body: str,
        *,
        category: Category | None = None,
        attachment_ids: Iterable[int] = (),
        idempotency_key: str | None = None,
    ) -> Ticket:
        """Customer side: open a ticket; ``body`` becomes its first message."""
        response = await self._core.request(
            "POST",
            "tickets",
            replay=Replay.SAFE if idempotency_key else Replay.UNSENT_ONLY,
            body=wire.NewTicket(
                title=title, body=body, category=category, attachment_ids=list(attachment_ids)
            ),
            headers={"Idempotency-Key": idempotency_key} if idempotency_key else None,
        )
        return decode(wire.ticket_decoder, response)

    # --- messages ------------------------------------------------------------------------

    async def list_messages(
        self,
        ticket_id: int,
        *,
        after: int | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> MessagePage:
        """One page of a ticket's messages, oldest first."""
        return await self._core.get(
            f"tickets/{ticket_id}/messages",
            wire.message_page_decoder,
            after=after,
            limit=limit,
            cursor=cursor,
        )

    async def iter_messages(
        self, ticket_id: int, *, after: int | None = None, limit: int | None = None
    ) -> AsyncIterator[Message]:
        def fetch(cursor: str | None) -> Awaitable[MessagePage]:
            return self.list_messages(ticket_id, after=after, limit=limit, cursor=cursor)

        async for page in follow_cursors(fetch):
            for message in page.items:
                yield message

    async def send_message(
        self,
        ticket_id: int,
        body: str,
        *,
        idempotency_key: str,
        internal: bool = False,
        attachment_ids: Iterable[int] = (),
        client_id: str | None = None,
    ) -> Message:
        """Post a reply or an internal note. The outbox supplies ``idempotency_key`` (a
        UUID kept with the draft), so a retry returns the first message, never a copy."""
        if not idempotency_key:
            raise ValueError("send_message needs an idempotency key")
        response = await self._core.request(
            "POST",
            f"tickets/{ticket_id}/messages",
            replay=Replay.SAFE,
            body=wire.NewMessage(
                body=body,
                internal=internal,
                attachment_ids=list(attachment_ids),
                client_id=client_id,
            ),
            headers={"Idempotency-Key": idempotency_key},
        )
        return decode(wire.message_decoder, response)

    async def mark_read(self, ticket_id: int, message_id: int) -> None:
        await self._core.request(
            "POST",
            f"tickets/{ticket_id}/read",
            replay=Replay.SAFE,
            body=wire.ReadBody(message_id=message_id),
        )

    # --- attachments ------------------------------------------------------------------

    async def upload_attachment(
        self, filename: str, data: bytes, content_type: str | None = None
    ) -> Attachment:
        """Upload a file (at most 25 MiB). Not replayed once it may have arrived."""
        if content_type is None:
            content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = await self._core.request(
            "POST",
            "attachments",
            replay=Replay.UNSENT_ONLY,
            files={"file": (filename, data, content_type)},
        )
        return decode(wire.attachment_decoder, response)

    async def download_attachment(self, attachment_id: int) -> bytes:
        response = await self._core.request(
            "GET", f"attachments/{attachment_id}", replay=Replay.SAFE
        )
        return response.content

    async def download_attachment_to(self, attachment_id: int, path: str | Path) -> int:
        """Stream an attachment into ``path`` without holding it in memory; returns bytes."""
        return await self._core.download(f"attachments/{attachment_id}", Path(path), {})

    async def thumbnail(self, attachment_id: int, size: int = 320) -> bytes:
        """A PNG or JPEG whose longer side is at most ``size`` (64–1024); images only."""
        params: dict[str, ParamValue] = {"size": size}
        response = await self._core.request(
            "GET", f"attachments/{attachment_id}/thumbnail", replay=Replay.SAFE, params=params
        )
        return response.content

    # --- collaboration ----------------------------------------------------------------

    async def set_presence(self, ticket_id: int, state: PresenceState) -> None:
        await self._core.request(
            "POST",
            f"tickets/{ticket_id}/presence",
            replay=Replay.SAFE,
            body=wire.PresenceBody(state=state),
        )

    async def agents(self) -> list[User]:
        return await self._collect("agents", wire.users_page_decoder)

    async def list_macros(self) -> list[Macro]:
        return await self._collect("macros", wire.macros_page_decoder)

    async def create_macro(self, title: str, body: str) -> Macro:
        response = await self._core.request(
            "POST", "macros", replay=Replay.UNSENT_ONLY, body=wire.MacroBody(title, body)
        )
        return decode(wire.macro_decoder, response)

    async def update_macro(
        self,
        macro_id: int,
        *,
        title: str | UnsetType = UNSET,
        body: str | UnsetType = UNSET,
    ) -> Macro:
        response = await self._core.request(
            "PATCH",
            f"macros/{macro_id}",
            replay=Replay.UNSENT_ONLY,
            body=wire.MacroBody(title, body),
        )
        return decode(wire.macro_decoder, response)

    async def delete_macro(self, macro_id: int) -> None:
        await self._core.request("DELETE", f"macros/{macro_id}", replay=Replay.UNSENT_ONLY)

    async def _collect(
        self, path: str, decoder: msgspec.json.Decoder[wire.ItemsPage[T]]
    ) -> list[T]:
        """Every item of a list, over all its pages."""

        def fetch(cursor: str | None) -> Awaitable[wire.ItemsPage[T]]:
            return self._core.get(path, decoder, cursor=cursor)

        return [item async for page in follow_cursors(fetch) for item in page.items]

    # --- events -------------------------------------------------------------------------

    def events(self, *, last_event_id: str | int | None = None) -> EventStream:
        """The live event stream, resuming after ``last_event_id`` (a seq) if given.

        Iterate it with ``async for``; close it with ``aclose`` (or ``async with``).
        """
        return EventStream(
            self._core.http,
            settings=self._stream_settings,
            last_event_id=None if last_event_id is None else str(last_event_id),
        )
