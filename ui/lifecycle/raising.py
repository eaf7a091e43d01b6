"""Bringing a window to the front: from the tray, from an alert, from a second launch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

__all__ = ["bring_to_front"]


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise (keeping a maximised window maximised), raise and focus."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
