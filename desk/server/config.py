"""Typed server settings. Everything tunable lives here and is passed in, never global."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import platformdirs

from desk.media import MAX_UPLOAD_BYTES
from desk.sla import ServiceLevels

APP_NAME = "Desk"
ENV_DATABASE_URL = "DESK_DATABASE_URL"
ENV_DATA_DIR = "DESK_DATA_DIR"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "server"


def database_url_for(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (which means SQLite)."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    token_ttl: timedelta = timedelta(days=30)
    # Server processes for `serve`; more than one needs PostgreSQL (desk.server.workers).
    workers: int = 1
    # The event log keeps at most this many events and none older than the age;
    # a client asking for an older position gets `event: resync`.
    event_retention_count: int = 50_000
    event_retention_age: timedelta = timedelta(days=7)
    # Idle streams get a `: ping` comment this often (seconds).
    sse_ping_interval: float = 15.0
    # Open streams whose token stopped working (expired, user deleted or role changed)
    # are found and ended this often (seconds); a logout on this server ends them at once.
    stream_auth_check_interval: float = 0.5
    # On shutdown each stream ends with `retry:` this many milliseconds, so clients
    # reconnect (to the next instance) soon rather than after their own backoff.
    shutdown_retry_ms: int = 1000
    presence_ttl: timedelta = timedelta(seconds=30)
    login_failure_limit: int = 5
    login_failure_window: timedelta = timedelta(minutes=1)
    # Failed sign-ins from one client address (any emails) within the same window.
    login_address_failure_limit: int = 20
    # Password checks (argon2id: CPU and `argon2_memory_kib` each) run in at most this
    # many threads, so a storm of logins queues instead of starving other requests.
    password_workers: int = 2
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    # Bytes one user may upload within the window (429 upload-quota beyond).
    upload_quota_bytes: int = 200 * 1024 * 1024
    upload_quota_window: timedelta = timedelta(hours=1)
    # Uploads that no message uses are deleted once this old; checked this often (s).
    unused_upload_retention: timedelta = timedelta(days=1)
    upload_cleanup_interval: float = 3600.0
    # Thumbnail renders at a time (each may hold a ~200 MB decoded image).
    thumbnail_workers: int = 2
    # Bodies of JSON requests; uploads have their own limit above.
    max_json_bytes: int = 1024 * 1024
    # argon2id cost; tests lower it so creating users is cheap.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65_536
    argon2_parallelism: int = 4
    service_levels: ServiceLevels = field(default_factory=ServiceLevels)

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(
        cls, *, database: str | None = None, data_dir: str | Path | None = None
    ) -> Settings:
        """Explicit arguments win over DESK_DATABASE_URL / DESK_DATA_DIR, then defaults."""
        dir_value = data_dir if data_dir is not None else os.environ.get(ENV_DATA_DIR)
        root = Path(dir_value).expanduser() if dir_value else default_data_dir()
        db_value = database if database is not None else os.environ.get(ENV_DATABASE_URL)
        url = database_url_for(db_value) if db_value else database_url_for(str(root / "desk.db"))
        return cls(database_url=url, data_dir=root)
