"""The real reference server over real HTTP, for end-to-end tests.

Fixtures
- ``live_server`` (module scope): uvicorn on 127.0.0.1 with a temp SQLite file and a
  temp data dir. ``.url`` (root), ``.api`` (``<url>/api/v1``), ``.settings``,
  ``.create_user(role, ...)`` -> ``TestUser`` with a ready ``token``/``headers``,
  ``.client(user)`` -> an ``httpx.Client`` on ``.api`` signed in as ``user``.
- ``make_live_server(**settings_overrides)`` (function scope): a fresh server with
  changed settings (e.g. ``sse_ping_interval=0.2``); stopped after the test.
- ``live_server_under(root)``: the same as a context manager, for other scopes.
- ``isolated`` and ``keep_the_palette``, for tests of the app itself: its user folders
  and settings in ``tmp_path``; the application palette put back afterwards. The rest of
  the app harness is in ``tests.helpers.app_harness``.

Each test makes its own users, so tests sharing a module-scoped server stay apart.

PostgreSQL: set ``DESK_TEST_POSTGRES_URL`` to an admin URL (e.g.
``postgresql+psycopg://desk@/postgres?host=/tmp/pg``; ``.ci/postgres.sh`` makes a
throwaway cluster and sets it) and every server gets a fresh database there instead of
SQLite. The database belongs to the fixture, not to the server: a test may stop a server
and start another on ``first.settings`` (a restart) and find its data; the fixture drops
the database after the test. The session checks up front that the URL answers, the
report header names the database in use, and every server is checked to run on it, so
a PostgreSQL run cannot quietly become a SQLite one.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from desk.domain import Role
from desk.server.config import Settings, database_url_for
from desk.server.embedded import RunningServer, start_server
from desk.server.security import issue_token
from desk.server.users import create_user

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

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


def postgres_admin_url() -> str | None:
    """The PostgreSQL admin URL the e2e tests run against, or None for SQLite."""
    return os.environ.get(POSTGRES_ENV) or None


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A new empty database on the server of `admin_url` for the life of the block.

    It is dropped at the end, connections still open to it or not."""
    name = f"desk_e2e_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@contextmanager
def server_database(root: Path) -> Iterator[str]:
    """The database URL for a test server under `root`, alive for the block: a SQLite
    file in `root`, or a fresh PostgreSQL database when DESK_TEST_POSTGRES_URL is set.
    Servers started on it, stopped and started again (a restart) find their data."""
    admin_url = postgres_admin_url()
    if admin_url is None:
        yield database_url_for(str(root / "desk.db"))
    else:
        with postgres_database(admin_url) as url:
            yield url


def pytest_report_header() -> str:
    admin_url = postgres_admin_url()
    if admin_url is None:
        return "e2e database: SQLite (set DESK_TEST_POSTGRES_URL for PostgreSQL)"
    return f"e2e database: PostgreSQL at {make_url(admin_url).render_as_string()}"


@pytest.fixture(scope="session", autouse=True)
def _e2e_database_answers() -> None:
    """With DESK_TEST_POSTGRES_URL set, a PostgreSQL that does not answer ends the run at
    the first e2e test, saying why, rather than failing every test."""
    admin_url = postgres_admin_url()
    if admin_url is None:
        return
    try:
        engine = create_engine(admin_url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                dialect = conn.dialect.name
                conn.exec_driver_sql("SELECT 1")
        finally:
            engine.dispose()
    except Exception as exc:
        pytest.exit(f"{POSTGRES_ENV}={admin_url!r} does not work: {exc}", returncode=3)
    if dialect != "postgresql":
        pytest.exit(f"{POSTGRES_ENV} must name a PostgreSQL server, not {dialect}", returncode=3)


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
    return base.replace(**overrides)


test_settings.__test__ = False  # type: ignore[attr-defined]


class LiveServer:
    def __init__(self, running: RunningServer) -> None:
        self.running = running
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
        """Idempotent, so a test may stop its server early. The database stays: it is
        the fixture's, so a server started on ``settings`` afterwards is a restart."""
        self.running.stop()


def start_live_server(root: Path, database_url: str, **overrides: Any) -> LiveServer:
    settings = test_settings(root, database_url=database_url, **overrides)
    server = LiveServer(start_server(settings))
    expected = "sqlite" if postgres_admin_url() is None else "postgresql"
    dialect = server.context.db.engine.dialect.name
    if dialect != expected:
        server.stop()
        raise AssertionError(f"the test server runs on {dialect}, not {expected}")
    return server


@contextmanager
def live_server_under(root: Path) -> Iterator[LiveServer]:
    """A server on a new database under `root` for the block (stopped, then dropped)."""
    with server_database(root) as url:
        server = start_live_server(root, url)
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server_under(tmp_path_factory.mktemp("server")) as server:
        yield server


@pytest.fixture
def make_live_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """make(**settings) -> a new server on a new database. Databases outlive their
    servers until the end of the test (servers first, then databases)."""
    started: list[LiveServer] = []
    with ExitStack() as databases:

        def make(**overrides: Any) -> LiveServer:
            root = tmp_path / f"server{len(started)}"
            url = databases.enter_context(server_database(root))
            server = start_live_server(root, url, **overrides)
            started.append(server)
            return server

        try:
            yield make
        finally:
            for server in started:
                server.stop()


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`tmp_path`, holding the app's user folders and settings for this test."""
    from tests.helpers.app_harness import isolate_profile  # Qt only for the app's tests

    return isolate_profile(tmp_path, monkeypatch)


@pytest.fixture
def keep_the_palette(qapp: QApplication) -> Iterator[None]:
    """DeskApp sets the application palette; other tests paint with the default one."""
    before = qapp.palette()
    yield
    qapp.setPalette(before)
