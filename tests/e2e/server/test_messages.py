"""Messages: who owes a reply, internal notes, idempotency, unread counts."""

from __future__ import annotations

from datetime import datetime

import pytest

from desk.domain import Category
from desk.sla import BusinessCalendar
from tests.e2e.conftest import LiveServer
from tests.e2e.server._helpers import assert_problem, open_ticket, send

pytestmark = pytest.mark.e2e


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_waiting_on_and_due_at_follow_the_conversation(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    tid = t["id"]
    with live_server.client(agent) as c:
        send(live_server, agent, tid, "internal thought", internal=True)
        after_note = c.get(f"/tickets/{tid}").json()
        assert after_note["waiting_on"] == "team" and after_note["due_at"] == t["due_at"]
        reply = send(live_server, agent, tid, "public reply")
        after_reply = c.get(f"/tickets/{tid}").json()
        assert after_reply["waiting_on"] == "customer" and after_reply["due_at"] is None
        assert reply["internal"] is False and reply["author"]["id"] == agent.id
        back = send(live_server, customer, tid, "customer again")
        after_back = c.get(f"/tickets/{tid}").json()
    assert after_back["waiting_on"] == "team"
    expected = BusinessCalendar().due_at(Category.OTHER, _ts(back["created_at"]))
    assert _ts(after_back["due_at"]) == expected
    assert after_back["status"] == "on_customer"


def test_customers_never_see_internal_notes(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer, body="customer words")
    tid = t["id"]
    with live_server.client(customer) as c:
        before = c.get(f"/tickets/{tid}").json()
        since = c.get("/tickets", params={"limit": 1}).json()["seq"]
    note = send(live_server, agent, tid, "SECRET internal note", internal=True)
    with live_server.client(customer) as c:
        after = c.get(f"/tickets/{tid}").json()
        listed = c.get("/tickets").json()["items"][0]
        msgs = c.get(f"/tickets/{tid}/messages").json()["items"]
        delta = c.get("/tickets", params={"since": since}).json()["items"]
        r = c.post(f"/tickets/{tid}/read", json={"message_id": note["id"]})
        assert_problem(r, 422, "validation")
    assert after == before and listed == before  # not even seq or updated_at moved
    assert [m["body"] for m in msgs] == ["customer words"]
    assert delta == []
    assert "SECRET" not in str(after)
    with live_server.client(agent) as c:
        staff_view = c.get(f"/tickets/{tid}").json()
        staff_msgs = c.get(f"/tickets/{tid}/messages").json()["items"]
    assert staff_view["message_count"] == 2
    assert staff_view["last_message_preview"] == "SECRET internal note"
    assert [m["internal"] for m in staff_msgs] == [False, True]


def test_customer_may_not_write_internal_notes(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    t = open_ticket(live_server, customer)
    with live_server.client(customer) as c:
        r = c.post(f"/tickets/{t['id']}/messages", json={"body": "x", "internal": True})
    assert_problem(r, 403, "forbidden")


def test_message_idempotency(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    key = {"Idempotency-Key": "0b7e5a58-6c43-4f55-9a53-d5a1f0d5f001"}
    url = f"/tickets/{t['id']}/messages"
    with live_server.client(agent) as c:
        first = c.post(url, json={"body": "hello", "client_id": "c-1"}, headers=key)
        again = c.post(url, json={"client_id": "c-1", "body": "hello"}, headers=key)
        other = c.post(url, json={"body": "different", "client_id": "c-1"}, headers=key)
        msgs = c.get(url).json()["items"]
    assert first.status_code == 201 and again.status_code in (200, 201)
    assert again.json() == first.json()
    assert first.json()["client_id"] == "c-1"
    assert_problem(other, 409, "idempotency-conflict")
    assert [m["body"] for m in msgs] == ["Hello", "hello"]
    # The same key on another ticket is a different request too.
    t2 = open_ticket(live_server, customer)
    with live_server.client(agent) as c:
        r = c.post(
            f"/tickets/{t2['id']}/messages", json={"body": "hello", "client_id": "c-1"}, headers=key
        )
    assert_problem(r, 409, "idempotency-conflict")


def test_empty_body_needs_attachments(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    t = open_ticket(live_server, customer)
    with live_server.client(customer) as c:
        for body in ("", "   \n"):
            r = c.post(f"/tickets/{t['id']}/messages", json={"body": body})
            assert_problem(r, 422, "validation")
        r = c.post(f"/tickets/{t['id']}/messages", json={"body": "x", "attachment_ids": [999999]})
        assert_problem(r, 422, "validation")
        r = c.post(f"/tickets/{t['id']}/messages", json={"body": "x", "colour": "red"})
        assert_problem(r, 422, "validation")


def test_unread_counts_per_caller(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    agent, other_agent = live_server.create_user("agent"), live_server.create_user("agent")
    t = open_ticket(live_server, customer, body="first")
    tid = t["id"]
    second = send(live_server, customer, tid, "second")

    def unread(user: object) -> int:
        with live_server.client(user) as c:  # type: ignore[arg-type]
            one = c.get(f"/tickets/{tid}").json()["unread_count"]
            listed = {x["id"]: x for x in c.get("/tickets").json()["items"]}[tid]["unread_count"]
        assert one == listed
        return int(one)

    assert unread(agent) == 2 and unread(other_agent) == 2 and unread(customer) == 0
    with live_server.client(agent) as c:
        first_id = c.get(f"/tickets/{tid}/messages").json()["items"][0]["id"]
        assert first_id < second["id"]
        assert c.post(f"/tickets/{tid}/read", json={"message_id": first_id}).status_code == 204
    assert unread(agent) == 1 and unread(other_agent) == 2
    send(live_server, other_agent, tid, "note", internal=True)
    reply = send(live_server, agent, tid, "public answer")
    # Writing marks the ticket read for the writer; notes never count for customers.
    assert unread(agent) == 0 and unread(other_agent) == 0 and unread(customer) == 1
    with live_server.client(customer) as c:
        assert c.post(f"/tickets/{tid}/read", json={"message_id": reply["id"]}).status_code == 204
        r = c.post(f"/tickets/{tid}/read", json={"message_id": 999_999})
        assert_problem(r, 422, "validation")
    assert unread(customer) == 0


def test_messages_paging(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer, body="m0")
    tid = t["id"]
    for i in range(1, 5):
        send(live_server, agent if i % 2 else customer, tid, f"m{i}", internal=(i == 3))
    with live_server.client(agent) as c:
        everything = c.get(f"/tickets/{tid}/messages").json()["items"]
        assert [m["body"] for m in everything] == ["m0", "m1", "m2", "m3", "m4"]
        ids = [m["id"] for m in everything]
        after = c.get(f"/tickets/{tid}/messages", params={"after": ids[1]}).json()["items"]
        assert [m["body"] for m in after] == ["m2", "m3", "m4"]
        page = c.get(f"/tickets/{tid}/messages", params={"limit": 2}).json()
        rest = c.get(f"/tickets/{tid}/messages", params={"cursor": page["next_cursor"]}).json()
        assert [m["body"] for m in page["items"] + rest["items"]] == ["m0", "m1", "m2", "m3", "m4"]
        assert rest["next_cursor"] is None
        r = c.get(f"/tickets/{tid}/messages", params={"cursor": "bm9wZQ"})
        assert_problem(r, 422, "validation")
        seqs = [m["seq"] for m in everything]
        assert seqs == sorted(seqs) and len(set(seqs)) == 5
    with live_server.client(customer) as c:
        mine = c.get(f"/tickets/{tid}/messages").json()["items"]
    assert [m["body"] for m in mine] == ["m0", "m1", "m2", "m4"]


def test_long_body_preview_is_140_chars(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    t = open_ticket(live_server, customer, body="word " * 100)
    assert len(t["last_message_preview"]) == 140
    assert "\n" not in t["last_message_preview"]
