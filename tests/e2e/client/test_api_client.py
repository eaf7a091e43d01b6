"""desk.client.api.ApiClient against the real reference server, for every call of the contract."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PIL import Image

from desk.client.api import (
    ApiClient,
    ConnectionState,
    EventStream,
    Forbidden,
    IdempotencyConflict,
    InvalidCredentials,
    MessageEvent,
    PayloadTooLarge,
    PresenceEvent,
    RateLimited,
    ResyncReason,
    ResyncRequired,
    RetryPolicy,
    StreamEvent,
    StreamSettings,
    StreamStateChanged,
    TicketClosed,
    TicketEvent,
    Unauthorized,
    UnsupportedMediaType,
    ValidationFailed,
    VersionConflict,
)
from desk.domain import Category, PresenceState, Priority, Role, Status, WaitingOn
from desk.server.embedded import start_server
from tests.e2e.conftest import LiveServer, TestUser
from tests.helpers.images import png_bytes

pytestmark = pytest.mark.e2e

T = TypeVar("T")
EVENT_WAIT = 20.0  # a guard against hanging, never an assertion on speed


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def key() -> str:
    return str(uuid.uuid4())


def client_for(server: LiveServer, user: TestUser | None = None, **kw: Any) -> ApiClient:
    return ApiClient(server.url, user.token if user else None, **kw)


async def next_matching(
    stream: EventStream, predicate: Callable[[StreamEvent], bool]
) -> StreamEvent:
    async with asyncio.timeout(EVENT_WAIT):
        async for event in stream:
            if predicate(event):
                return event
    raise AssertionError("the stream ended")


async def collect_until(
    stream: EventStream, predicate: Callable[[StreamEvent], bool]
) -> list[StreamEvent]:
    """Every event up to and including the first that matches."""
    seen: list[StreamEvent] = []
    async with asyncio.timeout(EVENT_WAIT):
        async for event in stream:
            seen.append(event)
            if predicate(event):
                return seen
    raise AssertionError("the stream ended")


def is_connected(event: StreamEvent) -> bool:
    return isinstance(event, StreamStateChanged) and event.state is ConnectionState.CONNECTED


async def opened(stream: EventStream) -> EventStream:
    await next_matching(stream, is_connected)
    return stream


# --- auth ---------------------------------------------------------------------------


def test_health_login_me_logout(live_server: LiveServer) -> None:
    agent = live_server.create_user(Role.AGENT)

    async def go() -> None:
        async with client_for(live_server) as client:
            assert (await client.health()).status == "ok"
            session = await client.login(agent.email, agent.password)
            assert session.user.id == agent.id and session.user.role is Role.AGENT
            assert client.token == session.token
            assert (await client.me()).email == agent.email
            await client.logout()
            assert client.token is None
            client.set_token(session.token)
            with pytest.raises(Unauthorized) as info:
                await client.me()  # the token stopped working on the server
            assert info.value.message == "Your session has expired. Please sign in again."
            with pytest.raises(InvalidCredentials):
                await client.login(agent.email, "wrong password")

    run(go())


def test_repeated_failed_logins_are_rate_limited(live_server: LiveServer) -> None:
    agent = live_server.create_user(Role.AGENT)

    async def go() -> list[type]:
        seen: list[type] = []
        async with client_for(live_server, retry=RetryPolicy(max_attempts=1)) as client:
            for _ in range(8):
                try:
                    await client.login(agent.email, "nope")
                except (InvalidCredentials, RateLimited) as error:
                    seen.append(type(error))
                    if isinstance(error, RateLimited):
                        assert error.retry_after is not None and error.retry_after > 0
                        break
        return seen

    seen = run(go())
    assert seen[:5] == [InvalidCredentials] * 5
    assert seen[-1] is RateLimited


# --- tickets --------------------------------------------------------------------------


def test_list_filters_paging_and_delta(live_server: LiveServer) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)
    other = live_server.create_user(Role.CUSTOMER)
    tag = uuid.uuid4().hex[:8]

    async def go() -> None:
        async with (
            client_for(live_server, agent) as staff,
            client_for(live_server, customer) as cust,
            client_for(live_server, other) as stranger,
        ):
            made = [
                await cust.create_ticket(f"{tag} ticket {i}", "hello", idempotency_key=key())
                for i in range(5)
            ]
            await stranger.create_ticket(f"{tag} not yours", "hi")
            assert all(t.status is Status.ON_CUSTOMER for t in made)

            first = await staff.list_tickets(q=tag.upper(), limit=2)
            assert len(first.items) == 2 and first.next_cursor is not None
            pages = [p async for p in staff.iter_ticket_pages(q=tag, limit=2)]
            assert [len(p.items) for p in pages] == [2, 2, 2]
            ids = [t.id async for t in staff.iter_tickets(q=tag, limit=2)]
            assert ids == sorted(ids, reverse=True) and len(ids) == 6  # id descending

            mine = [t.id async for t in cust.iter_tickets(q=tag)]
            assert sorted(mine) == sorted(t.id for t in made)  # a customer sees only theirs

            position = first.seq
            await staff.update_ticket(made[1].id, made[1].version, assignee_id=agent.id)
            await staff.close_ticket(made[3].id)
            delta = await staff.fetch_delta(position, limit=1)
            assert [t.id for t in delta.tickets] == [made[1].id, made[3].id]
            assert [t.seq for t in delta.tickets] == sorted(t.seq for t in delta.tickets)
            assert delta.seq >= delta.tickets[-1].seq
            assert (await staff.fetch_delta(delta.seq)).tickets == []

            done = [t.id async for t in staff.iter_tickets(q=tag, status=Status.DONE)]
            assert done == [made[3].id]
            assigned = [t.id async for t in staff.iter_tickets(q=tag, assignee="me")]
            assert assigned == [made[1].id]
            by_id = [t.id async for t in staff.iter_tickets(q=tag, assignee=agent.id)]
            assert by_id == [made[1].id]
            unassigned = [t.id async for t in staff.iter_tickets(q=tag, assignee="none")]
            assert made[1].id not in unassigned and len(unassigned) == 5
            team = [t.id async for t in staff.iter_tickets(q=tag, waiting_on=WaitingOn.TEAM)]
            assert made[3].id not in team and made[0].id in team

    run(go())


def test_get_and_patch_with_if_match(live_server: LiveServer) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        async with (
            client_for(live_server, agent) as staff,
            client_for(live_server, customer) as cust,
        ):
            created = await cust.create_ticket("[urgent] bot down", "please", idempotency_key=key())
            assert created.urgent and created.category is Category.CRITICAL
            fetched = await staff.get_ticket(created.id)
            assert fetched.version == created.version

            changed = await staff.update_ticket(
                created.id, fetched.version, priority=Priority.LOW, assignee_id=agent.id
            )
            assert changed.priority is Priority.LOW
            assert changed.assignee is not None and changed.assignee.id == agent.id
            assert changed.version > fetched.version

            with pytest.raises(VersionConflict) as info:
                await staff.update_ticket(created.id, fetched.version, priority=Priority.HIGH)
            assert info.value.message == "Someone else changed this ticket; it was reloaded."

            kept = await staff.update_ticket(
                created.id, changed.version, category=Category.CONFIGURATION
            )
            assert kept.assignee is not None  # assignee_id not given: left alone
            cleared = await staff.update_ticket(created.id, kept.version, assignee_id=None)
            assert cleared.assignee is None and cleared.category is Category.CONFIGURATION

            with pytest.raises(Forbidden):
                await cust.update_ticket(created.id, cleared.version, priority=Priority.LOW)

    run(go())


def test_close_is_final_and_repeatable(live_server: LiveServer) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        async with (
            client_for(live_server, agent) as staff,
            client_for(live_server, customer) as cust,
        ):
            ticket = await cust.create_ticket("Printer on fire", "help")
            closed = await staff.close_ticket(ticket.id)
            assert closed.status is Status.DONE and closed.closed_at is not None
            again = await staff.close_ticket(ticket.id)
            assert again.version == closed.version
            for client in (staff, cust):
                with pytest.raises(TicketClosed) as info:
                    await client.send_message(ticket.id, "hello?", idempotency_key=key())
                assert "closed" in info.value.message
            with pytest.raises(Forbidden):
                await cust.close_ticket(ticket.id)

    run(go())


# --- messages ---------------------------------------------------------------------------


def test_messages_idempotency_internal_notes_and_read(live_server: LiveServer) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        async with (
            client_for(live_server, agent) as staff,
            client_for(live_server, customer) as cust,
        ):
            ticket = await cust.create_ticket("Login broken", "first", idempotency_key=key())
            same_key = key()
            reply = await staff.send_message(
                ticket.id, "We are on it", idempotency_key=same_key, client_id="c-1"
            )
            replay = await staff.send_message(
                ticket.id, "We are on it", idempotency_key=same_key, client_id="c-1"
            )
            assert replay.id == reply.id and reply.client_id == "c-1"
            with pytest.raises(IdempotencyConflict):
                await staff.send_message(ticket.id, "Different text", idempotency_key=same_key)
            note = await staff.send_message(
                ticket.id, "internal: VIP", idempotency_key=key(), internal=True
            )

            staff_view = [m async for m in staff.iter_messages(ticket.id, limit=1)]
            assert [m.body for m in staff_view] == ["first", "We are on it", "internal: VIP"]
            customer_view = [m.id async for m in cust.iter_messages(ticket.id)]
            assert note.id not in customer_view and reply.id in customer_view
            later = await staff.list_messages(ticket.id, after=staff_view[0].id)
            assert [m.id for m in later.items] == [reply.id, note.id]

            before = await cust.get_ticket(ticket.id)
            assert before.unread_count == 1 and before.waiting_on is WaitingOn.CUSTOMER
            await cust.mark_read(ticket.id, reply.id)
            assert (await cust.get_ticket(ticket.id)).unread_count == 0

            again = await cust.create_ticket("Dup", "once", idempotency_key=same_key)
            assert (await cust.create_ticket("Dup", "once", idempotency_key=same_key)).id == (
                again.id
            )

    run(go())


# --- attachments ------------------------------------------------------------------------


def test_attachments_upload_download_thumbnail(live_server: LiveServer, tmp_path: Path) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)
    image = png_bytes(400, 200, "teal")

    async def go() -> None:
        async with (
            client_for(live_server, agent) as staff,
            client_for(live_server, customer) as cust,
        ):
            uploaded = await cust.upload_attachment("screen.png", image)
            assert (uploaded.width, uploaded.height, uploaded.size) == (400, 200, len(image))
            assert uploaded.is_image
            ticket = await cust.create_ticket(
                "See screenshot", "attached", attachment_ids=[uploaded.id]
            )
            assert await staff.download_attachment(uploaded.id) == image
            target = tmp_path / "copy.png"
            assert await staff.download_attachment_to(uploaded.id, target) == len(image)
            assert target.read_bytes() == image
            thumb = await staff.thumbnail(uploaded.id, size=64)
            with Image.open(io.BytesIO(thumb)) as shrunk:
                assert max(shrunk.size) <= 64

            pdf = await staff.upload_attachment("notes.txt", b"plain words")
            sent = await staff.send_message(
                ticket.id, "", attachment_ids=[pdf.id], idempotency_key=key()
            )
            assert [a.id for a in sent.attachments] == [pdf.id]

            with pytest.raises(UnsupportedMediaType):
                await cust.upload_attachment("tool.exe", b"MZ\x90\x00", "application/x-msdownload")
            with pytest.raises(ValidationFailed) as info:
                await cust.upload_attachment("fake.png", b"not a png at all", "image/png")
            assert info.value.detail

    run(go())


def test_upload_over_the_limit_is_payload_too_large(
    make_live_server: Callable[..., LiveServer],
) -> None:
    server = make_live_server(max_upload_bytes=1024)
    customer = server.create_user(Role.CUSTOMER)

    async def go() -> None:
        async with client_for(server, customer) as cust:
            with pytest.raises(PayloadTooLarge) as info:
                await cust.upload_attachment("big.txt", b"x" * 4096, "text/plain")
            assert "too large" in info.value.message

    run(go())


# --- collaboration ----------------------------------------------------------------------


def test_agents_and_macros(live_server: LiveServer) -> None:
    admin = live_server.create_user(Role.ADMIN)
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        async with (
            client_for(live_server, admin) as boss,
            client_for(live_server, agent) as staff,
            client_for(live_server, customer) as cust,
        ):
            staff_ids = {u.id for u in await staff.agents()}
            assert {admin.id, agent.id} <= staff_ids and customer.id not in staff_ids
            with pytest.raises(Forbidden):
                await cust.agents()

            macro = await boss.create_macro("Greeting", "Hello {{customer.name}}!")
            assert macro.id in {m.id for m in await staff.list_macros()}
            renamed = await boss.update_macro(macro.id, title="Hi")
            assert (renamed.title, renamed.body) == ("Hi", "Hello {{customer.name}}!")
            await boss.delete_macro(macro.id)
            assert macro.id not in {m.id for m in await boss.list_macros()}
            with pytest.raises(Forbidden):
                await cust.list_macros()

    run(go())


def test_presence_reaches_other_agents(live_server: LiveServer) -> None:
    watcher = live_server.create_user(Role.AGENT)
    typist = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    async def go() -> None:
        async with (
            client_for(live_server, watcher) as watching,
            client_for(live_server, typist) as typing,
            client_for(live_server, customer) as cust,
        ):
            ticket = await cust.create_ticket("Presence check", "hi")
            with pytest.raises(Forbidden):
                await cust.set_presence(ticket.id, PresenceState.VIEWING)
            async with watching.events() as stream:
                await opened(stream)
                await typing.set_presence(ticket.id, PresenceState.TYPING)
                event = await next_matching(
                    stream,
                    lambda e: isinstance(e, PresenceEvent) and e.presence.agent.id == typist.id,
                )
                assert isinstance(event, PresenceEvent)
                assert event.presence.ticket_id == ticket.id
                assert event.presence.state is PresenceState.TYPING

    run(go())


# --- events -------------------------------------------------------------------------------


def test_live_events_and_resume_with_last_event_id(live_server: LiveServer) -> None:
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    def message_with(body: str) -> Callable[[StreamEvent], bool]:
        return lambda e: isinstance(e, MessageEvent) and e.message.body == body

    async def go() -> None:
        async with (
            client_for(live_server, agent) as staff,
            client_for(live_server, customer) as cust,
        ):
            ticket = await cust.create_ticket("Events please", "opening")
            async with staff.events() as stream:
                await opened(stream)
                sent = await cust.send_message(ticket.id, "live one", idempotency_key=key())
                live = await next_matching(stream, message_with("live one"))
                assert isinstance(live, MessageEvent) and live.message.id == sent.id
                assert live.seq == sent.seq
                update = await next_matching(
                    stream, lambda e: isinstance(e, TicketEvent) and e.ticket.id == ticket.id
                )
                assert isinstance(update, TicketEvent)
                assert update.ticket.waiting_on is WaitingOn.TEAM
                position = stream.last_event_id
            assert position is not None

            # While nobody listens: a message and a close.
            await cust.send_message(ticket.id, "while away", idempotency_key=key())
            await staff.close_ticket(ticket.id)

            async with staff.events(last_event_id=position) as resumed:
                missed = await next_matching(resumed, message_with("while away"))
                assert isinstance(missed, MessageEvent) and missed.seq > int(position)
                closed = await next_matching(
                    resumed,
                    lambda e: (
                        isinstance(e, TicketEvent)
                        and e.ticket.id == ticket.id
                        and e.ticket.status is Status.DONE
                    ),
                )
                assert isinstance(closed, TicketEvent)

            # A customer's stream never carries internal notes.
            async with cust.events() as theirs:
                await opened(theirs)
                other = await cust.create_ticket("Another one", "hello")
                await staff.send_message(other.id, "secret", idempotency_key=key(), internal=True)
                await staff.send_message(other.id, "public", idempotency_key=key())
                seen = await collect_until(theirs, message_with("public"))
                bodies = [e.message.body for e in seen if isinstance(e, MessageEvent)]
                assert "secret" not in bodies and bodies[-1] == "public"

    run(go())


def test_position_the_server_does_not_know_asks_for_resync(live_server: LiveServer) -> None:
    agent = live_server.create_user(Role.AGENT)

    async def go() -> None:
        async with (
            client_for(live_server, agent) as staff,
            staff.events(last_event_id=10**12) as stream,
        ):
            event = await next_matching(stream, lambda e: isinstance(e, ResyncRequired))
            assert event == ResyncRequired(ResyncReason.SERVER)

    run(go())


def test_stream_with_a_dead_token_raises_unauthorized(live_server: LiveServer) -> None:
    async def go() -> None:
        async with ApiClient(live_server.url, "not-a-token") as client:
            with pytest.raises(Unauthorized):
                async for _ in client.events():
                    pass

    run(go())


@pytest.mark.parametrize("stop_at", ["connected", "ticket"])
def test_a_stream_closed_between_events_leaves_nothing_to_the_collector(
    live_server: LiveServer, qloop: asyncio.AbstractEventLoop, stop_at: str
) -> None:
    """Closed while its reader waits (after the connection opened, or while the caller
    handles an event): every generator under it, down to httpcore's, ends on the loop.
    qasync installs no async-generator hooks, so one left for the garbage collector is
    finalised without a loop and fails (the qloop fixture collects after closing)."""
    agent = live_server.create_user(Role.AGENT)
    customer = live_server.create_user(Role.CUSTOMER)

    def reached(event: StreamEvent) -> bool:
        if stop_at == "connected":
            return (
                isinstance(event, StreamStateChanged) and event.state is ConnectionState.CONNECTED
            )
        return isinstance(event, TicketEvent)

    async def go() -> int:
        async with ApiClient(live_server.url, customer.token) as cust:
            await cust.create_ticket("Stream closed mid-way", "hello")
        stopped = 0
        async with ApiClient(live_server.url, agent.token) as api:
            for _ in range(3):
                async with api.events(last_event_id=0) as stream:
                    async for event in stream:
                        if reached(event):
                            await asyncio.sleep(0.05)  # busy with it, like a catch-up
                            stopped += 1
                            break
        return stopped

    assert qloop.run_until_complete(go()) == 3


def test_stream_survives_a_server_restart_and_catches_up(
    make_live_server: Callable[..., LiveServer],
) -> None:
    first = make_live_server(sse_ping_interval=0.2)
    agent = first.create_user(Role.AGENT)
    customer = first.create_user(Role.CUSTOMER)
    port = int(first.url.rsplit(":", 1)[1])
    quick = StreamSettings(idle_timeout=5.0, check_interval=0.5, base_delay=0.05, max_delay=0.3)
    restarted: list[LiveServer] = []

    async def go() -> None:
        async with (
            client_for(first, agent, stream_settings=quick) as staff,
            client_for(first, customer) as cust,
            staff.events() as stream,
        ):
            await opened(stream)
            ticket = await cust.create_ticket("Before the restart", "hello")
            await next_matching(
                stream, lambda e: isinstance(e, TicketEvent) and e.ticket.id == ticket.id
            )

            await asyncio.to_thread(first.stop)
            lost = await collect_until(
                stream,
                lambda e: isinstance(e, StreamStateChanged) and e.state is ConnectionState.OFFLINE,
            )
            assert all(not isinstance(e, TicketEvent | MessageEvent) for e in lost)
            offline = lost[-1]
            assert isinstance(offline, StreamStateChanged) and offline.error is not None
            assert offline.error.message.startswith("Cannot reach the server")

            # Same database, same port: a restart. A change lands while we are away.
            server = LiveServer(await asyncio.to_thread(start_server, first.settings, port=port))
            restarted.append(server)
            await cust.send_message(ticket.id, "while you were away", idempotency_key=key())

            back = await collect_until(
                stream,
                lambda e: isinstance(e, MessageEvent) and e.message.body == "while you were away",
            )
            assert ResyncRequired(ResyncReason.RECONNECTED) in back
            connected = [i for i, e in enumerate(back) if is_connected(e)]
            resync = back.index(ResyncRequired(ResyncReason.RECONNECTED))
            assert connected and connected[-1] < resync

    try:
        run(go())
    finally:
        for server in restarted:
            server.stop()
