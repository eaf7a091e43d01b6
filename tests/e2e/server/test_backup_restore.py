"""`desk-server backup` of a serving server, `restore` into a fresh place, and a server
started there serves the same tickets, messages and attachments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from desk.domain import Role
from desk.server.cli import main
from tests.e2e.conftest import (
    LiveServer,
    TestUser,
    postgres_admin_url,
    server_database,
    start_live_server,
)
from tests.e2e.server._helpers import open_ticket, send

pytestmark = pytest.mark.e2e


def _storage(url: str, data_dir: Path) -> list[str]:
    return ["--database", url, "--data-dir", str(data_dir)]


def _snapshot(server: LiveServer, agent: TestUser, ticket_ids: list[int]) -> dict[str, Any]:
    """What the agent sees: the tickets, their messages and every attachment's bytes."""
    with server.client(agent) as c:
        tickets = c.get("/tickets").json()
        messages = {i: c.get(f"/tickets/{i}/messages").json() for i in ticket_ids}
        files = {}
        for page in messages.values():
            for message in page["items"]:
                for attachment in message["attachments"]:
                    r = c.get(f"/attachments/{attachment['id']}")
                    assert r.status_code == 200
                    files[attachment["id"]] = r.content
    return {"tickets": tickets, "messages": messages, "files": files}


def test_a_backup_taken_while_serving_restores_into_a_fresh_place(
    make_live_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if postgres_admin_url() and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("PostgreSQL backups need pg_dump and pg_restore")
    server = make_live_server()
    agent = server.create_user(Role.AGENT)
    customer = server.create_user(Role.CUSTOMER)
    first = open_ticket(server, customer, "Export fails", "It stops at 40 %")
    second = open_ticket(server, customer, "Login loop", "Again and again")
    with server.client(customer) as c:
        photo = c.post("/attachments", files={"file": ("log.txt", b"line\n" * 500, "text/plain")})
    assert photo.status_code == 201, photo.text
    send(server, customer, first["id"], "the log", attachment_ids=[photo.json()["id"]])
    send(server, agent, first["id"], "Looking into it")
    ids = [first["id"], second["id"]]
    before = _snapshot(server, agent, ids)
    assert before["files"]

    folder = tmp_path / "backup"
    live = _storage(server.settings.database_url, server.settings.data_dir)
    assert main(["backup", str(folder), *live]) == 0  # the server keeps serving
    send(server, customer, second["id"], "written after the backup")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["media_files"] >= 1 and manifest["schema_revision"]
    assert main(["backup", str(folder), *live]) == 1  # never into a used folder
    assert "not empty" in capsys.readouterr().err

    root = tmp_path / "restored"
    with server_database(root) as url:
        target = _storage(url, root / "data")
        assert main(["restore", str(folder), *target]) == 0
        assert main(["restore", str(folder), *target]) == 1  # now it holds data
        assert "--force" in capsys.readouterr().err
        restored = start_live_server(root, url)
        try:
            after = _snapshot(restored, agent, ids)  # the agent's token is in the backup
            with restored.client(customer) as c:
                r = c.post(
                    f"/tickets/{second['id']}/messages",
                    json={"body": "the restored server takes writes"},
                    headers={"Idempotency-Key": "after-restore"},
                )
                assert r.status_code == 201, r.text
        finally:
            restored.stop()
    assert after == before
    bodies = [m["body"] for m in after["messages"][second["id"]]["items"]]
    assert "written after the backup" not in bodies
