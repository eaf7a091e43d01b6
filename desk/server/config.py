"""Typed server settings: one class, filled from arguments, DESK_* variables and defaults.

`Settings(...)` takes any field by name; what is not given comes from the environment
(`DESK_<FIELD>`, e.g. DESK_DATABASE_URL, DESK_TOKEN_TTL=P30D) and then from the default
here. Durations are seconds or ISO 8601 (`PT1H`). `desk-server` turns its flags into
arguments (`desk.server.cli`), so a flag wins over the environment. Everything tunable
lives here and is passed in, never global.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import platformdirs
from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError
from sqlalchemy.engine import make_url

from desk.domain import Category
from desk.media import MAX_UPLOAD_BYTES
from desk.sla import DEFAULT_TARGETS, ServiceLevels, Target

APP_NAME = "Desk"
ENV_PREFIX = "DESK_"
ENV_DATABASE_URL = "DESK_DATABASE_URL"
ENV_DATA_DIR = "DESK_DATA_DIR"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "server"


def database_url_for(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (which means SQLite)."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def masked_url(url: str) -> str:
    """The URL with its password (if any) shown as ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: show nothing of it
        return "(unreadable URL)"


class SettingsError(ValueError):
    """Settings that cannot be used, explained in sentences for the person starting it."""


_SERVICE_LEVEL_FIELDS = (
    "timezone",
    "business_opens",
    "business_closes",
    "workdays",
    "holiday_country",
    "service_targets",
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, extra="forbid", validate_default=True
    )

    # -- storage
    database_url: str = Field(
        "",
        description="SQLAlchemy URL (sqlite:///..., postgresql+psycopg://...) or a SQLite "
        "file path; default: desk.db in the data dir",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="attachments (media/) and the default database",
    )
    # -- serving
    host: str = Field(DEFAULT_HOST, description="address to listen on")
    port: int = Field(DEFAULT_PORT, ge=0, le=65535, description="TCP port to listen on")
    # More than one process needs PostgreSQL (desk.server.workers); SQLite is refused.
    workers: int = Field(1, ge=1, description="server processes (PostgreSQL only)")
    log_level: Literal["critical", "error", "warning", "info", "debug"] = Field(
        "info", description="lowest level of log records written"
    )
    log_format: Literal["text", "json"] = Field(
        "text", description="text lines, or one JSON object per line"
    )
    metrics: bool = Field(True, description="serve Prometheus metrics at /metrics")
    api_docs: bool = Field(
        False,
        description="serve the interactive API explorer at /api/v1/docs (its scripts "
        "come from a CDN, so it needs the internet)",
    )
    # -- sign-in
    token_ttl: timedelta = Field(timedelta(days=30), description="how long a token works")
    login_failure_limit: int = Field(5, ge=1, description="failed sign-ins per e-mail")
    login_failure_window: timedelta = Field(
        timedelta(minutes=1), description="the window of both failed sign-in limits"
    )
    login_address_failure_limit: int = Field(
        20, ge=1, description="failed sign-ins from one client address (any e-mails)"
    )
    # Password checks (argon2id: CPU and `argon2_memory_kib` each) run in at most this
    # many threads, so a storm of logins queues instead of starving other requests.
    password_workers: int = Field(2, ge=1, description="password checks at a time")
    # argon2id cost; tests lower it so creating users is cheap.
    argon2_time_cost: int = Field(3, ge=1, description="argon2id passes")
    argon2_memory_kib: int = Field(65_536, ge=8, description="argon2id memory (KiB)")
    argon2_parallelism: int = Field(4, ge=1, description="argon2id lanes")
    # -- events
    # The event log keeps at most this many events and none older than the age;
    # a client asking for an older position gets `event: resync`.
    event_retention_count: int = Field(50_000, ge=1, description="events kept at most")
    event_retention_age: timedelta = Field(timedelta(days=7), description="events kept for")
    sse_ping_interval: float = Field(
        15.0, gt=0, description="seconds between pings on an idle event stream"
    )
    # A logout on this server ends its streams at once; the rest (expired, user deleted
    # or role changed) are found this often.
    stream_auth_check_interval: float = Field(
        0.5, gt=0, description="seconds between checks of open streams' tokens"
    )
    # On shutdown each stream ends with `retry:` this many milliseconds, so clients
    # reconnect (to the next instance) soon rather than after their own backoff.
    shutdown_retry_ms: int = Field(
        1000, ge=0, description="reconnect hint (ms) sent as streams end at shutdown"
    )
    presence_ttl: timedelta = Field(
        timedelta(seconds=30), description="how long viewing/typing lasts unless renewed"
    )
    # -- uploads
    max_upload_bytes: int = Field(MAX_UPLOAD_BYTES, ge=1, description="largest upload")
    upload_quota_bytes: int = Field(
        200 * 1024 * 1024, ge=1, description="bytes one user may upload within the window"
    )
    upload_quota_window: timedelta = Field(
        timedelta(hours=1), description="the window of the upload quota"
    )
    unused_upload_retention: timedelta = Field(
        timedelta(days=1), description="uploads no message uses are deleted once this old"
    )
    upload_cleanup_interval: float = Field(
        3600.0, gt=0, description="seconds between sweeps for unused uploads"
    )
    # Each render may hold a ~200 MB decoded image.
    thumbnail_workers: int = Field(2, ge=1, description="thumbnail renders at a time")
    max_json_bytes: int = Field(
        1024 * 1024, ge=1, description="largest JSON request body (uploads aside)"
    )
    # -- service levels (business hours and reply targets)
    timezone: str = Field("Europe/Moscow", description="time zone of the business hours")
    business_opens: time = Field(time(9), description="local opening time, e.g. 09:00")
    business_closes: time = Field(time(18), description="local closing time, e.g. 18:00")
    workdays: Annotated[frozenset[int], NoDecode] = Field(
        frozenset({0, 1, 2, 3, 4}), description="business weekdays, Monday=0, e.g. 0,1,2,3,4"
    )
    holiday_country: str | None = Field(
        "RU", description="public holidays of this country (ISO code); empty: none"
    )
    # None: the documented targets, counted in this business day's length.
    service_targets: Annotated[dict[Category, Target] | None, NoDecode] = Field(
        None,
        description='reply targets as JSON, e.g. {"critical": {"amount": "PT2H", '
        '"business": false}}; unnamed categories keep theirs',
    )

    _service_levels: ServiceLevels = PrivateAttr()

    @model_validator(mode="before")
    @classmethod
    def _fill_in(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        levels = data.pop("service_levels", None)
        if isinstance(levels, ServiceLevels):
            # The embedded demo and tests hand over a ready ServiceLevels.
            data.update(
                timezone=levels.timezone,
                business_opens=levels.opens,
                business_closes=levels.closes,
                workdays=levels.workdays,
                holiday_country=levels.holiday_country,
                service_targets=dict(levels.targets),
            )
        elif levels is not None:
            raise ValueError("service_levels must be a desk.sla.ServiceLevels")
        return data

    @field_validator("data_dir")
    @classmethod
    def _expand_data_dir(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator(
        "token_ttl",
        "login_failure_window",
        "event_retention_age",
        "presence_ttl",
        "upload_quota_window",
        "unused_upload_retention",
        mode="before",
    )
    @classmethod
    def _seconds(cls, value: Any) -> Any:
        # pydantic reads "PT45S" and 45 but not the string "45" a variable gives.
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return value
        return value

    @field_validator("workdays", mode="before")
    @classmethod
    def _parse_workdays(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("holiday_country", mode="before")
    @classmethod
    def _no_holidays(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in {"", "none", "off"}:
            return None
        return value

    @field_validator("service_targets", mode="before")
    @classmethod
    def _parse_targets(cls, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value.strip() else None
        return value

    @model_validator(mode="after")
    def _derive(self) -> Self:
        # The database defaults to a file in the data dir; a path means SQLite.
        url = database_url_for(self.database_url or str(self.data_dir / "desk.db"))
        object.__setattr__(self, "database_url", url)
        targets: Mapping[Category, Target] = DEFAULT_TARGETS
        if self.service_targets:
            if self.service_targets.keys() == set(Category):
                targets = self.service_targets
            else:
                base = ServiceLevels(opens=self.business_opens, closes=self.business_closes)
                targets = {**base.targets, **self.service_targets}
        self._service_levels = ServiceLevels(
            timezone=self.timezone,
            opens=self.business_opens,
            closes=self.business_closes,
            workdays=self.workdays,
            targets=targets,
            holiday_country=self.holiday_country,
        )
        return self

    @property
    def service_levels(self) -> ServiceLevels:
        return self._service_levels

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (and checked again)."""
        current = {name: getattr(self, name) for name in type(self).model_fields}
        if "service_levels" in changes:
            for name in _SERVICE_LEVEL_FIELDS:
                current.pop(name)
        if "data_dir" in changes and "database_url" not in changes:
            current.pop("database_url")  # follows the new data dir
        return type(self)(**{**current, **changes})

    @classmethod
    def load(cls, **given: Any) -> Settings:
        """Settings from `given` (flags), the environment and defaults, or a
        SettingsError that says in sentences what is wrong."""
        try:
            return cls(**given)
        except ValidationError as error:
            raise SettingsError(describe_errors(error)) from None
        except SourceError as error:  # e.g. a DESK_* value that is not valid JSON
            raise SettingsError(f"The settings could not be read: {error}.") from None

    @classmethod
    def from_env(
        cls, *, database: str | None = None, data_dir: str | Path | None = None
    ) -> Settings:
        """Explicit arguments win over DESK_DATABASE_URL / DESK_DATA_DIR, then defaults."""
        given: dict[str, Any] = {}
        if database is not None:
            given["database_url"] = database
        if data_dir is not None:
            given["data_dir"] = Path(data_dir)
        return cls.load(**given)


def env_name(field: str) -> str:
    return f"{ENV_PREFIX}{field.upper()}"


def describe_errors(error: ValidationError) -> str:
    """One sentence per invalid setting, naming its flag and variable, never its value
    (it may be a secret)."""
    lines = []
    for item in error.errors(include_url=False, include_input=False):
        field = str(item["loc"][0]) if item["loc"] else ""
        message = str(item["msg"]).removeprefix("Value error, ")
        if field in Settings.model_fields:
            flag = "--" + field.replace("_", "-")
            where = f"{field} ({flag}, ${env_name(field)})"
            lines.append(f"The setting {where} is not valid: {message}.")
        else:
            lines.append(f"The settings are not valid: {message}.")
    return "\n".join(lines)
