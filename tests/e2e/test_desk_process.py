"""The real ``desk`` process, offscreen, in a home of its own: how it starts, hands a
second launch over, logs, and quits on SIGTERM and Ctrl+C (SIGINT).

Each test runs ``desk --demo`` as a separate process with temp XDG folders, so the
single-instance socket, the log and the account cache are the test's alone. The
process says what it does in its log file; the tests read it there.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desk.client.store import Store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

REPO = Path(__file__).resolve().parents[2]
_WINDOW_OPEN = re.compile(r"window open: \S+ on http://127\.0\.0\.1:(\d+)")


def desk_command() -> list[str]:
    """The console script beside this interpreter (what people run), else the module."""
    script = Path(sys.executable).with_name("desk")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "ui.app"]


@dataclass
class Home:
    root: Path
    runtime: Path  # short, for the socket path's ~107-byte limit

    def env(self, **overrides: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("XDG_", "QT_", "DESK_", "WAYLAND_")) and k != "DISPLAY"
        }
        env.update(
            HOME=str(self.root / "home"),
            XDG_DATA_HOME=str(self.root / "data"),
            XDG_CONFIG_HOME=str(self.root / "config"),
            XDG_CACHE_HOME=str(self.root / "cache"),
            XDG_STATE_HOME=str(self.root / "state"),
            XDG_RUNTIME_DIR=str(self.runtime),
            QT_QPA_PLATFORM="offscreen",
            PYTHONPATH=str(REPO),  # this checkout's code, whatever is installed
        )
        env.update(overrides)
        return env

    @property
    def log(self) -> Path:
        return self.root / "state" / "Desk" / "log" / "desk.log"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    def cache(self) -> Path:
        [database] = (self.root / "data" / "Desk" / "accounts").glob("*/cache.sqlite3")
        return database

    def run(self, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*desk_command(), *arguments],
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    runtime = Path(tempfile.mkdtemp(prefix="desk-run-"))
    runtime.chmod(0o700)
    (tmp_path / "home").mkdir()
    try:
        yield Home(tmp_path, runtime)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


@dataclass
class RunningDesk:
    process: subprocess.Popen[bytes]
    port: int  # the embedded demo server's
    stderr: Path  # a file: a pipe nobody reads would fill up and block the app

    def stop(self, sig: signal.Signals) -> tuple[int, float, str]:
        """Send ``sig``; the exit status, the seconds it took and what was on stderr."""
        started = time.monotonic()
        self.process.send_signal(sig)
        self.process.wait(timeout=30)
        seconds = time.monotonic() - started
        return self.process.returncode, seconds, self.stderr.read_text(encoding="utf-8")


@contextlib.contextmanager
def running_desk(home: Home, *arguments: str) -> Iterator[RunningDesk]:
    stderr = home.root / "stderr.txt"
    with stderr.open("wb") as err_file:
        process = subprocess.Popen(
            [*desk_command(), "--demo", "--data-dir", str(home.root / "demo"), *arguments],
            env=home.env(),
            stdout=subprocess.DEVNULL,
            stderr=err_file,
        )
    try:
        deadline = time.monotonic() + 180  # the first run seeds the demo database
        while (found := _WINDOW_OPEN.search(home.log_text())) is None:
            if process.poll() is not None:
                raise AssertionError(f"desk exited early: {stderr.read_text(encoding='utf-8')}")
            if time.monotonic() > deadline:
                raise AssertionError("the window did not open in time")
            time.sleep(0.1)
        yield RunningDesk(process, int(found.group(1)), stderr)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def wait_for(check: object, limit: float = 60.0) -> None:
    """A guard against hanging, not a speed assertion."""
    assert callable(check)
    deadline = time.monotonic() + limit
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def port_is_closed(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def cached_tickets(database: Path) -> int:
    """Read beside the running app (closed at once: the app's must be the last
    connection, the one that checkpoints)."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        try:
            return int(db.execute("SELECT count(*) FROM tickets").fetchone()[0])
        except sqlite3.OperationalError:  # the schema is still being created
            return 0


def wal_is_empty(database: Path) -> bool:
    wal = database.with_name(database.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize(
    ("sig", "debug"), [(signal.SIGTERM, False), (signal.SIGINT, True)], ids=["SIGTERM", "SIGINT"]
)
def test_a_signal_quits_like_the_quit_menu(home: Home, sig: signal.Signals, debug: bool) -> None:
    with running_desk(home, *(["--debug"] if debug else [])) as desk:
        database = home.cache()
        wait_for(lambda: cached_tickets(database) > 0)  # the sync has written to the cache
        assert not wal_is_empty(database)  # so there is a log to checkpoint
        code, seconds, err = desk.stop(sig)
    print(f"{sig.name}: exited with {code} after {seconds:.2f} s")
    assert code == 0, err
    log = home.log_text()
    assert f"{sig.name} received: quitting" in log
    assert "Desk quit (exit status 0)" in log
    assert wal_is_empty(database)  # checkpointed into the database on close
    assert port_is_closed(desk.port)  # the embedded demo server went down too
    with Store(database) as reopened:  # and the account is free for the next start
        assert reopened.load_tickets()
    if debug:  # --debug: everything on the terminal too
        assert " INFO " in err and " DEBUG " in err
        assert "HTTP Request" in err
    else:  # the terminal stays quiet: warnings only, never a line per request
        assert " INFO " not in err and " DEBUG " not in err
        assert "HTTP Request" not in err
        assert " INFO desk.demo" in log  # while the file has the story


def test_a_second_launch_hands_over_and_a_bypass_is_refused(home: Home) -> None:
    with running_desk(home) as desk:
        second = home.run("--demo", "--data-dir", str(home.root / "demo"))
        assert second.returncode == 0, second.stderr
        assert "brought the window to the front for another launch" in home.log_text()
        assert "a running Desk took over this launch" in home.log_text()
        assert " INFO " not in second.stderr

        # Another runtime dir: the socket is not found, but the account's cache is
        # locked, so the second process says so and does not touch it.
        with tempfile.TemporaryDirectory(prefix="desk-run2-") as other:
            bypass = home.run(
                "--demo", "--data-dir", str(home.root / "demo"), XDG_RUNTIME_DIR=other
            )
        assert bypass.returncode == 1
        assert "This account is already open in another Desk window." in bypass.stderr
        assert desk.process.poll() is None  # the first one carries on
        code, _seconds, err = desk.stop(signal.SIGTERM)
    assert code == 0, err


def test_missing_x11_libraries_are_named_before_qt_starts(home: Home) -> None:
    fake = home.root / "bin" / "ldd"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\necho '\tlibxcb-icccm.so.4 => not found'\n"
        "echo '\tlibxcb-cursor.so.0 => not found'\n"
    )
    fake.chmod(0o755)
    path = f"{fake.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = home.run("--demo", QT_QPA_PLATFORM="xcb", PATH=path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].endswith("sudo apt install libxcb-icccm4 libxcb-cursor0")
