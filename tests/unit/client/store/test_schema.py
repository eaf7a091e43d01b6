import sqlite3
from pathlib import Path

import pytest

from desk.client.store import Store, StoreTooNewError, schema
from tests.helpers.tickets import make_ticket


def test_pragmas_and_version(store: Store, db_path: Path) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert schema.schema_version(conn) == len(schema.MIGRATIONS)
    assert db_path.exists()


def test_a_newer_file_is_refused_not_damaged(db_path: Path) -> None:
    Store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreTooNewError, match="newer version of Desk"):
        Store(db_path)


def test_forward_migration_runs_once_on_open_and_keeps_data(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db_path) as store:
        store.upsert_tickets([make_ticket(1, seq=5)])
        store.save_draft(1, "черновик")
    extra = ["ALTER TABLE tickets ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0"]
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, extra])
    with Store(db_path) as store:
        assert schema.schema_version(store._conn) == len(schema.MIGRATIONS)
        assert store._conn.execute("SELECT pinned FROM tickets").fetchall() == [(0,)]
        assert store.ticket(1) == make_ticket(1, seq=5)
        draft = store.draft(1)
        assert draft is not None and draft.text == "черновик"
    with Store(db_path) as store:  # already at the new version: nothing re-runs
        assert schema.schema_version(store._conn) == len(schema.MIGRATIONS)


def test_a_failing_migration_leaves_the_old_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(db_path).close()
    before = len(schema.MIGRATIONS)
    broken = ["CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL"]
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(sqlite3.OperationalError):
        Store(db_path)
    conn = sqlite3.connect(db_path)
    try:
        assert schema.schema_version(conn) == before
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "extra" not in tables
    finally:
        conn.close()


def test_for_account_uses_a_per_account_folder(tmp_path: Path) -> None:
    with Store.for_account("https://Desk.Example.com/", "Olga@Example.ru", root=tmp_path) as a:
        a.set_sync_seq(5)
    with Store.for_account("desk.example.com", "olga@example.ru", root=tmp_path) as same:
        assert same.sync_seq() == 5
    with Store.for_account("desk.example.com", "other@example.ru", root=tmp_path) as other:
        assert other.sync_seq() == 0
        assert other.path != same.path


def test_a_version_1_cache_learns_which_tickets_are_done(db_path: Path) -> None:
    from desk.client.store.tickets import _encode
    from tests.helpers.tickets import done_ticket

    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    for statement in schema.MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    tickets = [make_ticket(1, title='"status":"done"'), done_ticket(2), make_ticket(3)]
    conn.executemany(
        "INSERT INTO tickets (id, seq, data) VALUES (?, ?, ?)",
        [(t.id, t.seq, _encode(t)) for t in tickets],
    )
    conn.close()
    with Store(db_path) as store:
        assert store.load_tickets(done=False) == [tickets[2], tickets[0]]
        assert store.load_tickets(done=True) == [tickets[1]]
