"""An unexpected error (a bug) shows a dialog that says where the log is.

Known failures (offline, a refused change) are sentences in the status bar; a bug
has no good sentence, so the dialog says what happened in general words and where
the traceback was written, with a button that opens the log folder. One dialog at a
time: a bug that repeats on every tick must not bury the window in dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["ErrorDialogs", "open_log_folder"]


def open_log_folder(folder: Path) -> bool:
    """Show the log folder in the file manager; False if the desktop could not."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class ErrorDialogs(QObject):
    def __init__(
        self,
        log_file: Path,
        parent_window: Callable[[], QWidget | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self._parent_window = parent_window
        self.dialog: QMessageBox | None = None  # the one on show, for tests

    def show(self, sentence: str) -> None:
        if self.dialog is not None:
            return  # already showing one: the log has every occurrence
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Desk ran into a problem"),
            sentence,
            QMessageBox.StandardButton.Ok,
            self._parent_window(),
        )
        box.setObjectName("unexpectedErrorDialog")
        box.setInformativeText(
            self.tr(
                "Your drafts and unsent replies are kept. The details were written to "
                "the log file {0}; please include it when you report the problem."
            ).format(self.log_file)
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_folder = box.addButton(self.tr("Open log folder"), QMessageBox.ButtonRole.ActionRole)
        open_folder.clicked.connect(lambda: open_log_folder(self.log_file.parent))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self.dialog = box
        box.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None
