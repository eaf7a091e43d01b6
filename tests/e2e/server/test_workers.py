"""Several server processes on one PostgreSQL database (`desk-server serve` in child
processes): events, presence and the login limit cross them; `serve --workers 2`
answers on PostgreSQL and is refused on SQLite.

The PostgreSQL tests run when DESK_TEST_POSTGRES_URL is set (`.ci/postgres.sh`). The
servers keep the default 15 s ping interval, so an event that crossed only by a
stream's own poll would miss the 1 s the issue allows.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from desk.domain import Role
from desk.server.cli import main
from desk.server.db.engine import Database, utcnow
from desk.server.events.crossing import LISTENER_NAME
from desk.server.security import Passwords, issue_token
from desk.server.users import create_user
from tests.e2e.conftest import postgres_admin_url, postgres_database
from tests.e2e.server._helpers import SseReader
from tests.helpers.child_server import free_port
from tests.helpers.child_server import serving as serving_child

pytestmark = pytest.mark.e2e

PASSWORD = "a long password"
on_postgres = pytest.mark.skipif(
    postgres_admin_url() is None, reason="needs DESK_TEST_POSTGRES_URL (.ci/postgres.sh)"
)


@contextlib.contextmanager
def serving(
    database_url: str, data_dir: Path, *extra: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`desk-server serve` in a child process -> (process, API URL) once it answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "desk.server.cli", "serve", "--port", str(port)]
    cmd += ["--database", database_url, "--data-dir", str(data_dir), "--log-level", "warning"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    api = f"http://127.0.0.1:{port}/api/v1"
    with serving_child([*cmd, *extra], f"{api}/health", env) as proc:
        yield proc, api


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    headers: dict[str, str]


class Team:
    """Users made straight in the shared database (cheap password hashes)."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self._passwords = Passwords(1, 8, 1)

    def add(self, role: Role) -> Person:
        email = f"{role.value}-{uuid.uuid4().hex[:8]}@example.test"
        db = Database(self.url)
        try:
            with db.write(sequenced=False) as tx:
                now = utcnow().replace(microsecond=0)
                user = create_user(
                    tx.session, self._passwords, email=email, name=email.split("@")[0],
                    role=role, password=PASSWORD, now=now,
                    company="Co" if role is Role.CUSTOMER else None,
                )  # fmt: skip
                token = issue_token(tx.session, user.id, now, timedelta(days=1))
                return Person(user.id, email, {"Authorization": f"Bearer {token}"})
        finally:
            db.dispose()

    def listeners(self) -> int:
        return len(self.listener_pids())

    def listener_pids(self) -> list[int]:
        engine = create_engine(self.url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity "
                        "WHERE application_name = :name AND datname = current_database()"
                    ),
                    {"name": LISTENER_NAME},
                )
                return [pid for (pid,) in rows]
        finally:
            engine.dispose()

    def cut_listeners(self) -> None:
        """Ends the listening connections server-side, as a database restart would."""
        engine = create_engine(self.url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                for pid in self.listener_pids():
                    conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        finally:
            engine.dispose()


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[Team, Callable[[], str], Path]]:
    """(team, migrate-and-give-url, data dir): one fresh PostgreSQL database."""
    admin_url = postgres_admin_url()
    assert admin_url is not None
    with postgres_database(admin_url) as url:
        db = Database(url)
        try:
            db.upgrade()
        finally:
            db.dispose()
        yield Team(url), lambda: url, tmp_path / "data"


@contextlib.contextmanager
def two_servers(url: str, data_dir: Path) -> Iterator[tuple[str, str]]:
    with serving(url, data_dir) as (_, first), serving(url, data_dir) as (_, second):
        yield first, second


def _open_ticket(api: str, customer: Person) -> int:
    r = httpx.post(
        f"{api}/tickets", json={"title": "Across processes", "body": "hi"}, headers=customer.headers
    )
    assert r.status_code == 201, r.text
    ticket_id: int = r.json()["id"]
    return ticket_id


def _post(api: str, customer: Person, ticket_id: int, body: str) -> None:
    r = httpx.post(
        f"{api}/tickets/{ticket_id}/messages",
        json={"body": body},
        headers={**customer.headers, "Idempotency-Key": uuid.uuid4().hex},
    )
    assert r.status_code == 201, r.text


def _wait_for_message(reader: SseReader, body: str, timeout: float) -> float:
    """Seconds until the message with `body` came on the stream."""
    start = time.monotonic()
    while True:
        event = reader.next("message", timeout=timeout)
        if event.data["body"] == body:
            return time.monotonic() - start


@on_postgres
def test_a_message_posted_through_one_process_reaches_a_stream_on_the_other(
    shared: tuple[Team, Callable[[], str], Path],
) -> None:
    team, url, data_dir = shared
    agent, customer = team.add(Role.AGENT), team.add(Role.CUSTOMER)
    with two_servers(url(), data_dir) as (first, second):
        assert team.listeners() == 2  # one listening connection per process
        ticket_id = _open_ticket(second, customer)
        timeout = httpx.Timeout(5, read=3)
        with httpx.stream("GET", f"{first}/events", headers=agent.headers, timeout=timeout) as r:
            reader = SseReader(r)
            assert reader.next(":").data == "connected"
            for n in range(3):
                _post(second, customer, ticket_id, f"crossing {n}")
                assert _wait_for_message(reader, f"crossing {n}", timeout=1) < 1.0

            # The listening connections drop (say the database restarted): they come
            # back, and a message sent meanwhile still arrives promptly.
            before = team.listener_pids()
            team.cut_listeners()
            _post(second, customer, ticket_id, "after the cut")
            assert _wait_for_message(reader, "after the cut", timeout=3) < 3.0
            deadline = time.monotonic() + 10
            while not (team.listeners() == 2 and not set(team.listener_pids()) & set(before)):
                assert time.monotonic() < deadline, "the listeners did not reconnect"
                time.sleep(0.05)
            _post(second, customer, ticket_id, "reconnected")
            assert _wait_for_message(reader, "reconnected", timeout=1) < 1.0


@on_postgres
def test_presence_set_on_one_process_is_seen_on_the_other(
    shared: tuple[Team, Callable[[], str], Path],
) -> None:
    team, url, data_dir = shared
    watcher, viewer, customer = team.add(Role.AGENT), team.add(Role.AGENT), team.add(Role.CUSTOMER)
    with two_servers(url(), data_dir) as (first, second):
        ticket_id = _open_ticket(first, customer)
        timeout = httpx.Timeout(5, read=3)
        with httpx.stream("GET", f"{first}/events", headers=watcher.headers, timeout=timeout) as r:
            reader = SseReader(r)
            assert reader.next(":").data == "connected"
            r2 = httpx.post(
                f"{second}/tickets/{ticket_id}/presence",
                json={"state": "typing"},
                headers=viewer.headers,
            )
            assert r2.status_code == 204, r2.text
            pushed = reader.next("presence", timeout=1).data  # pushed across
            assert pushed["ticket_id"] == ticket_id and pushed["agent"]["id"] == viewer.id
            assert pushed["state"] == "typing"
        # A stream opened later on the first process starts with it (from the database).
        with httpx.stream("GET", f"{first}/events", headers=watcher.headers, timeout=timeout) as r:
            reader = SseReader(r)
            assert reader.next(":").data == "connected"
            listed = reader.next("presence").data
            assert (listed["ticket_id"], listed["agent"]["id"]) == (ticket_id, viewer.id)
        httpx.post(
            f"{first}/tickets/{ticket_id}/presence", json={"state": "left"}, headers=viewer.headers
        ).raise_for_status()
        with httpx.stream("GET", f"{second}/events", headers=watcher.headers, timeout=timeout) as r:
            reader = SseReader(r)
            assert reader.next(":").data == "connected"
            with pytest.raises(httpx.ReadTimeout):  # nothing listed: the agent left
                reader.next("presence", timeout=1)


@on_postgres
def test_the_login_limit_counts_across_processes(
    shared: tuple[Team, Callable[[], str], Path],
) -> None:
    team, url, data_dir = shared
    agent = team.add(Role.AGENT)
    with two_servers(url(), data_dir) as (first, second):
        wrong = {"email": agent.email, "password": "not the password"}
        codes = [
            httpx.post(f"{api}/auth/login", json=wrong).status_code for api in [first, second] * 3
        ]
        # Five failures a minute for one email, wherever they landed: the sixth is refused.
        assert codes == [401] * 5 + [429]
        right = {"email": agent.email, "password": PASSWORD}
        refused = httpx.post(f"{first}/auth/login", json=right)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


@on_postgres
def test_serve_with_two_workers_answers_on_postgresql(
    shared: tuple[Team, Callable[[], str], Path],
) -> None:
    team, url, data_dir = shared
    agent, customer = team.add(Role.AGENT), team.add(Role.CUSTOMER)
    with serving(url(), data_dir, "--workers", "2") as (proc, api):
        deadline = time.monotonic() + 30
        while team.listeners() < 2:  # both workers are up, each with its listener
            assert time.monotonic() < deadline, "two workers did not start"
            time.sleep(0.1)
        ticket_id = _open_ticket(api, customer)
        with httpx.Client(headers=agent.headers) as client:  # fresh connections spread
            for _ in range(10):
                assert httpx.get(f"{api}/tickets/{ticket_id}", headers=agent.headers).is_success
            assert client.get(f"{api}/me").json()["id"] == agent.id
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    assert team.listeners() == 0


def test_serve_refuses_several_workers_on_sqlite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--database", str(tmp_path / "one.db"), "--data-dir", str(tmp_path / "data")]
    assert main(["serve", "--workers", "2", *args]) == 2
    error = capsys.readouterr().err
    assert "several workers need PostgreSQL" in error and "\n" not in error.strip()
    assert not (tmp_path / "one.db").exists()  # refused before touching anything
    assert main(["serve", "--workers", "0", *args]) == 2
    error = capsys.readouterr().err  # the settings' sentence, naming the flag
    assert "--workers" in error and "greater than or equal to 1" in error
