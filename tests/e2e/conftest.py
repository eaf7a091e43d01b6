"""The real reference server over real HTTP, for end-to-end tests.

Fixtures
- ``live_server`` (module scope): uvicorn on 127.0.0.1 with a temp SQLite file and a
  temp data dir. ``.url`` (root), ``.api`` (``<url>/api/v1``), ``.settings``,
  ``.create_user(role, ...)`` -> ``TestUser`` with a ready ``token``/``headers``,
  ``.client(user)`` -> an ``httpx.Client`` on ``.api`` signed in as ``user``.
- ``make_live_server(**settings_overrides)`` (function scope): a fresh server with
  changed settings (e.g. ``sse_ping_interval=0.2``); stopped after the test.

Each test makes its own users, so tests sharing a module-scoped server stay apart.

PostgreSQL: set ``DESK_TEST_POSTGRES_URL`` to an admin URL (e.g.
``postgresql+psycopg://desk@/postgres?host=/tmp/pg``) and every server gets a fresh
database there instead of SQLite; it is dropped when the server stops.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from desk.domain import Role
from desk.server.config import Settings, database_url_for
from desk.server.embedded import RunningServer, start_server
from desk.server.security import issue_token
from desk.server.users import create_user

DEFAULT_PASSWORD = "correct horse battery staple"
_serial = itertools.count(1)


@dataclass(frozen=True)
class TestUser:
    __test__ = False  # not a test class, despite the name

    id: int
    email: str
    name: str
    role: Role
    company: str | None
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


POSTGRES_ENV = "DESK_TEST_POSTGRES_URL"


def _postgres_database(admin_url: str) -> tuple[str, Callable[[], None]]:
    """A new empty database on the server of `admin_url`, and a function that drops it."""
    name = f"desk_e2e_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def test_settings(root: Path, **overrides: Any) -> Settings:
    """Settings for a throw-away server under ``root``: cheap argon2, quick pings."""
    base = Settings(
        database_url=database_url_for(str(root / "desk.db")),
        data_dir=root / "data",
        sse_ping_interval=1.0,
        argon2_time_cost=1,
        argon2_memory_kib=8,
        argon2_parallelism=1,
    )
    return replace(base, **overrides)


test_settings.__test__ = False  # type: ignore[attr-defined]


class LiveServer:
    def __init__(self, running: RunningServer, cleanup: Callable[[], None] | None = None) -> None:
        self.running = running
        self._cleanup = cleanup
        self.url = running.url
        self.api = running.api_url
        self.settings = running.settings
        self.context = running.context

    def create_user(
        self,
        role: Role | str = Role.CUSTOMER,
        *,
        name: str | None = None,
        email: str | None = None,
        company: str | None = None,
        password: str = DEFAULT_PASSWORD,
    ) -> TestUser:
        """A new user with a fresh token (straight in the database, no login call)."""
        role = Role(role)
        n = next(_serial)
        email = email or f"{role.value}{n}@example.test"
        name = name or f"{role.value.capitalize()} {n}"
        if company is None and role is Role.CUSTOMER:
            company = f"Company {n}"
        ctx = self.context
        with ctx.db.write(sequenced=False) as tx:
            user = create_user(
                tx.session,
                ctx.passwords,
                email=email,
                name=name,
                role=role,
                password=password,
                company=company,
                now=ctx.now(),
            )
            token = issue_token(tx.session, user.id, ctx.now(), self.settings.token_ttl)
            return TestUser(user.id, user.email, user.name, role, user.company, password, token)

    def client(self, user: TestUser | None = None, **kwargs: Any) -> httpx.Client:
        headers = dict(user.headers) if user is not None else {}
        kwargs.setdefault("timeout", 30)
        return httpx.Client(base_url=self.api, headers=headers, **kwargs)

    def stop(self) -> None:
        """Idempotent, so a test may stop its server early."""
        self.running.stop()
        if self._cleanup is not None:
            cleanup, self._cleanup = self._cleanup, None
            cleanup()


def start_live_server(root: Path, **overrides: Any) -> LiveServer:
    settings = test_settings(root, **overrides)
    cleanup = None
    admin_url = os.environ.get(POSTGRES_ENV)
    if admin_url:
        url, cleanup = _postgres_database(admin_url)
        settings = replace(settings, database_url=url)
    return LiveServer(start_server(settings), cleanup)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_live_server(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture
def make_live_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    started: list[LiveServer] = []

    def make(**overrides: Any) -> LiveServer:
        server = start_live_server(tmp_path / f"server{len(started)}", **overrides)
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()
