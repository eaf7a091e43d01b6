"""`desk-server` commands: create-user, migrate, serve."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desk.server.cli import main
from tests.helpers.child_server import free_port, serving

pytestmark = pytest.mark.e2e


def _args(tmp_path: Path) -> list[str]:
    return ["--database", str(tmp_path / "cli.db"), "--data-dir", str(tmp_path / "data")]


def test_create_user_reads_the_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    argv = ["create-user", *_args(tmp_path), "--email", "Ann@Example.test", "--name", "Ann"]
    code = main([*argv, "--role", "admin", "--password-stdin"])
    assert code == 0
    assert "created admin ann@example.test" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    assert main([*argv, "--role", "agent", "--password-stdin"]) == 1  # duplicate email
    assert "already exists" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    other = ["create-user", *_args(tmp_path), "--email", "b@example.test", "--name", "B"]
    assert main([*other, "--role", "customer", "--password-stdin"]) == 2


def test_migrate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", *_args(tmp_path)]) == 0
    first = capsys.readouterr().out
    assert first.startswith("created the schema (revision ") and "up to date" not in first
    assert main(["migrate", *_args(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("the schema is up to date (revision ")


def _add_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, email: str, role: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSWORD}\n"))
    argv = ["create-user", *_args(tmp_path), "--email", email, "--name", email.split("@")[0]]
    assert main([*argv, "--role", role, "--password-stdin"]) == 0


PASSWORD = "a long password"


@contextlib.contextmanager
def _serving(tmp_path: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`desk-server serve` in a child process, once it answers /health."""
    cmd = [sys.executable, "-m", "desk.server.cli", "serve", "--port", str(port), *_args(tmp_path)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    with serving(cmd, f"http://127.0.0.1:{port}/api/v1/health", env) as proc:
        yield proc


def _login(port: int, email: str) -> str:
    r = httpx.post(
        f"http://127.0.0.1:{port}/api/v1/auth/login", json={"email": email, "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    token: str = r.json()["token"]
    return token


def test_serve_starts_a_working_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    _add_user(tmp_path, monkeypatch, "a@example.test", "agent")
    with _serving(tmp_path, port):
        r = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/login",
            json={"email": "a@example.test", "password": PASSWORD},
        )
        assert r.status_code == 200 and r.json()["user"]["role"] == "agent"


def test_sigterm_ends_open_streams_with_a_retry_hint_and_exits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    _add_user(tmp_path, monkeypatch, "a@example.test", "agent")
    with _serving(tmp_path, port) as proc:
        headers = {"Authorization": f"Bearer {_login(port, 'a@example.test')}"}
        url = f"http://127.0.0.1:{port}/api/v1/events"
        with httpx.stream("GET", url, headers=headers, timeout=httpx.Timeout(15)) as response:
            lines = response.iter_lines()
            assert next(lines) == ": connected"
            proc.send_signal(signal.SIGTERM)
            stopped_at = time.monotonic()
            rest = list(lines)  # until the server closes the stream (or the read times out)
        assert any(line.startswith("retry: ") for line in rest), rest
        code = proc.wait(max(0.1, stopped_at + 10 - time.monotonic()))
        assert code == 0


def test_the_client_resumes_across_a_restart_without_losing_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk.client.api import ApiClient, ConnectionState, MessageEvent, StreamStateChanged

    port = free_port()
    _add_user(tmp_path, monkeypatch, "a@example.test", "agent")
    _add_user(tmp_path, monkeypatch, "c@example.test", "customer")
    root = f"http://127.0.0.1:{port}"
    bodies: list[str] = []

    async def next_message(stream: Any) -> str:
        async with asyncio.timeout(30):
            async for event in stream:
                if isinstance(event, MessageEvent):
                    bodies.append(event.message.body)
                    return event.message.body
        raise AssertionError("the stream ended")

    async def connected(stream: Any) -> None:
        async with asyncio.timeout(30):
            async for event in stream:
                if isinstance(event, StreamStateChanged):
                    if event.state is ConnectionState.CONNECTED:
                        return
                elif isinstance(event, MessageEvent):
                    bodies.append(event.message.body)
        raise AssertionError("the stream ended")

    async def go() -> None:
        first = _serving(tmp_path, port)
        proc = first.__enter__()
        async with ApiClient(root) as agent, ApiClient(root) as customer:
            await agent.login("a@example.test", PASSWORD)
            await customer.login("c@example.test", PASSWORD)
            ticket = await customer.create_ticket("Across a restart", "hello")
            async with agent.events() as stream:
                await connected(stream)
                await customer.send_message(ticket.id, "before", idempotency_key="k1")
                assert await next_message(stream) == "before"
                position = stream.last_event_id
                proc.send_signal(signal.SIGTERM)
                assert await asyncio.to_thread(proc.wait, 10) == 0
                first.__exit__(None, None, None)
                with _serving(tmp_path, port):
                    # Likely before the client is back: it comes by Last-Event-ID replay.
                    await customer.send_message(ticket.id, "while away", idempotency_key="k2")
                    await connected(stream)
                    await customer.send_message(ticket.id, "after", idempotency_key="k3")
                    while bodies[-1] != "after":
                        await next_message(stream)
                    # The delta since the last id seen before the restart is complete too.
                    assert position is not None
                    page = await agent.list_tickets(since=int(position))
                    assert [t.id for t in page.items] == [ticket.id]
                    assert page.items[0].message_count == 4
        assert bodies == ["before", "while away", "after"]

    asyncio.run(go())


def test_seed_demo_loads_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["seed-demo", *_args(tmp_path), "--tickets", "25"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "25 tickets" in out and "agent@demo.desk" in out
    assert main(argv) == 0
    assert "already loaded" in capsys.readouterr().out


def test_seeded_data_is_served(make_live_server: Any) -> None:
    from desk.demo.content import DEMO_AGENT_EMAIL, DEMO_PASSWORD
    from desk.demo.seeding import seed_demo

    server = make_live_server()
    result = seed_demo(server.context, ticket_count=40)
    assert result is not None and result.tickets == 40
    login = httpx.post(
        f"{server.api}/auth/login", json={"email": DEMO_AGENT_EMAIL, "password": DEMO_PASSWORD}
    )
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    page = httpx.get(f"{server.api}/tickets", params={"limit": 1000}, headers=headers).json()
    items = page["items"]
    assert len(items) == 40 and page["seq"] >= max(t["seq"] for t in items)
    done = [t for t in items if t["status"] == "done"]
    assert all(t["waiting_on"] is None and t["due_at"] is None for t in done)
    open_team = [t for t in items if t["waiting_on"] == "team"]
    assert all(t["due_at"] is not None for t in open_team)
    with_files = httpx.get(
        f"{server.api}/tickets/{items[0]['id']}/messages", headers=headers
    ).json()["items"]
    assert with_files and with_files[0]["author"]["role"] == "customer"
