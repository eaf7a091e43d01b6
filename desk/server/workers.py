"""`desk-server serve --workers N`: several server processes on one listening socket.

The parent upgrades the schema once, binds the socket and starts N worker processes
(spawned, not forked: each builds its own engine, event loop and PostgreSQL listener).
Each worker runs the same `DeskServer` as a single-process serve, so SIGTERM ends its
event streams with a `retry:` hint. SIGTERM or SIGINT to the parent is passed on to
every worker; a worker that dies is replaced. Workers share nothing in memory: events,
presence and the login limits cross them through PostgreSQL
(`desk.server.events.crossing`), which is why SQLite is served by one process only.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn

from desk.server.config import Settings
from desk.server.runner import GRACE, DeskServer

log = logging.getLogger(__name__)

# A dead worker's place is filled at most this often (seconds), so one that fails at
# start-up (say, the database is down) does not spin.
_RESTART_PAUSE = 1.0


def _exit_quietly(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def _worker_main(
    make_settings: Callable[[], Settings], log_level: str, sock: socket.socket
) -> None:
    """One worker process, on the parent's socket, until SIGTERM (then exit status 0)."""
    from desk.server.app import create_app

    app = create_app(make_settings(), migrate=False)  # the parent did
    config = uvicorn.Config(app, log_level=log_level, timeout_graceful_shutdown=GRACE)
    # uvicorn shuts down on SIGTERM and then re-raises it, which this handler turns into
    # exit status 0, as for a single-process serve.
    signal.signal(signal.SIGTERM, _exit_quietly)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the parent, which stops us
    DeskServer(config, app.state.ctx).run(sockets=[sock])


def run_workers(
    make_settings: Callable[[], Settings], *, host: str, port: int, log_level: str, count: int
) -> None:
    """`count` worker processes on `host:port` until SIGTERM or SIGINT.

    `make_settings` must pickle (a module-level function, or a partial of one): each
    worker calls it to build its settings the way the parent did."""
    from desk.server.db.engine import Database

    settings = make_settings()
    if settings.is_sqlite:
        raise ValueError("SQLite is served by one process")
    # Once, here: workers upgrading the same database at the same time would clash.
    db = Database(settings.database_url)
    try:
        db.upgrade()
    finally:
        db.dispose()
    sock = socket.create_server((host, port))
    sock.set_inheritable(True)
    spawn = multiprocessing.get_context("spawn")
    stopping = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def start() -> tuple[BaseProcess, float]:
        process = spawn.Process(
            target=_worker_main, args=(make_settings, log_level, sock), name="desk-server-worker"
        )
        process.start()
        return process, time.monotonic()

    workers = [start() for _ in range(count)]
    try:
        while not stopping.wait(0.2):
            for slot, (process, started) in enumerate(workers):
                if process.is_alive() or time.monotonic() - started < _RESTART_PAUSE:
                    continue
                log.warning(
                    "worker %s exited (status %s); starting another", process.pid, process.exitcode
                )
                workers[slot] = start()
    finally:
        for process, _ in workers:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        for process, _ in workers:
            process.join(GRACE + 5)
            if process.is_alive():
                process.kill()
                process.join()
        sock.close()
