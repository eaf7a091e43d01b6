"""The left column of the canned-replies dialog: search, the list (or a note when it is
empty) and the New button."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.macros.model import MacroListModel
from ui.widgets.buttons import button
from ui.widgets.clear_button import enable_clear_button

translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


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
    enable_clear_button(search)
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
