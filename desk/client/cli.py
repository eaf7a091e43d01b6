"""Command-line options of the ``desk`` app (parsed here, without Qt, so they can be
tested and documented; ``ui.app.main`` is the console entry point that uses them)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desk import __version__


@dataclass(frozen=True)
class LaunchOptions:
    demo: bool = False
    server: str | None = None
    email: str | None = None
    data_dir: Path | None = None
    minimized: bool = False
    debug: bool = False  # everything on stderr too, not only warnings
    self_check: bool = False

    @property
    def log_level(self) -> int:
        return logging.DEBUG if self.debug else logging.INFO


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk",
        description="Desk: the helpdesk client for support staff.",
        epilog="Without --demo or --server, Desk signs in to the server you used last.",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--demo",
        action="store_true",
        help="start an embedded server with demo data and a customer simulator, "
        "and sign in as the demo agent",
    )
    target.add_argument("--server", metavar="URL", help="sign in to this ticket server")
    parser.add_argument("--email", help="the e-mail address to sign in with")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where the demo keeps its database and files (default: the user data dir)",
    )
    parser.add_argument("--minimized", action="store_true", help="start in the tray")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="log everything, also to the terminal (else only warnings show there)",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="quit once the queue is shown, printing what loaded (exit code 0), "
        "or why it was not shown (1); for installers' smoke tests",
    )
    parser.add_argument("--version", action="version", version=f"Desk {__version__}")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> LaunchOptions:
    args = build_parser().parse_args(argv)
    server = args.server.strip().rstrip("/") if args.server else None
    if server is not None and not server.startswith(("http://", "https://")):
        build_parser().error(f"--server needs an http:// or https:// address, not {server!r}")
    return LaunchOptions(
        demo=args.demo,
        server=server,
        email=args.email,
        data_dir=args.data_dir,
        minimized=args.minimized,
        debug=args.debug,
        self_check=args.self_check,
    )
