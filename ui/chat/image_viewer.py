"""A window that shows one attached image: zoom, pan, copy, save.

It shows what its caller hands it (``set_loading()``, then ``set_image()`` or
``set_error()``); downloading happens elsewhere. It is an ordinary top-level window
(``show()``, never ``exec()``), and its Save dialog is opened with ``open()`` so no
nested event loop ever runs inside the qasync loop. The canvas is a QGraphicsView,
see ``ui.widgets.image_canvas`` for why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ui.chat.attachments import format_size
from ui.theme import LIGHT, Theme, palette_for
from ui.widgets.image_canvas import ImageCanvas

_SAME_FORMAT = {".jpeg": ".jpg", ".jpe": ".jpg"}  # suffixes that name the same format


def _format_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _SAME_FORMAT.get(suffix, suffix)


class ImageViewer(QMainWindow):
    saved = Signal(str)  # the path written
    closed = Signal()

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)  # its own window even with a parent
        self.setObjectName("imageViewer")
        self._filename = ""
        self._data: bytes | None = None

        self.canvas = ImageCanvas(self)
        self.canvas.setObjectName("imageCanvas")
        self._message = QLabel(self)
        self._message.setObjectName("imageViewerMessage")
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._message)
        self._stack.addWidget(self.canvas)
        self.setCentralWidget(self._stack)

        self._build_toolbar()
        self._info = QLabel(self)
        self._info.setObjectName("imageInfo")
        self.statusBar().addPermanentWidget(self._info)
        self.canvas.scaleChanged.connect(self._show_zoom)
        self.set_theme(theme)
        self.resize(1000, 700)
        self.set_loading()

    # --- what to show --------------------------------------------------------------

    def set_loading(self, filename: str | None = None) -> None:
        if filename is not None:
            self._set_filename(filename)
        self._show_message(self.tr("Loading image…"))

    def set_error(self, message: str) -> None:
        self._show_message(message)

    def set_image(self, image: QImage, filename: str, data: bytes | None = None) -> None:
        """``data``: the original file, which Save writes as it is when the format matches."""
        self._data = data
        self._set_filename(filename)
        self._stack.setCurrentWidget(self.canvas)
        self.canvas.set_image(image)
        self._set_actions_enabled(True)
        self._show_zoom()
        info = self.tr("{0} × {1} px").format(image.width(), image.height())
        self._info.setText(f"{info} · {format_size(len(data))}" if data is not None else info)

    def image(self) -> QImage:
        return self.canvas.image()

    def filename(self) -> str:
        return self._filename

    def set_theme(self, theme: Theme) -> None:
        self.setPalette(palette_for(theme))
        canvas_color = theme.window.darker(130 if theme.dark else 106)
        self.canvas.set_background(canvas_color)
        self._message.setStyleSheet(f"color: {theme.muted_text.name()};")

    # --- zoom (also on the toolbar and keys) -----------------------------------------

    def zoom_in(self) -> None:
        self.canvas.zoom_in()

    def zoom_out(self) -> None:
        self.canvas.zoom_out()

    def actual_size(self) -> None:
        self.canvas.actual_size()

    def fit(self) -> None:
        self.canvas.fit()

    def scale(self) -> float:
        return self.canvas.scale_factor()

    def zoom_text(self) -> str:
        return self._zoom_label.text()

    # --- copy and save -----------------------------------------------------------------

    def copy_image(self) -> None:
        if self.image().isNull():
            return
        QGuiApplication.clipboard().setImage(self.image())
        self.statusBar().showMessage(self.tr("Image copied to the clipboard"), 4000)

    def save_as(self) -> QFileDialog:
        """A non-modal Save dialog; the file is written when one is chosen."""
        dialog = QFileDialog(self, self.tr("Save image"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        suffix = Path(self._filename).suffix.lstrip(".")
        if suffix:
            dialog.setDefaultSuffix(suffix)
        dialog.selectFile(self._filename or "image.png")
        dialog.fileSelected.connect(lambda name: self.save_to(Path(name)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def save_to(self, path: Path) -> bool:
        """Writes the original bytes when the format is the same, else re-encodes the image."""
        try:
            if self._data is not None and _format_of(path.name) == _format_of(self._filename):
                path.write_bytes(self._data)
            elif not self.image().save(str(path)):
                self._status_error(
                    self.tr("Could not save {0}: unknown image format").format(path.name)
                )
                return False
        except OSError as exc:
            self._status_error(
                self.tr("Could not save {0}: {1}").format(path.name, exc.strerror or exc)
            )
            return False
        self.statusBar().showMessage(self.tr("Saved {0}").format(path.name), 4000)
        self.saved.emit(str(path))
        return True

    # --- internals ---------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Image"), self)
        bar.setObjectName("imageViewerToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)

        def action(text: str, tip: str, keys: list[QKeySequence], slot: object) -> QAction:
            unique: list[QKeySequence] = []
            for sequence in keys:  # StandardKey may equal our extra key: that is ambiguous
                if not sequence.isEmpty() and sequence not in unique:
                    unique.append(sequence)
            keys = unique
            act = QAction(text, self)
            act.setToolTip(f"{tip} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})")
            act.setShortcuts(keys)
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        key = QKeySequence
        self.zoom_out_action = action(
            "−", self.tr("Zoom out"), [key(key.StandardKey.ZoomOut), key("Ctrl+-")], self.zoom_out
        )
        self._zoom_label = QLabel(self)
        self._zoom_label.setObjectName("zoomLabel")
        widest = self.tr("Fit · {0}").format("1600%")
        self._zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(widest) + 16)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._zoom_label.setAccessibleName(self.tr("Zoom level"))
        self.zoom_in_action = action(
            "+",
            self.tr("Zoom in"),
            [key(key.StandardKey.ZoomIn), key("Ctrl+="), key("Ctrl++")],
            self.zoom_in,
        )
        self.actual_size_action = action(
            "1:1", self.tr("Actual size"), [key("Ctrl+0")], self.actual_size
        )
        self.fit_action = action(
            self.tr("Fit"), self.tr("Fit to window"), [key("Ctrl+9"), key("F")], self.fit
        )
        self.copy_action = action(
            self.tr("Copy"), self.tr("Copy the image"), [key(key.StandardKey.Copy)], self.copy_image
        )
        self.save_action = action(
            self.tr("Save as…"),
            self.tr("Save the image"),
            [key(key.StandardKey.Save)],
            self.save_as,
        )
        action(
            self.tr("Close"), self.tr("Close"), [key("Esc"), key(key.StandardKey.Close)], self.close
        )

        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addAction(self.fit_action)
        bar.addAction(self.actual_size_action)
        bar.addSeparator()
        bar.addAction(self.zoom_out_action)
        bar.addWidget(self._zoom_label)
        bar.addAction(self.zoom_in_action)
        bar.addWidget(spacer)
        bar.addAction(self.copy_action)
        bar.addAction(self.save_action)
        for act, name in (
            (self.zoom_out_action, self.tr("Zoom out")),
            (self.zoom_in_action, self.tr("Zoom in")),
            (self.actual_size_action, self.tr("Actual size")),
        ):
            widget = bar.widgetForAction(act)
            if widget is not None:
                widget.setAccessibleName(name)

    def _set_filename(self, filename: str) -> None:
        self._filename = filename
        self.setWindowTitle(filename or "Desk")  # Qt appends " — Desk" itself

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)
        self._set_actions_enabled(False)
        self._zoom_label.setText("")
        self._info.setText("")

    def _set_actions_enabled(self, enabled: bool) -> None:
        for act in (
            self.zoom_out_action,
            self.zoom_in_action,
            self.actual_size_action,
            self.fit_action,
            self.copy_action,
            self.save_action,
        ):
            act.setEnabled(enabled)

    def _show_zoom(self, *_args: object) -> None:
        percent = round(self.canvas.scale_factor() * 100)
        text = f"{percent}%"
        self._zoom_label.setText(
            self.tr("Fit · {0}").format(text) if self.canvas.is_fit() else text
        )

    def _status_error(self, message: str) -> None:
        self.statusBar().showMessage(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
