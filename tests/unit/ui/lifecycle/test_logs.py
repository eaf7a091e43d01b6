"""The log file, the quiet terminal and the crash file."""

from __future__ import annotations

import faulthandler
import io
import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.lifecycle.logs import LogFiles, disarm_crash_log, setup_logging


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """setup_logging changes process-wide state: put pytest's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    chatty = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for name, old in chatty.items():
        logging.getLogger(name).setLevel(old)
    disarm_crash_log()
    faulthandler.enable(file=sys.__stderr__)


def emit_sample() -> None:
    logging.getLogger("desk.sample").debug("a debug detail")
    logging.getLogger("desk.sample").info("signed in")
    logging.getLogger("httpx").info('HTTP Request: GET http://x/sync "HTTP/1.1 200 OK"')
    logging.getLogger("desk.sample").warning("offline for a while")


def flush(files: LogFiles) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return files.log.read_text(encoding="utf-8")


def test_by_default_the_file_has_info_and_the_terminal_only_warnings(
    tmp_path: Path, restored_logging: None
) -> None:
    terminal = io.StringIO()
    files = setup_logging(tmp_path / "log", debug=False, stderr=terminal)
    emit_sample()
    text = flush(files)
    assert "INFO desk.sample: signed in" in text
    assert "WARNING desk.sample: offline for a while" in text
    assert "a debug detail" not in text and "HTTP Request" not in text
    assert terminal.getvalue().splitlines() == [
        line for line in terminal.getvalue().splitlines() if "WARNING" in line
    ]
    assert "offline for a while" in terminal.getvalue()
    assert "signed in" not in terminal.getvalue()


def test_debug_shows_everything_on_the_terminal(tmp_path: Path, restored_logging: None) -> None:
    terminal = io.StringIO()
    files = setup_logging(tmp_path / "log", debug=True, stderr=terminal)
    emit_sample()
    for expected in ("a debug detail", "signed in", "HTTP Request", "offline"):
        assert expected in terminal.getvalue()
        assert expected in flush(files)


def test_a_second_setup_replaces_its_handlers_and_keeps_others(
    tmp_path: Path, restored_logging: None
) -> None:
    others = list(logging.getLogger().handlers)
    setup_logging(tmp_path / "log", debug=False, stderr=io.StringIO())
    files = setup_logging(tmp_path / "log", debug=False, stderr=io.StringIO())
    logging.getLogger("desk.sample").warning("once")
    assert flush(files).count("once") == 1
    assert all(h in logging.getLogger().handlers for h in others)
    assert files == LogFiles(
        tmp_path / "log", tmp_path / "log/desk.log", tmp_path / "log/crashes.log"
    )


def test_a_native_crash_leaves_its_traceback_in_the_log_folder(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import faulthandler
        from pathlib import Path
        from ui.lifecycle.logs import setup_logging
        setup_logging(Path({str(tmp_path)!r}), debug=False)
        def crash_here():
            faulthandler._sigsegv()
        crash_here()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode != 0
    report = (tmp_path / "crashes.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in report
    assert "crash_here" in report
