"""Schema migrations, SQLite settings, and the change sequence under concurrency."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from desk.server.config import database_url_for
from desk.server.db.engine import Database
from desk.server.db.models import Base, Event, Message
from desk.server.events import log as event_log
from tests.e2e.conftest import LiveServer, postgres_admin_url, postgres_database, test_settings
from tests.e2e.server._helpers import open_ticket

pytestmark = pytest.mark.e2e


def _database_urls(tmp_path: Path) -> Iterator[str]:
    yield database_url_for(str(tmp_path / "m.db"))
    admin_url = postgres_admin_url()
    if admin_url:
        with postgres_database(admin_url) as url:
            yield url


def test_migrations_match_the_models_and_rerun_safely(tmp_path: Path) -> None:
    """On SQLite, and on PostgreSQL too when DESK_TEST_POSTGRES_URL is set."""
    for url in _database_urls(tmp_path):
        _check_migrations(url)


def _check_migrations(url: str) -> None:
    db = Database(url)
    try:
        db.upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        with db.write(sequenced=True) as tx:
            assert tx.next_seq() == 1
        db.upgrade()  # already at head: nothing changes, nothing is lost
        with db.read() as session:
            assert session.execute(text("SELECT seq FROM counters")).scalar_one() == 1
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "0002"
    finally:
        db.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = Database(database_url_for(str(tmp_path / "p.db")))
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    finally:
        db.dispose()


def test_concurrent_writers_get_distinct_increasing_seqs(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    agents = [live_server.create_user("agent") for _ in range(6)]
    t = open_ticket(live_server, customer)
    errors: list[str] = []

    def post_many(agent: object) -> None:
        with live_server.client(agent) as c:  # type: ignore[arg-type]
            for i in range(10):
                r = c.post(
                    f"/tickets/{t['id']}/messages",
                    json={"body": f"m{i}", "internal": bool(i % 2)},
                    headers={"Idempotency-Key": str(uuid.uuid4())},
                )
                if r.status_code != 201:
                    errors.append(r.text)

    threads = [threading.Thread(target=post_many, args=(a,)) for a in agents]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    with live_server.context.db.read() as session:
        seqs = list(
            session.execute(
                select(Message.seq).where(Message.ticket_id == t["id"]).order_by(Message.id)
            ).scalars()
        )
        event_seqs = list(session.execute(select(Event.seq).order_by(Event.seq)).scalars())
    assert len(seqs) == 61 and seqs == sorted(seqs) and len(set(seqs)) == 61
    # Every seq handed out has exactly one event: no gaps, no duplicates.
    assert event_seqs == list(range(event_seqs[0], event_seqs[0] + len(event_seqs)))
    with live_server.client(agents[0]) as c:
        final = c.get(f"/tickets/{t['id']}").json()
    assert final["message_count"] == 61 and final["seq"] == max(event_seqs)


def test_event_log_is_trimmed_by_age(tmp_path: Path) -> None:
    settings = test_settings(tmp_path, event_retention_age=timedelta(days=7))
    db = Database(settings.database_url)
    try:
        db.upgrade()
        now = datetime.now(UTC)
        with db.write() as tx:
            for age_days in (30, 20, 1):
                seq = tx.next_seq()
                event_log.record(
                    tx, kind="ticket", seq=seq, ticket_id=1, now=now - timedelta(days=age_days)
                )
            tx.session.execute(text("UPDATE counters SET seq = 998"))
            tx.session.expire_all()
        with db.write() as tx:  # hands out 999 and 1000: the age check runs
            for _ in range(2):
                event_log.record(tx, kind="ticket", seq=tx.next_seq(), ticket_id=1, now=now)
            event_log.maybe_trim(tx, settings, now)
        with db.read() as session:
            left = list(session.execute(select(Event.seq).order_by(Event.seq)).scalars())
            trimmed = session.execute(text("SELECT trimmed_through FROM counters")).scalar()
        assert left == [3, 999, 1000] and trimmed == 2
    finally:
        db.dispose()
