"""`desk-server`: serve the ticket API, create users, load the demo data set."""

from __future__ import annotations

import argparse
import functools
import getpass
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from desk.domain import Role
from desk.server.config import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def _add_storage_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        help="SQLAlchemy URL (sqlite:///..., postgresql+psycopg://...) or a SQLite file path; "
        "default: $DESK_DATABASE_URL, else desk.db in the data dir",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="attachments and the default database; default: $DESK_DATA_DIR, else the "
        "user data dir",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desk-server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the API server (upgrades the schema first)")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--workers",
        type=int,
        help="server processes (PostgreSQL only; SQLite is served by one); default 1",
    )
    _add_storage_args(serve)

    create = commands.add_parser("create-user", help="add a user account")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--company")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin (else prompt)",
    )
    _add_storage_args(create)

    seed = commands.add_parser(
        "seed-demo", help="load the demo data set (does nothing if already loaded)"
    )
    seed.add_argument("--tickets", type=int, default=300)
    seed.add_argument("--seed", type=int, default=7)
    _add_storage_args(seed)

    migrate = commands.add_parser("migrate", help="upgrade the database schema and exit")
    _add_storage_args(migrate)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(database=args.database, data_dir=args.data_dir)


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from desk.server.app import create_app
    from desk.server.runner import GRACE, DeskServer

    settings = _settings(args)
    workers = args.workers if args.workers is not None else settings.workers
    if workers != 1:
        return _serve_workers(args, settings, workers)
    app = create_app(settings)
    print(f"Desk ticket API on http://{args.host}:{args.port}/api/v1", file=sys.stderr)
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        timeout_graceful_shutdown=GRACE,
    )
    # SIGTERM is the ordinary way to stop a service: uvicorn shuts down on it and then
    # re-raises it, which this handler turns into exit status 0.
    signal.signal(signal.SIGTERM, _stop)
    DeskServer(config, app.state.ctx).run()
    return 0


def _serve_workers(args: argparse.Namespace, settings: Settings, workers: int) -> int:
    from desk.server.workers import run_workers

    if workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    if settings.is_sqlite:
        print(
            "error: several workers need PostgreSQL; a SQLite database is served by one "
            "process, so drop --workers or use a postgresql+psycopg:// database",
            file=sys.stderr,
        )
        return 2
    print(
        f"Desk ticket API on http://{args.host}:{args.port}/api/v1 ({workers} workers)",
        file=sys.stderr,
    )
    # Each worker process builds its settings from the same arguments.
    make_settings = functools.partial(_settings, args)
    where = {"host": args.host, "port": args.port, "log_level": args.log_level}
    run_workers(make_settings, count=workers, **where)
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise ValueError("the passwords differ")
    return first


def _create_user(args: argparse.Namespace) -> int:
    from desk.server.app import build_context
    from desk.server.users import create_user

    password = _read_password(args.password_stdin)
    if len(password) < 8:
        print("error: the password must have at least 8 characters", file=sys.stderr)
        return 2
    ctx = build_context(_settings(args))
    try:
        ctx.db.upgrade()
        with ctx.db.write(sequenced=False) as tx:
            user = create_user(
                tx.session,
                ctx.passwords,
                email=args.email,
                name=args.name,
                role=Role(args.role),
                password=password,
                company=args.company,
                now=ctx.now(),
            )
            print(f"created {user.role} {user.email} (id {user.id})")
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        ctx.db.dispose()
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from desk.demo.seeding import seed_demo
    from desk.server.app import build_context

    ctx = build_context(_settings(args))
    try:
        ctx.db.upgrade()
        result = seed_demo(ctx, seed=args.seed, ticket_count=args.tickets)
    finally:
        ctx.db.dispose()
    if result is None:
        print("the demo data set is already loaded; nothing to do")
    else:
        print(result)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from desk.server.db.engine import Database

    db = Database(_settings(args).database_url)
    try:
        db.upgrade()
    finally:
        db.dispose()
    print("the schema is up to date")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "serve": _serve,
        "create-user": _create_user,
        "seed-demo": _seed_demo,
        "migrate": _migrate,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
