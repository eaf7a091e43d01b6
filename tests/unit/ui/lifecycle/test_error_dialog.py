"""A bug shows one dialog that names the log file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ui.lifecycle.error_dialog import ErrorDialogs


def test_the_dialog_names_the_log_file_and_offers_its_folder(qtbot: QtBot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    log_file = tmp_path / "log" / "desk.log"
    dialogs = ErrorDialogs(log_file, lambda: window)
    dialogs.show("Something went wrong (KeyError). The details are in the log.")
    box = dialogs.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.parent() is window
    assert box.text() == "Something went wrong (KeyError). The details are in the log."
    assert str(log_file) in box.informativeText()
    assert "Open log folder" in [b.text() for b in box.buttons()]


def test_a_repeating_bug_does_not_stack_dialogs(qtbot: QtBot, tmp_path: Path) -> None:
    dialogs = ErrorDialogs(tmp_path / "desk.log", lambda: None)
    dialogs.show("first")
    first = dialogs.dialog
    assert first is not None
    qtbot.addWidget(first)
    dialogs.show("second")
    assert dialogs.dialog is first and first.text() == "first"
    first.accept()
    assert dialogs.dialog is None
    dialogs.show("third")
    assert dialogs.dialog is not None and dialogs.dialog.text() == "third"
    dialogs.dialog.accept()
