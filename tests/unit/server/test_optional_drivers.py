"""The PostgreSQL driver is an optional extra: the server on SQLite must not need it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# Fails the import of psycopg as if the `postgres` extra were not installed, then loads
# every server module a SQLite start-up uses and starts the app on SQLite.
_PROBE = textwrap.dedent(
    """
    import sys, tempfile
    from pathlib import Path

    class NoPsycopg:
        def find_spec(self, name, path=None, target=None):
            if name == "psycopg" or name.startswith("psycopg."):
                raise ImportError("psycopg is not installed")

    sys.meta_path.insert(0, NoPsycopg())
    import desk.server.cli, desk.server.workers, desk.server.ops.backup
    from fastapi.testclient import TestClient
    from desk.server.app import create_app
    from desk.server.config import Settings

    root = Path(tempfile.mkdtemp())
    settings = Settings(database_url=f"sqlite:///{root / 'desk.db'}", data_dir=root)
    with TestClient(create_app(settings)) as client:
        print(client.get("/health/ready").status_code)
    """
)


def test_the_server_starts_on_sqlite_without_the_postgresql_driver() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "200"
