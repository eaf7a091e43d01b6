"""Sign-in, tokens, the rate limit, and the unauthenticated endpoints."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from desk.server.db.models import Token
from desk.server.security import hash_token
from tests.e2e.conftest import LiveServer
from tests.e2e.server._helpers import assert_problem

pytestmark = pytest.mark.e2e


def test_health_and_openapi_need_no_token(live_server: LiveServer) -> None:
    assert httpx.get(f"{live_server.api}/health").json() == {"status": "ok"}
    assert httpx.get(f"{live_server.url}/health").json() == {"status": "ok"}
    for url in (f"{live_server.url}/openapi.json", f"{live_server.api}/openapi.json"):
        doc = httpx.get(url).json()
        assert "/api/v1/tickets" in doc["paths"]
        errors = doc["paths"]["/api/v1/tickets"]["get"]["responses"]["422"]["content"]
        assert list(errors) == ["application/problem+json"]


def test_login_returns_a_working_token(live_server: LiveServer) -> None:
    user = live_server.create_user("agent", email="Mixed.Case@Example.test")
    r = httpx.post(
        f"{live_server.api}/auth/login",
        json={"email": "  mixed.case@example.TEST", "password": user.password},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"] == {
        "id": user.id,
        "name": user.name,
        "email": "mixed.case@example.test",
        "role": "agent",
        "company": None,
    }
    me = httpx.get(f"{live_server.api}/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["id"] == user.id


def test_wrong_password_and_unknown_email_are_401(live_server: LiveServer) -> None:
    user = live_server.create_user()
    for email, password in ((user.email, "wrong password"), ("nobody@example.test", "x")):
        r = httpx.post(f"{live_server.api}/auth/login", json={"email": email, "password": password})
        assert_problem(r, 401, "unauthorized")


def test_more_than_five_failures_a_minute_is_429(live_server: LiveServer) -> None:
    user = live_server.create_user()
    url = f"{live_server.api}/auth/login"
    for _ in range(5):
        assert httpx.post(url, json={"email": user.email, "password": "nope"}).status_code == 401
    # Blocked now, even with the right password; other emails are unaffected.
    r = httpx.post(url, json={"email": user.email, "password": user.password})
    assert_problem(r, 429, "rate-limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    other = live_server.create_user()
    ok = httpx.post(url, json={"email": other.email, "password": other.password})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    "header",
    [None, "Bearer forged-token", "Basic dXNlcjpwYXNz", "Bearer", "Token abc"],
)
def test_missing_or_forged_tokens_are_401(live_server: LiveServer, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    r = httpx.get(f"{live_server.api}/tickets", headers=headers)
    body = assert_problem(r, 401, "unauthorized")
    assert r.headers["WWW-Authenticate"] == "Bearer"
    assert body["detail"]


def test_expired_token_is_401(live_server: LiveServer) -> None:
    user = live_server.create_user()
    ctx = live_server.context
    with ctx.db.write(sequenced=False) as tx:
        token = tx.session.query(Token).filter_by(token_hash=hash_token(user.token)).one()
        token.expires_at = ctx.now() - timedelta(seconds=1)
    r = httpx.get(f"{live_server.api}/me", headers=user.headers)
    assert_problem(r, 401, "unauthorized")


def test_logout_ends_only_that_token(live_server: LiveServer) -> None:
    user = live_server.create_user()
    login = httpx.post(
        f"{live_server.api}/auth/login", json={"email": user.email, "password": user.password}
    )
    second = {"Authorization": f"Bearer {login.json()['token']}"}
    r = httpx.post(f"{live_server.api}/auth/logout", headers=user.headers)
    assert r.status_code == 204
    assert_problem(httpx.get(f"{live_server.api}/me", headers=user.headers), 401, "unauthorized")
    assert httpx.get(f"{live_server.api}/me", headers=second).status_code == 200


def test_login_body_is_validated(live_server: LiveServer) -> None:
    url = f"{live_server.api}/auth/login"
    assert_problem(httpx.post(url, json={"email": "a@b.c"}), 422, "validation")
    r = httpx.post(url, json={"email": "a@b.c", "password": "x", "remember": True})
    body = assert_problem(r, 422, "validation")
    assert body["errors"][0]["loc"] == ["body", "remember"]
    r = httpx.post(url, content=b'{"email": ', headers={"Content-Type": "application/json"})
    assert_problem(r, 422, "validation")


def test_unknown_routes_and_methods_are_problems(live_server: LiveServer) -> None:
    assert_problem(httpx.get(f"{live_server.api}/nothing-here"), 404, "not-found")
    r = httpx.delete(f"{live_server.api}/health")
    assert_problem(r, 405, "method-not-allowed")


def test_oversized_json_body_is_413(live_server: LiveServer) -> None:
    user = live_server.create_user()
    big = b'{"title": "x", "body": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    with live_server.client(user) as c:
        r = c.post("/tickets", content=big, headers={"Content-Type": "application/json"})
    assert_problem(r, 413, "payload-too-large")


def test_me_for_each_role(live_server: LiveServer) -> None:
    for role in ("customer", "agent", "admin"):
        user = live_server.create_user(role)
        with live_server.client(user) as c:
            body = c.get("/me").json()
        assert body["role"] == role and body["email"] == user.email


def test_many_emails_from_one_address_are_429(make_live_server: Any) -> None:
    server = make_live_server(login_address_failure_limit=4)
    user = server.create_user()
    url = f"{server.api}/auth/login"
    for n in range(4):
        r = httpx.post(url, json={"email": f"guess{n}@example.test", "password": "x"})
        assert_problem(r, 401, "unauthorized")
    # Another new email, and even a right password, from the same address: blocked.
    for email, password in (("guess-new@example.test", "x"), (user.email, user.password)):
        r = httpx.post(url, json={"email": email, "password": password})
        body = assert_problem(r, 429, "rate-limited")
        assert "from this address" in body["detail"]
        assert 1 <= int(r.headers["Retry-After"]) <= 60


def test_a_success_does_not_count_against_the_address(make_live_server: Any) -> None:
    server = make_live_server(login_address_failure_limit=2)
    user = server.create_user()
    url = f"{server.api}/auth/login"
    for _ in range(3):
        ok = httpx.post(url, json={"email": user.email, "password": user.password})
        assert ok.status_code == 200, ok.text
    assert_problem(
        httpx.post(url, json={"email": "a@example.test", "password": "x"}), 401, "unauthorized"
    )
