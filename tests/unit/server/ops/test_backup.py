"""backup/restore: what they refuse, and what --force replaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.domain import Role
from desk.server.app import build_context
from desk.server.config import Settings
from desk.server.ops.backup import BackupError, Manifest, backup, restore
from desk.server.users import create_user
from tests.unit.server.ops.conftest import quick_settings


def _server_with(settings: Settings, email: str, attachment: bytes) -> None:
    """A migrated database with one user, and one stored file."""
    ctx = build_context(settings)
    try:
        ctx.db.upgrade()
        with ctx.db.write(sequenced=False) as tx:
            create_user(
                tx.session,
                ctx.passwords,
                email=email,
                name="Ann",
                role=Role.AGENT,
                password="a long password",
                company=None,
                now=ctx.now(),
            )
        ctx.media.save(attachment)
    finally:
        ctx.db.dispose()


def _emails(settings: Settings) -> list[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT email FROM users")).scalars())
    finally:
        engine.dispose()


def test_backup_copies_database_and_media_and_writes_a_manifest(tmp_path: Path) -> None:
    settings = quick_settings(tmp_path / "live")
    _server_with(settings, "ann@example.test", b"attached bytes")
    manifest = backup(settings, tmp_path / "b")
    assert manifest == Manifest.read(tmp_path / "b")
    assert manifest.database == "sqlite" and manifest.media_files == 1
    assert manifest.media_bytes == len(b"attached bytes")
    copied = [p for p in (tmp_path / "b" / "media").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in copied] == [b"attached bytes"]
    with pytest.raises(BackupError, match="not empty"):
        backup(settings, tmp_path / "b")


def test_restore_refuses_a_database_with_data_unless_forced(tmp_path: Path) -> None:
    old = quick_settings(tmp_path / "old")
    _server_with(old, "old@example.test", b"old file")
    backup(old, tmp_path / "b")
    other = quick_settings(tmp_path / "other")
    _server_with(other, "other@example.test", b"other file")
    with pytest.raises(BackupError, match="only with --force"):
        restore(other, tmp_path / "b")
    assert _emails(other) == ["other@example.test"]  # untouched
    restore(other, tmp_path / "b", force=True)
    assert _emails(other) == ["old@example.test"]
    files = [p.read_bytes() for p in other.media_dir.rglob("*") if p.is_file()]
    assert files == [b"old file"]  # the other server's file went with its database


def test_restore_needs_a_backup_of_the_same_kind(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no Desk backup"):
        restore(quick_settings(tmp_path), tmp_path)
    settings = quick_settings(tmp_path / "live")
    _server_with(settings, "ann@example.test", b"x")
    backup(settings, tmp_path / "b")
    postgres = settings.replace(database_url="postgresql+psycopg://desk@/desk?host=/nowhere")
    with pytest.raises(BackupError, match="holds a sqlite database, but the configured"):
        restore(postgres, tmp_path / "b")


def test_without_pg_dump_a_postgres_backup_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda _name: None)  # a machine without the client
    settings = quick_settings(tmp_path, database_url="postgresql+psycopg://desk:pw@db/desk")
    with pytest.raises(BackupError, match="pg_dump is not installed") as caught:
        backup(settings, tmp_path / "b")
    assert "apt install postgresql-client" in str(caught.value)
    assert "pw" not in str(caught.value)
    assert not (tmp_path / "b").exists()


def test_an_in_memory_database_cannot_be_backed_up(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="in-memory"):
        backup(quick_settings(tmp_path, database_url="sqlite://"), tmp_path / "b")
