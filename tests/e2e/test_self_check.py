"""`desk --demo --self-check`, in process: the demo queue is shown, the report says what
loaded (in Russian here, as the smoke test of the frozen app runs it), and the app quits
cleanly with exit code 0."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desk.client.cli import parse_args
from ui.app import DeskApp, _install_translations
from ui.self_check import SelfCheck

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _keep_the_app_state(qapp: QApplication) -> Iterator[None]:
    """DeskApp sets the palette and the check installs translators; other tests need neither."""
    before = qapp.palette()
    yield
    qapp.setPalette(before)


def test_the_self_check_reports_the_demo_queue_and_quits(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("DESK_LANG", "ru")
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    options = parse_args(["--demo", "--self-check", "--data-dir", str(tmp_path / "demo")])
    assert options.self_check
    translators = _install_translations(qapp)
    try:
        desk = DeskApp(qapp, options)
        out = io.StringIO()
        check = SelfCheck(
            lambda: desk.window,
            desk.credentials,
            desk.calendar,
            translators,
            desk._quit.set,
            out=out,
        )
        code = qloop.run_until_complete(check.supervise(desk.run()))
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
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
