"""Agents list and macros (admins manage them, all staff read them)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.server._helpers import assert_problem

pytestmark = pytest.mark.e2e


def test_agents_lists_staff_only(live_server: LiveServer) -> None:
    agent, admin = live_server.create_user("agent"), live_server.create_user("admin")
    customer = live_server.create_user()
    with live_server.client(agent) as c:
        items = c.get("/agents", params={"limit": 1000}).json()["items"]
        ids = {u["id"] for u in items}
        assert {agent.id, admin.id} <= ids and customer.id not in ids
        assert all(u["role"] in ("agent", "admin") for u in items)
        first = c.get("/agents", params={"limit": 1}).json()
        second = c.get("/agents", params={"limit": 1, "cursor": first["next_cursor"]}).json()
        assert first["items"][0]["id"] < second["items"][0]["id"]
        assert_problem(c.get("/agents", params={"cursor": "x"}), 422, "validation")


def test_macros_crud(live_server: LiveServer) -> None:
    admin, agent = live_server.create_user("admin"), live_server.create_user("agent")
    body = "Hello {{customer.name}}, ticket #{{ticket.id}}. — {{agent.name}}"
    with live_server.client(admin) as c:
        r = c.post("/macros", json={"title": "Greeting", "body": body})
        assert r.status_code == 201, r.text
        macro = r.json()
        assert macro["body"] == body and macro["title"] == "Greeting"
        r = c.patch(f"/macros/{macro['id']}", json={"title": "Hi"})
        assert r.json()["title"] == "Hi" and r.json()["body"] == body
        assert_problem(c.patch(f"/macros/{macro['id']}", json={"colour": 1}), 422, "validation")
        assert_problem(c.post("/macros", json={"title": "", "body": "x"}), 422, "validation")
        assert_problem(c.patch("/macros/999999", json={"title": "x"}), 404, "not-found")
    with live_server.client(agent) as c:
        listed = c.get("/macros").json()["items"]
        assert any(m["id"] == macro["id"] and m["title"] == "Hi" for m in listed)
        assert_problem(c.post("/macros", json={"title": "t", "body": "b"}), 403, "forbidden")
        assert_problem(c.patch(f"/macros/{macro['id']}", json={"title": "x"}), 403, "forbidden")
        assert_problem(c.delete(f"/macros/{macro['id']}"), 403, "forbidden")
    with live_server.client(admin) as c:
        assert c.delete(f"/macros/{macro['id']}").status_code == 204
        assert_problem(c.delete(f"/macros/{macro['id']}"), 404, "not-found")
        assert all(m["id"] != macro["id"] for m in c.get("/macros").json()["items"])
