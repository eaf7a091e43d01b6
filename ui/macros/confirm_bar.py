"""An inline "Delete …?" question for the canned-replies dialog: no modal box, nothing
happens until it is confirmed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from ui.widgets.buttons import button

translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


class ConfirmBar(QFrame):
    """An inline "Delete …?" question: no modal box, nothing happens until confirmed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("macroConfirm")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_button = button(
            translate("MacrosDialog", "Delete"), "macroConfirmDelete", self
        )
        self.cancel_button = button(translate("MacrosDialog", "Keep it"), "macroCancelDelete", self)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.confirm_button)
        self.cancel_button.clicked.connect(self.hide)
        self.hide()

    def ask(self, question: str) -> None:
        self.text.setText(question)
        self.show()
