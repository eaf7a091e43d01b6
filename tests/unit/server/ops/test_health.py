"""/health answers without the database; /health/ready checks it and its schema."""

from __future__ import annotations

from pathlib import Path

import httpx

from desk.server.app import create_app
from desk.server.config import Settings
from desk.server.embedded import start_server
from tests.unit.server.ops.conftest import get_without_lifespan, quick_settings


def test_ready_once_the_schema_is_at_head(tmp_path: Path) -> None:
    with start_server(quick_settings(tmp_path)) as server:  # starting migrates
        r = httpx.get(f"{server.url}/health/ready")
        assert r.status_code == 200 and r.json() == {"status": "ready"}


def test_an_unmigrated_database_is_not_ready(tmp_path: Path) -> None:
    app = create_app(quick_settings(tmp_path), migrate=False)
    try:
        assert get_without_lifespan(app, "/health").status_code == 200
        r = get_without_lifespan(app, "/health/ready")
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        problem = r.json()
        assert problem["type"] == "/problems/not-ready" and problem["status"] == 503
        assert "desk-server migrate" in problem["detail"]
    finally:
        app.state.ctx.db.dispose()


def test_a_database_that_does_not_answer_is_not_ready(tmp_path: Path) -> None:
    # A folder where the database file should be cannot be opened as one.
    (tmp_path / "desk.db").mkdir()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'desk.db'}", data_dir=tmp_path)
    app = create_app(settings, migrate=False)
    try:
        # Liveness is unaffected.
        assert get_without_lifespan(app, "/health").json() == {"status": "ok"}
        r = get_without_lifespan(app, "/health/ready")
        assert r.status_code == 503 and r.json()["detail"] == "The database does not answer."
    finally:
        app.state.ctx.db.dispose()
