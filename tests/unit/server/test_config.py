"""Settings: one typed class filled from arguments, DESK_* variables and defaults."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from desk.domain import Category
from desk.server.config import Settings, SettingsError, masked_url
from desk.sla import ServiceLevels, Target


@pytest.fixture(autouse=True)
def _no_desk_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.upper().startswith("DESK_"):
            monkeypatch.delenv(name)


def test_defaults_put_the_database_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'desk.db'}"
    assert settings.media_dir == tmp_path / "media"
    assert settings.port == 8765 and settings.api_docs is False and settings.metrics is True


def test_variables_fill_every_kind_of_field(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DESK_DATABASE_URL", str(tmp_path / "other.db"))  # a path is SQLite
    monkeypatch.setenv("DESK_TOKEN_TTL", "P2D")
    monkeypatch.setenv("DESK_PRESENCE_TTL", "45")
    monkeypatch.setenv("DESK_THUMBNAIL_WORKERS", "3")
    monkeypatch.setenv("DESK_METRICS", "false")
    monkeypatch.setenv("DESK_LOG_FORMAT", "json")
    monkeypatch.setenv("DESK_TIMEZONE", "Asia/Yekaterinburg")
    monkeypatch.setenv("DESK_BUSINESS_OPENS", "10:00")
    monkeypatch.setenv("DESK_BUSINESS_CLOSES", "19:30")
    monkeypatch.setenv("DESK_WORKDAYS", "0,1,2,3,4,5")
    monkeypatch.setenv("DESK_HOLIDAY_COUNTRY", "")
    monkeypatch.setenv(
        "DESK_SERVICE_TARGETS", '{"critical": {"amount": "PT2H", "business": false}}'
    )
    s = Settings()
    assert s.data_dir == tmp_path
    assert s.database_url == f"sqlite:///{(tmp_path / 'other.db').resolve()}"
    assert s.token_ttl == timedelta(days=2) and s.presence_ttl == timedelta(seconds=45)
    assert s.thumbnail_workers == 3 and s.metrics is False and s.log_format == "json"
    levels = s.service_levels
    assert levels.timezone == "Asia/Yekaterinburg" and levels.holiday_country is None
    assert (levels.opens, levels.closes) == (time(10), time(19, 30))
    assert levels.workdays == frozenset(range(6))
    assert levels.targets[Category.CRITICAL] == Target(timedelta(hours=2), business=False)
    # Categories not named keep the documented target, in this business day's length.
    assert levels.targets[Category.CONFIGURATION] == Target(timedelta(hours=9.5), business=True)


def test_arguments_win_over_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DESK_PORT", "9000")
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "env"))
    s = Settings.load(port="9100", data_dir=tmp_path / "flag")
    assert s.port == 9100 and s.data_dir == tmp_path / "flag"
    assert Settings.from_env(database="sqlite://").database_url == "sqlite://"


def test_a_ready_service_levels_object_still_works(tmp_path: Path) -> None:
    levels = ServiceLevels(timezone="UTC", opens=time(8), closes=time(16), holiday_country=None)
    s = Settings(database_url="sqlite://", data_dir=tmp_path, service_levels=levels)
    assert s.service_levels == levels
    assert s.timezone == "UTC" and s.business_opens == time(8)


def test_replace_checks_again_and_keeps_the_rest(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path, argon2_time_cost=1)
    changed = s.replace(sse_ping_interval=0.2)
    assert changed.sse_ping_interval == 0.2 and changed.argon2_time_cost == 1
    assert changed.database_url == s.database_url
    moved = s.replace(data_dir=tmp_path / "b")  # the default database follows the data dir
    assert moved.database_url.endswith("/b/desk.db")
    with pytest.raises(ValueError):
        s.replace(thumbnail_workers=0)
    with pytest.raises(ValidationError):  # frozen
        s.port = 1  # type: ignore[misc]


def test_errors_are_sentences_naming_flag_and_variable() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.load(port="eighty", log_format="xml", database_url="postgresql://u:hunter2@db/x")
    text = str(caught.value)
    assert "The setting port (--port, $DESK_PORT) is not valid" in text
    assert "The setting log_format (--log-format, $DESK_LOG_FORMAT) is not valid" in text
    assert "hunter2" not in text
    with pytest.raises(SettingsError, match="unknown time zone: 'Mars/Olympus'"):
        Settings.load(timezone="Mars/Olympus")
    with pytest.raises(SettingsError, match="opens must be earlier than closes"):
        Settings.load(business_opens="18:00", business_closes="09:00")


def test_bad_json_in_a_variable_is_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_SERVICE_TARGETS", "{critical: 2h")
    with pytest.raises(SettingsError, match=r"service_targets .*\$DESK_SERVICE_TARGETS"):
        Settings.load()


def test_masked_url_hides_only_the_password() -> None:
    assert masked_url("postgresql+psycopg://desk:s3cret@db:5432/desk") == (
        "postgresql+psycopg://desk:***@db:5432/desk"
    )
    assert masked_url("sqlite:////var/lib/desk/desk.db") == "sqlite:////var/lib/desk/desk.db"
