"""GET /events: delivery per recipient, resume, resync, pings, presence."""

from __future__ import annotations

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
