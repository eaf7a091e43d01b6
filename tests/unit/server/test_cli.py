"""`desk-server config` and how the commands report settings that cannot be used."""

from __future__ import annotations

import json
import os

import pytest

from desk.server.cli import build_parser, main


@pytest.fixture(autouse=True)
def _no_desk_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("DESK_"):
            monkeypatch.delenv(name)


def test_config_shows_each_value_and_its_source_without_secrets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESK_DATABASE_URL", "postgresql+psycopg://desk:s3cret@db/desk")
    monkeypatch.setenv("DESK_PORT", "9000")
    assert main(["config", "--port", "9100", "--no-metrics", "--data-dir", "/srv/desk"]) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out
    lines = {line.split(" = ")[0]: line for line in out.splitlines()}
    assert lines["database_url"].split("#")[0].strip().endswith("desk:***@db/desk")
    assert lines["database_url"].endswith("# $DESK_DATABASE_URL")
    assert lines["port"].startswith("port = 9100") and lines["port"].endswith("# flag --port")
    assert lines["metrics"].startswith("metrics = false")
    assert lines["token_ttl"].startswith("token_ttl = P30D") and lines["token_ttl"].endswith(
        "# default"
    )


def test_config_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--json", "--database", "/tmp/x.db", "--log-format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["database_url"] == {"value": "sqlite:////tmp/x.db", "source": "flag --database"}
    assert report["log_format"]["value"] == "json"
    assert report["holiday_country"] == {"value": "RU", "source": "default"}


def test_an_invalid_setting_is_a_sentence_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESK_THUMBNAIL_WORKERS", "0")
    assert main(["serve", "--port", "80x"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "The setting port (--port, $DESK_PORT) is not valid" in err
    assert "The setting thumbnail_workers (--thumbnail-workers, $DESK_THUMBNAIL_WORKERS)" in err


def test_every_setting_is_a_flag_of_serve() -> None:
    from desk.server.config import Settings

    serve = build_parser()._subparsers._group_actions[0].choices["serve"]  # type: ignore[union-attr]
    dests = {action.dest for action in serve._actions}
    assert set(Settings.model_fields) <= dests
