"""Bringing the window forward un-minimises it and keeps it maximised if it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.lifecycle.raising import bring_to_front

# The offscreen platform cannot raise windows and says so.
pytestmark = pytest.mark.qt_log_ignore("does not support raise")


def test_a_minimised_maximised_window_comes_back_maximised(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowMaximized | Qt.WindowState.WindowMinimized)
    bring_to_front(window)
    assert window.isVisible()
    assert window.windowState() == Qt.WindowState.WindowMaximized


def test_a_hidden_window_is_shown(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    bring_to_front(window)
    assert window.isVisible() and not window.isMinimized()
