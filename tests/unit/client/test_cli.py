import logging
from pathlib import Path

import pytest

from desk.client.cli import LaunchOptions, parse_args


def test_defaults() -> None:
    assert parse_args([]) == LaunchOptions()


def test_demo_and_data_dir() -> None:
    options = parse_args(["--demo", "--data-dir", "/tmp/x", "--debug"])
    assert options.demo and options.data_dir == Path("/tmp/x")
    assert options.log_level == logging.DEBUG and options.debug
    assert parse_args([]).log_level == logging.INFO


def test_server_url_is_normalised() -> None:
    assert parse_args(["--server", " https://desk.example.com/ "]).server == (
        "https://desk.example.com"
    )


def test_bad_server_url_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--server", "desk.example.com"])
    assert exited.value.code == 2
    assert "needs an http:// or https:// address" in capsys.readouterr().err


def test_demo_and_server_exclude_each_other() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--demo", "--server", "http://x"])


def test_self_check_is_off_unless_asked_for() -> None:
    assert parse_args(["--demo"]).self_check is False
    assert parse_args(["--demo", "--self-check"]).self_check is True
