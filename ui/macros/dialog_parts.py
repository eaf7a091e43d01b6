"""Pieces of the canned-replies dialog: the API it needs, the list column, the delete bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from msgspec import UnsetType
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.client.macros import Macro
from ui.macros.model import MacroListModel

translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


class MacroApi(Protocol):
    """The part of ``desk.client.api.ApiClient`` the dialog uses."""

    async def list_macros(self) -> list[Macro]: ...
    async def create_macro(self, title: str, body: str) -> Macro: ...
    async def update_macro(
        self, macro_id: int, *, title: str | UnsetType = ..., body: str | UnsetType = ...
    ) -> Macro: ...
    async def delete_macro(self, macro_id: int) -> None: ...


def button(text: str, name: str, parent: QWidget) -> QPushButton:
    widget = QPushButton(text, parent)
    widget.setObjectName(name)
    return widget


@dataclass
class ListColumn:
    """Search box, list of macros (or a note when there is none) and the New button."""

    layout: QVBoxLayout
    search: QLineEdit
    model: MacroListModel
    view: QListView
    empty: QLabel
    new_button: QPushButton


def list_column(parent: QWidget) -> ListColumn:
    search = QLineEdit(parent)
    search.setObjectName("macroSearch")
    search.setPlaceholderText(translate("MacrosDialog", "Search canned replies"))
    search.setClearButtonEnabled(True)
    model = MacroListModel(parent)
    view = QListView(parent)
    view.setObjectName("macroList")
    view.setModel(model)
    view.setUniformItemSizes(True)
    view.setMouseTracking(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setAccessibleName(translate("MacrosDialog", "Canned replies"))
    empty = QLabel(parent)
    empty.setObjectName("macroEmpty")
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setWordWrap(True)
    new_button = button(translate("MacrosDialog", "New reply"), "macroNew", parent)
    layout = QVBoxLayout()
    layout.setSpacing(6)
    layout.addWidget(search)
    layout.addWidget(view, 1)
    layout.addWidget(empty, 1)
    layout.addWidget(new_button)
    return ListColumn(layout, search, model, view, empty, new_button)


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
