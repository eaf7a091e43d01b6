"""A line edit's clear button with a name: Qt's own is an icon with none, so a screen
reader would announce a nameless "button" beside every search field."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QToolButton


def enable_clear_button(edit: QLineEdit) -> None:
    edit.setClearButtonEnabled(True)
    name = QCoreApplication.translate("LineEdit", "Clear")
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)
        button.setToolTip(name)
