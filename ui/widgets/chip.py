"""A small rounded label for tags such as URGENT or a ticket's status."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class Chip(QLabel):
    """A small rounded label (URGENT, status)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_colours(
        self, background: QColor, foreground: QColor, *, border: QColor | None = None
    ) -> None:
        edge = f"1px solid {border.name()}" if border is not None else "none"
        self.setStyleSheet(
            f"QLabel {{ background: {background.name()}; color: {foreground.name()};"
            f" border: {edge}; border-radius: 4px; padding: 1px 7px; font-weight: 700; }}"
        )
