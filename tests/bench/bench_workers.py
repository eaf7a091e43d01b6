"""Several server processes on PostgreSQL: what crossing processes costs, in one run.

Run on a PostgreSQL server, e.g. a throwaway one:
``.ci/postgres.sh python tests/bench/bench_workers.py`` (it reads DESK_TEST_POSTGRES_URL,
makes a fresh database there and drops it afterwards). Starts ``desk-server serve``
child processes on that database and measures, p50 / p99:

- a message's way to an open event stream: sent through the stream's own process, and
  sent through a second process (LISTEN/NOTIFY carries it across), from the start of
  the POST to its arrival on the stream;
- sending a message on one process with no stream open, with the crossing (a NOTIFY in
  every writing transaction, a listening connection) and without it (the single-process
  path as it was), to show what the crossing costs a lone server.

Figures vary by machine; read the differences.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_fanout import Streams, seed, sends
from tests.bench.bench_server import percentiles
from tests.helpers.child_server import free_port, wait_until_answering

MESSAGES = 50
SENDS = 200


def serve_child(mode: str, port: int, url: str, root: Path) -> None:
    """Runs in the child process: `desk-server serve`, without the crossing if asked."""
    from desk.server import app, cli

    if mode == "no-crossing":
        built = app.build_context

        def without_crossing(settings: object) -> object:
            ctx = built(settings)  # type: ignore[arg-type]
            ctx.crossing = None
            ctx.db.before_sequenced_commit = None
            return ctx

        app.build_context = without_crossing  # type: ignore[assignment]
    storage = ["--database", url, "--data-dir", str(root / "data")]
    cli.main(["serve", "--port", str(port), "--log-level", "warning", *storage])


class Child:
    def __init__(self, mode: str, url: str, root: Path) -> None:
        self.port = free_port()
        cmd = [sys.executable, __file__, "--serve", mode, str(self.port), url, str(root)]
        self.proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        self.api = f"http://127.0.0.1:{self.port}/api/v1"
        wait_until_answering(f"{self.api}/health", self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def line(name: str, samples: list[float]) -> str:
    p50, p99 = percentiles(samples)
    return f"{name:58} {p50:7.2f} / {p99:7.2f}"


def run(url: str, root: Path) -> None:
    from desk.server.config import Settings

    settings = Settings(database_url=url, data_dir=root / "data").replace(
        argon2_time_cost=1, argon2_memory_kib=8, argon2_parallelism=1
    )
    tokens, sender, ids = seed(settings, 1)
    headers = {"Authorization": f"Bearer {sender}"}
    results: list[str] = []

    first, second = Child("crossing", url, root), Child("crossing", url, root)
    try:
        streams = Streams(first.port, tokens[:1])
        streams.start()
        try:
            for name, child in (("same process", first), ("across processes", second)):
                with httpx.Client(base_url=child.api, headers=headers) as client:
                    sends(client, ids, 5, streams, 1)  # warm up
                    _, reached = sends(client, ids, MESSAGES, streams, 1)
                results.append(line(f"message reaches a stream, sent {name}", reached))
        finally:
            streams.stop()
    finally:
        second.stop()
        first.stop()

    # Both servers at once, sends alternating in small rounds: the machine's load
    # drifts, and this way it weighs on both alike.
    children = {mode: Child(mode, url, root) for mode in ("no-crossing", "crossing")}
    sent: dict[str, list[float]] = {mode: [] for mode in children}
    try:
        clients = {
            mode: httpx.Client(base_url=child.api, headers=headers)
            for mode, child in children.items()
        }
        for client in clients.values():
            sends(client, ids, 20, None, 0)  # warm up
        for _ in range(SENDS // 10):
            for mode, client in clients.items():
                sent[mode] += sends(client, ids, 10, None, 0)[0]
        for client in clients.values():
            client.close()
    finally:
        for child in children.values():
            child.stop()
    results.append(line("send on one process, without the crossing (before)", sent["no-crossing"]))
    results.append(line("send on one process, with the crossing", sent["crossing"]))

    print(f"\nmilliseconds, p50 / p99 (load average {os.getloadavg()[0]:.2f})")
    for text in results:
        print(text)


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        serve_child(sys.argv[2], int(sys.argv[3]), sys.argv[4], Path(sys.argv[5]))
        return
    admin_url = os.environ.get("DESK_TEST_POSTGRES_URL")
    if not admin_url:
        raise SystemExit("set DESK_TEST_POSTGRES_URL (run under .ci/postgres.sh)")
    name = f"desk_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        run(url, Path(tempfile.mkdtemp(prefix="desk-bench-workers-")))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
