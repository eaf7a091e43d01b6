"""Canned replies: the list and an editor. Admins add, edit and delete; agents read.

Open it with ``open()`` (non-modal; never ``exec()`` under qasync). Every change goes
through the API client, and the library takes the server's answer, so the picker sees
the change at once. Failures are shown inline as sentences, never as dialogs. Unsaved
edits are never dropped silently: switching macros or closing asks to save or discard.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from msgspec import UNSET, UnsetType
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desk.client.api.errors import ApiError, Forbidden, NotFound
from desk.client.macros import Macro, MacroLibrary
from ui.macros.confirm_bar import ConfirmBar
from ui.macros.form import MacroForm
from ui.macros.list_column import list_column
from ui.macros.model import MacroDelegate
from ui.macros.style import dialog_stylesheet
from ui.tasks import TaskRunner, describe_error
from ui.theme import DARK, LIGHT, Theme
from ui.widgets.buttons import button


class MacroApi(Protocol):
    """The part of ``desk.client.api.ApiClient`` the dialog uses."""

    async def list_macros(self) -> list[Macro]: ...
    async def create_macro(self, title: str, body: str) -> Macro: ...
    async def update_macro(
        self, macro_id: int, *, title: str | UnsetType = ..., body: str | UnsetType = ...
    ) -> Macro: ...
    async def delete_macro(self, macro_id: int) -> None: ...


class MacrosDialog(QDialog):
    def __init__(
        self,
        api: MacroApi,
        library: MacroLibrary,
        is_admin: bool,
        parent: QWidget | None = None,
        *,
        theme: Theme | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("macrosDialog")
        self.setWindowTitle(self.tr("Canned replies"))
        self.api, self.library, self.is_admin = api, library, is_admin
        self.runner = TaskRunner(self)
        self.runner.errorRaised.connect(self.show_error)
        self._current_id: int | None = None  # the macro in the form; None: new or nothing
        self._new = False  # the form holds a macro not saved yet
        self._baseline = ("", "")
        self._busy = False
        self._syncing = False
        self._close_armed = False

        column = list_column(self)
        self.search, self.model, self.list = column.search, column.model, column.view
        self.empty, self.new_button = column.empty, column.new_button

        self.note = QLabel(
            self.tr(
                "Only admins can add or change canned replies. To use one, press Ctrl+M "
                "in the reply box or type / at the start of a line."
            ),
            self,
        )
        self.note.setObjectName("macroReadOnlyNote")
        self.note.setWordWrap(True)
        self.form = MacroForm(self)
        self.error = QLabel(self)
        self.error.setObjectName("macroError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(self)
        self.status.setObjectName("macroStatus")

        self.confirm = ConfirmBar(self)
        self.confirm_text = self.confirm.text
        self.confirm_delete, self.cancel_delete = (
            self.confirm.confirm_button,
            self.confirm.cancel_button,
        )

        self.delete_button = button(self.tr("Delete…"), "macroDelete", self)
        self.revert_button = button(self.tr("Discard changes"), "macroRevert", self)
        self.save_button = button(self.tr("Save"), "macroSave", self)
        self.close_button = button(self.tr("Close"), "macroClose", self)
        self.save_button.setDefault(True)

        actions = QHBoxLayout()
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.status)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.note)
        right.addWidget(self.form, 1)
        right.addWidget(self.error)
        right.addWidget(self.confirm)
        right.addLayout(actions)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addLayout(column.layout, 2)
        columns.addLayout(right, 3)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

        self.list.setItemDelegate(MacroDelegate(theme or self._palette_theme(), self.list))
        self.set_theme(theme or self._palette_theme())
        self.search.textChanged.connect(lambda _t: self._fill_list())
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.form.edited.connect(self._update_state)
        self.new_button.clicked.connect(self.start_new)
        self.delete_button.clicked.connect(self.ask_delete)
        self.confirm_delete.clicked.connect(lambda: self.runner.start(self.delete_current()))
        self.revert_button.clicked.connect(self.discard)
        self.save_button.clicked.connect(lambda: self.runner.start(self.save()))
        self.close_button.clicked.connect(self.reject)
        unlisten = library.add_listener(self._library_changed)
        self.destroyed.connect(lambda *_: unlisten())

        self.note.setVisible(not is_admin)
        for widget in (self.new_button, self.delete_button, self.revert_button, self.save_button):
            widget.setVisible(is_admin)
        self.form.set_editable(False)
        self.error.hide()
        self.resize(860, 560)
        self._fill_list()
        self._select_first()

    def _palette_theme(self) -> Theme:
        return DARK if self.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT

    def set_theme(self, theme: Theme) -> None:
        delegate = self.list.itemDelegate()
        if isinstance(delegate, MacroDelegate):
            delegate.theme = theme
        self.setStyleSheet(dialog_stylesheet(theme))

    # --- state -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def current_id(self) -> int | None:
        return self._current_id

    def is_new(self) -> bool:
        return self._new

    def is_dirty(self) -> bool:
        """The form differs from what was loaded (for a new reply: anything typed)."""
        return self.is_admin and self.form.values() != self._baseline

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    def show_error(self, text: str) -> None:
        self.status.clear()
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _update_state(self) -> None:
        self._close_armed = False
        has_macro = self._current_id is not None or self._new
        self.form.setEnabled(has_macro)
        self.form.set_editable(self.is_admin and has_macro and not self._busy)
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty and not self._busy)
        self.revert_button.setEnabled(dirty and not self._busy)
        self.delete_button.setEnabled(self._current_id is not None and not self._busy)
        self.new_button.setEnabled(not self._busy)
        if dirty:
            self.status.clear()

    # --- the list ------------------------------------------------------------------------

    def _fill_list(self) -> None:
        self._syncing = True
        try:
            self.model.set_macros(self.library.filter(self.search.text()))
            row = self.model.row_of(self._current_id) if self._current_id is not None else None
            if row is not None:
                self.list.setCurrentIndex(self.model.index(row, 0))
        finally:
            self._syncing = False
        has = self.model.rowCount() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        if self.search.text().strip():
            self.empty.setText(self.tr("No canned replies match"))
        elif self.library.loading or not self.library.loaded:
            self.empty.setText(self.tr("Loading canned replies…"))
        elif self.is_admin:
            self.empty.setText(self.tr("No canned replies yet.\nAdd the first one with New reply."))
        else:
            self.empty.setText(self.tr("No canned replies yet."))

    def _select_first(self) -> None:
        if self._current_id is None and not self._new and self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
        self._update_state()

    def _library_changed(self) -> None:
        self._fill_list()
        gone = self._current_id is not None and self.library.get(self._current_id) is None
        if gone and not self.is_dirty():  # deleted elsewhere; unsaved text stays put
            self._show(None)
        self._select_first()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        macro = self.model.macro_at(current.row())
        if macro is None or (macro.id == self._current_id and not self._new):
            return
        if self.is_dirty():
            self._keep_selection()
            self.show_error(self.tr("Save or discard your changes first."))
            return
        self._show(macro)

    def _keep_selection(self) -> None:
        self._syncing = True
        try:
            row = self.model.row_of(self._current_id) if self._current_id is not None else None
            selection = self.list.selectionModel()
            if row is None:
                selection.clear()
            else:
                selection.setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
        finally:
            self._syncing = False

    def _show(self, macro: Macro | None) -> None:
        self._new = False
        self._current_id = macro.id if macro is not None else None
        self._baseline = (macro.title, macro.body) if macro is not None else ("", "")
        self.form.set_values(*self._baseline)
        self.confirm.hide()
        self.show_error("")
        self._update_state()

    def select_macro(self, macro_id: int) -> bool:
        row = self.model.row_of(macro_id)
        if row is None:
            return False
        self.list.setCurrentIndex(self.model.index(row, 0))
        return self._current_id == macro_id

    # --- actions -------------------------------------------------------------------------

    def start_new(self) -> None:
        if not self.is_admin:
            return
        if self.is_dirty():
            self.show_error(self.tr("Save or discard your changes first."))
            return
        self._show(None)
        self._new = True
        self._keep_selection()
        self._update_state()
        self.form.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def discard(self) -> None:
        if self._new:
            self._show(None)
            self._select_first()
        else:
            self._show(self.library.get(self._current_id) if self._current_id else None)

    def ask_delete(self) -> None:
        macro = self.library.get(self._current_id) if self._current_id is not None else None
        if macro is None or not self.is_admin:
            return
        self.confirm.ask(
            self.tr("Delete “{0}”? Nobody will be able to insert it any more.").format(macro.title)
        )

    async def reload(self) -> None:
        self._fill_list()
        try:
            await self.library.refresh()
        except ApiError as exc:
            self.show_error(self.tr("Could not load canned replies: {0}").format(exc.message))
        self._fill_list()
        self._select_first()

    async def save(self) -> bool:
        """Create or update from the form; True once the server took it."""
        if not self.is_admin or self._busy or not self.is_dirty():
            return False
        problems = self.form.problems()
        if problems:
            self.show_error(" ".join(problems))
            return False
        title, body = self.form.values()
        macro_id = None if self._new else self._current_id
        self._set_busy(True, self.tr("Saving…"))
        try:
            if macro_id is None:
                saved = await self.api.create_macro(title, body)
            else:
                old_title, old_body = self._baseline
                saved = await self.api.update_macro(
                    macro_id,
                    title=title if title != old_title else UNSET,
                    body=body if body != old_body else UNSET,
                )
        except NotFound:
            if macro_id is not None:
                self.library.remove(macro_id)
            self._new, self._current_id, self._baseline = True, None, ("", "")
            self.show_error(
                self.tr("Someone deleted this canned reply meanwhile. Save to add it again.")
            )
            return False
        except ApiError as exc:
            self.show_error(self._describe(exc))
            return False
        finally:
            self._set_busy(False)
        self._new, self._current_id = False, saved.id
        self._baseline = (saved.title, saved.body)
        self.form.set_values(saved.title, saved.body)
        self.library.upsert(saved)  # the list refreshes and selects it through the listener
        self.show_error("")
        self.status.setText(self.tr("Saved"))
        self._update_state()
        return True

    async def delete_current(self) -> bool:
        macro_id = self._current_id
        if not self.is_admin or self._busy or macro_id is None:
            return False
        self._set_busy(True, self.tr("Deleting…"))
        try:
            await self.api.delete_macro(macro_id)
        except NotFound:
            pass  # already gone: the goal is reached
        except ApiError as exc:
            self.show_error(self._describe(exc))
            return False
        finally:
            self._set_busy(False)
        self.confirm.hide()
        row = self.model.row_of(macro_id) or 0
        self._show(None)
        self.library.remove(macro_id)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self.status.setText(self.tr("Deleted"))
        return True

    def _describe(self, exc: ApiError) -> str:
        if isinstance(exc, Forbidden):
            return self.tr("Only admins can change canned replies.")
        return describe_error(exc)

    def _set_busy(self, busy: bool, doing: str = "") -> None:
        self._busy = busy
        self.status.setText(doing if busy else "")
        self._update_state()

    # --- opening and closing -----------------------------------------------------------

    def open(self) -> None:
        """Show without blocking the main window (agents read replies while typing)."""
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.show()
        self.raise_()
        self.activateWindow()
        self.runner.start(self.reload())

    def reject(self) -> None:
        if self.is_dirty() and not self._close_armed:
            self._close_armed = True
            self.show_error(self.tr("This reply has unsaved changes. Close again to discard them."))
            return
        self._close_armed = False
        self.discard()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty() and not self._close_armed:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def macros_shown(self) -> Sequence[Macro]:
        return self.model.macros()
