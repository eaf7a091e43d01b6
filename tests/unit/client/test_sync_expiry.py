"""A session that expires under the engine: a 401 on the event stream, on an outbox
send or on any other call of its ApiClient ends it once — SessionExpired is published
once, nothing is retried, the outbox keeps its entry pending — and a new token
carries on and delivers that entry exactly once (same idempotency key).

httpx.MockTransport plays the server so a token can be revoked at an exact moment;
tests/e2e/test_session_expiry.py does the same against the real server."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

from desk.client.api import ApiClient, ConnectionState, StreamSettings, Unauthorized
from desk.client.engine_events import ConnectionChanged, SessionExpired, SyncStatus
from desk.client.session import Session
from desk.client.store import OutboxState, Store
from desk.client.sync import SESSION_EXPIRED, SyncEngine
from tests.helpers.people import make_agent
from tests.helpers.waiting import wait_until
from tests.helpers.wire import message, ticket
from tests.unit.client.api.mock_api import BASE, json_response, problem

ME = make_agent("Ann Agent", id=1, email="u1@example.com")
QUICK = StreamSettings(idle_timeout=30.0, check_interval=5.0, base_delay=0.001, max_delay=0.002)


class OpenStream(httpx.AsyncByteStream):
    """An event stream that stays open, quiet, until the client closes it."""

    def __init__(self) -> None:
        self.closed = asyncio.Event()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b": connected\n\n"
        await self.closed.wait()

    async def aclose(self) -> None:
        self.closed.set()


class FakeServer:
    """Tokens, tickets, messages and the event stream, with a log of every request."""

    def __init__(self, *tokens: str) -> None:
        self.tokens = set(tokens)
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, token
        self.keys: list[str] = []  # Idempotency-Key of each accepted-or-refused send
        self.created: dict[str, dict[str, Any]] = {}  # by idempotency key
        self.revoke_on_stream = False
        self.streams_open = 0
        self.gate: asyncio.Event | None = None  # holds requests until set

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p, _t in self.requests if (m, p) == (method, path))

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1/")
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or None
        self.requests.append((request.method, path, token))
        if self.gate is not None:
            await self.gate.wait()
        if path == "events" and self.revoke_on_stream:
            self.tokens.clear()  # revoked between the catch-up and the stream
        if token not in self.tokens:
            if path.endswith("/messages") and request.method == "POST":
                self.keys.append(request.headers["Idempotency-Key"])
            return problem(401, "unauthorized", "Invalid or expired token.")
        if path == "tickets":
            return json_response(200, {"items": [ticket(42, seq=100)], "seq": 100})
        if path == "events":
            self.streams_open += 1
            return httpx.Response(
                200, headers={"Content-Type": "text/event-stream"}, stream=OpenStream()
            )
        if path == "tickets/42/messages" and request.method == "POST":
            key = request.headers["Idempotency-Key"]
            self.keys.append(key)
            body = json.loads(request.content)
            made = self.created.setdefault(
                key, message(900 + len(self.created), body=body["body"], seq=101)
            )
            return json_response(201, made)
        if path == "tickets/42/messages":
            return json_response(200, {"items": [], "next_cursor": None})
        if path == "agents":
            return json_response(200, [])
        return problem(404, "not-found")


def make_engine(
    tmp_path: Path, server: FakeServer, token: str = "old"
) -> tuple[Session, list[object]]:
    api = ApiClient(BASE, token, transport=httpx.MockTransport(server), stream_settings=QUICK)
    store = Store(tmp_path / "cache.db")
    engine = SyncEngine(api, store, ME, retry_base=0.001, retry_max=0.002)
    published: list[object] = []
    engine.events.subscribe(published.append)
    return Session(BASE, ME, api, store, engine), published


def expired(published: list[object]) -> list[SessionExpired]:
    return [e for e in published if isinstance(e, SessionExpired)]


def engine_idle(engine: SyncEngine) -> bool:
    return all(task.done() for task in engine._tasks)


async def settle() -> None:
    """Let anything still scheduled run (a retry loop would show up in the counts)."""
    for _ in range(50):
        await asyncio.sleep(0)


def test_a_401_on_the_event_stream_ends_the_session_once(tmp_path: Path) -> None:
    server = FakeServer("old")
    server.revoke_on_stream = True

    async def go() -> None:
        session, published = make_engine(tmp_path, server)
        engine, store = session.engine, session.store
        engine.start()
        await wait_until(lambda: bool(expired(published)))
        await wait_until(lambda: engine_idle(engine))
        await settle()
        assert expired(published) == [SessionExpired(SESSION_EXPIRED)]
        assert server.count("GET", "events") == 1  # no reconnect into the same refusal
        assert engine.session_expired
        assert engine.status == SyncStatus(
            ConnectionState.OFFLINE,
            "Your session has expired. Please sign in again.",
            session_expired=True,
        )
        # A reply written now waits in the outbox; nothing tries to send it.
        entry = engine.send(42, "Written after the token was revoked")
        await settle()
        kept = store.outbox_entry(entry.id)
        assert kept is not None and kept.state is OutboxState.PENDING
        assert server.count("POST", "tickets/42/messages") == 0
        await session.close()

    asyncio.run(go())


def test_a_401_on_an_outbox_send_keeps_the_entry_and_a_new_token_sends_it_once(
    tmp_path: Path,
) -> None:
    server = FakeServer("old")

    async def go() -> None:
        session, published = make_engine(tmp_path, server)
        engine, store = session.engine, session.store
        engine.start()
        await engine.wait_caught_up()
        await wait_until(lambda: server.streams_open == 1)
        server.tokens.clear()  # signed out elsewhere; the open stream does not notice

        entry = engine.send(42, "Перезапустили вебхук")
        await wait_until(lambda: bool(expired(published)))
        await wait_until(lambda: engine_idle(engine))
        await settle()
        assert len(expired(published)) == 1
        assert server.count("POST", "tickets/42/messages") == 1  # no retry storm
        assert server.count("GET", "events") == 1  # the stream was let go, not retried
        kept = store.outbox_entry(entry.id)
        assert kept is not None and kept.state is OutboxState.PENDING
        assert kept.error == SESSION_EXPIRED  # why it waits, for the thread to say
        statuses = [e.status for e in published if isinstance(e, ConnectionChanged)]
        assert statuses[-1].session_expired

        # Signed in again as the same account: carry on with the new token.
        server.tokens.add("new")
        await session.renew("new")
        await wait_until(
            lambda: (e := store.outbox_entry(entry.id)) is not None and e.state is OutboxState.SENT
        )
        await wait_until(lambda: engine.status.state is ConnectionState.CONNECTED)
        assert not engine.session_expired and not engine.status.session_expired
        assert server.keys == [entry.idempotency_key, entry.idempotency_key]
        assert len(server.created) == 1  # delivered exactly once
        assert store.pending_entries() == []
        assert len(expired(published)) == 1
        assert [t for m, p, t in server.requests if m == "POST"] == ["old", "new"]
        await session.close()

    asyncio.run(go())


def test_any_call_refused_for_the_token_ends_the_session_but_a_stale_one_does_not(
    tmp_path: Path,
) -> None:
    server = FakeServer("old")

    async def go() -> None:
        session, published = make_engine(tmp_path, server)
        engine, api = session.engine, session.api
        engine.start()
        await wait_until(lambda: server.streams_open == 1)

        # A request that left with the old token and is refused after the token was
        # replaced (signed in again meanwhile) must not end the new session.
        server.gate = asyncio.Event()
        call = asyncio.ensure_future(api.agents())
        await wait_until(lambda: server.count("GET", "agents") == 1)
        server.tokens = {"new"}
        api.set_token("new")
        server.gate.set()
        server.gate = None
        try:
            await call
        except Unauthorized:
            pass
        else:
            raise AssertionError("the stale token was accepted")
        assert expired(published) == []
        assert not engine.session_expired

        # The UI's own call with the token in use: the engine hears of it, once.
        server.tokens.clear()
        for _ in range(3):
            with contextlib.suppress(Unauthorized):
                await api.agents()
        await wait_until(lambda: engine_idle(engine))
        assert len(expired(published)) == 1
        assert server.count("GET", "events") == 1
        await session.close()

    asyncio.run(go())


def test_signing_out_with_a_dead_token_is_not_an_expiry(tmp_path: Path) -> None:
    server = FakeServer()  # the token is already gone on the server

    async def go() -> None:
        session, published = make_engine(tmp_path, server)
        await session.api.logout()
        assert server.count("POST", "auth/logout") == 1
        assert expired(published) == []
        await session.close()

    asyncio.run(go())
