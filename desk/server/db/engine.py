"""Engine, sessions and the write transaction that hands out change sequence numbers.

SQLite: WAL, foreign keys, busy timeout; every write transaction holds a
process-wide lock and starts with BEGIN IMMEDIATE, so writers queue instead of
failing with "database is locked". PostgreSQL: sequenced writes lock the counter
row (SELECT ... FOR UPDATE), so commit order equals `seq` order there too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from desk.server.db.models import Counter


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    connect_args = {"check_same_thread": False, "timeout": 30}
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args=connect_args, pool_size=8, max_overflow=56, pool_timeout=60
        )
    else:
        # In-memory: one shared connection; for tooling (e.g. building the OpenAPI
        # document), not for serving concurrent requests.
        engine = create_engine(url, connect_args=connect_args, poolclass=StaticPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (see _on_begin); pysqlite's own handling is off.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "busy_timeout=30000",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("desk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class WriteTx:
    """One write transaction. `next_seq()` hands out global change numbers."""

    def __init__(self, session: Session, sequenced: bool) -> None:
        self.session = session
        self._sequenced = sequenced
        self._counter: Counter | None = None
        self.first_seq: int | None = None
        self.last_seq: int | None = None

    def _lock_counter(self) -> Counter:
        if self._counter is None:
            self._counter = self.session.execute(
                select(Counter).where(Counter.id == 1).with_for_update()
            ).scalar_one()
        return self._counter

    def begin(self) -> None:
        if self._sequenced:
            self._lock_counter()

    def next_seq(self) -> int:
        counter = self._lock_counter()
        counter.seq += 1
        value: int = counter.seq
        if self.first_seq is None:
            self.first_seq = value
        self.last_seq = value
        return value


def libpq_url(database_url: str | URL, *, with_password: bool = True) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL (no `+psycopg` driver part), for
    psycopg's own connections and for pg_dump/pg_restore."""
    url = make_url(database_url).set(drivername="postgresql")
    if not with_password:  # URL.set(password=None) would keep it: None means "unchanged"
        url = url._replace(password=None)
    return url.render_as_string(hide_password=False)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.engine = _sqlite_engine(url)
        else:
            self.engine = create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True)
        self._write_engine = self.engine.execution_options(desk_write=True)
        self._write_lock = threading.Lock() if self.is_sqlite else None
        # Called with the last seq after every commit that handed out sequence numbers.
        self.on_sequenced_commit: Callable[[int], None] | None = None
        # Called inside such a transaction just before it commits (announces it to
        # other processes, which then hear of it exactly when it is committed).
        self.before_sequenced_commit: Callable[[Session, int], None] | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self, *, sequenced: bool = True) -> Iterator[WriteTx]:
        """A write transaction; with `sequenced`, writers are serialized on the counter."""
        lock = self._write_lock
        if lock is not None:
            lock.acquire()
        try:
            with Session(self._write_engine, expire_on_commit=False) as session:
                with session.begin():
                    tx = WriteTx(session, sequenced)
                    tx.begin()
                    yield tx
                    if tx.last_seq is not None and self.before_sequenced_commit is not None:
                        self.before_sequenced_commit(session, tx.last_seq)
                if tx.last_seq is not None and self.on_sequenced_commit is not None:
                    self.on_sequenced_commit(tx.last_seq)
        finally:
            if lock is not None:
                lock.release()

    def upgrade(self) -> None:
        """Bring the schema to the newest migration; migrations never drop data."""
        config = Config()
        # Alembic reads its scripts from a real directory: the installed package's one.
        with (
            as_file(files("desk.server.db.migrations")) as migrations,
            self._write_engine.begin() as connection,
        ):
            config.set_main_option("script_location", str(migrations))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def schema_revisions(self) -> frozenset[str]:
        """The migration revision(s) the database is at; empty before the first upgrade."""
        with self.engine.connect() as connection:
            return frozenset(MigrationContext.configure(connection).get_current_heads())

    def dispose(self) -> None:
        self.engine.dispose()
