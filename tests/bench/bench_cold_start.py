"""Cold start of the real ``desk`` process to a painted, usable queue, with a cached
account of 10k / 100k tickets: this checkout beside main (the merge-base), in one run.

    python -m tests.bench.bench_cold_start [--runs 3] [--base REF] [10000 100000]

Each launch is ``python -m ui.app --server URL --email E --self-check`` offscreen, in a
home of its own, with the account's token remembered (a keyring backend that answers
from the environment, ``cold_start_keyring``) and its cache prepared by that same code
(so each path reads a cache of its own schema). ``--self-check`` reports, in seconds
since the process started (from /proc), the first paint of the main window and the
moment its queue shows rows with the top ticket open; it then quits. Peak RSS is the
launched process's own (``wait4``). A reference server runs for both paths (today's
path asks it who the token belongs to before it opens the window); the branch is also
launched with the server absent, to show the window does not wait for the network.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from desk.domain import Role
from desk.server.config import database_url_for
from tests.e2e.conftest import start_live_server

ROOT = Path(__file__).resolve().parents[2]
KEYRING_DIR = Path(__file__).resolve().parent  # holds cold_start_keyring.py
_FIGURE = re.compile(r"(first paint|queue shown): ([\d.]+) s after start")

PREPARE = """
import asyncio, sys
from desk.client.session import open_session, resume
from tests.helpers.tickets import synthetic_tickets
server, token, count, cache_for = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
me = asyncio.run(resume(server, token))
session = open_session(cache_for, token, me)
session.store.upsert_tickets(synthetic_tickets(count))
asyncio.run(session.close())
"""


@dataclass
class Launch:
    first_paint: float
    queue_shown: float
    peak_rss_mb: float


def checkout(ref: str, into: Path) -> Path:
    """The tree of ``ref`` as plain files (``git archive``: the repo is not touched)."""
    tree = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(tree)) as archive:
        archive.extractall(into, filter="data")
    return into


def home_env(code: Path, home: Path, token: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "QT_", "DESK_", "WAYLAND_", "PYTHON")) and k != "DISPLAY"
    }
    runtime = home / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(
        HOME=str(home / "home"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=f"{code}{os.pathsep}{KEYRING_DIR}",
        PYTHON_KEYRING_BACKEND="cold_start_keyring.BenchKeyring",
        DESK_BENCH_TOKEN=token,
    )
    return env


def launch(code: Path, home: Path, server: str, email: str, token: str) -> Launch:
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.app", "--server", server, "--email", email, "--self-check"],
        cwd=code,
        env=home_env(code, home, token),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    figures = dict(_FIGURE.findall(output))
    if process.returncode != 0 or len(figures) != 2:
        raise RuntimeError(f"desk did not report a usable window:\n{output}")
    return Launch(
        float(figures["first paint"]), float(figures["queue shown"]), usage.ru_maxrss / 1024
    )


def absent_server() -> str:
    """An address nothing listens on (a port just freed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def median_launch(runs: list[Launch]) -> Launch:
    return Launch(
        statistics.median(r.first_paint for r in runs),
        statistics.median(r.queue_shown for r in runs),
        max(r.peak_rss_mb for r in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", default="main", help="today's path (its merge-base is used)")
    args = parser.parse_args()
    base_ref = subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", args.base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="desk-cold-") as folder:
        tmp = Path(folder)
        server = start_live_server(tmp / "server", database_url_for(str(tmp / "desk.db")))
        try:
            agent = server.create_user(Role.AGENT, name="Anna Agent")
            paths = {
                f"main ({base_ref[:8]})": checkout(base_ref, tmp / "base"),
                "this branch": ROOT,
            }
            print(f"{'tickets':>8}  {'path':34} {'first paint':>12} {'usable':>9} {'peak RSS':>9}")
            nowhere = absent_server()
            variants = [(label, code, server.url) for label, code in paths.items()]
            variants.append(("this branch, server absent", ROOT, nowhere))
            for n in args.sizes:
                homes = []
                for i, (_label, code, url) in enumerate(variants):
                    home = tmp / f"home-{n}-{i}"
                    home.mkdir()
                    subprocess.run(
                        [sys.executable, "-c", PREPARE, server.url, agent.token, str(n), url],
                        cwd=code,
                        env=home_env(code, home, agent.token),
                        check=True,
                    )
                    homes.append(home)
                runs: dict[str, list[Launch]] = {label: [] for label, _code, _url in variants}
                for _ in range(args.runs):  # interleaved: a busy moment hits every path alike
                    for (label, code, url), home in zip(variants, homes, strict=True):
                        runs[label].append(launch(code, home, url, agent.email, agent.token))
                results = {label: median_launch(found) for label, found in runs.items()}
                for label, r in results.items():
                    print(
                        f"{n:>8}  {label:34} {r.first_paint * 1000:>10.0f}ms "
                        f"{r.queue_shown * 1000:>7.0f}ms {r.peak_rss_mb:>7.0f}MB"
                    )
                old, new = results[next(iter(paths))], results["this branch"]
                print(
                    f"{'':>8}  {'main / branch':34} {old.first_paint / new.first_paint:>11.2f}x "
                    f"{old.queue_shown / new.queue_shown:>8.2f}x "
                    f"{old.peak_rss_mb / new.peak_rss_mb:>8.2f}x"
                )
        finally:
            server.stop()
    print(f"median of {args.runs} launches; peak RSS is the largest of them")


if __name__ == "__main__":
    main()
