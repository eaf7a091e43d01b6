"""GET /events: delivery per recipient, resume, resync, pings, presence."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.server._helpers import (
    SseEvent,
    SseReader,
    assert_problem,
    connect_events,
    open_ticket,
    send,
)

pytestmark = pytest.mark.e2e


def _open(response: httpx.Response) -> SseReader:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    reader = SseReader(response)
    first = reader.collect_until(lambda e: e.event == ":")
    assert first[-1].data == "connected"
    return reader


def test_staff_stream_gets_messages_and_tickets(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    with live_server.client(agent) as c, connect_events(c) as response:
        reader = _open(response)
        t = open_ticket(live_server, customer, body="new ticket body")
        message = reader.next("message")
        ticket = reader.next("ticket")
    assert message.data["ticket_id"] == t["id"] and message.data["body"] == "new ticket body"
    assert ticket.data["id"] == t["id"] and ticket.data["unread_count"] == 1
    assert message.id is not None and ticket.id is not None and message.id < ticket.id
    assert ticket.id == ticket.data["seq"] == t["seq"]


def test_customer_stream_is_filtered(live_server: LiveServer) -> None:
    customer, stranger = live_server.create_user(), live_server.create_user()
    agent = live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    other = open_ticket(live_server, stranger)
    with live_server.client(customer) as c, connect_events(c) as response:
        reader = _open(response)
        send(live_server, agent, t["id"], "SECRET note", internal=True)
        send(live_server, agent, other["id"], "for the stranger")
        public = send(live_server, agent, t["id"], "public reply")
        events = reader.collect_until(lambda e: e.event == "ticket")
    data_events = [e for e in events if e.event != ":"]
    assert [e.event for e in data_events] == ["message", "ticket"]
    assert data_events[0].data["id"] == public["id"]
    ticket = data_events[1].data
    assert ticket["id"] == t["id"] and ticket["message_count"] == 2
    assert ticket["last_message_preview"] == "public reply" and ticket["unread_count"] == 1
    assert "SECRET" not in str(events) and "stranger" not in str(events)


def test_customer_stream_skips_internal_only_changes(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    with live_server.client(customer) as c, connect_events(c) as response:
        reader = _open(response)
        send(live_server, agent, t["id"], "SECRET one", internal=True)
        send(live_server, agent, t["id"], "SECRET two", internal=True)
        send(live_server, customer, t["id"], "customer follow-up")
        events = reader.collect_until(lambda e: e.event == "ticket")
    assert [e.event for e in events if e.event != ":"] == ["message", "ticket"]
    assert "SECRET" not in str(events)
    assert events[-1].data["message_count"] == 2  # notes are not counted


def test_resume_with_last_event_id_and_since(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    with live_server.client(agent) as c:
        with connect_events(c) as response:
            reader = _open(response)
            send(live_server, customer, t["id"], "one")
            last = reader.next("ticket")
        # Offline: two more changes happen.
        send(live_server, customer, t["id"], "two")
        send(live_server, agent, t["id"], "three")
        for kwargs in ({"last_event_id": last.id}, {"since": last.id}):
            with connect_events(c, **kwargs) as response:
                reader = _open(response)
                got = reader.collect_until(
                    lambda e: e.event == "message" and e.data["body"] == "three"
                )
            bodies = [e.data["body"] for e in got if e.event == "message"]
            assert bodies == ["two", "three"]
            ids = [e.id for e in got if e.id is not None]
            assert ids == sorted(ids) and ids[0] > (last.id or 0)


def test_read_marker_reaches_own_streams(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    with live_server.client(agent) as c, connect_events(c) as response:
        reader = _open(response)
        msg = send(live_server, customer, t["id"], "please read")
        assert reader.next("ticket").data["unread_count"] == 2
        c.post(f"/tickets/{t['id']}/read", json={"message_id": msg["id"]})
        after = reader.next("ticket")
    assert after.data["unread_count"] == 0 and after.data["seq"] < (after.id or 0)


def test_old_or_foreign_positions_resync(make_live_server: object) -> None:
    server = make_live_server(event_retention_count=3)  # type: ignore[operator]
    customer, agent = server.create_user(), server.create_user("agent")
    t = open_ticket(server, customer)
    for i in range(6):
        send(server, customer, t["id"], f"m{i}")
    with server.client(agent) as c:
        for params in ({"since": 1}, {"last_event_id": 10**9}):
            with connect_events(c, **params) as response:
                reader = _open(response)
                resync = reader.next()
                assert resync.event == "resync" and resync.id is None
            # After a resync the stream follows live changes.
        with connect_events(c, since=1) as response:
            reader = _open(response)
            assert reader.next().event == "resync"
            send(server, customer, t["id"], "live")
            assert reader.next("message").data["body"] == "live"
        assert_problem(c.get("/events", headers={"Last-Event-ID": "abc"}), 422, "validation")
        assert_problem(c.get("/events", params={"since": -5}), 422, "validation")


def test_idle_streams_get_pings(make_live_server: object) -> None:
    server = make_live_server(sse_ping_interval=0.1)  # type: ignore[operator]
    agent = server.create_user("agent")
    with server.client(agent) as c, connect_events(c) as response:
        reader = _open(response)
        pings = [reader.collect_until(lambda e: e.event == ":")[-1] for _ in range(2)]
    assert [p.data for p in pings] == ["ping", "ping"]


def test_presence_goes_to_staff_only(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    viewer, typist = live_server.create_user("agent"), live_server.create_user("admin")
    t = open_ticket(live_server, customer)
    with (
        live_server.client(viewer) as staff,
        live_server.client(customer) as cust,
        connect_events(staff) as staff_stream,
        connect_events(cust) as customer_stream,
    ):
        staff_reader, customer_reader = _open(staff_stream), _open(customer_stream)
        with live_server.client(typist) as c:
            r = c.post(f"/tickets/{t['id']}/presence", json={"state": "typing"})
            assert r.status_code == 204
            assert_problem(
                c.post(f"/tickets/{t['id']}/presence", json={"state": "dancing"}), 422, "validation"
            )
            assert_problem(
                c.post("/tickets/999999/presence", json={"state": "viewing"}), 404, "not-found"
            )
        presence = staff_reader.next("presence")
        # The customer sees the next real change and no presence before it.
        send(live_server, customer, t["id"], "marker")
        seen: list[SseEvent] = customer_reader.collect_until(lambda e: e.event == "ticket")
    assert presence.id is None
    assert presence.data["ticket_id"] == t["id"] and presence.data["state"] == "typing"
    assert presence.data["agent"]["id"] == typist.id and presence.data["expires_at"].endswith("Z")
    assert all(e.event != "presence" for e in seen)


def test_new_staff_streams_get_current_presence(live_server: LiveServer) -> None:
    customer, agent, other = (
        live_server.create_user(),
        live_server.create_user("agent"),
        live_server.create_user("agent"),
    )
    t = open_ticket(live_server, customer)
    with live_server.client(agent) as c:
        c.post(f"/tickets/{t['id']}/presence", json={"state": "viewing"})
    with live_server.client(other) as c, connect_events(c) as response:
        reader = SseReader(response)
        found = reader.collect_until(
            lambda e: e.event == "presence" and e.data["agent"]["id"] == agent.id
        )
    assert found[-1].data["state"] == "viewing"
    with live_server.client(agent) as c:
        c.post(f"/tickets/{t['id']}/presence", json={"state": "left"})
    with live_server.client(other) as c, connect_events(c) as response:
        reader = SseReader(response)
        opening = reader.collect_until(lambda e: e.event == ":")
        rest = reader.collect_until(lambda e: e.event == ":")  # up to the first ping
    mine = [
        e for e in opening + rest if e.event == "presence" and e.data["agent"]["id"] == agent.id
    ]
    assert mine == []


def test_stream_ends_after_logout(make_live_server: object) -> None:
    server = make_live_server(sse_ping_interval=0.1)  # type: ignore[operator]
    agent = server.create_user("agent")
    with server.client(agent) as c, connect_events(c) as response:
        reader = _open(response)
        assert c.post("/auth/logout").status_code == 204
        with pytest.raises(EOFError):
            reader.collect_until(lambda e: False, timeout=30)


def test_stopping_the_server_ends_open_streams(make_live_server: object) -> None:
    server = make_live_server()  # type: ignore[operator]
    agent = server.create_user("agent")
    with server.client(agent) as c, connect_events(c) as response:
        reader = _open(response)
        server.stop()
        with pytest.raises((EOFError, httpx.RemoteProtocolError)):
            reader.collect_until(lambda e: False, timeout=30)


def test_pings_keep_coming_while_unseen_changes_wake_the_stream(
    make_live_server: object,
) -> None:
    """Internal notes on someone else's ticket wake every stream but send this customer
    nothing; the ping must still arrive on time (clients drop silent connections)."""
    import threading

    server = make_live_server(sse_ping_interval=0.5)  # type: ignore[operator]
    watcher = server.create_user()
    other, agent = server.create_user(), server.create_user("agent")
    busy = open_ticket(server, other, "Busy ticket")
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            send(server, agent, busy["id"], "note", internal=True)

    worker = threading.Thread(target=churn, daemon=True)
    try:
        with server.client(watcher) as c, connect_events(c) as response:
            reader = _open(response)
            worker.start()
            pings = [
                reader.collect_until(lambda e: e.event == ":" and e.data == "ping", timeout=10)
                for _ in range(3)
            ]
        assert len(pings) == 3
        assert all(e.event == ":" for batch in pings for e in batch)  # nothing else leaked
    finally:
        stop.set()
        if worker.is_alive():
            worker.join(10)


def test_one_change_reaches_every_recipient_rendered_for_them(live_server: LiveServer) -> None:
    """One wave, many streams: each gets its own unread count, customers never get
    internal notes, and other customers get nothing of the ticket."""
    owner, stranger = live_server.create_user(), live_server.create_user()
    reader_agent, fresh_agent, replier = (live_server.create_user("agent") for _ in range(3))
    t = open_ticket(live_server, owner, "Fan-out")
    theirs = open_ticket(live_server, stranger, "Someone else's")
    first = send(live_server, owner, t["id"], "first")
    with live_server.client(reader_agent) as c:
        assert c.post(f"/tickets/{t['id']}/read", json={"message_id": first["id"]}).status_code
    send(live_server, replier, t["id"], "a reply")  # moves the replier's marker too
    users = {"reader": reader_agent, "fresh": fresh_agent, "replier": replier}
    users |= {"owner": owner, "stranger": stranger}
    with contextlib.ExitStack() as stack:
        readers = {
            name: _open(
                stack.enter_context(connect_events(stack.enter_context(live_server.client(user))))
            )
            for name, user in users.items()
        }
        send(live_server, owner, t["id"], "second")

        def ticket_event(name: str) -> SseEvent:
            seen = readers[name].collect_until(
                lambda e: e.event == "ticket" and e.data["id"] == t["id"]
            )
            return seen[-1]

        # Opening message + "first" + "second" from the customer; the reader had read
        # up to "first", the replier's reply moved its marker past both earlier ones.
        expected = {"reader": 1, "fresh": 3, "replier": 1, "owner": 0}
        got = {name: ticket_event(name).data["unread_count"] for name in expected}
        assert got == expected

        send(live_server, replier, t["id"], "staff only", internal=True)
        for name in ("reader", "fresh", "replier"):
            note = readers[name].next("message")
            assert note.data["body"] == "staff only" and note.data["internal"] is True
        send(live_server, replier, t["id"], "public again")
        seen = readers["owner"].collect_until(
            lambda e: e.event == "ticket" and e.data["message_count"] == 5
        )
        bodies = [e.data["body"] for e in seen if e.event == "message"]
        assert bodies == ["public again"]
        assert seen[-1].data["unread_count"] == 1

        send(live_server, stranger, theirs["id"], "mine")
        seen = readers["stranger"].collect_until(lambda e: e.event == "message")
        assert seen[-1].data["body"] == "mine"
        assert all(e.data["id"] == theirs["id"] for e in seen if e.event == "ticket")
        assert all(e.data["ticket_id"] == theirs["id"] for e in seen if e.event == "message")


def _events_until_end(reader: SseReader) -> list[SseEvent]:
    """Every event up to the end of the stream; a read timeout fails the test."""
    seen: list[SseEvent] = []
    with pytest.raises(EOFError):
        while True:
            seen.append(reader.next(timeout=30))
    return seen


# Pings every 30 s: a stream that ends sooner was ended by the revocation, not a ping.
_QUIET = {"sse_ping_interval": 30.0}
# "Within 1 s", with room for a loaded machine: the stream's read timeout.
_ENDS_WITHIN = httpx.Timeout(30, read=4)


def test_logout_ends_the_stream_at_once(make_live_server: Any) -> None:
    server = make_live_server(**_QUIET)
    agent, colleague, customer = (
        server.create_user("agent"),
        server.create_user("agent"),
        server.create_user(),
    )
    t = open_ticket(server, customer)
    with (
        server.client(agent, timeout=_ENDS_WITHIN) as c,
        connect_events(c) as response,
        server.client(agent) as other_connection,
    ):
        reader = _open(response)
        assert other_connection.post("/auth/logout").status_code == 204
        send(server, colleague, t["id"], "after the logout", internal=True)
        seen = _events_until_end(reader)
    assert [e for e in seen if e.event in ("message", "ticket")] == []
    with server.client(agent) as c:
        assert_problem(c.get("/events"), 401, "unauthorized")


def test_an_expired_token_ends_the_stream(make_live_server: Any) -> None:
    from datetime import timedelta

    from desk.server.security import issue_token

    server = make_live_server(**_QUIET)
    agent = server.create_user("agent")
    ctx = server.context
    with ctx.db.write(sequenced=False) as tx:
        token = issue_token(tx.session, agent.id, ctx.now(), timedelta(seconds=2))
    headers = {"Authorization": f"Bearer {token}"}
    with (
        httpx.Client(base_url=server.api, headers=headers, timeout=_ENDS_WITHIN) as c,
        connect_events(c) as response,
    ):
        reader = _open(response)
        # Expires 1-2 s from now (times are whole seconds), then ends within 1 s.
        _events_until_end(reader)


@pytest.mark.parametrize("change", ["demoted", "deleted"])
def test_losing_the_role_or_the_account_ends_the_stream(make_live_server: Any, change: str) -> None:
    from sqlalchemy import delete, update

    from desk.server.db.models import Token, User

    server = make_live_server(**_QUIET)
    agent = server.create_user("agent")
    with server.client(agent, timeout=_ENDS_WITHIN) as c, connect_events(c) as response:
        reader = _open(response)
        with server.context.db.write(sequenced=False) as tx:
            if change == "demoted":
                tx.session.execute(update(User).where(User.id == agent.id).values(role="customer"))
            else:
                tx.session.execute(delete(Token).where(Token.user_id == agent.id))
                tx.session.execute(delete(User).where(User.id == agent.id))
        _events_until_end(reader)
