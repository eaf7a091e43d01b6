"""`desk --demo --self-check`, in process: the demo queue is shown, the report says what
loaded (in Russian here, as the smoke test of the frozen app runs it), and the app quits
cleanly with exit code 0."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from desk.client.cli import parse_args
from ui.app import DeskApp
from ui.self_check import SelfCheck

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("keep_the_palette")]


def test_the_self_check_reports_the_demo_queue_and_quits(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    isolated: Path,
    russian: list[QTranslator],
) -> None:
    options = parse_args(["--demo", "--self-check", "--data-dir", str(isolated / "demo")])
    assert options.self_check
    desk = DeskApp(qapp, options)
    out = io.StringIO()
    check = SelfCheck(
        lambda: desk.window, desk.credentials, desk.calendar, russian, desk._quit.set, out=out
    )
    code = qloop.run_until_complete(check.supervise(desk.run()))
    report = out.getvalue()
    assert code == 0, report
    lines = report.splitlines()
    assert lines[0] == "self-check: ok"
    assert int(lines[1].removeprefix("  tickets in the queue: ")) > 0
    assert "desk_ru.qm" in lines[2]
    assert lines[4] == "  Qt platform plugin: offscreen"
    assert " RU has " in lines[-2]
    assert lines[-1] == "self-check: quit cleanly (exit code 0)"
    assert desk.window is not None and not desk.window.isVisible()
