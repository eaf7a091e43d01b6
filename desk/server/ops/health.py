"""Readiness: can this process serve requests, i.e. does its database answer, with the
schema of this code? (`GET /health` is liveness: it answers without touching anything.)
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files

from alembic.script import ScriptDirectory

from desk.server.db.engine import Database


@cache
def schema_heads() -> frozenset[str]:
    """The newest migration revision(s) shipped with this code."""
    with as_file(files("desk.server.db.migrations")) as migrations:
        return frozenset(ScriptDirectory(str(migrations)).get_heads())


def not_ready_reason(db: Database) -> str | None:
    """None when ready, else a sentence saying why not (blocking: run in a thread)."""
    try:
        current = db.schema_revisions()
    except Exception:
        return "The database does not answer."
    if current != schema_heads():
        return "The database schema is not up to date (run desk-server migrate)."
    return None
