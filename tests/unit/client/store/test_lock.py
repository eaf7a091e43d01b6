"""One process per account cache: the lock beside the database, and a clean close."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desk.client.store import Store, StoreInUseError, StoreTooNewError, schema


def test_a_second_open_of_one_account_is_refused_with_a_sentence(db_path: Path) -> None:
    with Store(db_path) as first:
        first.save_draft(7, "half a reply")
        with pytest.raises(StoreInUseError) as refused:
            Store(db_path)
        assert refused.value.message == (
            "This account is already open in another Desk window. "
            "Switch to that window, or quit it and start Desk again."
        )
        assert first.draft(7) is not None  # the first one carries on untouched
    with Store(db_path) as again:  # closed: the account is free again
        assert again.draft(7) is not None


def test_another_process_cannot_open_an_open_account(db_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        from desk.client.store import Store, StoreInUseError
        try:
            Store({str(db_path)!r})
        except StoreInUseError as exc:
            print(exc.message)
            raise SystemExit(7)
        """
    )
    with Store(db_path):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
        )
    assert done.returncode == 7, done.stderr
    assert "already open in another Desk window" in done.stdout


def test_a_refused_open_leaves_the_account_unlocked(db_path: Path) -> None:
    Store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreTooNewError):
        Store(db_path)
    with pytest.raises(StoreTooNewError):  # not StoreInUseError: the lock went back
        Store(db_path)


def test_close_checkpoints_the_write_ahead_log(db_path: Path) -> None:
    store = Store(db_path)
    store.save_draft(3, "written before closing")
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the commit sits in the WAL
    store.close()
    assert not wal.exists()  # folded into the database and removed
    with sqlite3.connect(db_path) as conn:
        (count,) = conn.execute("SELECT count(*) FROM drafts").fetchone()
    conn.close()
    assert count == 1
