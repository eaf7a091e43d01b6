"""The house's boundaries, checked by tools rather than by reviewers' memory.

The import contracts live in pyproject.toml ([tool.importlinter]); a plain client start
must not pay for the server's libraries, so ``import ui.app`` is checked in a fresh
interpreter for the modules it must never load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The reference server's stack and the demo: loaded only by --demo and desk-server.
SERVER_ONLY = (
    "fastapi", "starlette", "sqlalchemy", "alembic", "uvicorn", "PIL", "argon2",
    "python_multipart", "psycopg",
)  # fmt: skip
OURS_SERVER_SIDE = ("desk.server", "desk.demo")


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _loaded_after(statement: str) -> set[str]:
    probe = (
        f"import sys, json; {statement}; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} | "
        "{'.'.join(m.split('.')[:2]) for m in sys.modules})))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out))


def test_the_app_loads_no_server_code() -> None:
    loaded = _loaded_after("import ui.app")
    assert "PySide6" in loaded and "desk.client" in loaded  # the probe sees real imports
    assert not loaded & set(SERVER_ONLY + OURS_SERVER_SIDE)


def test_the_client_core_loads_neither_qt_nor_the_server() -> None:
    loaded = _loaded_after(
        "import desk.client.session, desk.client.sync, desk.client.alerts.engine"
    )
    assert not loaded & {"PySide6", "qasync", "ui", *SERVER_ONLY, *OURS_SERVER_SIDE}
