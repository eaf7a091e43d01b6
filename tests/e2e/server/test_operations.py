"""`desk-server serve` as a service runs it: settings from DESK_* variables, JSON log
lines with request ids, readiness and Prometheus metrics."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers.child_server import free_port, wait_until_answering

pytestmark = pytest.mark.e2e


def test_a_service_configured_by_variables_logs_json_and_reports_health(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONWARNINGS": "ignore",
        "DESK_DATA_DIR": str(tmp_path),
        "DESK_PORT": str(port),
        "DESK_LOG_FORMAT": "json",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "desk.server.cli", "serve"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base}/health/ready", proc)
        r = httpx.get(f"{base}/api/v1/tickets/7", headers={"X-Request-ID": "probe-42"})
        assert r.status_code == 401 and r.headers["x-request-id"] == "probe-42"
        metrics = httpx.get(f"{base}/metrics").text
        assert (
            'desk_http_requests_total{method="GET",route="/api/v1/tickets/{ticket_id}",'
            'status="401"} 1.0'
        ) in metrics
        assert 'desk_event_streams_open{audience="staff"} 0.0' in metrics
        assert httpx.get(f"{base}/api/v1/docs").status_code == 404  # off by default
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    lines = [line for line in err.splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    assert records, err
    assert all({"time", "level", "logger", "message", "request_id"} <= r.keys() for r in records)
    access = [r for r in records if r["logger"] == "uvicorn.access"]
    probe = [r for r in access if "/api/v1/tickets/7" in r["message"]]
    assert [r["request_id"] for r in probe] == ["probe-42"]
    assert any(r["message"].startswith("Desk ticket API on http://") for r in records)
    assert (tmp_path / "desk.db").is_file()  # DESK_DATA_DIR was used
