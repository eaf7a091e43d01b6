"""`desk-server`: serve the ticket API, create users, load the demo data set, show the
settings, back up and restore.

Every setting of `desk.server.config.Settings` is a flag of `serve` and `config`
(`max_upload_bytes` is `--max-upload-bytes`); a flag wins over its DESK_* variable.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import time, timedelta
from pathlib import Path
from types import FrameType
from typing import Any, Literal, get_args, get_origin

from desk.domain import Role
from desk.server.config import Settings, SettingsError, env_name, masked_url

_STORAGE = ("database_url", "data_dir")
# Values that may hold a password; `config` masks them.
_URLS = ("database_url",)


_METAVARS: dict[object, str] = {
    int: "N",
    float: "SECONDS",
    str: "TEXT",
    Path: "PATH",
    timedelta: "DURATION",
    time: "HH:MM",
}


def _flag(field: str) -> str:
    return "--" + field.replace("_", "-")


def _add_setting(parser: argparse.ArgumentParser | Any, field: str) -> None:
    info = Settings.model_fields[field]
    help_text = f"{info.description or field} [${env_name(field)}]"
    # default=SUPPRESS: a flag not given leaves the field to the environment and default.
    if info.annotation is bool:
        parser.add_argument(
            _flag(field),
            dest=field,
            action=argparse.BooleanOptionalAction,
            default=argparse.SUPPRESS,
            help=help_text,
        )
        return
    names = ["--database", _flag(field)] if field == "database_url" else [_flag(field)]
    choices = get_args(info.annotation) if get_origin(info.annotation) is Literal else None
    parser.add_argument(
        *names,
        dest=field,
        default=argparse.SUPPRESS,
        choices=choices,
        metavar=None if choices else _METAVARS.get(info.annotation, "VALUE"),
        help=help_text,
    )


def _add_storage_args(parser: argparse.ArgumentParser) -> None:
    for field in _STORAGE:
        _add_setting(parser, field)


def _add_all_settings(parser: argparse.ArgumentParser) -> None:
    _add_storage_args(parser)
    group = parser.add_argument_group("settings (flag, else $DESK_<NAME>, else the default)")
    for field in Settings.model_fields:
        if field not in _STORAGE:
            _add_setting(group, field)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desk-server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the API server (upgrades the schema first)")
    _add_all_settings(serve)

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

    config = commands.add_parser(
        "config", help="print the effective settings and where each came from (no secrets)"
    )
    config.add_argument("--json", action="store_true", help="as one JSON object")
    _add_all_settings(config)

    backup = commands.add_parser(
        "backup",
        help="copy the database (consistently, also while serving) and the attachments "
        "into DIR, which must be new or empty",
    )
    backup.add_argument("directory", metavar="DIR")
    _add_storage_args(backup)

    restore = commands.add_parser(
        "restore", help="put a backup made by `backup` in place (stop the server first)"
    )
    restore.add_argument("directory", metavar="DIR")
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace a database that already holds users or tickets, and its attachments",
    )
    _add_storage_args(restore)
    return parser


def _given(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given as flags."""
    return {name: value for name, value in vars(args).items() if name in Settings.model_fields}


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(**_given(args))


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from desk.server.app import create_app
    from desk.server.ops.logs import log_config
    from desk.server.runner import GRACE, DeskServer

    settings = _settings(args)
    workers = settings.workers
    if workers != 1:
        return _serve_workers(args, settings, workers)
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=log_config(settings.log_level, settings.log_format),
        log_level=settings.log_level,
        timeout_graceful_shutdown=GRACE,
    )
    # After uvicorn.Config, which applies the log configuration: this line is JSON too.
    where = f"http://{settings.host}:{settings.port}/api/v1"
    logging.getLogger("desk.server").info("Desk ticket API on %s", where)
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
        f"Desk ticket API on http://{settings.host}:{settings.port}/api/v1 ({workers} workers)",
        file=sys.stderr,
    )
    # Each worker process builds its settings from the same arguments.
    make_settings = functools.partial(_settings, args)
    run_workers(
        make_settings,
        count=workers,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
    )
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
        before = db.schema_revisions()
        db.upgrade()
        after = db.schema_revisions()
    finally:
        db.dispose()
    revision = ", ".join(sorted(after))
    if not before:
        print(f"created the schema (revision {revision})")
    elif before != after:
        print(f"upgraded the schema from revision {', '.join(sorted(before))} to {revision}")
    else:
        print(f"the schema is up to date (revision {revision})")
    return 0


def _source(field: str, given: dict[str, Any]) -> str:
    if field in given:
        return "flag " + ("--database" if field == "database_url" else _flag(field))
    wanted = env_name(field)
    if any(name.upper() == wanted for name in os.environ):
        return "$" + wanted
    if field == "database_url":
        return "default (desk.db in the data dir)"
    return "default"


def _config(args: argparse.Namespace) -> int:
    given = _given(args)
    settings = Settings.load(**given)
    values = settings.model_dump(mode="json")
    for field in _URLS:
        values[field] = masked_url(values[field])
    if args.json:
        report = {f: {"value": v, "source": _source(f, given)} for f, v in values.items()}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    shown = {
        f: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for f, v in values.items()
    }
    width = max(len(f) + len(v) for f, v in shown.items()) + 4
    for field, value in shown.items():
        line = f"{field} = {value}"
        print(f"{line:<{width}}# {_source(field, given)}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from desk.server.ops.backup import backup

    manifest = backup(_settings(args), Path(args.directory))
    print(manifest.summary())
    return 0


def _restore(args: argparse.Namespace) -> int:
    from desk.server.ops.backup import restore

    manifest = restore(_settings(args), Path(args.directory), force=args.force)
    print(f"restored {manifest.summary()}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from desk.server.ops.backup import BackupError

    args = build_parser().parse_args(argv)
    handlers = {
        "serve": _serve,
        "create-user": _create_user,
        "seed-demo": _seed_demo,
        "migrate": _migrate,
        "config": _config,
        "backup": _backup,
        "restore": _restore,
    }
    try:
        return handlers[args.command](args)
    except SettingsError as error:
        print(f"desk-server: {error}", file=sys.stderr)
        return 2
    except BackupError as error:
        print(f"desk-server: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
