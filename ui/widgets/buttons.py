"""Buttons built the way the app names them (every button gets an objectName)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QPushButton,
    QWidget,
)


def button(text: str, name: str, parent: QWidget) -> QPushButton:
    """A push button with an objectName, for UI automation and style sheets."""
    widget = QPushButton(text, parent)
    widget.setObjectName(name)
    return widget
