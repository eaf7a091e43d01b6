"""The sync engine against the real server: catch-up, live events, the outbox
(exactly once across a lost answer, a server restart and a client restart), reconnect
catch-up and the resync path."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from desk.client.api import ApiClient, ConnectionState, StreamSettings
from desk.client.engine_events import ConnectionChanged, MessageArrived, TicketsLearned
from desk.client.store import OutboxState, Store
from desk.client.sync import SyncEngine, TicketChangedMeanwhile
from desk.domain import Role, User
from desk.server.embedded import start_server
from tests.e2e.conftest import LiveServer, TestUser
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.e2e

T = TypeVar("T")
QUICK = StreamSettings(idle_timeout=5.0, check_interval=0.5, base_delay=0.05, max_delay=0.3)
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5d8fa6c0000000049454e44ae426082"
)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def as_user(t: TestUser) -> User:
    return User(id=t.id, name=t.name, email=t.email, role=t.role, company=t.company)


def customer_api(server: LiveServer, user: TestUser) -> ApiClient:
    return ApiClient(server.url, user.token)


def engine_for(
    server_url: str, agent: TestUser, store: Store, **client_kw: Any
) -> tuple[SyncEngine, ApiClient]:
    api = ApiClient(server_url, agent.token, stream_settings=QUICK, **client_kw)
    return SyncEngine(api, store, as_user(agent), retry_base=0.05, retry_max=0.3), api


async def server_messages(server: LiveServer, agent: TestUser, ticket_id: int) -> list[str]:
    async with ApiClient(server.url, agent.token) as api:
        return [m.body async for m in api.iter_messages(ticket_id)]


def test_initial_and_delta_sync(live_server: LiveServer, tmp_path: Path) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        async with customer_api(live_server, customer) as cust:
            first = await cust.create_ticket("Бот молчит", "Здравствуйте")
            store = Store(tmp_path / "cache.db")
            engine, api = engine_for(live_server.url, agent, store)
            async with api:
                assert await engine.catch_up() >= 1
                assert store.ticket(first.id) is not None
                position = store.sync_seq()
                assert position >= first.seq

                second = await cust.create_ticket("URGENT: webhook 502", "since 14:02")
                assert await engine.catch_up() == 1  # only what changed since
                cached = store.ticket(second.id)
                assert cached is not None and cached.urgent
                assert store.sync_seq() > position
            store.close()

    run(go())


def test_live_events_reach_the_store_and_open_tickets_are_read(
    live_server: LiveServer, tmp_path: Path
) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(live_server.url, agent, store)
        states: list[ConnectionState] = []
        engine.events.subscribe(lambda e: states.append(e.status.state), ConnectionChanged)
        async with api, customer_api(live_server, customer) as cust:
            engine.start()
            await engine.wait_caught_up()
            await wait_until(lambda: ConnectionState.CONNECTED in states)
            ticket = await cust.create_ticket("Live one", "first words")
            await wait_until(lambda: store.ticket(ticket.id) is not None)

            await engine.open_ticket(ticket.id)
            assert [m.body for m in store.messages(ticket.id)] == ["first words"]
            await cust.send_message(ticket.id, "second words", idempotency_key=str(uuid.uuid4()))
            await wait_until(lambda: len(store.messages(ticket.id)) == 2)
            await engine.mark_read(ticket.id)
            fresh = await api.get_ticket(ticket.id)
            assert fresh.unread_count == 0
            await engine.stop()
        store.close()

    run(go())


def test_send_with_attachment_and_close(live_server: LiveServer, tmp_path: Path) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(live_server.url, agent, store)
        async with api, customer_api(live_server, customer) as cust:
            ticket = await cust.create_ticket("Screenshot please", "see the bot")
            engine.start()
            await engine.wait_caught_up()
            entry = engine.send(
                ticket.id, "Here is what I see", files=[("shot.png", PNG_1PX, "image/png")]
            )
            await wait_until(lambda: not store.entries_for(ticket.id))
            settled = store.outbox_entry(entry.id)
            assert settled is not None and settled.state is OutboxState.SENT
            sent = store.message(settled.message_id or 0)
            assert sent is not None and sent.attachments[0].filename == "shot.png"

            closed = await engine.close_ticket(ticket.id)
            assert closed.is_done
            cached = store.ticket(ticket.id)
            assert cached is not None and cached.is_done
            late = engine.send(ticket.id, "one more thing")
            await wait_until(
                lambda: (
                    (e := store.outbox_entry(late.id)) is not None and e.state is OutboxState.FAILED
                )
            )
            failed = store.outbox_entry(late.id)
            assert failed is not None and failed.error and "closed" in failed.error.lower()
            assert not failed.retryable
            await engine.stop()
        store.close()

    run(go())


class LoseFirstAnswer(httpx.AsyncBaseTransport):
    """Forwards to the real server but drops the first answer to a message POST, as a
    connection that dies after the server committed would (a fault on demand)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.dropped = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/messages") and not self.dropped:
            self.dropped += 1
            await response.aread()
            await response.aclose()
            raise httpx.ReadError("connection reset after the server answered", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_a_lost_answer_is_retried_and_delivered_exactly_once(
    live_server: LiveServer, tmp_path: Path
) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)
    transport = LoseFirstAnswer()

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(live_server.url, agent, store, transport=transport)
        async with api, customer_api(live_server, customer) as cust:
            ticket = await cust.create_ticket("Lost answer", "hi")
            engine.start()
            entry = engine.send(ticket.id, "Answer that must arrive once")
            await wait_until(
                lambda: (
                    (e := store.outbox_entry(entry.id)) is not None and e.state is OutboxState.SENT
                )
            )
            await engine.stop()
        assert transport.dropped == 1
        bodies = await server_messages(live_server, agent, ticket.id)
        assert bodies.count("Answer that must arrive once") == 1
        store.close()

    run(go())


def test_server_down_then_restarted_delivers_once_and_catches_up(
    make_live_server: Callable[..., LiveServer], tmp_path: Path
) -> None:
    first = make_live_server(sse_ping_interval=0.2)
    agent = first.create_user(Role.AGENT)
    customer = first.create_user(Role.CUSTOMER)
    port = int(first.url.rsplit(":", 1)[1])
    restarted: list[LiveServer] = []

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(first.url, agent, store)
        states: list[ConnectionState] = []
        engine.events.subscribe(lambda e: states.append(e.status.state), ConnectionChanged)
        async with api, customer_api(first, customer) as cust:
            ticket = await cust.create_ticket("Server goes away", "hello?")
            engine.start()
            await engine.wait_caught_up()
            await asyncio.to_thread(first.stop)
            await wait_until(lambda: states[-1] is ConnectionState.OFFLINE)

            entry = engine.send(ticket.id, "Written while the server was down")
            await wait_until(
                lambda: (e := store.outbox_entry(entry.id)) is not None and e.error is not None
            )
            waiting = store.outbox_entry(entry.id)
            assert waiting is not None and waiting.state is OutboxState.PENDING

            server = LiveServer(await asyncio.to_thread(start_server, first.settings, port=port))
            restarted.append(server)
            # A colleague's view of the world changes while we reconnect.
            other = await cust.create_ticket("Opened during the outage", "…")
            await wait_until(
                lambda: (
                    (e := store.outbox_entry(entry.id)) is not None and e.state is OutboxState.SENT
                )
            )
            await wait_until(lambda: store.ticket(other.id) is not None)
            await engine.stop()
            bodies = await server_messages(server, agent, ticket.id)
            assert bodies.count("Written while the server was down") == 1
        store.close()

    try:
        run(go())
    finally:
        for server in restarted:
            server.stop()


def test_a_pending_outbox_is_delivered_after_a_client_restart(
    live_server: LiveServer, tmp_path: Path
) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        async with customer_api(live_server, customer) as cust:
            ticket = await cust.create_ticket("Restart me", "hi")
        # The app queued a reply and quit before sending it.
        store = Store(tmp_path / "cache.db")
        entry = store.enqueue(ticket.id, "Queued before the restart")
        store.close()

        reopened = Store(tmp_path / "cache.db")
        engine, api = engine_for(live_server.url, agent, reopened)
        async with api:
            engine.start()
            await wait_until(
                lambda: (
                    (e := reopened.outbox_entry(entry.id)) is not None
                    and e.state is OutboxState.SENT
                )
            )
            await engine.stop()
        assert (await server_messages(live_server, agent, ticket.id)).count(
            "Queued before the restart"
        ) == 1
        reopened.close()

    run(go())


def test_changes_while_the_engine_was_stopped_are_caught_up(
    live_server: LiveServer, tmp_path: Path
) -> None:
    agent = live_server.create_user(Role.AGENT)
    colleague = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(live_server.url, agent, store)
        async with api, customer_api(live_server, customer) as cust:
            ticket = await cust.create_ticket("While away", "one")
            engine.start()
            await engine.open_ticket(ticket.id)
            await engine.stop()

            await cust.send_message(ticket.id, "two", idempotency_key=str(uuid.uuid4()))
            async with ApiClient(live_server.url, colleague.token) as other:
                current = await other.get_ticket(ticket.id)
                await other.update_ticket(ticket.id, current.version, assignee_id=colleague.id)

            engine.start()
            await wait_until(lambda: [m.body for m in store.messages(ticket.id)] == ["one", "two"])
            await wait_until(
                lambda: (
                    (t := store.ticket(ticket.id)) is not None
                    and t.assignee is not None
                    and t.assignee.id == colleague.id
                )
            )
            await engine.stop()
        store.close()

    run(go())


def test_a_stale_cursor_catches_up_everything_after_it(
    make_live_server: Callable[..., LiveServer], tmp_path: Path
) -> None:
    server = make_live_server(event_retention_count=3, sse_ping_interval=0.2)
    agent = server.create_user(Role.AGENT)
    customer = server.create_user(Role.CUSTOMER)

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(server.url, agent, store)
        async with api, customer_api(server, customer) as cust:
            await engine.catch_up()
            for n in range(6):
                await cust.create_ticket(f"Burst {n}", "x")
            # An old position: the server no longer has the events after it.
            store.set_sync_seq(1)
            engine.start()
            await wait_until(lambda: store.ticket_count() >= 6)
            last = await cust.create_ticket("After the resync", "y")
            await wait_until(lambda: store.ticket(last.id) is not None)
            await engine.stop()
        store.close()

    run(go())


def test_a_stale_edit_reloads_and_says_what_changed(
    live_server: LiveServer, tmp_path: Path
) -> None:
    agent = live_server.create_user(Role.AGENT, name="Anna")
    colleague = live_server.create_user(Role.AGENT, name="Boris")
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(live_server.url, agent, store)
        async with api, customer_api(live_server, customer) as cust:
            ticket = await cust.create_ticket("Who takes it?", "?")
            await engine.catch_up()
            async with ApiClient(live_server.url, colleague.token) as other:
                await other.update_ticket(ticket.id, ticket.version, assignee_id=colleague.id)
            with pytest.raises(TicketChangedMeanwhile) as caught:
                await engine.assign_to_me(ticket.id)
            assert "Boris" in caught.value.message
            reloaded = store.ticket(ticket.id)
            assert reloaded is not None and reloaded.assignee is not None
            assert reloaded.assignee.id == colleague.id
            # Now that it knows the current version, the agent's edit goes through.
            mine = await engine.assign_to_me(ticket.id)
            assert mine.assignee is not None and mine.assignee.id == agent.id
        store.close()

    run(go())


def test_events_tell_catch_up_from_live_activity(live_server: LiveServer, tmp_path: Path) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(live_server.url, agent, store)
        seen: list[tuple[int, bool]] = []
        messages: list[str] = []
        engine.events.subscribe(
            lambda e: seen.extend((t.id, e.catching_up) for t in e.tickets), TicketsLearned
        )
        engine.events.subscribe(lambda e: messages.append(e.message.body), MessageArrived)
        async with api, customer_api(live_server, customer) as cust:
            before = await cust.create_ticket("Before start", "old news")
            engine.start()
            await engine.wait_caught_up()
            assert (before.id, True) in seen
            live = await cust.create_ticket("After start", "fresh")
            await wait_until(lambda: (live.id, False) in seen)
            await wait_until(lambda: "fresh" in messages)
            assert (live.id, True) not in seen
            await engine.stop()
        store.close()

    run(go())


def test_a_new_server_database_replaces_the_cache_instead_of_mixing(
    make_live_server: Callable[..., LiveServer], tmp_path: Path
) -> None:
    old = make_live_server()
    old_agent, old_customer = old.create_user(Role.AGENT), old.create_user(Role.CUSTOMER)

    async def go() -> None:
        store = Store(tmp_path / "cache.db")
        engine, api = engine_for(old.url, old_agent, store)
        async with api, customer_api(old, old_customer) as cust:
            for n in range(5):
                await cust.create_ticket(f"Old world {n}", "x")
            await engine.catch_up()
        assert store.ticket_count() == 5
        old.stop()

        # Same address book entry, but the server now runs on a fresh database.
        new = make_live_server()
        agent, customer = new.create_user(Role.AGENT), new.create_user(Role.CUSTOMER)
        engine, api = engine_for(new.url, agent, store)
        async with api, customer_api(new, customer) as cust:
            fresh = await cust.create_ticket("New world", "y")
            await engine.catch_up()
        assert store.ticket_count() == 1
        cached = store.ticket(fresh.id)
        assert cached is not None and cached.title == "New world"
        store.close()

    run(go())
