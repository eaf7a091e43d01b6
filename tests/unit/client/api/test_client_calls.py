"""Every typed call sends the contract's request and decodes its answer."""

from __future__ import annotations

import asyncio
import json
import ssl
from pathlib import Path

import certifi
import httpx

from desk.client.api import ApiClient, Delta, ProtocolError
from desk.client.api.core import USER_AGENT, tls_verification
from desk.domain import Category, PresenceState, Priority, Role, Status, WaitingOn
from tests.helpers import wire
from tests.helpers.messages import image_attachment
from tests.unit.client.api.mock_api import BASE, Recorder, json_response, make_client, problem


def _body(request: httpx.Request) -> object:
    return json.loads(request.content)


def test_base_url_auth_and_user_agent() -> None:
    rec = Recorder(json_response(200, wire.user(role=Role.AGENT)))

    async def go() -> None:
        async with make_client(rec, token="abc") as client:
            me = await client.me()
            assert me.role is Role.AGENT
            client.set_token(None)
            await client.me()

    asyncio.run(go())
    first, second = rec.requests
    assert str(first.url) == f"{BASE}/api/v1/me"
    assert first.headers["Authorization"] == "Bearer abc"
    assert first.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("Desk/")
    assert "Authorization" not in second.headers


def test_base_url_may_already_hold_the_prefix() -> None:
    rec = Recorder(json_response(200, {"status": "ok"}))

    async def go() -> None:
        async with ApiClient(f"{BASE}/api/v1/", transport=httpx.MockTransport(rec)) as client:
            assert (await client.health()).status == "ok"

    asyncio.run(go())
    assert str(rec.requests[0].url) == f"{BASE}/api/v1/health"


def test_login_sets_the_token_and_logout_clears_it() -> None:
    rec = Recorder(
        json_response(200, {"token": "t-1", "user": wire.user(id=1)}),
        httpx.Response(204),
        problem(401, "unauthorized"),
    )

    async def go() -> None:
        async with make_client(rec, token=None) as client:
            session = await client.login("ann@example.com", "pw")
            assert session.token == "t-1" and session.user.id == 1
            assert client.token == "t-1"
            await client.logout()
            assert client.token is None
            client.set_token("old")
            await client.logout()  # an already expired session still logs out cleanly
            assert client.token is None

    asyncio.run(go())
    login, logout, _ = rec.requests
    assert login.method == "POST" and login.url.path == "/api/v1/auth/login"
    assert _body(login) == {"email": "ann@example.com", "password": "pw"}
    assert logout.headers["Authorization"] == "Bearer t-1"


def test_list_tickets_sends_filters_and_decodes_the_page() -> None:
    page = wire.page([wire.ticket(1, seq=5), wire.ticket(2, seq=6)], "c2", seq=9)
    rec = Recorder(json_response(200, page))

    async def go() -> None:
        async with make_client(rec) as client:
            result = await client.list_tickets(
                status=Status.DONE,
                waiting_on=WaitingOn.TEAM,
                assignee="me",
                q="bot",
                since=4,
                limit=50,
                cursor="c1",
            )
            assert [t.id for t in result.items] == [1, 2]
            assert result.next_cursor == "c2" and result.seq == 9
            await client.list_tickets(assignee=17)

    asyncio.run(go())
    full, minimal = rec.requests
    assert dict(full.url.params) == {
        "status": "done",
        "waiting_on": "team",
        "assignee": "me",
        "q": "bot",
        "since": "4",
        "limit": "50",
        "cursor": "c1",
    }
    assert dict(minimal.url.params) == {"assignee": "17"}


def test_iter_tickets_follows_cursors_to_the_end() -> None:
    rec = Recorder(
        json_response(200, wire.page([wire.ticket(3)], "a", seq=1)),
        json_response(200, wire.page([wire.ticket(2)], "b", seq=1)),
        json_response(200, wire.page([wire.ticket(1)], None, seq=1)),
    )

    async def go() -> list[int]:
        async with make_client(rec) as client:
            return [t.id async for t in client.iter_tickets(q="x", limit=1)]

    assert asyncio.run(go()) == [3, 2, 1]
    assert [r.url.params.get("cursor") for r in rec.requests] == [None, "a", "b"]
    assert all(r.url.params["q"] == "x" for r in rec.requests)


def test_a_repeated_cursor_is_a_protocol_error_not_a_loop() -> None:
    rec = Recorder(json_response(200, wire.page([], "same", seq=1)))

    async def go() -> None:
        async with make_client(rec) as client:
            async for _ in client.iter_ticket_pages():
                pass

    try:
        asyncio.run(go())
    except ProtocolError as error:
        assert "page" in error.message
    else:
        raise AssertionError("expected ProtocolError")
    assert len(rec.requests) == 2


def test_fetch_delta_collects_every_page_and_the_resume_position() -> None:
    rec = Recorder(
        json_response(
            200, wire.page([wire.ticket(1, seq=11), wire.ticket(2, seq=12)], "n", seq=14)
        ),
        json_response(200, wire.page([wire.ticket(1, seq=15)], None, seq=15)),
    )

    async def go() -> Delta:
        async with make_client(rec) as client:
            return await client.fetch_delta(10)

    delta = asyncio.run(go())
    assert [t.seq for t in delta.tickets] == [11, 12, 15]
    assert delta.seq == 15
    assert rec.requests[0].url.params["since"] == "10"
    assert rec.requests[0].url.params["limit"] == "1000"

    empty = Recorder(json_response(200, wire.page([], None, seq=30)))

    async def nothing() -> Delta:
        async with make_client(empty) as client:
            return await client.fetch_delta(30)

    assert asyncio.run(nothing()) == Delta(tickets=[], seq=30, server_seq=30)


def test_get_update_close_and_create_ticket() -> None:
    rec = Recorder(json_response(200, wire.ticket(42, version=7), {"ETag": '"7"'}))

    async def go() -> None:
        async with make_client(rec) as client:
            assert (await client.get_ticket(42)).version == 7
            await client.update_ticket(42, 7, priority=Priority.LOW, assignee_id=None)
            await client.update_ticket(42, 8, category=Category.CONFIGURATION)
            await client.close_ticket(42)
            await client.create_ticket(
                "URGENT: down",
                "help",
                category=Category.CRITICAL,
                attachment_ids=[5],
                idempotency_key="k-1",
            )
            await client.create_ticket("Question", "hi")

    asyncio.run(go())
    get, patch1, patch2, close, create, create_plain = rec.requests
    assert get.method == "GET" and get.url.path == "/api/v1/tickets/42"
    assert patch1.method == "PATCH" and patch1.headers["If-Match"] == "7"
    assert _body(patch1) == {"priority": "low", "assignee_id": None}
    assert _body(patch2) == {"category": "configuration"}  # assignee left alone: not sent
    assert patch2.headers["If-Match"] == "8"
    assert close.method == "POST" and close.url.path == "/api/v1/tickets/42/close"
    assert create.url.path == "/api/v1/tickets" and create.headers["Idempotency-Key"] == "k-1"
    assert _body(create) == {
        "title": "URGENT: down",
        "body": "help",
        "category": "critical",
        "attachment_ids": [5],
    }
    assert "Idempotency-Key" not in create_plain.headers
    assert _body(create_plain) == {"title": "Question", "body": "hi"}


def test_messages_send_read_and_paging() -> None:
    rec = Recorder(
        json_response(200, wire.page([wire.message(1), wire.message(2)], "m")),
        json_response(200, wire.page([wire.message(3)], None)),
        json_response(201, wire.message(9, client_id="c-9", attachments=[image_attachment(5)])),
        httpx.Response(204),
    )

    async def go() -> None:
        async with make_client(rec) as client:
            ids = [m.id async for m in client.iter_messages(42, after=0, limit=2)]
            assert ids == [1, 2, 3]
            sent = await client.send_message(
                42,
                "Thanks!",
                idempotency_key="key-1",
                internal=True,
                attachment_ids=(5,),
                client_id="c-9",
            )
            assert sent.id == 9 and sent.client_id == "c-9"
            assert sent.attachments[0].is_image
            await client.mark_read(42, 9)

    asyncio.run(go())
    page1, page2, send, read = rec.requests
    assert page1.url.path == "/api/v1/tickets/42/messages"
    assert dict(page1.url.params) == {"after": "0", "limit": "2"}
    assert page2.url.params["cursor"] == "m"
    assert send.headers["Idempotency-Key"] == "key-1"
    assert send.headers["Content-Type"] == "application/json"
    assert _body(send) == {
        "body": "Thanks!",
        "internal": True,
        "attachment_ids": [5],
        "client_id": "c-9",
    }
    assert read.url.path == "/api/v1/tickets/42/read" and _body(read) == {"message_id": 9}


def test_send_message_refuses_an_empty_idempotency_key() -> None:
    rec = Recorder(json_response(201, wire.message()))

    async def go() -> None:
        async with make_client(rec) as client:
            await client.send_message(1, "x", idempotency_key="")

    try:
        asyncio.run(go())
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
    assert rec.requests == []


def test_attachments_upload_download_thumbnail(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 1000
    rec = Recorder(
        json_response(201, wire.attachment(5)),
        json_response(201, wire.attachment(6)),
        httpx.Response(200, content=payload, headers={"Content-Type": "image/png"}),
        httpx.Response(200, content=payload, headers={"Content-Type": "image/png"}),
        httpx.Response(200, content=b"\x89PNG-thumb", headers={"Content-Type": "image/png"}),
    )

    async def go() -> None:
        async with make_client(rec) as client:
            uploaded = await client.upload_attachment("shot.png", b"\x89PNG data")
            assert uploaded.id == 5
            await client.upload_attachment("notes", b"text", "text/plain")
            assert await client.download_attachment(5) == payload
            target = tmp_path / "out.png"
            assert await client.download_attachment_to(5, target) == len(payload)
            assert target.read_bytes() == payload
            assert not (tmp_path / "out.png.part").exists()
            assert await client.thumbnail(5, size=64) == b"\x89PNG-thumb"

    asyncio.run(go())
    up, up_plain, down, down_to, thumb = rec.requests
    assert up.url.path == "/api/v1/attachments"
    assert up.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="file"; filename="shot.png"' in up.content
    assert b"Content-Type: image/png" in up.content
    assert b"Content-Type: text/plain" in up_plain.content
    assert down.url.path == down_to.url.path == "/api/v1/attachments/5"
    assert thumb.url.path == "/api/v1/attachments/5/thumbnail"
    assert thumb.url.params["size"] == "64"


def test_collaboration_calls() -> None:
    macro = {"id": 3, "title": "Hi", "body": "Hello {{customer.name}}"}
    rec = Recorder(
        httpx.Response(204),
        json_response(200, wire.page([wire.user(id=1), wire.user(id=2, role=Role.ADMIN)], "p2")),
        json_response(200, wire.page([wire.user(id=3)], None)),
        json_response(200, wire.page([macro], None)),
        json_response(201, macro),
        json_response(200, {**macro, "title": "Hey"}),
        httpx.Response(204),
    )

    async def go() -> None:
        async with make_client(rec) as client:
            await client.set_presence(42, PresenceState.TYPING)
            assert [a.id for a in await client.agents()] == [1, 2, 3]  # over both pages
            assert (await client.list_macros())[0].body == "Hello {{customer.name}}"
            assert (await client.create_macro("Hi", "Hello {{customer.name}}")).id == 3
            assert (await client.update_macro(3, title="Hey")).title == "Hey"
            await client.delete_macro(3)

    asyncio.run(go())
    presence, _, agents2, macros, create, update, delete = rec.requests
    assert agents2.url.path == "/api/v1/agents" and agents2.url.params["cursor"] == "p2"
    assert presence.url.path == "/api/v1/tickets/42/presence"
    assert _body(presence) == {"state": "typing"}
    assert macros.url.path == "/api/v1/macros"
    assert _body(create) == {"title": "Hi", "body": "Hello {{customer.name}}"}
    assert update.method == "PATCH" and _body(update) == {"title": "Hey"}
    assert delete.method == "DELETE" and delete.url.path == "/api/v1/macros/3"


def test_custom_ca_bundle_keeps_verification_on() -> None:
    assert tls_verification(None) is True
    context = tls_verification(certifi.where())
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
