"""Alembic environment: run programmatically by `Database.upgrade()` with a connection.

For development, `alembic -x url=sqlite:///dev.db revision --autogenerate` also works
with a config whose script_location points here.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from desk.server.db.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_with(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise RuntimeError("pass -x url=<database url>")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run_with(conn)
    engine.dispose()


def _run_with(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs batch mode for ALTER
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
