"""Request ids in responses and log records; JSON lines as the log format."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desk.server.embedded import start_server
from desk.server.ops.logs import log_config
from tests.unit.server.ops.conftest import quick_settings


@pytest.fixture
def json_logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """The server's JSON logging, written to a buffer; the test run's logging after."""
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logging.config.dictConfig(log_config("info", "json"))
    try:
        yield stream
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


def test_a_record_is_one_json_object_with_the_documented_keys(json_logs: io.StringIO) -> None:
    logging.getLogger("desk.server.test").warning("disk %s is full", "/var/lib/desk — ok")
    line = json_logs.getvalue().strip()
    record = json.loads(line)
    assert record["level"] == "WARNING" and record["logger"] == "desk.server.test"
    assert record["message"] == "disk /var/lib/desk — ok is full"
    assert record["request_id"] is None  # outside a request
    assert record["time"].endswith("+00:00")
    assert "\n" not in line


def test_records_during_a_request_carry_its_id(
    tmp_path: Path, json_logs: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The readiness check, replaced by one that logs from inside a request.
    def noisy(db: object) -> None:
        logging.getLogger("desk.server.ops.health").info("checking readiness")
        return None

    monkeypatch.setattr("desk.server.app.not_ready_reason", noisy)
    with start_server(quick_settings(tmp_path)) as server:
        given = httpx.get(f"{server.url}/health/ready", headers={"X-Request-ID": "abc-123"})
        assert given.headers["x-request-id"] == "abc-123"
        made = httpx.get(f"{server.url}/health", headers={"X-Request-ID": "not a sane id"})
        assert made.headers["x-request-id"] != "not a sane id"
        assert len(made.headers["x-request-id"]) == 32
    records = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    mine = [r for r in records if r["message"] == "checking readiness"]
    assert [r["request_id"] for r in mine] == ["abc-123"]
