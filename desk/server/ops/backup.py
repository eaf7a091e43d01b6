"""`desk-server backup DIR` and `desk-server restore DIR`.

A backup folder holds the database, the attachments (`media/`) and `manifest.json`,
written last, so a folder with a manifest is a complete backup.

- SQLite: `VACUUM INTO` writes a consistent copy of the database while the server goes
  on serving (it reads one snapshot; writers are not blocked for long).
- PostgreSQL: `pg_dump --format=custom` when pg_dump is installed (package
  postgresql-client); without it, the command says what to run instead.

The database is copied before the attachments: files are only added while serving
(each under its hash, written atomically), so every attachment the copied database
knows of is in the copied folder.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from desk.server.config import Settings
from desk.server.db.engine import libpq_url

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "desk.db"
PG_DUMP_FILE = "desk.pgdump"
MEDIA = "media"
# Tables whose rows make a database worth protecting from `restore`.
_DATA_TABLES = ("users", "tickets")


class BackupError(Exception):
    """A backup or restore that cannot go ahead, said as a sentence."""


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    database: Literal["sqlite", "postgresql"]
    database_file: str
    schema_revision: str | None
    media_files: int
    media_bytes: int

    def summary(self) -> str:
        return (
            f"{self.database} database ({self.database_file}, schema {self.schema_revision}) "
            f"and {self.media_files} attachment files ({self.media_bytes} bytes)"
        )

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except FileNotFoundError:
            raise BackupError(f"{directory} holds no Desk backup (no {MANIFEST}).") from None
        except (ValueError, TypeError) as error:
            raise BackupError(f"{path} cannot be read: {error}.") from None
        if manifest.format != FORMAT:
            raise BackupError(f"{directory} is a backup of format {manifest.format}, not {FORMAT}.")
        return manifest


def _kind(settings: Settings) -> Literal["sqlite", "postgresql"]:
    return "sqlite" if settings.is_sqlite else "postgresql"


def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.database_url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(database)


def _libpq(settings: Settings) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore, and the environment carrying its password (kept
    out of the command line, which other users can see)."""
    url: URL = make_url(settings.database_url)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return libpq_url(url, with_password=False), env


def _tool(name: str, what: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (Debian/Ubuntu: apt install postgresql-client), so the "
            f"PostgreSQL database cannot be {what} here. Install it and run the command "
            f"again, or run {name} yourself (format: custom) and copy the media folder."
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{Path(command[0]).name} failed: {detail}")


def _revision(url: str) -> str | None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            found = connection.execute(text("SELECT version_num FROM alembic_version"))
            return found.scalar()
    finally:
        engine.dispose()


def _holds_data(url: str) -> bool:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = inspect(connection)
            for table in _DATA_TABLES:
                if tables.has_table(table):
                    rows = connection.execute(text(f"SELECT 1 FROM {table} LIMIT 1"))
                    if rows.first() is not None:
                        return True
    finally:
        engine.dispose()
    return False


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")]


def _copy_media(source: Path, target: Path) -> None:
    if source.is_dir():
        # Half-written files (`.tmp-*`) are not attachments yet.
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".tmp-*"), dirs_exist_ok=True)
    else:
        target.mkdir(parents=True, exist_ok=True)


def backup(settings: Settings, directory: Path) -> Manifest:
    """Copy the database and the attachments into `directory` (new or empty)."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} is not empty: back up into a new or empty folder.")
    kind = _kind(settings)
    if kind == "sqlite":
        source = _sqlite_path(settings)
        if not source.is_file():
            raise BackupError(f"There is no database at {source}.")
        directory.mkdir(parents=True, exist_ok=True)
        copy = directory / SQLITE_FILE
        connection = sqlite3.connect(source, timeout=30)
        try:
            connection.execute("VACUUM INTO ?", (str(copy),))
        finally:
            connection.close()
        revision = _revision(f"sqlite:///{copy}")
        database_file = SQLITE_FILE
    else:
        pg_dump = _tool("pg_dump", "backed up")
        url, env = _libpq(settings)
        directory.mkdir(parents=True, exist_ok=True)
        dump = directory / PG_DUMP_FILE
        _run([pg_dump, "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={url}"], env)
        revision = _revision(settings.database_url)
        database_file = PG_DUMP_FILE
    _copy_media(settings.media_dir, directory / MEDIA)
    files = _media_files(directory / MEDIA)
    manifest = Manifest(
        format=FORMAT,
        created_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        database=kind,
        database_file=database_file,
        schema_revision=revision,
        media_files=len(files),
        media_bytes=sum(p.stat().st_size for p in files),
    )
    partial = directory / f".{MANIFEST}.tmp"
    partial.write_text(json.dumps(asdict(manifest), indent=2) + "\n", encoding="utf-8")
    partial.replace(directory / MANIFEST)
    return manifest


def restore(settings: Settings, directory: Path, *, force: bool = False) -> Manifest:
    """Put the backup in `directory` in place of the configured database and media
    folder. Refuses a database with users or tickets (or a media folder with files)
    unless `force`. Stop the server first."""
    manifest = Manifest.read(directory)
    kind = _kind(settings)
    if manifest.database != kind:
        raise BackupError(
            f"The backup holds a {manifest.database} database, but the configured "
            f"database is {kind}."
        )
    if kind == "sqlite":
        target = _sqlite_path(settings)
        occupied = target.is_file() and _holds_data(settings.database_url)
    else:
        occupied = _holds_data(settings.database_url)
    occupied = occupied or bool(_media_files(settings.media_dir))
    if occupied and not force:
        raise BackupError(
            "The configured database already holds users or tickets (or its media folder "
            "holds files); restore replaces them only with --force."
        )
    if kind == "sqlite":
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(directory / manifest.database_file, partial)
        for suffix in ("-wal", "-shm"):  # the old database's journal is not the new one's
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        partial.replace(target)
    else:
        pg_restore = _tool("pg_restore", "restored")
        url, env = _libpq(settings)
        clean = ["--clean", "--if-exists"] if occupied else []
        dump = directory / manifest.database_file
        _run([pg_restore, "--no-owner", *clean, f"--dbname={url}", str(dump)], env)
    if force and settings.media_dir.exists():
        shutil.rmtree(settings.media_dir)
    _copy_media(directory / MEDIA, settings.media_dir)
    return manifest
