"""`desk-server` commands: create-user, migrate, serve."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from desk.server.cli import main

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
    assert main(["migrate", *_args(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_serve_starts_a_working_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    argv = ["create-user", *_args(tmp_path), "--email", "a@example.test", "--name", "A"]
    assert main([*argv, "--role", "agent", "--password-stdin"]) == 0
    cmd = [sys.executable, "-m", "desk.server.cli", "serve", "--port", str(port), *_args(tmp_path)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)
        r = httpx.post(
            f"{base}/auth/login", json={"email": "a@example.test", "password": "a long password"}
        )
        assert r.status_code == 200 and r.json()["user"]["role"] == "agent"
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stderr:
            proc.stderr.close()


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
