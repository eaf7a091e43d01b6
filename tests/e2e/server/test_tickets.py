"""Tickets: creation rules, access, PATCH with If-Match, close, listing and search."""

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


def test_customer_opens_a_ticket(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    t = open_ticket(live_server, customer, "[urgent] bot down", "It stopped answering.")
    assert t["status"] == "on_customer" and t["waiting_on"] == "team"
    assert t["urgent"] is True and t["priority"] == "high" and t["category"] == "critical"
    assert t["customer"]["id"] == customer.id and t["assignee"] is None
    assert t["message_count"] == 1 and t["unread_count"] == 0
    assert t["last_message_preview"] == "It stopped answering."
    assert t["version"] == 1 and t["closed_at"] is None
    expected = BusinessCalendar().due_at(Category.CRITICAL, _ts(t["created_at"]))
    assert _ts(t["due_at"]) == expected
    assert t["created_at"].endswith("Z")


def test_defaults_and_chosen_category(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    plain = open_ticket(live_server, customer, "Not urgent: a question")
    assert (plain["urgent"], plain["priority"], plain["category"]) == (False, "normal", "other")
    with live_server.client(customer) as c:
        r = c.post(
            "/tickets",
            json={"title": "Need an export", "body": "please", "category": "feature_request"},
        )
    t = r.json()
    assert t["category"] == "feature_request"
    due = BusinessCalendar().due_at(Category.FEATURE_REQUEST, _ts(t["created_at"]))
    assert _ts(t["due_at"]) == due


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "", "body": "x"},
        {"title": "   ", "body": "x"},
        {"title": "x" * 201, "body": "x"},
        {"title": "ok", "body": ""},
        {"title": "ok", "body": "x" * 20_001},
        {"title": "ok", "body": "x", "category": "nonsense"},
        {"title": "ok", "body": "x", "priority": "low"},
        {"title": "ok\u0000", "body": "x"},
        {"body": "x"},
    ],
)
def test_ticket_input_is_validated(live_server: LiveServer, payload: dict[str, object]) -> None:
    customer = live_server.create_user()
    with live_server.client(customer) as c:
        assert_problem(c.post("/tickets", json=payload), 422, "validation")


def test_staff_do_not_open_tickets(live_server: LiveServer) -> None:
    agent = live_server.create_user("agent")
    with live_server.client(agent) as c:
        assert_problem(c.post("/tickets", json={"title": "t", "body": "b"}), 403, "forbidden")


def test_ticket_idempotency_key(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    headers = {"Idempotency-Key": "5f1d9c5e-0000-4000-8000-000000000001"}
    with live_server.client(customer) as c:
        first = c.post("/tickets", json={"title": "Once", "body": "b"}, headers=headers)
        again = c.post("/tickets", json={"body": "b", "title": "Once"}, headers=headers)
        other = c.post("/tickets", json={"title": "Twice", "body": "b"}, headers=headers)
        listing = c.get("/tickets").json()["items"]
    assert first.status_code == 201 and again.status_code in (200, 201)
    assert again.json()["id"] == first.json()["id"]
    assert_problem(other, 409, "idempotency-conflict")
    assert [t["title"] for t in listing] == ["Once"]
    # Keys are per user: another customer may use the same key.
    someone = live_server.create_user()
    with live_server.client(someone) as c:
        r = c.post("/tickets", json={"title": "Once", "body": "b"}, headers=headers)
    assert r.status_code == 201 and r.json()["id"] != first.json()["id"]


def test_customers_see_only_their_tickets(live_server: LiveServer) -> None:
    alice, bob = live_server.create_user(), live_server.create_user()
    t = open_ticket(live_server, alice)
    with live_server.client(bob) as c:
        assert_problem(c.get(f"/tickets/{t['id']}"), 404, "not-found")
        assert_problem(c.get(f"/tickets/{t['id']}/messages"), 404, "not-found")
        r = c.post(f"/tickets/{t['id']}/messages", json={"body": "hi"})
        assert_problem(r, 404, "not-found")
        assert c.get("/tickets").json()["items"] == []
    with live_server.client(alice) as c:
        assert_problem(c.get("/tickets/999999"), 404, "not-found")


def test_customers_cannot_call_staff_endpoints(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    t = open_ticket(live_server, customer)
    with live_server.client(customer) as c:
        calls = [
            c.patch(f"/tickets/{t['id']}", json={"priority": "low"}, headers={"If-Match": "1"}),
            c.post(f"/tickets/{t['id']}/close"),
            c.post(f"/tickets/{t['id']}/presence", json={"state": "viewing"}),
            c.get("/agents"),
            c.get("/macros"),
            c.post("/macros", json={"title": "t", "body": "b"}),
        ]
    for r in calls:
        assert_problem(r, 403, "forbidden")


def test_get_has_etag_and_patch_needs_if_match(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    url = f"/tickets/{t['id']}"
    with live_server.client(agent) as c:
        got = c.get(url)
        assert got.headers["ETag"] == '"1"'
        assert_problem(c.patch(url, json={"priority": "low"}), 428, "precondition-required")
        r = c.patch(
            url, json={"priority": "low", "assignee_id": agent.id}, headers={"If-Match": '"1"'}
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["priority"] == "low" and body["assignee"]["id"] == agent.id
        assert body["version"] == 2 and r.headers["ETag"] == '"2"' and body["seq"] > t["seq"]
        stale = c.patch(url, json={"priority": "high"}, headers={"If-Match": "1"})
        assert_problem(stale, 412, "version-conflict")
        assert_problem(c.patch(url, json={}, headers={"If-Match": "junk"}), 412, "version-conflict")
        # Bare and weak forms are accepted; a no-op PATCH changes nothing.
        same = c.patch(url, json={"priority": "low"}, headers={"If-Match": 'W/"2"'})
        assert same.json()["version"] == 2 and same.json()["seq"] == body["seq"]
        unassign = c.patch(url, json={"assignee_id": None}, headers={"If-Match": "2"})
        assert unassign.json()["assignee"] is None
        r = c.patch(url, json={"assignee_id": customer.id}, headers={"If-Match": "3"})
        assert_problem(r, 422, "validation")
        r = c.patch(url, json={"title": "new"}, headers={"If-Match": "3"})
        assert_problem(r, 422, "validation")
        r = c.patch(url, json={"priority": "urgent"}, headers={"If-Match": "3"})
        assert_problem(r, 422, "validation")


def test_category_change_recomputes_due_from_when_owing_began(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    with live_server.client(agent) as c:
        r = c.patch(f"/tickets/{t['id']}", json={"category": "critical"}, headers={"If-Match": "1"})
    body = r.json()
    expected = BusinessCalendar().due_at(Category.CRITICAL, _ts(t["created_at"]))
    assert _ts(body["due_at"]) == expected and body["category"] == "critical"


def test_close_is_final(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    with live_server.client(agent) as c:
        closed = c.post(f"/tickets/{t['id']}/close")
        assert closed.status_code == 200
        body = closed.json()
        assert body["status"] == "done" and body["waiting_on"] is None
        assert body["due_at"] is None and body["closed_at"] is not None
        again = c.post(f"/tickets/{t['id']}/close")
        assert again.status_code == 200 and again.json() == body  # no seq bump, no change
        r = c.post(f"/tickets/{t['id']}/messages", json={"body": "reopen?"})
        assert_problem(r, 409, "ticket-closed")
        r = c.patch(
            f"/tickets/{t['id']}",
            json={"priority": "low"},
            headers={"If-Match": str(body["version"])},
        )
        assert_problem(r, 409, "ticket-closed")
    with live_server.client(customer) as c:
        assert_problem(
            c.post(f"/tickets/{t['id']}/messages", json={"body": "x"}), 409, "ticket-closed"
        )


def test_filters_and_order(live_server: LiveServer) -> None:
    agent = live_server.create_user("agent")
    customer = live_server.create_user()
    a = open_ticket(live_server, customer, "filter-a")
    b = open_ticket(live_server, customer, "filter-b")
    c_ = open_ticket(live_server, customer, "filter-c")
    send(live_server, agent, b["id"], "answer")  # waiting on customer now
    with live_server.client(agent) as c:
        c.post(f"/tickets/{c_['id']}/close")
        c.patch(f"/tickets/{a['id']}", json={"assignee_id": agent.id}, headers={"If-Match": "1"})

        def ids(**params: str) -> list[int]:
            r = c.get("/tickets", params={"q": "filter-", **params})
            assert r.status_code == 200, r.text
            return [t["id"] for t in r.json()["items"]]

        assert ids() == [c_["id"], b["id"], a["id"]]
        assert ids(status="done") == [c_["id"]]
        assert ids(status="on_customer") == [b["id"], a["id"]]
        assert ids(waiting_on="team") == [a["id"]]
        assert ids(waiting_on="customer") == [b["id"]]
        assert ids(assignee="me") == [a["id"]]
        assert ids(assignee=str(agent.id)) == [a["id"]]
        assert ids(assignee="none") == [c_["id"], b["id"]]
        for bad in ({"status": "open"}, {"assignee": "someone"}, {"waiting_on": "x"}):
            assert_problem(c.get("/tickets", params=bad), 422, "validation")


def test_search_is_case_insensitive_for_cyrillic(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    t = open_ticket(live_server, customer, "СРОЧНО: бот молчит в Telegram")
    open_ticket(live_server, customer, "100% off_by_one")
    with live_server.client(customer) as c:

        def found(q: str) -> list[str]:
            return [x["title"] for x in c.get("/tickets", params={"q": q}).json()["items"]]

        assert found("срочно") == [t["title"]]
        assert found("БОТ МОЛЧИТ") == [t["title"]]
        assert found("telegram") == [t["title"]]
        assert found("100%") == ["100% off_by_one"]
        assert found("f_b") == ["100% off_by_one"]
        assert found("%") == ["100% off_by_one"]
        assert found("_") == ["100% off_by_one"]
        assert found("nothing like this") == []
    assert t["urgent"] is True


def test_paging_with_cursors(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    made = [open_ticket(live_server, customer, f"page {i}")["id"] for i in range(5)]
    seen: list[int] = []
    cursor = None
    with live_server.client(customer) as c:
        while True:
            params: dict[str, str | int] = {"limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = c.get("/tickets", params=params).json()
            seen += [t["id"] for t in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == sorted(made, reverse=True)
        for bad in ("garbage", "eyJrIjoic2VxIiwidiI6MX0", "eyJrIjoiaWQiLCJ2IjotMX0", "%%%"):
            assert_problem(c.get("/tickets", params={"cursor": bad}), 422, "validation")
        assert_problem(c.get("/tickets", params={"limit": 1001}), 422, "validation")
        assert_problem(c.get("/tickets", params={"limit": 0}), 422, "validation")
        assert c.get("/tickets", params={"limit": 1000}).status_code == 200


def test_delta_sync_returns_changes_in_seq_order(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    first = open_ticket(live_server, customer, "delta one")
    second = open_ticket(live_server, customer, "delta two")
    with live_server.client(customer) as c:
        start = c.get("/tickets", params={"limit": 1}).json()["seq"]
    send(live_server, agent, first["id"], "reply to one")  # `first` now changed last
    with live_server.client(customer) as c:
        delta = c.get("/tickets", params={"since": start}).json()
        assert [t["id"] for t in delta["items"]] == [first["id"]]
        assert delta["seq"] >= delta["items"][0]["seq"] > start
        everything = c.get("/tickets", params={"since": 0}).json()["items"]
        assert [t["id"] for t in everything] == [second["id"], first["id"]]
        seqs = [t["seq"] for t in everything]
        assert seqs == sorted(seqs)
        # Paging in delta mode follows seq.
        page = c.get("/tickets", params={"since": 0, "limit": 1}).json()
        nxt = c.get("/tickets", params={"since": 0, "limit": 1, "cursor": page["next_cursor"]})
        assert [t["id"] for t in page["items"] + nxt.json()["items"]] == [second["id"], first["id"]]
        assert nxt.json()["next_cursor"] is None
        assert c.get("/tickets", params={"since": delta["seq"]}).json()["items"] == []
        assert_problem(c.get("/tickets", params={"since": -1}), 422, "validation")


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("Bot\tis silent", "control characters"),
        ("Bot is\nsilent", "control characters"),
        ("Bot \x07 silent", "control characters"),
        ("invoice \u202egpj.exe", "bidirectional override"),
        ("\u2066isolated\u2069 title", "bidirectional override"),
    ],
)
def test_titles_refuse_control_and_bidi_characters(
    live_server: LiveServer, title: str, reason: str
) -> None:
    customer = live_server.create_user()
    with live_server.client(customer) as c:
        r = c.post("/tickets", json={"title": title, "body": "Hello"})
    body = assert_problem(r, 422, "validation")
    assert body["detail"].startswith("body.title: must not contain ")
    assert reason in body["detail"]


def test_a_ticket_body_of_only_whitespace_is_422(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    with live_server.client(customer) as c:
        r = c.post("/tickets", json={"title": "Bot is silent", "body": "  \n\t "})
        kept = c.post("/tickets", json={"title": "Bot is silent", "body": "  spaced  "})
    body = assert_problem(r, 422, "validation")
    assert body["detail"].startswith("body.body: must not be blank")
    assert kept.status_code == 201, kept.text
